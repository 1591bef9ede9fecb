import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { validateGlossaryData } from '../../server/src/core/glossary';
import { LspTestClient, positionOf } from '../support/lspClient';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
type TextEdit = { range: Range; newText: string };

/** Applies LSP text edits to a string. */
function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

/** Applies a workspace edit to the file system as an editor would (CreateFile, TextDocumentEdit, changes). */
function applyWorkspaceEdit(edit: any): void {
  for (const change of edit.documentChanges ?? []) {
    if (change.kind === 'create') {
      const file = fileURLToPath(change.uri);
      mkdirSync(path.dirname(file), { recursive: true });
      if (!existsSync(file) || !change.options?.ignoreIfExists) writeFileSync(file, '');
    } else {
      const file = fileURLToPath(change.textDocument.uri);
      writeFileSync(file, applyTextEdits(readFileSync(file, 'utf8'), change.edits));
    }
  }
  for (const [uri, edits] of Object.entries<TextEdit[]>(edit.changes ?? {})) {
    const file = fileURLToPath(uri);
    writeFileSync(file, applyTextEdits(readFileSync(file, 'utf8'), edits));
  }
}

// "Add term to workspace glossary" (issue 14): a code action on an all-caps word or a selection
// that the glossary does not know; applied, it leaves a glossary.json valid against the schema.
describe('protocol: add a term to the workspace glossary', function () {
  this.timeout(30000);
  const text = 'The XYZ pathway and GLUT4 both matter for muscle glucose uptake.\n';

  async function start(workspace: string, resourceOperations: boolean): Promise<LspTestClient> {
    const client = new LspTestClient();
    const rootUri = pathToFileURL(workspace).toString();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      capabilities: {
        textDocument: { codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor'] } } } },
        workspace: resourceOperations ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } : {},
      },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  async function actionsAt(client: LspTestClient, uri: string, start: { line: number; character: number }, end = start): Promise<any[]> {
    return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start, end }, context: { diagnostics: [] } });
  }

  it('creates .healthmark/glossary.json (CreateFile + TextEdit) with a schema-valid placeholder entry', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-addterm-'));
    const client = await start(workspace, true);
    try {
      const uri = pathToFileURL(path.join(workspace, 'article.md')).toString();
      await client.open(uri, text);
      const actions = await actionsAt(client, uri, positionOf(text, 'XYZ', 0, 1));
      const add = actions.find((a) => a.title === 'Add “XYZ” to the workspace glossary');
      assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(add.kind, 'quickfix');
      assert.equal(add.edit.documentChanges[0].kind, 'create');
      applyWorkspaceEdit(add.edit);
      const data = JSON.parse(readFileSync(path.join(workspace, '.healthmark', 'glossary.json'), 'utf8'));
      assert.deepEqual(validateGlossaryData(data), []);
      assert.deepEqual(data.entries.map((e: { term: string; definition: string }) => [e.term, e.definition]), [['XYZ', 'TODO: define XYZ.']]);
      // GLUT4 is in the bundled glossary: nothing to add; nor on a lower-case word.
      const onGlut = await actionsAt(client, uri, positionOf(text, 'GLUT4', 0, 2));
      assert.ok(!onGlut.some((a) => a.title.includes('workspace glossary')));
      const onWord = await actionsAt(client, uri, positionOf(text, 'pathway', 0, 2));
      assert.ok(!onWord.some((a) => a.title.includes('workspace glossary')));
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });

  it('extends an existing glossary with a plain TextEdit when the client has no resource operations, from a selection', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-addterm-'));
    mkdirSync(path.join(workspace, '.healthmark'));
    const file = path.join(workspace, '.healthmark', 'glossary.json');
    writeFileSync(file, JSON.stringify({ version: 1, entries: [{ term: 'zorbatide', definition: 'A made-up peptide for this test.', category: 'general health' }] }, null, 2) + '\n');
    const client = await start(workspace, false);
    try {
      const uri = pathToFileURL(path.join(workspace, 'article.md')).toString();
      await client.open(uri, text);
      const from = positionOf(text, 'muscle glucose uptake');
      const to = positionOf(text, 'muscle glucose uptake', 0, 'muscle glucose uptake'.length);
      const actions = await actionsAt(client, uri, from, to);
      const add = actions.find((a) => a.title === 'Add “muscle glucose uptake” to the workspace glossary');
      assert.ok(add, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(add.edit.documentChanges, undefined);
      applyWorkspaceEdit(add.edit);
      const data = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual(validateGlossaryData(data), []);
      assert.deepEqual(data.entries.map((e: { term: string }) => e.term), ['zorbatide', 'muscle glucose uptake']);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });

  it('offers nothing to create when the file does not exist and the client cannot create files', async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-addterm-'));
    const client = await start(workspace, false);
    try {
      const uri = pathToFileURL(path.join(workspace, 'article.md')).toString();
      await client.open(uri, text);
      const actions = await actionsAt(client, uri, positionOf(text, 'XYZ', 0, 1));
      assert.ok(!actions.some((a) => a.title.includes('workspace glossary')));
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

// Per-folder data in multi-root workspaces (issue 14): each folder's glossary is its own, folders
// come and go at run time, and a malformed edit of a data file keeps the last good version.
describe('protocol: per-folder data in multi-root workspaces', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let root: string;
  const folder = (name: string) => path.join(root, name);
  const uriOf = (...parts: string[]) => pathToFileURL(path.join(root, ...parts)).toString();
  const text = 'Zorbatide and quenzymes are new words.\n';

  const glossary = (term: string, definition: string) =>
    JSON.stringify({ version: 1, entries: [{ term, definition, category: 'general health' }] }, null, 2);

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'healthmark-folders-'));
    for (const name of ['a', 'b', 'c']) mkdirSync(folder(name));
    mkdirSync(path.join(folder('a'), '.healthmark'));
    mkdirSync(path.join(folder('b'), '.healthmark'));
    writeFileSync(path.join(folder('a'), '.healthmark', 'glossary.json'), glossary('zorbatide', 'A made-up peptide defined only in folder A.'));
    writeFileSync(path.join(folder('b'), '.healthmark', 'glossary.json'), glossary('quenzyme', 'A made-up enzyme defined only in folder B.'));
    // Folder C has no .healthmark/: its data comes from the user's extraFiles, relative to the folder.
    writeFileSync(path.join(folder('c'), 'terms.json'), glossary('quenzyme', 'The folder C meaning of quenzyme.'));
    writeFileSync(path.join(folder('a'), 'terms.json'), glossary('quenzyme', 'The folder A extraFiles meaning of quenzyme.'));
    client = new LspTestClient();
    const result = await client.connection.sendRequest<any>('initialize', {
      processId: process.pid,
      rootUri: uriOf('a'),
      workspaceFolders: [
        { uri: uriOf('a'), name: 'a' },
        { uri: uriOf('b'), name: 'b' },
      ],
      capabilities: {
        textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
        workspace: { workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
      initializationOptions: { settings: { glossary: { extraFiles: ['terms.json'] } } },
    });
    assert.deepEqual(result.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  async function hoverText(uri: string, character: number): Promise<string | undefined> {
    const hover = await client.hover(uri, 0, character);
    return hover?.contents?.value;
  }

  it('a term defined in folder A hovers in A, not in B, and the other way round', async () => {
    await client.open(uriOf('a', 'article.md'), text);
    await client.open(uriOf('b', 'article.md'), text);
    assert.match((await hoverText(uriOf('a', 'article.md'), 2)) ?? '', /only in folder A/);
    assert.equal(await hoverText(uriOf('b', 'article.md'), 2), undefined);
    assert.match((await hoverText(uriOf('b', 'article.md'), 16)) ?? '', /only in folder B/);
    // A's quenzyme comes from A's extraFiles (terms.json in A), never from B's glossary.
    assert.match((await hoverText(uriOf('a', 'article.md'), 16)) ?? '', /folder A extraFiles/);
    // B has no terms.json: the user's relative extraFiles are per folder, so that is no warning.
    assert.ok(!client.notifications.some((n) => n.method.startsWith('window/showMessage') && JSON.stringify(n.params).includes('terms.json')));
  });

  it('a folder added at run time gets its own extraFiles; a removed one falls back to the first folder', async () => {
    const uri = uriOf('c', 'article.md');
    await client.open(uri, text);
    // Not a workspace folder yet: the user's extraFiles are read relative to the first folder (A).
    assert.match((await hoverText(uri, 16)) ?? '', /folder A extraFiles/);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: uriOf('c'), name: 'c' }], removed: [] } });
    assert.match((await hoverText(uri, 16)) ?? '', /folder C meaning/);
    await client.connection.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: uriOf('c'), name: 'c' }] } });
    assert.match((await hoverText(uri, 16)) ?? '', /folder A extraFiles/);
  });

  it('a malformed edit of a glossary keeps the last good version, and reports it', async () => {
    const file = path.join(folder('a'), '.healthmark', 'glossary.json');
    const changed = () =>
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(file).toString(), type: 2 }] });
    writeFileSync(file, '{ "version": 1, "entries": [ { "term": "zorbatide", '); // saved mid-edit
    await changed();
    const warning = await client.waitForNotification<{ message: string }>('window/showMessageRequest', (p) => p.message.includes('previous version stays in use'));
    assert.match(warning.message, /glossary\.json/);
    assert.match((await hoverText(uriOf('a', 'article.md'), 2)) ?? '', /only in folder A/);
    // Valid JSON that breaks the schema (definition too short) also keeps the last good version.
    writeFileSync(file, glossary('zorbatide', 'TODO'));
    await changed();
    assert.match((await hoverText(uriOf('a', 'article.md'), 2)) ?? '', /only in folder A/);
    // The fixed file is used.
    writeFileSync(file, glossary('zorbatide', 'A made-up peptide, now defined better.'));
    await changed();
    assert.match((await hoverText(uriOf('a', 'article.md'), 2)) ?? '', /defined better/);
    // Folder B never saw any of it.
    assert.equal(await hoverText(uriOf('b', 'article.md'), 2), undefined);
  });
});

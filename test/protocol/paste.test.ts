import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cleanUpPastedArticle } from '../../server/src/core/lint/fixAll';
import { lint } from '../support/lint';
import { LspTestClient } from '../support/lspClient';
import { assertCleanedShape, BAD_ENTRIES, CLEANUP_CODES, PASTED, PASTED_NAME } from '../unit/paste.shared';

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Diag {
  range: Range;
  severity: number;
  code: string;
  source: string;
  message: string;
  data?: unknown;
}
interface Action {
  title: string;
  kind?: string;
  diagnostics?: Diag[];
  edit?: { changes: Record<string, { range: Range; newText: string }[]> };
}

/** Applies LSP text edits (LF text) the way a client does: all against the same text. */
function applyTextEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const offset = (p: Range['start']) => starts[p.line] + p.character;
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => offset(b.e.range.start) - offset(a.e.range.start) || b.i - a.i);
  for (const { e } of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

describe('protocol: cleaning up a pasted article (source.fixAll.healthmark)', function () {
  this.timeout(60000);
  let client: LspTestClient;
  let uri: string;
  const lines = PASTED.split('\n');
  const whole: Range = { start: { line: 0, character: 0 }, end: { line: lines.length - 1, character: lines[lines.length - 1].length } };
  const expected = cleanUpPastedArticle(PASTED, lint(PASTED).findings, (t) => lint(t).findings).text;

  const diagnosticsOf = (version: number) =>
    client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 30000).then((p) => p.diagnostics);
  const codeActions = (range: Range, only?: string[], diagnostics: Diag[] = []) =>
    client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, ...(only ? { only } : {}) } }) as Promise<Action[]>;

  before(async () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-paste-'));
    client = new LspTestClient();
    const init = await client.initialize({ rootPath: workspace });
    assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.healthmark'), JSON.stringify(init.capabilities.codeActionProvider));
    uri = pathToFileURL(path.join(workspace, PASTED_NAME)).toString();
    await client.open(uri, PASTED, 1);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('publishes the paste-cleanup findings as Information, with the tooltip warning', async () => {
    const diagnostics = await diagnosticsOf(1);
    for (const code of CLEANUP_CODES) assert.ok(diagnostics.some((d) => d.code === code), `no ${code} diagnostic`);
    for (const d of diagnostics.filter((x) => CLEANUP_CODES.includes(x.code) && x.code !== 'glossary-artifact')) assert.equal(d.severity, 3, `${d.code} is not Information`);
  });

  it('answers a source.fixAll request with one action whose edit turns the article into clean Markdown', async () => {
    const actions = await codeActions(whole, ['source.fixAll']);
    assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
    const [action] = actions;
    assert.equal(action.kind, 'source.fixAll.healthmark');
    assert.match(action.title, /^Healthmark: Clean up pasted article \(\d+ fixes\)$/);
    const edits = action.edit!.changes[uri];
    const cleaned = applyTextEdits(PASTED, edits);
    assert.equal(cleaned, expected);
    assertCleanedShape(PASTED, cleaned);
  });

  it('offers it under "source" too, but not to a quick-fix request; the quick-fix menu of a finding has the whole-article clean-up', async () => {
    assert.deepEqual((await codeActions(whole, ['source'])).map((a) => a.kind), ['source.fixAll.healthmark']);
    assert.ok(!(await codeActions(whole, ['quickfix'])).some((a) => a.kind?.startsWith('source')));
    const diagnostics = await diagnosticsOf(1);
    const heading = diagnostics.find((d) => d.code === 'unmarked-heading')!;
    const titles = (await codeActions(heading.range, undefined, [heading])).map((a) => `${a.kind}: ${a.title}`);
    assert.deepEqual(titles, ['quickfix: Make it a level-1 heading: “# Muscle, Sugar and Metabolic Health”', `quickfix: Clean up the whole pasted article (${titles[1].match(/\((\d+) fixes\)/)![1]} fixes)`]);
  });

  it('after the edit, the References section is recognised: its bad entries are flagged and no cleanup finding is left', async () => {
    const actions = await codeActions(whole, ['source.fixAll']);
    const cleaned = applyTextEdits(PASTED, actions[0].edit!.changes[uri]);
    await client.change(uri, 2, [{ text: cleaned }]);
    const diagnostics = await diagnosticsOf(2);
    assert.deepEqual(diagnostics.filter((d) => CLEANUP_CODES.includes(d.code)).map((d) => d.code), []);
    const cleanedLines = cleaned.split('\n');
    const flagged = diagnostics.filter((d) => d.code === 'uncurated-reference').map((d) => cleanedLines[d.range.start.line].slice(d.range.start.character));
    assert.equal(flagged.length, BAD_ENTRIES.length, JSON.stringify(flagged));
    BAD_ENTRIES.forEach((b, i) => assert.ok(flagged[i].startsWith(b), flagged[i]));
    const referencesLine = cleanedLines.indexOf('## References');
    assert.ok(diagnostics.filter((d) => d.code === 'uncurated-reference').every((d) => d.range.start.line > referencesLine));
  });

  it('is idempotent: on the cleaned article the request has nothing to offer', async () => {
    await diagnosticsOf(2);
    const lines2 = expected.split('\n');
    const range: Range = { start: { line: 0, character: 0 }, end: { line: lines2.length - 1, character: 0 } };
    assert.deepEqual(await codeActions(range, ['source.fixAll']), []);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyRandomEdit, baseDocuments, contexts, editArbitrary, inContext, isCrlfDocument, specExamples, type RandomEdit } from '../../scripts/fuzz';
import { LspTestClient } from '../support/lspClient';

// The spec examples and random edits through the real server over stdio (a short, seeded
// slice of what `npm run fuzz` does to the core): every published range and every quick-fix
// edit inside the document, and after random incremental edits the same diagnostics and
// hovers as a fresh open of the same text.

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Diag {
  range: Range;
  severity: number;
  code: string;
  message: string;
  data?: { version?: number };
}

/** Why a range is not a valid range of the text (LSP line breaks: \n, \r\n, \r), or undefined. */
function rangeProblem(text: string, range: Range): string | undefined {
  const lines = text.split(/\r\n|\r|\n/);
  for (const p of [range.start, range.end]) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character) || p.line < 0 || p.character < 0) return `bad position ${JSON.stringify(p)}`;
    if (p.line >= lines.length) return `line ${p.line} past the last line ${lines.length - 1}`;
    if (p.character > lines[p.line].length) return `character ${p.character} past the end of line ${p.line} (${lines[p.line].length})`;
  }
  const { start, end } = range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return `inverted range ${JSON.stringify(range)}`;
  return undefined;
}

describe('protocol fuzz: spec examples and random edits through the server', function () {
  this.timeout(120000);
  let client: LspTestClient;
  let counter = 0;

  before(async () => {
    client = new LspTestClient();
    await client.initialize({ initializationOptions: { settings: { debounceMs: 0 } } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  const published = (uri: string, version: number) =>
    client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 30000);

  /**
   * Opens a text, validates its diagnostics and their quick fixes, applies the first fix of
   * the first fixable diagnostic, and validates the diagnostics of the fixed text. Returns
   * problems (empty when all is well).
   */
  async function exercise(label: string, text: string): Promise<string[]> {
    const problems: string[] = [];
    const uri = `file:///fuzz/${++counter}.md`;
    await client.open(uri, text, 1);
    const { diagnostics } = await published(uri, 1);
    for (const d of diagnostics) {
      const p = rangeProblem(text, d.range);
      if (p) problems.push(`${label}: ${d.code}: ${p}`);
    }
    const middle = TextDocument.create(uri, 'markdown', 1, text).positionAt(text.length >> 1);
    const hover = await client.hover(uri, middle.line, middle.character);
    if (hover?.range) {
      const p = rangeProblem(text, hover.range);
      if (p) problems.push(`${label}: hover: ${p}`);
    }
    let fixed: string | undefined;
    for (const d of diagnostics) {
      const actions: { title: string; edit?: { changes: Record<string, { range: Range; newText: string }[]> } }[] = await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d], only: ['quickfix'] },
      });
      for (const a of actions) {
        const edits = a.edit?.changes[uri] ?? [];
        for (const e of edits) {
          const p = rangeProblem(text, e.range);
          if (p) problems.push(`${label}: ${d.code}: fix "${a.title}": ${p}`);
          if (isCrlfDocument(text) && /(^|[^\r])\n/.test(e.newText)) problems.push(`${label}: fix "${a.title}" inserts a bare LF into a CRLF document`);
        }
        if (fixed === undefined && edits.length > 0 && problems.length === 0) fixed = TextDocument.applyEdits(TextDocument.create(uri, 'markdown', 1, text), edits);
      }
    }
    if (fixed !== undefined) {
      await client.change(uri, 2, [{ text: fixed }]);
      const after = await published(uri, 2);
      for (const d of after.diagnostics) {
        const p = rangeProblem(fixed, d.range);
        if (p) problems.push(`${label}: after a fix: ${d.code}: ${p}`);
      }
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return problems;
  }

  /** Runs texts through `exercise`, a few at a time (the server works on one at a time anyway). */
  async function exerciseAll(cases: { label: string; text: string }[]): Promise<string[]> {
    const problems: string[] = [];
    for (let i = 0; i < cases.length; i += 16) {
      const batch = await Promise.all(cases.slice(i, i + 16).map((c) => exercise(c.label, c.text)));
      problems.push(...batch.flat());
    }
    return problems;
  }

  it('every CommonMark and GFM example: published ranges, hovers and quick-fix edits inside the document', async () => {
    const problems = await exerciseAll(specExamples().map((e) => ({ label: e.id, text: e.markdown })));
    assert.deepEqual(problems.slice(0, 20), []);
    assert.doesNotMatch(client.stderr, /unexpected error/);
  });

  it('every sixteenth example inside a health article, LF and CRLF: the same, and each fixed text publishes again', async () => {
    const cases = specExamples()
      .filter((_, i) => i % 16 === 0)
      .flatMap((e) => ['health', 'crlf'].map((c) => ({ label: `${e.id} (${c})`, text: inContext(e.markdown, contexts[c]).text })));
    const problems = await exerciseAll(cases);
    assert.deepEqual(problems.slice(0, 20), []);
    assert.doesNotMatch(client.stderr, /unexpected error/);
  });

  /** The LSP change for a relative edit of the client's copy; the copy is updated too. */
  function lspEdit(doc: TextDocument, e: RandomEdit): { range: Range; text: string } {
    const text = doc.getText();
    const after = applyRandomEdit(text, e);
    // Recover the replaced span from the edit (applyRandomEdit's arithmetic, kept in one place).
    const start = Math.min(text.length, e.offset ?? Math.floor(e.at * (text.length + 1)));
    const end = Math.min(text.length, start + e.remove);
    assert.equal(text.slice(0, start) + e.insert + text.slice(end), after);
    return { range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: e.insert };
  }

  it('random incremental edits with hovers between them end in the diagnostics and hovers of a fresh open (fast-check, seeded)', async () => {
    const bases = baseDocuments();
    const sequences = fc.sample(fc.tuple(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(editArbitrary, { minLength: 40, maxLength: 80 })), { seed: 1616, numRuns: 4 });
    // One long run on the constructs document: 200 rapid edits.
    sequences.push([bases.findIndex((b) => b.name === 'constructs'), fc.sample(editArbitrary, { seed: 200, numRuns: 200 })]);
    for (const [b, edits] of sequences) {
      const uri = `file:///fuzz/incremental-${++counter}.md`;
      let doc = TextDocument.create(uri, 'markdown', 1, bases[b].text);
      await client.open(uri, doc.getText(), 1);
      for (const e of edits) {
        const change = lspEdit(doc, e);
        doc = TextDocument.update(doc, [change], doc.version + 1);
        await client.change(uri, doc.version, [change]);
        if (doc.version % 10 === 0) {
          const at = doc.positionAt(Math.floor(e.at * doc.getText().length));
          const hover = await client.hover(uri, at.line, at.character);
          if (hover?.range) assert.equal(rangeProblem(doc.getText(), hover.range), undefined, `hover range after ${doc.version - 1} edits`);
        }
      }
      const incremental = await published(uri, doc.version);
      const freshUri = `file:///fuzz/fresh-${counter}.md`;
      await client.open(freshUri, doc.getText(), 1);
      const fresh = await published(freshUri, 1);
      const comparable = (ds: Diag[]) => ds.map((d) => ({ ...d, data: { ...d.data, version: undefined } }));
      assert.deepEqual(comparable(incremental.diagnostics), comparable(fresh.diagnostics), `${bases[b].name} after ${edits.length} edits: ${JSON.stringify(doc.getText().slice(0, 300))}`);
      for (const d of incremental.diagnostics) assert.equal(rangeProblem(doc.getText(), d.range), undefined);
      // Hovers agree at every tenth character.
      for (let offset = 0; offset < doc.getText().length; offset += 10) {
        const p = doc.positionAt(offset);
        const [a, c] = await Promise.all([client.hover(uri, p.line, p.character), client.hover(freshUri, p.line, p.character)]);
        assert.deepEqual(a, c, `hover at ${offset}`);
      }
      for (const u of [uri, freshUri]) await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    }
    assert.doesNotMatch(client.stderr, /unexpected error/);
  });
});

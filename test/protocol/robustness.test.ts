import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { allArticles, bundledGlossary } from '../support/fixtures';
import { LspTestClient, positionOf, repoRoot } from '../support/lspClient';

/** Issue 16 through the real server: no blocked requests, no lost diagnostics, no inverted ranges. */

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
}
interface Published {
  uri: string;
  version: number;
  diagnostics: Diag[];
}

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'robustness', name), 'utf8');
const startsBefore = (a: Diag['range']['start'], b: Diag['range']['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);

/** micromark is quadratic on this paragraph: about 13 s at n = 8,000 on the machine of issue 16, more above. */
const quadratic = (n: number) => '*'.repeat(n) + 'x' + '*'.repeat(n);

/** `n` distinct short paragraphs, blank lines between them: at 20,000, seconds of parsing before a first analysis is complete. */
const distinctParagraphs = (n: number) => Array.from({ length: n }, (_, i) => `Paragraph ${i}: brisk walking for ${i % 90} minutes lowers blood pressure in some adults.`).join('\n\n');

describe('protocol: robustness (issue 16)', function () {
  this.timeout(20000);
  let client: LspTestClient;

  const published = (uri: string, version: number, timeoutMs = 10000) =>
    client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, timeoutMs);

  before(async () => {
    client = new LspTestClient();
    await client.initialize();
    // Warm the parse worker, so the timings below measure requests, not start-up.
    await client.open('file:///tmp/robust-warm.md', 'GLUT4 warms up.\n');
    await published('file:///tmp/robust-warm.md', 1);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('publishes ranges that never end before they start (the autolink reproducer)', async () => {
    const uri = 'file:///tmp/robust-inverted.md';
    const text = fixture('inverted-range-autolink.md');
    await client.open(uri, text);
    const { diagnostics } = await published(uri, 1);
    assert.ok(diagnostics.length > 0);
    for (const d of diagnostics) assert.ok(startsBefore(d.range.start, d.range.end), `${d.code}: ${JSON.stringify(d.range)}`);
  });

  it('publishes diagnostics and answers hovers on 5,000 nested blockquotes', async () => {
    const uri = 'file:///tmp/robust-deep.md';
    const text = fixture('deep-blockquote.md') + ' GLUT4 moves to the cell surface.\n';
    await client.open(uri, text);
    const { diagnostics } = await published(uri, 1);
    const hover = await client.hover(uri, 0, text.indexOf('GLUT4') + 1);
    // micromark takes about a second on this; on a machine slow enough to exceed the parse
    // budget the paragraph is reported as not checked instead, and the hover answers null.
    if (diagnostics.some((d) => d.code === 'not-checked')) assert.equal(hover, null);
    else assert.match(hover?.contents.value ?? '', /^\*\*GLUT4\*\*/);
  });

  it('answers a hover within 1 s while a quadratic paragraph is analysed, from the last complete analysis, and says which lines were not checked', async () => {
    const uri = 'file:///tmp/robust-quadratic.md';
    const head = 'During exercise, GLUT4 moves to the cell surface.\n';
    await client.open(uri, head);
    await published(uri, 1);
    const text = `${head}\n${quadratic(20000)}\n`;
    await client.change(uri, 2, [{ text }]);
    const started = Date.now();
    const hover = await client.hover(uri, 0, head.indexOf('GLUT4') + 1);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `hover took ${elapsed} ms`);
    assert.match(hover?.contents.value ?? '', /^\*\*GLUT4\*\*/, 'answered from the analysis of version 1');
    assert.ok(!client.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri && (n.params as Published).version === 2), 'the hover came while version 2 was still being analysed');

    const { diagnostics } = await published(uri, 2);
    const notChecked = diagnostics.filter((d) => d.code === 'not-checked');
    assert.equal(notChecked.length, 1, JSON.stringify(diagnostics));
    assert.equal(notChecked[0].severity, 3, 'Information');
    assert.match(notChecked[0].message, /did not check line 3: parsing took longer than 1\.5 s/);
    assert.deepEqual(notChecked[0].range.start, { line: 2, character: 0 });

    // The worker was restarted: the rest of the document, and the next edit, are checked as usual.
    const edited = `${head}\nAMPK rises.\n\n${quadratic(20000)}\n`;
    await client.change(uri, 3, [{ text: edited }]);
    const ampk = await client.hover(uri, 2, 1);
    assert.match(ampk?.contents.value ?? '', /^\*\*AMPK\*\*/);
    const third = await published(uri, 3);
    assert.equal(third.diagnostics.filter((d) => d.code === 'not-checked').length, 1, 'the unchanged slow paragraph is not parsed again');
  });

  it('answers hovers before and after an edit at once from the previous analysis, with ranges mapped to the current text', async () => {
    const uri = 'file:///tmp/robust-mapped.md';
    const head = 'During exercise, GLUT4 moves to the cell surface.\n\n';
    const tail = '\nAMPK senses energy.\n';
    await client.open(uri, `${head}Middle.\n${tail}`);
    await published(uri, 1);
    // A slow paragraph inserted in the middle: version 2 takes a second or more to analyse.
    const text = `${head}${quadratic(12000)}\n${tail}`;
    await client.change(uri, 2, [{ text }]);
    const ampkAt = positionOf(text, 'AMPK', 0, 1);
    const t0 = Date.now();
    const [before, after] = await Promise.all([client.hover(uri, 0, head.indexOf('GLUT4') + 1), client.hover(uri, ampkAt.line, ampkAt.character)]);
    const elapsed = Date.now() - t0;
    assert.ok(!client.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri && (n.params as Published).version === 2), 'answered while version 2 was analysed');
    assert.ok(elapsed < 150, `hovers took ${elapsed} ms (waiting for the analysis takes 200 ms or more)`);
    assert.match(before?.contents.value ?? '', /^\*\*GLUT4\*\*/);
    assert.match(after?.contents.value ?? '', /^\*\*AMPK\*\*/);
    // The AMPK range is where AMPK is in the current text, not where it was in version 1.
    assert.deepEqual(after.range, { start: positionOf(text, 'AMPK'), end: positionOf(text, 'AMPK', 0, 4) });
    await published(uri, 2, 20000);
  });

  it('the same when the edits are sent as ranges (typing): what they left unchanged is known from them', async () => {
    const uri = 'file:///tmp/robust-mapped-range.md';
    const head = 'During exercise, GLUT4 moves to the cell surface.\n\n';
    const tail = '\nAMPK senses energy.\n';
    const v1 = `${head}Middle.\n${tail}`;
    await client.open(uri, v1);
    await published(uri, 1);
    // Two edits before any analysis of them ends: the slow paragraph typed over "Middle.", then a word after it.
    const middle = positionOf(v1, 'Middle.');
    await client.change(uri, 2, [{ range: { start: middle, end: { line: middle.line, character: 'Middle.'.length } }, text: quadratic(12000) }]);
    const text = `${head}${quadratic(12000)} now\n${tail}`;
    const lineEnd = { line: middle.line, character: quadratic(12000).length };
    await client.change(uri, 3, [{ range: { start: lineEnd, end: lineEnd }, text: ' now' }]);
    const ampkAt = positionOf(text, 'AMPK', 0, 1);
    const t0 = Date.now();
    const [before, after] = await Promise.all([client.hover(uri, 0, head.indexOf('GLUT4') + 1), client.hover(uri, ampkAt.line, ampkAt.character)]);
    const elapsed = Date.now() - t0;
    assert.ok(!client.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri && (n.params as Published).version === 3), 'answered while version 3 was analysed');
    assert.ok(elapsed < 150, `hovers took ${elapsed} ms (waiting for the analysis takes 200 ms or more)`);
    assert.match(before?.contents.value ?? '', /^\*\*GLUT4\*\*/);
    assert.deepEqual(before.range, { start: positionOf(text, 'GLUT4'), end: positionOf(text, 'GLUT4', 0, 5) });
    assert.match(after?.contents.value ?? '', /^\*\*AMPK\*\*/);
    assert.deepEqual(after.range, { start: positionOf(text, 'AMPK'), end: positionOf(text, 'AMPK', 0, 4) });
    await published(uri, 3, 20000);
  });

  it('answers every hover within 1 s while paragraphs that once made the document pass quadratic are checked', async () => {
    // Each paragraph took seconds in one step of the check, or over the parse's budget: a run of
    // 80,000 stops and 8,000 initials (the sentence split), 8,000 unknown citations with no full
    // stop (each took the whole paragraph as context), 12,000 sentences with glossary terms and
    // citations (each counted all of the block's terms, citations and markers), 8,000 inline
    // HTML spans (each looked at all the prose before it).
    const uri = 'file:///tmp/robust-document-pass.md';
    const head = 'GLUT4 is first.\n';
    await client.open(uri, head);
    await published(uri, 1);
    const paragraphs = [
      `Wow${'!'.repeat(80000)}`,
      'Take vitamin A. '.repeat(8000),
      'walking helps (Smith, 2020) and '.repeat(8000),
      'GLUT4 and AMPK raise insulin sensitivity, as Smith and Jones (2020) showed. '.repeat(12000),
      '<span>Walking</span> helps. '.repeat(8000),
    ];
    await client.change(uri, 2, [{ text: `${head}\n${paragraphs.join('\n\n')}\n` }]);
    // Hovers one after another until version 2 is published: none may wait behind a long step.
    let checked: Published | undefined;
    const done = published(uri, 2, 30000).then((p) => (checked = p));
    let slowest = 0;
    let hovers = 0;
    while (!checked) {
      const started = Date.now();
      const hover = await client.hover(uri, 0, 1);
      slowest = Math.max(slowest, Date.now() - started);
      hovers++;
      assert.match(hover?.contents.value ?? '', /^\*\*GLUT4\*\*/);
    }
    await done;
    assert.ok(slowest < 1000, `the slowest of ${hovers} hovers took ${slowest} ms`);
    assert.equal(checked.diagnostics.filter((d) => d.code === 'unknown-citation').length, 8000 + 12000);
    assert.equal(checked.diagnostics.filter((d) => d.code === 'not-checked').length, 0, 'every paragraph was checked');
  });

  it('answers hovers on a citation and on plain text from the last complete lint while a long one runs', async () => {
    // A check whose lint takes seconds (each unknown citation is ranked against the curated
    // list) after a parse of milliseconds: most hovers arrive once the new version is analysed
    // and its lint runs. Those on a term were answered from the last analysis before; one on a
    // citation, or off any term and citation, waited for the whole lint.
    const uri = 'file:///tmp/robust-last-lint.md';
    const head = 'Exercise raises GLUT4 translocation [@richter2013exercise], researchers report.\n';
    await client.open(uri, head);
    await published(uri, 1);
    const slow = Array.from({ length: 6000 }, (_, i) => `doi:10.5555/unknown.${i}`).join(' ');
    await client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `\n${slow}\n` }]);
    let checked: Published | undefined;
    const done = published(uri, 2, 60000).then((p) => (checked = p));
    const citation = head.indexOf('richter2013') + 2;
    const plain = head.indexOf('researchers') + 2;
    let slowest = 0;
    let during = 0;
    for (let i = 0; !checked; i++) {
      const started = Date.now();
      const hover = await client.hover(uri, 0, i % 2 === 0 ? citation : plain);
      slowest = Math.max(slowest, Date.now() - started);
      if (checked) break;
      during++;
      if (i % 2 === 0) {
        assert.match(hover?.contents.value ?? '', /^\*\*Richter & Hargreaves 2013\*\*/);
        assert.deepEqual(hover.range, { start: positionOf(head, '@richter2013exercise'), end: positionOf(head, '@richter2013exercise', 0, '@richter2013exercise'.length) });
      } else assert.equal(hover, null);
    }
    await done;
    assert.ok(during >= 10, `only ${during} hovers came before version 2's diagnostics`);
    assert.ok(slowest < 1000, `the slowest of ${during} hovers took ${slowest} ms`);
    assert.equal(checked!.diagnostics.filter((d) => d.code === 'unknown-citation').length, 6000);
  });

  it('answers code actions from the last complete lint while a long one runs, with edits where the current text has them', async () => {
    // As above: a lint of seconds after a parse of milliseconds. Code actions waited for the
    // whole lint, even with no diagnostic to fix (the editor asks at every move of the cursor).
    const uri = 'file:///tmp/robust-last-lint-actions.md';
    const v1 = 'Exercise raises GLUT4 translocation [@richter2013exercse], researchers report.\n';
    await client.open(uri, v1);
    const [typo] = (await published(uri, 1)).diagnostics.filter((d) => d.code === 'unknown-citation');
    assert.ok(typo, 'the misspelt key is an unknown citation');
    // Typed before the citation: the fix's edit is moved by what came before it.
    const slow = Array.from({ length: 6000 }, (_, i) => `doi:10.5555/unknown.${i}`).join(' ');
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `${slow}\n\n` }]);
    await client.change(uri, 3, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'New: ' }]);
    const v3 = `${slow}\n\nNew: ${v1}`;
    const moved = { start: positionOf(v3, '@richter2013exercse'), end: positionOf(v3, '@richter2013exercse', 0, '@richter2013exercse'.length) };
    const ask = (diagnostics: Diag[]) => client.connection.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0]?.range ?? moved, context: { diagnostics } });
    let checked: Published | undefined;
    const done = published(uri, 3, 60000).then((p) => (checked = p));
    let slowest = 0;
    let during = 0;
    for (let i = 0; !checked; i++) {
      const started = Date.now();
      // The editor moves a diagnostic's range with the text typed before it.
      const actions = await ask(i % 2 === 0 ? [{ ...typo, range: moved }] : []);
      slowest = Math.max(slowest, Date.now() - started);
      if (checked) break;
      during++;
      if (i % 2 === 0) {
        const fix = actions.find((a) => a.title === 'Replace with @richter2013exercise');
        assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
        const { start, end } = moved;
        assert.deepEqual(fix.edit.changes[uri], [{ range: { start: { line: start.line, character: start.character + 1 }, end }, newText: 'richter2013exercise' }]);
      } else assert.deepEqual(actions, []);
    }
    await done;
    assert.ok(during >= 10, `only ${during} code action requests came before version 3's diagnostics`);
    assert.ok(slowest < 1000, `the slowest of ${during} code action requests took ${slowest} ms`);
    // The same fix from the current lint, once it is done.
    const current = checked!.diagnostics.filter((d) => d.code === 'unknown-citation' && d.range.start.line === 2);
    const after = await ask(current);
    assert.deepEqual(after.find((a) => a.title === 'Replace with @richter2013exercise')?.edit.changes[uri], [{ range: { start: { line: moved.start.line, character: moved.start.character + 1 }, end: moved.end }, newText: 'richter2013exercise' }]);
  });

  it('a code action whose fix touches text edited since the last lint waits for the current one', async () => {
    const uri = 'file:///tmp/robust-last-lint-touched.md';
    const v1 = 'Exercise raises GLUT4 translocation [@richter2013exercse], researchers report.\n';
    await client.open(uri, v1);
    const [typo] = (await published(uri, 1)).diagnostics.filter((d) => d.code === 'unknown-citation');
    // The key itself is edited (one more letter) while a long lint is due: the old fix would
    // replace the old key's range, which no longer holds the key.
    const slow = Array.from({ length: 3000 }, (_, i) => `doi:10.5555/unknown.${i}`).join(' ');
    const keyEnd = positionOf(v1, '@richter2013exercse', 0, '@richter2013exercse'.length);
    await client.change(uri, 2, [
      { range: { start: keyEnd, end: keyEnd }, text: 'e' },
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: `\n${slow}\n` },
    ]);
    const v2 = `${v1.replace('exercse', 'exercsee')}\n${slow}\n`;
    const actions = await client.connection.sendRequest<any[]>('textDocument/codeAction', { textDocument: { uri }, range: typo.range, context: { diagnostics: [typo] } });
    await published(uri, 2, 60000);
    const fix = actions.find((a) => a.title === 'Replace with @richter2013exercise');
    assert.deepEqual(fix?.edit.changes[uri], [{ range: { start: positionOf(v2, 'richter2013exercsee'), end: positionOf(v2, 'richter2013exercsee', 0, 'richter2013exercsee'.length) }, newText: 'richter2013exercise' }]);
  });

  it('a hover on a term sent just after opening is answered once the text is analysed, not after its lint', async () => {
    // A parse of milliseconds, a lint of seconds: the hover waited for both.
    const uri = 'file:///tmp/robust-open-term.md';
    const slow = Array.from({ length: 6000 }, (_, i) => `doi:10.5555/unknown.${i}`).join(' ');
    await client.open(uri, `During exercise, GLUT4 moves to the cell surface.\n\n${slow}\n`);
    let checked = false;
    const done = published(uri, 1, 60000).then(() => (checked = true));
    const started = Date.now();
    const hover = await client.hover(uri, 0, 'During exercise, GLUT4'.length - 2);
    const elapsed = Date.now() - started;
    assert.equal(checked, false, 'answered before the diagnostics');
    assert.ok(elapsed < 1000, `the hover took ${elapsed} ms`);
    assert.match(hover?.contents.value ?? '', /^\*\*GLUT4\*\*/);
    await done;
  });

  it('a hover on a term at the start of a long article just opened is answered from the chunks parsed so far', async () => {
    // Seconds of parsing before the analysis is complete, where the hover waited up to 2 s and
    // then answered none.
    const uri = 'file:///tmp/robust-open-long.md';
    await client.open(uri, `During exercise, GLUT4 moves to the cell surface.\n\n${distinctParagraphs(20000)}\n`);
    const started = Date.now();
    const hover = await client.hover(uri, 0, 'During exercise, GLUT4'.length - 2);
    const elapsed = Date.now() - started;
    assert.ok(!client.notifications.some((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri), 'answered before the diagnostics');
    assert.ok(elapsed < 1000, `the hover took ${elapsed} ms`);
    assert.match(hover?.contents.value ?? '', /^\*\*GLUT4\*\*/);
    assert.deepEqual(hover?.range, { start: { line: 0, character: 'During exercise, '.length }, end: { line: 0, character: 'During exercise, GLUT4'.length } });
    // Closing it stops its analysis.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('hovers sent at once on a long article just opened answer what they answer once it is checked, or none', async () => {
    // The terms of all the articles and of tricky chunks (fences the line scan misreads, a
    // definition only the parse sees), then seconds more of parsing.
    const uri = 'file:///tmp/robust-open-many.md';
    const tricky = [
      '- ===\n   ```\n```\n\n2) GLUT4 in code\n\n   still code\n\nAMPK in code too.\n\n```\n',
      '- item\n  ```\n  code\n\n```\n\n# GLUT4 in code\n\n```\n\nAfter, AMPK.\n',
      'See [GLUT4][3] and AMPK.\n\n- [3]: https://doi.org/10.3/c\n',
    ];
    // A chunk that ends open holds back the answers after it until the parse of its join, which
    // comes after every other chunk's: the articles go first.
    const text = [...allArticles().map((a) => a.text), ...tricky, distinctParagraphs(8000), 'GLUT4 at the very end.'].join('\n\n') + '\n';
    const analysis = new DocumentAnalyzer({ glossary: bundledGlossary() }).analyze(text)!;
    // Every tenth term of the document, and each "GLUT4" (in code or not).
    const offsets = [...analysis.terms()].filter((_, i) => i % 10 === 0).map((t) => t.start + 1);
    for (let at = text.indexOf('GLUT4'); at !== -1; at = text.indexOf('GLUT4', at + 1)) offsets.push(at + 1);
    const lines = TextDocument.create(uri, 'markdown', 1, text);
    const positions = offsets.map((o) => lines.positionAt(o));
    await client.open(uri, text);
    const early = await Promise.all(positions.map((p) => client.hover(uri, p.line, p.character)));
    await published(uri, 1, 120000);
    const late = await Promise.all(positions.map((p) => client.hover(uri, p.line, p.character)));
    let answered = 0;
    for (let i = 0; i < offsets.length; i++) {
      if (early[i] === null) continue;
      answered++;
      assert.deepEqual(early[i], late[i], `the hover at offset ${offsets[i]}`);
    }
    assert.ok(answered >= 20 && answered < offsets.length, `${answered} of ${offsets.length} hovers answered during the first analysis`);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('a hover or code action the client cancels stops waiting for the first analysis', async () => {
    const uri = 'file:///tmp/robust-open-cancel.md';
    await client.open(uri, `${distinctParagraphs(20000)}\n\nGLUT4 at the very end.\n`);
    const position = { line: 40000, character: 2 };
    const requests: [string, object, unknown][] = [
      ['textDocument/hover', { textDocument: { uri }, position }, null],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }, []],
    ];
    for (const [method, params, none] of requests) {
      const cancel = new CancellationTokenSource();
      const started = Date.now();
      const answer = client.connection.sendRequest(method, params, cancel.token).then(
        (result) => ({ result }),
        (error: { code?: number }) => ({ error }),
      );
      setTimeout(() => cancel.cancel(), 100);
      const settled = await answer;
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `the cancelled ${method} took ${elapsed} ms`);
      assert.ok(('result' in settled && JSON.stringify(settled.result) === JSON.stringify(none)) || ('error' in settled && settled.error.code === -32800), `${method}: ${JSON.stringify(settled)}`);
    }
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });

  it('answers a hover within 1 s on a newly opened quadratic document', async () => {
    const uri = 'file:///tmp/robust-quadratic-open.md';
    await client.open(uri, `${quadratic(20000)}\n\nGLUT4 is below.\n`);
    const started = Date.now();
    await client.hover(uri, 2, 1);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `hover took ${elapsed} ms`);
    const { diagnostics } = await published(uri, 1);
    assert.match(diagnostics.find((d) => d.code === 'not-checked')?.message ?? '', /line 1:/);
    const after = await client.hover(uri, 2, 1);
    assert.match(after?.contents.value ?? '', /^\*\*GLUT4\*\*/);
  });
});

describe('protocol: a newly opened file is checked at once', function () {
  this.timeout(20000);

  it('publishes the first diagnostics well before a 5 s typing pause', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize({ initializationOptions: { settings: { debounceMs: 5000 } } });
      const uri = 'file:///tmp/robust-open.md';
      const text = 'Walking after meals lowers blood glucose in adults with type 2 diabetes.\n';
      const started = Date.now();
      await client.open(uri, text);
      const { diagnostics } = await client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, 4000);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 2500, `first diagnostics after ${elapsed} ms`);
      assert.ok(diagnostics.some((d) => d.code === 'uncited-claim'));
      // Typing still waits for the pause: no diagnostics for version 2 within a second.
      await client.change(uri, 2, [{ range: { start: positionOf(text, 'adults'), end: positionOf(text, 'adults') }, text: 'older ' }]);
      await assert.rejects(client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2, 1000));
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});

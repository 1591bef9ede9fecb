import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, positionOf } from '../support/lspClient';

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  source: string;
  message: string;
  data?: unknown;
}

/** Applies LSP text edits to a string. */
function applyTextEdits(text: string, edits: { range: Diag['range']; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

describe('protocol: claims, citations, quick fixes, completion', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let workspace: string;

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-ws-'));
    mkdirSync(path.join(workspace, '.healthmark'));
    writeFileSync(
      path.join(workspace, '.healthmark', 'references.bib'),
      '@article{house2024walking, author = {House, Ada and Editor, Bea}, title = {Walking after meals and postprandial glucose in adults}, journal = {Journal of Examples}, year = {2024}}\n',
    );
    writeFileSync(path.join(workspace, '.healthmark', 'glossary.json'), '{ "version": 1, "entries": [ { "term": "oops" } ] }');
    client = new LspTestClient();
    const init = await client.initialize({ rootPath: workspace });
    assert.ok(init.capabilities.codeActionProvider);
    assert.deepEqual(init.capabilities.completionProvider.triggerCharacters, ['@']);
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  async function openAndWait(name: string, text: string, version = 1): Promise<{ uri: string; diagnostics: Diag[] }> {
    const uri = pathToFileURL(path.join(workspace, name)).toString();
    await client.open(uri, text, version);
    const params = await client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
    return { uri, diagnostics: params.diagnostics };
  }

  it('reports a malformed workspace glossary clearly and keeps working', async () => {
    const message = await client.waitForNotification<{ message: string }>('window/showMessageRequest', (p) => /glossary\.json/.test(p.message));
    assert.match(message.message, /not a valid Healthmark glossary: .*definition/);
  });

  it('publishes uncited-claim and unknown-citation diagnostics with codes, ranges and reasons', async () => {
    const text = '# Steps\n\nTaking more daily steps is linked to lower all-cause mortality.\nIrisin rises after exercise [@smith2019irisin].\nDo you walk?\n';
    const { diagnostics } = await openAndWait('diag.md', text);
    const byCode = Object.fromEntries(diagnostics.map((d) => [d.code, d]));
    assert.deepEqual(Object.keys(byCode).sort(), ['uncited-claim', 'unknown-citation']);
    const claim = byCode['uncited-claim'];
    assert.equal(claim.source, 'healthmark');
    // Every diagnostic links to its rule's page, and the page exists in the repository.
    for (const d of diagnostics) {
      const href = (d as Diag & { codeDescription: { href: string } }).codeDescription.href;
      assert.ok(href.endsWith(`/docs/rules/${d.code}.md`), href);
      assert.ok(existsSync(path.join(__dirname, '..', '..', 'docs', 'rules', `${d.code}.md`)), href);
    }
    assert.equal(claim.severity, 2);
    assert.match(claim.message, /^Uncited claim — states an effect \(“lower”\).*names a health outcome \(“mortality”\)/);
    assert.deepEqual(claim.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 63 } });
    const unknown = byCode['unknown-citation'];
    assert.equal(unknown.severity, 1);
    assert.deepEqual(unknown.range.start, positionOf(text, '@smith2019irisin'));
    assert.match(unknown.message, /"@smith2019irisin" is not in the curated list\. Curated alternatives: /);
  });

  it('offers the three best citations as quick fixes, and the warning goes away once one is applied', async () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality.\n';
    const { uri, diagnostics } = await openAndWait('fix.md', text);
    assert.equal(diagnostics.length, 1);
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    const titles = actions.map((a) => a.title);
    assert.equal(titles.filter((t) => t.startsWith('Cite ')).length, 3, titles.join('\n'));
    assert.equal(titles[0], 'Cite Paluch et al. 2022 — Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts');
    assert.ok(titles.includes('Not a claim — ignore this sentence'));
    assert.equal(actions[0].isPreferred, true);
    const edits = actions[0].edit.changes[uri];
    const fixed = applyTextEdits(text, edits);
    assert.equal(fixed, 'Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n');
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.deepEqual(after.diagnostics, []);
  });

  it('flags an overclaim even when cited, rewords it with a quick fix, and the warning clears', async () => {
    const text = '# Tea\n\nThis tea cures cancer [@richter2013exercise]. It tastes of mint.\n';
    const { uri, diagnostics } = await openAndWait('overclaim.md', text);
    const over = diagnostics.filter((d) => d.code === 'overclaim');
    assert.equal(over.length, 1, JSON.stringify(diagnostics));
    assert.deepEqual(over[0].range, { start: { line: 2, character: 9 }, end: { line: 2, character: 14 } });
    assert.match(over[0].message, /^Overclaim — “cures”: promises a cure/);
    assert.ok(!diagnostics.some((d) => d.code === 'uncited-claim'));
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: over[0].range, context: { diagnostics: over, only: ['quickfix'] } });
    assert.equal(actions[0].title, 'Reword: “cures” → “may help with”');
    const edits = actions[0].edit.changes[uri];
    for (const e of edits) assert.equal(e.range.start.line, 2);
    const fixed = applyTextEdits(text, edits);
    assert.equal(fixed, '# Tea\n\nThis tea may help with cancer [@richter2013exercise]. It tastes of mint.\n');
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.ok(!after.diagnostics.some((d) => d.code === 'overclaim'), JSON.stringify(after.diagnostics));
  });

  it('says once, at the first line, that claim checks are off for a German article', async () => {
    const text = '# Bewegung\n\nRegelmäßige Bewegung senkt den Blutzucker und verbessert die Insulinsensitivität. Die Muskeln nehmen während und nach dem Training mehr Glukose auf, und dieser Effekt hält bis zu zwei Tage an. Wer nach dem Essen spazieren geht, senkt die Blutzuckerspitzen.\n';
    const { diagnostics } = await openAndWait('de.md', text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line]), [['language-not-checked', 3, 0]]);
  });

  it('warns when a claim about people rests on a mouse study, and scopes it with a quick fix', async () => {
    const text = 'Myonectin prevents obesity in adults [@seldin2012myonectin].\n';
    const { uri, diagnostics } = await openAndWait('weak.md', text);
    const weak = diagnostics.find((d) => d.code === 'weak-evidence')!;
    assert.ok(weak, JSON.stringify(diagnostics));
    assert.equal(weak.severity, 2);
    assert.match(weak.message, /the cited evidence is from mice \(Seldin et al\. 2012\)/);
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: weak.range, context: { diagnostics: [weak] } });
    assert.equal(actions[0].title, 'Scope it to the evidence: “In mice, …”');
    assert.equal(applyTextEdits(text, actions[0].edit.changes[uri]), 'In mice, myonectin prevents obesity in adults [@seldin2012myonectin].\n');
  });

  it('flags a citation about another subject and offers records that fit', async () => {
    const text = 'A daily walk lowers blood pressure [@lopezotin2013hallmarks].\n';
    const { uri, diagnostics } = await openAndWait('mismatch.md', text);
    const mismatch = diagnostics.find((d) => d.code === 'citation-mismatch')!;
    assert.ok(mismatch, JSON.stringify(diagnostics));
    assert.deepEqual(mismatch.range.start, positionOf(text, '@lopezotin2013hallmarks'));
    assert.match(mismatch.message, /López-Otín et al\. 2013 is about aging/);
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: mismatch.range, context: { diagnostics: [mismatch] } });
    // The replacements are records about blood pressure, best first.
    assert.match(actions[0].title, /^Cite .+ instead — .*[Bb]lood pressure|hypertension/i);
    const fixed = applyTextEdits(text, actions[0].edit.changes[uri]);
    assert.match(fixed, /^A daily walk lowers blood pressure \[@[\w.-]+\]\.\n$/);
    assert.ok(!fixed.includes('lopezotin2013hallmarks'));
    await client.change(uri, 2, [{ text: fixed }]);
    const after = await client.waitForNotification<{ uri: string; version: number; diagnostics: Diag[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    assert.deepEqual(after.diagnostics.map((d) => d.code), []);
  });

  it('offers no citation for an overclaim: says none fits, and offers the rewording', async () => {
    const text = 'Regular exercise cures insulin resistance and detoxifies your liver.\n';
    const { uri, diagnostics } = await openAndWait('myth.md', text);
    const claim = diagnostics.find((d) => d.code === 'uncited-claim')!;
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: claim.range, context: { diagnostics: [claim] } });
    const titles = actions.map((a) => a.title);
    assert.ok(!titles.some((t) => t.startsWith('Cite ')), titles.join('\n'));
    assert.deepEqual(titles, ['No curated record fits this sentence', 'Reword: “cures” → “may help with”', 'Reword: “detoxifies” → “is said to support”', 'Not a claim — ignore this sentence']);
    assert.ok(actions[0].disabled?.reason);
    assert.equal(actions[0].edit, undefined);
  });

  it('replaces an unknown key with the nearest curated key', async () => {
    const text = 'Exercise raises GLUT4 translocation [@richter2013exercis].\n';
    const { uri, diagnostics: all } = await openAndWait('typo.md', text);
    const diagnostics = all.filter((d) => d.code === 'unknown-citation');
    const actions: any[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics } });
    assert.equal(actions[0].title, 'Replace with @richter2013exercise');
    assert.equal(applyTextEdits(text, actions[0].edit.changes[uri]), 'Exercise raises GLUT4 translocation [@richter2013exercise].\n');
  });

  it('completes citation keys after [@ with author, year and title', async () => {
    const text = 'Muscle is an endocrine organ [@pede';
    const uri = pathToFileURL(path.join(workspace, 'complete.md')).toString();
    await client.open(uri, text);
    const items: any[] = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: text.length }, context: { triggerKind: 1 } });
    const item = items.find((i) => i.label === 'pedersen2012muscles');
    assert.ok(item, items.map((i) => i.label).join(', '));
    assert.equal(item.detail, 'Pedersen & Febbraio 2012 — Muscles, exercise and obesity: skeletal muscle as a secretory organ (narrative review of myokine biology, mouse and human)');
    assert.equal(item.labelDetails.description, 'Pedersen & Febbraio 2012 · narrative review of myokine biology, mouse and human');
    assert.deepEqual(item.textEdit.range, { start: { line: 0, character: text.length - 4 }, end: { line: 0, character: text.length } });
    const resolved: any = await client.connection.sendRequest('completionItem/resolve', item);
    assert.match(resolved.documentation.value, /Nature Reviews Endocrinology/);
    assert.ok(items.some((i) => i.label === 'house2024walking'), 'workspace BibTeX keys complete too');
    const none: any[] = await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 6 } });
    assert.deepEqual(none, []);
  });

  it('shows the formatted reference when hovering a citation', async () => {
    const text = 'Exercise raises GLUT4 translocation [@richter2013exercise].\n';
    const uri = pathToFileURL(path.join(workspace, 'cite-hover.md')).toString();
    await client.open(uri, text);
    const p = positionOf(text, 'richter2013', 0, 2);
    const hover: any = await client.hover(uri, p.line, p.character);
    assert.match(hover.contents.value, /^\*\*Richter & Hargreaves 2013\*\*\n\nEvidence: \*narrative review of muscle glucose uptake signalling, mouse and human\*\n\n/);
    assert.match(hover.contents.value, /Physiological Reviews/);
    assert.match(hover.contents.value, /\(https:\/\/doi\.org\/10\.1152\/physrev\.00038\.2012\)/);
  });

  it('resolves keys from a workspace BibTeX file', async () => {
    const { diagnostics } = await openAndWait('bib.md', 'A walk after meals lowers blood glucose [@house2024walking].\n');
    assert.deepEqual(diagnostics.map((d) => d.code), []);
  });

  it('honours every severity value, the sensitivity, citation scope and glossary.enable settings', async () => {
    const configure = (healthmark: unknown) => client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { healthmark } });
    try {
      await configure({ severity: { 'uncited-claim': 'off' } });
      const { diagnostics } = await openAndWait('settings.md', 'Taking more daily steps is linked to lower all-cause mortality.\n');
      assert.deepEqual(diagnostics, []);
      // Every severity value maps to its LSP number, by alias and by code.
      const claim = 'Taking more daily steps is linked to lower all-cause mortality.\nIrisin rises after exercise [@smith2019irisin].\n';
      for (const [value, number] of [['error', 1], ['warning', 2], ['information', 3], ['hint', 4]] as const) {
        for (const key of ['uncited-claim', 'HM001']) {
          await configure({ severity: { [key]: value } });
          const { diagnostics: ds } = await openAndWait(`severity-${key}-${value}.md`, claim);
          assert.deepEqual(ds.map((d) => [d.code, d.severity]), [['uncited-claim', number], ['unknown-citation', 1]], `${key}: ${value}`);
        }
      }
      // Sensitivity: exact counts of uncited claims on a known article (as in test/unit/settings.test.ts).
      const article = readFileSync(path.join(__dirname, '..', 'fixtures', 'heldout', 'patient-leaflet.md'), 'utf8');
      const counts: number[] = [];
      for (const sensitivity of ['low', 'medium', 'high']) {
        await configure({ claims: { sensitivity } });
        const { diagnostics: ds } = await openAndWait(`sensitivity-${sensitivity}.md`, article);
        counts.push(ds.filter((d) => d.code === 'uncited-claim').length);
      }
      assert.deepEqual(counts, [13, 15, 19]);
      // Citation scope: one citation covers its sentence, or its paragraph.
      const paragraph = 'Walking after meals lowers blood glucose by 20 %. Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n';
      for (const [scope, expected] of [['sentence', ['uncited-claim']], ['paragraph', []]] as const) {
        await configure({ citations: { scope } });
        const { diagnostics: ds } = await openAndWait(`scope-${scope}.md`, paragraph);
        assert.deepEqual(ds.map((d) => d.code).filter((c) => c === 'uncited-claim'), expected, `scope ${scope}`);
      }
      // glossary.enable: no glossary hover when off; citation hovers stay.
      const glossaryText = 'During exercise, GLUT4 moves to the cell surface [@richter2013exercise].\n';
      for (const enable of [true, false]) {
        await configure({ glossary: { enable } });
        const { uri } = await openAndWait(`glossary-${enable}.md`, glossaryText);
        const term = positionOf(glossaryText, 'GLUT4', 0, 2);
        const hover: any = await client.hover(uri, term.line, term.character);
        if (enable) assert.match(hover.contents.value, /^\*\*GLUT4\*\*/);
        else assert.equal(hover, null);
        const cite = positionOf(glossaryText, 'richter2013', 0, 2);
        assert.match(((await client.hover(uri, cite.line, cite.character)) as any).contents.value, /Richter/);
      }
    } finally {
      await configure({});
    }
  });

  it('skips binary and oversized input with a clear status instead of failing', async () => {
    const uri = pathToFileURL(path.join(workspace, 'binary.md')).toString();
    await client.open(uri, 'PK\u0003\u0004\u0000\u0000garbage\u0000');
    const status = await client.waitForNotification<{ uri: string; state: string; message: string }>('healthmark/status', (p) => p.uri === uri);
    assert.equal(status.state, 'skipped');
    assert.match(status.message, /binary/);
    const hover = await client.hover(uri, 0, 1);
    assert.equal(hover, null);
  });

  it('survives a burst of random incremental edits (brackets, fences, emoji, CRLF) and reports on the last version', async () => {
    const uri = pathToFileURL(path.join(workspace, 'fuzz.md')).toString();
    let text = '# Fuzz\n\nExercise raises GLUT4 [@richter2013exercise].\n';
    await client.open(uri, text, 1);
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['[@', ']', '```\n', '\r\n', '💪', '[^1]', '[^1]: x\n', '<!--', '-->', '\n\n', '| a | b |\n|---|---|\n', 'insulin ', '\u0000', '> ', '(Pedersen, 2013)'];
    const lines = () => text.split('\n');
    for (let version = 2; version <= 60; version++) {
      const ls = lines();
      const line = Math.floor(random() * ls.length);
      const character = Math.floor(random() * (ls[line].length + 1));
      const piece = pieces[Math.floor(random() * pieces.length)];
      const offset = ls.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
      text = text.slice(0, offset) + piece + text.slice(offset);
      await client.change(uri, version, [{ range: { start: { line, character }, end: { line, character } }, text: piece }]);
    }
    const last = await client.waitForNotification<{ uri: string; version: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 60);
    assert.equal(last.version, 60);
    const hover = await client.hover(uri, 0, 2);
    assert.equal(hover, null);
    assert.doesNotMatch(client.stderr, /unexpected error/);
  });

  it('survives a 2 MB article and answers hover on it', async () => {
    const paragraph = 'Regular exercise raises GLUT4 translocation and lowers blood glucose by 20 % [@richter2013exercise]. Do you walk?\n\n';
    const text = paragraph.repeat(Math.ceil((2 * 1024 * 1024) / paragraph.length));
    const { uri, diagnostics } = await openAndWait('big.md', text);
    // Well cited throughout: only the house-style hint that GLUT4 is never spelt out.
    assert.deepEqual([...new Set(diagnostics.map((d) => d.code))], ['acronym-first-use']);
    assert.equal(diagnostics.length, 1);
    const hover: any = await client.hover(uri, 30000, 26);
    assert.match(hover.contents.value, /^\*\*GLUT4\*\*/);
  });
});

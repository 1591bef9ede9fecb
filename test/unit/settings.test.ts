import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { rules } from '../../server/src/core/lint';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { AnalysisStore } from '../../server/src/lsp/documents';
import { provideHover } from '../../server/src/lsp/hover';
import { mergeSettings } from '../../server/src/lsp/settings';
import { listFixtures, readFixture, ruleFixturesAndArticles } from '../support/fixtures';
import { lint, options } from '../support/lint';

// Each setting must change what the user gets: these tests fail when a setting is ignored.

// Known articles: one whose uncited claims differ at each sensitivity (with the current claim
// model the magazine feature has as many at low as at medium), and one for the citation scope.
const leaflet = readFixture('heldout', 'patient-leaflet.md');
const article = readFixture('eval', 'consumer-blog.md');
const uncited = (text: string, o = options()) => lint(text, o).findings.filter((f) => f.code === 'uncited-claim');

describe('settings: claims.sensitivity', () => {
  it('low, medium and high give exactly 13, 15 and 19 uncited claims on heldout/patient-leaflet.md', () => {
    // Exact counts: update them when the claim model (server/data/claim-model.json) changes on purpose.
    const counts = (['low', 'medium', 'high'] as const).map((sensitivity) => uncited(leaflet, options({ sensitivity })).length);
    assert.deepEqual(counts, [13, 15, 19]);
  });

  it('the default is medium', () => {
    assert.equal(uncited(leaflet).length, uncited(leaflet, options({ sensitivity: 'medium' })).length);
    assert.equal(mergeSettings({}).claims.sensitivity, 'medium');
  });

  it('every claim at low is one at medium, and every one at medium is one at high', () => {
    const starts = (s: 'low' | 'medium' | 'high') => new Set(uncited(leaflet, options({ sensitivity: s })).map((f) => f.start));
    const [low, medium, high] = [starts('low'), starts('medium'), starts('high')];
    for (const s of low) assert.ok(medium.has(s), `claim at ${s} is one at low but not at medium`);
    for (const s of medium) assert.ok(high.has(s), `claim at ${s} is one at medium but not at high`);
  });

  it('reaches the options from the client settings', () => {
    for (const s of ['low', 'medium', 'high'] as const) assert.equal(mergeSettings({ claims: { sensitivity: s } }).claims.sensitivity, s);
    assert.equal(mergeSettings({ claims: { sensitivity: 'extreme' } }).claims.sensitivity, 'medium');
  });
});

describe('settings: citations.scope', () => {
  const paragraph = 'Walking after meals lowers blood glucose by 20 %. Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n';

  it('sentence scope: the citation covers only its own sentence', () => {
    const found = uncited(paragraph, options({ citationScope: 'sentence' }));
    assert.deepEqual(found.map((f) => paragraph.slice(f.start, f.end)), ['Walking after meals lowers blood glucose by 20 %.']);
  });

  it('paragraph scope: one citation covers the whole paragraph, but not the next one', () => {
    const text = `${paragraph}\nSleeping less than six hours raises the risk of type 2 diabetes.\n`;
    const found = uncited(text, options({ citationScope: 'paragraph' }));
    assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['Sleeping less than six hours raises the risk of type 2 diabetes.']);
  });

  it('paragraph scope: a citation is judged against its own sentence only, once', () => {
    // The record (GLUT4 and muscle glucose uptake) fits neither vitamin D sentence; in
    // paragraph scope it covers all three sentences, and was reported once for each.
    const text = 'Vitamin D supplements lower blood pressure in adults. Bread is often eaten at breakfast. Vitamin D supplements reduce the risk of fractures in older adults [@richter2013exercise].\n';
    const mismatches = (scope: 'sentence' | 'paragraph') => lint(text, options({ citationScope: scope })).findings.filter((f) => f.code === 'citation-mismatch');
    for (const scope of ['sentence', 'paragraph'] as const) {
      const found = mismatches(scope);
      assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['@richter2013exercise'], scope);
    }
    assert.equal(mismatches('paragraph')[0].message, mismatches('sentence')[0].message);
  });

  it("a citation's own findings do not depend on the scope, and no finding is reported twice (every rule fixture and article)", () => {
    // The scope decides which sentences a citation covers, not what is wrong with the citation
    // itself: these rules report a citation or a reference entry, whatever it covers.
    const ofCitations = new Set(['citation-mismatch', 'unknown-citation', 'retracted-citation', 'uncurated-reference', 'unresolved-reference', 'unused-reference']);
    const texts = [
      ...ruleFixturesAndArticles(),
      { name: 'a mismatched citation after two sentences', text: 'Vitamin D supplements lower blood pressure in adults. Bread is often eaten at breakfast. Vitamin D supplements reduce the risk of fractures in older adults [@richter2013exercise].\n' },
    ];
    assert.equal(texts.length, 30, 'texts compared');
    let compared = 0;
    for (const { name, text } of texts) {
      const found = (scope: 'sentence' | 'paragraph') => lint(text, options({ citationScope: scope })).findings.map((f) => `${f.code} ${f.start}-${f.end} ${f.message}`);
      const bySentence = found('sentence');
      const byParagraph = found('paragraph');
      for (const [scope, list] of [['sentence', bySentence], ['paragraph', byParagraph]] as const) {
        const ranges = list.map((f) => f.split(' ', 2).join(' '));
        assert.equal(new Set(ranges).size, ranges.length, `${name}, ${scope} scope: a rule reported one range twice`);
      }
      const own = (list: string[]) => list.filter((f) => ofCitations.has(f.split(' ')[0])).sort();
      assert.deepEqual(own(byParagraph), own(bySentence), `${name}: a citation's findings changed with the scope`);
      compared += own(bySentence).length;
    }
    // Exact: update it when the fixtures change on purpose.
    assert.equal(compared, 22, 'findings of citations compared');
  });

  it('on eval/consumer-blog.md: exactly 30 uncited claims by sentence, 8 by paragraph', () => {
    assert.equal(uncited(article, options({ citationScope: 'sentence' })).length, 30);
    assert.equal(uncited(article, options({ citationScope: 'paragraph' })).length, 8);
  });

  it('reaches the options from the client settings', () => {
    assert.equal(mergeSettings({ citations: { scope: 'paragraph' } }).citations.scope, 'paragraph');
    assert.equal(mergeSettings({}).citations.scope, 'sentence');
  });
});

describe('settings: severity per rule', () => {
  const LSP: Record<string, number> = { error: 1, warning: 2, information: 3, hint: 4 };
  const ruleOf = (alias: string) => rules.find((r) => r.names[1] === alias)!;

  for (const file of listFixtures('rules')) {
    const text = readFixture('rules', file);
    const expected: { code: string }[] = JSON.parse(readFixture('rules', file.replace(/\.md$/, '.expected.json')));
    const codes = [...new Set(expected.map((e) => e.code))];
    const doc = TextDocument.create('file:///severity.md', 'markdown', 1, text);

    for (const code of codes) {
      it(`${file}: ${code} set to error, warning, information or hint has exactly that LSP severity; off removes it`, () => {
        const baseline = lint(text).findings;
        const own = baseline.filter((f) => f.code === code).length;
        assert.ok(own > 0, `${file} has no ${code} finding`);
        for (const value of ['error', 'warning', 'information', 'hint'] as const) {
          for (const key of [code, ruleOf(code).names[0]]) {
            const { findings } = lint(text, options({ severities: { [key]: value } }));
            assert.equal(findings.length, baseline.length, `${key}: ${value} changed the number of findings`);
            findings.forEach((f, i) => {
              const want = f.code === code ? value : baseline[i].severity;
              assert.equal(f.severity, want, `${key}: ${value} → ${f.code}`);
              assert.equal(toDiagnostic(doc, f, i).severity, LSP[want], `${key}: ${value} → LSP severity of ${f.code}`);
            });
          }
        }
        for (const key of [code, ruleOf(code).names[0]]) {
          const { findings } = lint(text, options({ severities: { [key]: 'off' } }));
          assert.equal(findings.filter((f) => f.code === code).length, 0, `${key}: off`);
          assert.equal(findings.length, baseline.length - own, `${key}: off removed other rules' findings`);
        }
      });
    }
  }

  it('defaults: uncited-claim is a warning (2), unknown-citation an error (1)', () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality.\nIrisin rises after exercise [@smith2019irisin].\n';
    const doc = TextDocument.create('file:///defaults.md', 'markdown', 1, text);
    const { findings } = lint(text);
    assert.deepEqual(findings.map((f, i) => [f.code, toDiagnostic(doc, f, i).severity]), [['uncited-claim', 2], ['unknown-citation', 1]]);
  });

  it('reaches the options from the client settings; unknown values are dropped', () => {
    const s = mergeSettings({ severity: { 'uncited-claim': 'hint', HM002: 'off', 'unused-reference': 'loud', overclaim: 3 } });
    assert.deepEqual(s.severity, { 'uncited-claim': 'hint', HM002: 'off' });
  });
});

describe('settings: glossary.enable', () => {
  const o = options();
  const text = 'During exercise, GLUT4 moves to the cell surface [@richter2013exercise].\n';
  const uri = 'file:///glossary-enable.md';
  const document = TextDocument.create(uri, 'markdown', 1, text);
  const at = (needle: string) => document.positionAt(text.indexOf(needle) + 2);
  const hover = (needle: string, enabled: boolean) => provideHover(document, { textDocument: { uri }, position: at(needle) }, new AnalysisStore(o.glossary), o, enabled);

  it('on: hovering a term shows its definition', () => {
    const h = hover('GLUT4', true);
    assert.match((h?.contents as { value: string }).value, /^\*\*GLUT4\*\*/);
  });

  it('off: no glossary hover anywhere in the text', () => {
    const plain = 'During exercise, GLUT4 moves to the cell surface and insulin sensitivity rises.\n';
    const doc = TextDocument.create('file:///plain.md', 'markdown', 1, plain);
    const store = new AnalysisStore(o.glossary);
    const hovers = (enabled: boolean) =>
      Array.from({ length: plain.length }, (_, offset) => provideHover(doc, { textDocument: { uri: doc.uri }, position: doc.positionAt(offset) }, store, o, enabled)).filter(Boolean).length;
    assert.ok(hovers(true) >= 'GLUT4insulin sensitivity'.length, 'hovers when on');
    assert.equal(hovers(false), 0);
  });

  it('off: citation hovers stay', () => {
    assert.match((hover('richter2013', false)?.contents as { value: string }).value, /Richter/);
  });

  it('reaches the server from the client settings', () => {
    assert.equal(mergeSettings({ glossary: { enable: false } }).glossary.enable, false);
    assert.equal(mergeSettings({}).glossary.enable, true);
  });
});

import assert from 'node:assert/strict';
import { findOverclaims } from '../../server/src/core/overclaims';
import { loadCorpus } from '../../scripts/claims/corpus';
import { allArticles } from '../support/fixtures';
import { applyEdits, bundledJudge, fixesFor, lint, options } from '../support/lint';

const codes = (text: string) => lint(text).findings.map((f) => f.code);
const overclaims = (sentence: string) => findOverclaims(sentence, bundledJudge().overclaims).map((h) => h.text);

describe('overclaim (HM008)', () => {
  const examples = [
    'This tea cures cancer.',
    'Turmeric is a proven miracle that detoxifies the body.',
    'Garlic is a natural cure for colds.',
    'Oil pulling draws toxins out of your body.',
    'Celery juice balances your blood pH.',
  ];
  for (const sentence of examples) {
    it(`flags "${sentence}" as an overclaim and as an uncited claim`, () => {
      const c = codes(`# Notes\n\n${sentence}\n`);
      assert.ok(c.includes('overclaim'), c.join());
      assert.ok(c.includes('uncited-claim'), c.join());
    });
  }

  it('finds the wording editors fear, in many forms', () => {
    assert.deepEqual(overclaims('This supplement is clinically proven to melt belly fat.'), ['clinically proven', 'melt belly fat']);
    assert.deepEqual(overclaims('Our formula boosts your immune system with no side effects.'), ['boosts your immune system', 'no side effects']);
    assert.deepEqual(overclaims('This cleanse reverses ageing and is 100 % safe.'), ['reverses ageing', '100 % safe']);
    assert.deepEqual(overclaims('Here is the secret doctors don’t want you to know.'), ['doctors don’t want you to know']);
    assert.deepEqual(overclaims("Here is the secret doctors don't want you to know."), ["doctors don't want you to know"]);
    assert.deepEqual(overclaims('Elderberry syrup prevents the flu.'), ['prevents the flu']);
    assert.deepEqual(overclaims('Our probiotic treats depression naturally.'), ['treats depression']);
  });

  it('leaves denials, disclaimers, questions and medical treatments alone', () => {
    assert.deepEqual(overclaims('Turmeric does not cure cancer.'), []);
    assert.deepEqual(overclaims('There is no evidence that detox teas flush toxins from the liver.'), []);
    assert.deepEqual(overclaims('This product is not intended to diagnose, treat, cure or prevent any disease.'), []);
    assert.deepEqual(overclaims('Can garlic cure a cold?'), []);
    assert.deepEqual(overclaims('Antibiotics cure most cases of strep throat.'), []);
    assert.deepEqual(overclaims('Be wary of products marketed as miracle cures.'), []);
  });

  it('fires on a cited sentence too: a citation does not make "cures" true', () => {
    const c = codes('Turmeric cures arthritis [@richter2013exercise].\n');
    assert.ok(c.includes('overclaim') && !c.includes('uncited-claim'), c.join());
  });

  it('does not flag a disclaimer, a recipe step or an anecdote with either claim rule', () => {
    for (const text of [
      'These statements have not been evaluated by the Food and Drug Administration. This product is not intended to diagnose, treat, cure or prevent any disease.',
      'Add two teaspoons of the powder to a glass of warm water and stir.',
      'I tried oil pulling for a month last spring and liked the routine.',
    ]) {
      const c = codes(`${text}\n`);
      assert.ok(!c.includes('overclaim') && !c.includes('uncited-claim'), `${text}: ${c.join()}`);
    }
  });

  it('rewords only the matched words, within the sentence; the warning clears and a second fix changes nothing', () => {
    const text = '# Tea\n\nThis tea cures cancer [@richter2013exercise]. It tastes of mint.\n';
    const finding = lint(text).findings.find((f) => f.code === 'overclaim')!;
    const [fix] = fixesFor(text, finding);
    assert.equal(fix.title, 'Reword: “cures” → “may help with”');
    for (const e of fix.edits) assert.ok(e.start >= text.indexOf('This tea') && e.end <= text.indexOf('[@'), 'edit stays inside the sentence');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, '# Tea\n\nThis tea may help with cancer [@richter2013exercise]. It tastes of mint.\n');
    assert.ok(!lint(fixed).findings.some((f) => f.code === 'overclaim'));
  });

  it('keeps the capital of a heading word and offers no rewording where markup splits the words', () => {
    const heading = lint('# Detox Tea Melts Belly Fat\n').findings.find((f) => f.code === 'overclaim')!;
    assert.equal(heading.fixes![0].edits[0].newText, 'May help with fat loss');
    const marked = lint('This tea **cures** cancer.\n').findings.find((f) => f.code === 'overclaim')!;
    assert.ok(marked, 'still reported');
  });

  it('can be switched off like every rule', () => {
    assert.ok(!lint('This tea cures cancer.\n', options({ severities: { overclaim: 'off' } })).findings.some((f) => f.code === 'overclaim'));
  });

  it('finds exactly what a scan of every pattern finds, with or without the pre-check alternations', () => {
    const m = bundledJudge().overclaims;
    assert.equal(m.anyPattern?.length, 2, 'the bundled patterns share two alternations');
    // Every sentence of the labelled corpus (overclaims of every kind, shops, alternative health)
    // and of the fixtures, plus a few written for the edges.
    const sentences = new Set<string>(['This cures everything!', 'It is not a cure for cancer.', 'Detox teas flush toxins and boost immunity, doctors hate it.', 'Does it cure colds?']);
    for (const doc of loadCorpus()) for (const s of doc.sentences) sentences.add(s.text);
    for (const { text } of allArticles()) for (const line of text.split(/\n+/)) sentences.add(line);
    const withoutPreCheck = { ...m, anyPattern: undefined };
    let hits = 0;
    let matches = 0;
    for (const s of sentences) {
      const found = findOverclaims(s, m);
      hits += found.length;
      assert.deepEqual(found, findOverclaims(s, withoutPreCheck), s);
      // The scan (exec on the shared expression) sees the matches matchAll sees.
      for (const p of m.patterns) {
        const all = [...s.matchAll(new RegExp(p.re.source, p.re.flags))].map((x) => [x.index, x[0]]);
        matches += all.length;
        const scanned: [number, string][] = [];
        p.re.lastIndex = 0;
        for (let x = p.re.exec(s); x; x = p.re.exec(s)) scanned.push([x.index, x[0]]);
        assert.deepEqual(scanned, all, `${p.id}: ${s}`);
      }
    }
    assert.ok(sentences.size > 6000 && hits > 40 && matches >= hits, `${sentences.size} sentences, ${hits} hits, ${matches} matches`);
  });
});

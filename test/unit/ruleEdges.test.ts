import assert from 'node:assert/strict';
import { applyEdits, fixesFor, lint } from '../support/lint';

/**
 * Faults found by checking findings across containers and spellings that should not change
 * them (a fuzzing helper's report): each case failed before its fix.
 */
const INTRO = 'Walking is a simple habit for most adults.\n\n';
const found = (text: string, code: string) => lint(text).findings.filter((f) => f.code === code);
const shown = (text: string, code: string) => found(text, code).map((f) => text.slice(f.start, f.end));

describe('rule edges', () => {
  it('reads a footnote that holds only a bracketed key as a citation of that key', () => {
    // An unknown key is reported as with "[^1]: @key" (it was taken for a note: nothing but an uncited claim).
    const unknown = 'Walking lowers blood pressure in adults.[^1]\n\n[^1]: [@smith2019myokines]\n';
    assert.deepEqual(shown(unknown, 'unknown-citation'), ['[^1]']);
    assert.deepEqual(shown(unknown, 'uncurated-reference'), ['[@smith2019myokines]']);
    assert.deepEqual(found(unknown, 'uncited-claim'), []);
    // A curated key resolves: nothing to report.
    const curated = 'Walking lowers blood pressure in adults.[^1]\n\n[^1]: [@paluch2022daily]\n';
    assert.deepEqual(lint(curated).findings, []);
  });

  it('shows a glossary artifact from its first word when it starts a line of a blockquote, and its fix joins the lines', () => {
    const text = `${INTRO}> Muscles refill their glycogen\n> Meaning ∞ Glycogen is stored glucose. stores for hours.\n`;
    const [f] = found(text, 'glossary-artifact');
    assert.equal(text.slice(f.start, f.end), 'Meaning ∞ Glycogen is stored glucose.');
    assert.equal(applyEdits(text, f.fixes![0].edits), `${INTRO}> Muscles refill their glycogen stores for hours.\n`);
  });

  describe('a suppression comment in a table cell', () => {
    const row = (cell: string) => `${INTRO}| Claim | Source |\n|---|---|\n| ${cell} | none |\n`;
    const claim = 'Walking 8,000 steps a day lowers the risk of early death.';

    it('suppresses the row, in any of its cells', () => {
      assert.equal(found(row(claim), 'uncited-claim').length, 2);
      assert.equal(found(row(`${claim} <!-- healthmark-ignore -->`), 'uncited-claim').length, 1);
      assert.equal(found(`${INTRO}| Claim | Source |\n|---|---|\n| ${claim} | none <!-- healthmark-ignore --> |\n`, 'uncited-claim').length, 1);
    });

    it('is what the row\'s "Not a claim" quick fix inserts, and it works', () => {
      const text = row(claim);
      const f = found(text, 'uncited-claim').find((x) => text.slice(x.start, x.end).startsWith(claim))!;
      const ignore = fixesFor(text, f).find((x) => /^Not a claim/.test(x.title))!;
      const fixed = applyEdits(text, ignore.edits);
      assert.ok(fixed.includes('<!-- healthmark-ignore -->'), fixed);
      assert.deepEqual(shown(fixed, 'uncited-claim'), ['Walking is a simple habit for most adults.']);
      // Applied twice, nothing more changes: the fix is no longer offered.
      assert.deepEqual(found(fixed, 'uncited-claim').filter((x) => fixed.slice(x.start, x.end).startsWith('Walking 8,000')), []);
    });
  });

  it('keeps a numbered entry wrapped before its year in a list under a plain "References" line', () => {
    const text =
      'Walking more each day is linked to a lower risk of early death [1], and so is fitness [2].\n\nReferences\n\n' +
      '1. Kodama S, Saito K, Tanaka S, et al. Cardiorespiratory fitness as a quantitative predictor:\n   a meta-analysis. JAMA. 2009.\n' +
      '2. Paluch AE, Bajpai S, Bassett DR, et al. Daily steps and all-cause mortality:\n   a meta-analysis of 15 international cohorts. Lancet Public Health. 2022.\n';
    // Both markers cite their entries: [1] one not on the curated list, [2] a curated one.
    assert.deepEqual(found(text, 'uncited-claim'), []);
    assert.deepEqual(found(text, 'unresolved-reference'), []);
    assert.deepEqual(shown(text, 'unknown-citation'), ['[1]']);
    assert.equal(found(text, 'uncurated-reference').length, 1);
  });

  describe('a hard-wrapped entry under a References heading is one entry', () => {
    it('whose continuation lines look like entries on their own (journal and year, DOI)', () => {
      // It was cut into three "uncurated" entries, [1] resolved to none of them, and the
      // rewrite fix on the DOI line wrote the whole entry again below the rest of it.
      const text =
        '# Sitting\n\nSitting a lot is linked to earlier death [1].\n\n## References\n\n' +
        '1. Ekelund U, Steene-Johannessen J, Brown WJ, et al. Does physical activity attenuate, or even\n' +
        '   eliminate, the detrimental association of sitting time with mortality? A harmonised\n' +
        '   meta-analysis of data from more than 1 million men and women. *Lancet*. 2016;388(10051):1302–1310.\n' +
        '   doi:10.1016/S0140-6736(16)30370-1\n';
      assert.deepEqual(lint(text).findings, []);
    });

    it('whose title line reads like a sentence', () => {
      // The title line was taken for prose: an uncited claim inside the list, and "Cite …" put a citation there.
      const text =
        '# Sleep\n\nShort sleep raises blood sugar in adults.\n\n## Sources\n\n' +
        '- Potter, G. D. M., Skene, D. J., Arendt, J., Cade, J. E., Grant, P. J., & Hardie, L. J. (2016).\n' +
        '  Circadian rhythm and sleep disruption: causes, metabolic consequences, and countermeasures.\n' +
        '  *Endocrine Reviews*, 37(6), 584–608. https://doi.org/10.1210/er.2016-1083\n';
      // One entry, a curated one (Potter et al. 2016): nothing to report under Sources.
      assert.deepEqual(lint(text).findings.filter((f) => f.start > text.indexOf('## Sources')), []);
      assert.equal(lint(text).model.references.length, 1);
    });

    it('while entries glued in one paragraph stay apart', () => {
      const text =
        'Walking lowers mortality [1] and so does fitness [2].\n\n## References\n\n' +
        'Paluch AE, Bajpai S, Bassett DR, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. Lancet Public Health. 2022.\n' +
        'Bull FC, Al-Ansari SS, Biddle S, et al. World Health Organization 2020 guidelines on physical activity and sedentary behaviour. Br J Sports Med. 2020;54(24):1451–1462.\n' +
        'World Health Organization. Physical activity: a fact sheet. Wkly Epidemiol Rec. 2020;95(1):1–10.\n';
      // Each line starts an entry: with authors, or with a capital after a line that ended one.
      assert.equal(lint(text).model.references.length, 3);
    });
  });

  it('takes an acronym followed by its expansion as spelt out, whatever the spacing before the bracket', () => {
    for (const gap of [' ', '  ', '\n']) {
      const text = `${INTRO}Exercise activates AMPK${gap}(AMP-activated protein kinase) in muscle.\n`;
      assert.deepEqual(found(text, 'acronym-first-use'), [], JSON.stringify(gap));
    }
  });
});

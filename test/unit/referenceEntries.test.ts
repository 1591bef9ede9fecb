import assert from 'node:assert/strict';
import { entryFields, entryStyle, formatEntry, type EntryStyle } from '../../server/src/core/citations/entryFields';
import { findReferenceLines, looksLikeEntry } from '../../server/src/core/citations/referenceSections';
import { lint } from '../support/lint';
import { bundledLibrary } from '../support/lint';

const STYLES: EntryStyle[] = ['apa', 'vancouver', 'mla', 'chicago', 'harvard'];
const RECORDS = ['richter2013exercise', 'pedersen2012muscles', 'kodama2009cardiorespiratory', 'paluch2022daily', 'cornelissen2013exercise', 'he2012exerciseinduced'];

/** Lints a document whose References section holds one entry; returns the uncurated-reference messages. */
function check(entry: string): string[] {
  const text = `# Notes\n\nSee the list below.\n\n## References\n\n1. ${entry}\n`;
  return lint(text).findings.filter((f) => f.code === 'uncurated-reference').map((f) => f.message);
}

describe('reference entries in five styles', () => {
  const library = bundledLibrary();

  it('recognises each style and reads volume, issue and pages', () => {
    const r = library.byId.get('richter2013exercise')!;
    for (const style of STYLES) {
      const entry = formatEntry(r, style, false);
      assert.equal(entryStyle(entry), style, entry);
      assert.deepEqual(entryFields(entry), { volume: '93', issue: '3', firstPage: '993', lastPage: '1017' }, entry);
    }
  });

  it('passes every faithful entry, in every style (no false alarm)', () => {
    for (const id of RECORDS) for (const style of STYLES) assert.deepEqual(check(formatEntry(library.byId.get(id)!, style, false)), [], `${id} ${style}`);
    // Written by hand, as people do: abbreviations, "The", no DOI, online-first year.
    for (const entry of [
      'Pedersen BK, Febbraio MA. Muscles, exercise and obesity: skeletal muscle as a secretory organ. Nat Rev Endocrinol. 2012;8(8):457-65.',
      'Kodama S, et al. Cardiorespiratory fitness as a quantitative predictor of all-cause mortality and cardiovascular events in healthy men and women: a meta-analysis. JAMA 2009;301(19):2024–35.',
      'Paluch AE, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. Lancet Public Health. 2022;7(3):e219-e228.',
      'Richter, E. A., & Hargreaves, M. (2013). Exercise, GLUT4, and skeletal muscle glucose uptake. *Physiological reviews*, 93(3), 993–1017.',
    ]) assert.deepEqual(check(entry), [], entry);
  });

  it('names each wrong field with the record’s value, in every style', () => {
    const r = library.byId.get('pedersen2012muscles')!;
    for (const style of STYLES) {
      const good = formatEntry(r, style, false);
      const journal = good.includes('Nat Rev Endocrinol') ? good.replace('Nat Rev Endocrinol', 'Nat Med') : good.replace('Nature Reviews Endocrinology', 'Nature Medicine');
      assert.match(check(journal).join(), /journal is Nat(?:ure)? Med(?:icine)?, not Nature Reviews Endocrinology/, `${style}: ${journal}`);
      const volume = good.replace(/\b8\b(?=\s*[(,;]|, no)/, '9');
      assert.match(check(volume).join(), /volume is 9, not 8/, `${style}: ${volume}`);
      const pages = good.replace('457', '475');
      assert.match(check(pages).join(), /pages start at 475, not 457/, `${style}: ${pages}`);
      const author = good.replace('Pedersen', 'Smith');
      assert.match(check(author).join(), /first author is Smith, not Pedersen/, `${style}: ${author}`);
      const year = good.replace('2012', '2016');
      assert.match(check(year).join(), /year is 2016, not 2012/, `${style}: ${year}`);
    }
  });

  it('matches an entry that leaves the subtitle out, by its main title with the same first author and year', () => {
    // paluch2022daily: "Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts".
    const shortened = (authors: string, year: number) => `${authors} Daily steps and all-cause mortality. Lancet Public Health. ${year};7(3):e219-e228.`;
    assert.deepEqual(check(shortened('Paluch AE, Bajpai S, Bassett DR, et al.', 2022)), []);
    assert.deepEqual(check(shortened('Paluch AE, et al.', 2021)), [], 'online first, a year before print');
    // The main title alone does not name the work without its author and year.
    for (const [authors, year] of [['Smith J, Jones K.', 2022], ['Paluch AE, et al.', 2015]] as const) {
      assert.match(check(shortened(authors, year)).join(' '), /matches no record in the curated list/, `${authors} ${year}`);
    }
    // A footnote that names the work the same way resolves to it.
    const footnote = `Taking more daily steps is linked to lower all-cause mortality.[^1]\n\n[^1]: ${shortened('Paluch AE, et al.', 2022)}\n`;
    assert.deepEqual(
      lint(footnote).model.citations.map((c) => c.record?.id),
      ['paluch2022daily'],
    );
  });

  it('offers a rewrite from the record in the entry’s own style, and the rewrite passes', () => {
    const text = '# Notes\n\nMuscle secretes myokines [1].\n\n## References\n\n1. Pedersen BK, Febbraio MA. Muscles, exercise and obesity: skeletal muscle as a secretory organ. Nat Med. 2012;8(8):457-65.\n';
    const f = lint(text).findings.find((x) => x.code === 'uncurated-reference')!;
    assert.equal(f.fixes![0].title, 'Rewrite the entry from the curated record (Vancouver style)');
    const e = f.fixes![0].edits[0];
    const fixed = text.slice(0, e.start) + e.newText + text.slice(e.end);
    assert.ok(fixed.includes('1. Pedersen BK, Febbraio MA. Muscles, exercise and obesity: skeletal muscle as a secretory organ. Nat Rev Endocrinol. 2012;8(8):457-465.'), fixed);
    assert.deepEqual(lint(fixed).findings.filter((x) => x.code === 'uncurated-reference'), []);
  });
});

describe('reference sections as they are found', () => {
  it('accepts a plain, bold or colon "References" line, glued onto the paragraph before it', () => {
    for (const label of ['References', '**References**', 'Sources:', 'works cited', 'Bibliography']) {
      const text = `Walking helps.\n${label}\n- Richter, E. A., & Hargreaves, M. (2013). Exercise, GLUT4, and skeletal muscle glucose uptake. Physiological Reviews, 93(3), 993–1017.\n- Smith, L. (2018). A guide. Journal of Everyday Fitness, 12(2), 45–61.\n`;
      const { findings } = lint(text);
      assert.deepEqual(findings.filter((f) => f.code === 'uncurated-reference').length, 1, `${label}: ${JSON.stringify(findings.map((f) => f.code))}`);
      assert.ok(!findings.some((f) => f.code === 'uncited-claim' && text.slice(f.start, f.end).includes('Hargreaves')), label);
    }
  });

  it('ends an entry at its own line: the next section’s lines glued onto the last item are prose again', () => {
    const lines = findReferenceLines([
      { text: 'Intro.\nReferences', kind: 'paragraph', underHeading: false },
      { text: 'Smith, L. (2018). A guide. Journal of Everyday Fitness, 12(2), 45–61.\nKey Signals\nContraction moves GLUT4 to the cell surface.', kind: 'paragraph', underHeading: false },
    ]);
    assert.deepEqual(lines[1], [{ from: 0, to: 69, kind: 'entry' }]);
  });

  it('finds a trailing run of entries with no heading, and not a single stray line', () => {
    const run = findReferenceLines([
      { text: 'Walking helps.', kind: 'paragraph', underHeading: false },
      { text: 'Richter EA, Hargreaves M. Exercise, GLUT4, and skeletal muscle glucose uptake. Physiol Rev. 2013;93(3):993-1017.\nKodama S, et al. Cardiorespiratory fitness. JAMA. 2009;301(19):2024-35.', kind: 'paragraph', underHeading: false },
    ]);
    assert.equal(run[1].length, 2);
    const single = findReferenceLines([{ text: 'Smith, L. (2018). A guide. Journal of Everyday Fitness, 12(2), 45–61.', kind: 'paragraph', underHeading: false }]);
    assert.deepEqual(single[0], []);
  });

  it('tells entries from prose', () => {
    assert.ok(looksLikeEntry('Richter, E. A. & Hargreaves, M. "Exercise, GLUT4, and skeletal muscle glucose uptake." Physiological Reviews, 93(3), 993-1017.'));
    assert.ok(looksLikeEntry('https://doi.org/10.1152/physrev.00038.2012'));
    assert.ok(!looksLikeEntry('In 2013, a review found that exercise raises glucose uptake.'));
    assert.ok(!looksLikeEntry('Walking after meals lowers the rise in blood sugar by about a third.'));
  });
});

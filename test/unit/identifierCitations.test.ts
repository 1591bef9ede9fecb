import assert from 'node:assert/strict';
import { lint, options } from '../support/lint';

// An identifier written out in a sentence — "(doi:10.1016/…)", "(PMID: 35247352)", "(PMCID:
// PMC9289978)" — cites what it identifies, as a doi.org or PubMed link to it does: such a
// sentence was an uncited claim and its identifier was never checked against the curated list.

const o = options();
const STEPS = 'Taking more daily steps is linked to lower all-cause mortality';
// paluch2022daily in the curated list: its DOI, PMID and PMCID.
const DOI = '10.1016/S2468-2667(21)00302-9';

/** Each citation of the document: its text as written, and the record it resolves to (or "unknown"). */
function cited(text: string): string[] {
  return lint(text, o).model.citations.map((c) => `${c.placed.block.text.slice(c.item.start, c.item.end)} → ${c.record?.id ?? 'unknown'}`);
}

function codes(text: string): string[] {
  return lint(text, o).findings.map((f) => `${f.code} ${JSON.stringify(text.slice(f.start, f.end))}`);
}

describe('identifiers written out as citations', () => {
  it('a DOI, PMID or PMCID in a sentence cites its record, written every usual way', () => {
    for (const [written, asCited] of [
      [`(doi:${DOI})`, `doi:${DOI}`],
      [`(DOI: ${DOI})`, `DOI: ${DOI}`],
      [`(see doi ${DOI}).`, `doi ${DOI}`],
      ['(PMID: 35247352)', 'PMID: 35247352'],
      ['(PMID 35247352)', 'PMID 35247352'],
      ['(PMCID: PMC9289978)', 'PMCID: PMC9289978'],
      ['(pmc9289978)', 'pmc9289978'],
    ]) {
      const text = `${STEPS} ${written}\n`;
      assert.deepEqual(cited(text), [`${asCited} → paluch2022daily`], text);
      assert.deepEqual(codes(text), [], text);
    }
  });

  it('an identifier not in the curated list is an unknown citation, reported on the identifier', () => {
    const text = `${STEPS} (PMID 12345678; doi:10.9999/walk.2020.1).\n`;
    assert.deepEqual(cited(text), ['PMID 12345678 → unknown', 'doi:10.9999/walk.2020.1 → unknown']);
    assert.deepEqual(
      codes(text).map((c) => c.split(' ').slice(0, 3).join(' ')),
      ['unknown-citation "PMID 12345678"', 'unknown-citation "doi:10.9999/walk.2020.1"'],
    );
  });

  it('one in a link to it is the link’s citation, not a second one; words and numbers that are not identifiers cite nothing', () => {
    assert.deepEqual(cited(`${STEPS} ([doi:${DOI}](https://doi.org/${DOI})).\n`), [`doi:${DOI} → paluch2022daily`]);
    for (const text of [
      'The DOI prefix 10.1000 belongs to the DOI Foundation.\n',
      'A doi is a name for a document, and PMID stands for PubMed identifier.\n',
      'Our PMC2 trial and the pmidline app are products, not papers.\n',
    ]) {
      assert.deepEqual(cited(text), [], text);
    }
  });

  it('an identifier in a References entry belongs to the entry, not to the prose', () => {
    const text = `${STEPS} [1].\n\n## References\n\n1. Paluch AE, Bajpai S, Bassett DR, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. Lancet Public Health. 2022;7(3):e219-e228. doi:${DOI}\n`;
    assert.deepEqual(cited(text), ['[1] → paluch2022daily']);
  });
});

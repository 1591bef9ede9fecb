import assert from 'node:assert/strict';
import type { CitationLibrary, CuratedRecord } from '../../server/src/core/citations/library';
import { recordByTitle, titleContainment, titleWords } from '../../server/src/core/citations/referenceList';
import { allArticles } from '../support/fixtures';
import { bundledLibrary } from '../support/lint';

/** What recordByTitle answers by definition: every record read, in the list's order. */
function byReadingEveryRecord(text: string, library: CitationLibrary): CuratedRecord | undefined {
  const words = new Set(titleWords(text));
  let best: CuratedRecord | undefined;
  let bestScore = 0;
  for (const r of library.records) {
    const rw = titleWords(r.item.title);
    if (rw.length < 2) continue;
    const s = titleContainment(rw, words);
    if (s >= 0.85 && (s > bestScore || (s === bestScore && best && rw.length > titleWords(best.item.title).length))) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

describe('recordByTitle: the record whose title an entry reproduces, found from an index of title words', () => {
  it('answers as reading every record would, on titles whole, cut, padded and run together, and on every line of the articles', () => {
    const library = bundledLibrary();
    const titles = library.records.map((r) => r.item.title);
    const texts: string[] = [];
    titles.forEach((title, i) => {
      const words = title.split(/\s+/);
      texts.push(
        title,
        title.toUpperCase(),
        `Smith J, Jones K. ${title}. J Health. 2020;12(3):45-67.`,
        words.slice(1).join(' '), // one word short: below the threshold for most
        words.slice(0, -1).join(' '),
        words.filter((_, k) => k % 7 !== 3).join(' '),
        `${title} ${titles[(i + 1) % titles.length]}`, // two titles: the longer contained one wins
        `${titles[(i + 7) % titles.length]} and ${title}`,
      );
    });
    for (const { text } of allArticles()) texts.push(...text.split('\n'));
    assert.ok(texts.length > 2000, `${texts.length} texts`);
    let matched = 0;
    for (const text of texts) {
      const expected = byReadingEveryRecord(text, library);
      assert.equal(recordByTitle(text, library)?.id, expected?.id, text);
      if (expected) matched++;
    }
    assert.ok(matched > library.records.length, `${matched} texts matched a record`);
  });
});

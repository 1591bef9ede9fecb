import assert from 'node:assert/strict';
import { foldJournal, journalNames, otherCuratedJournal } from '../../server/src/core/citations/entryFields';
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

/** The other curated journal an entry names, as found when every record's journals were read for every entry. */
function otherJournalByReadingEveryRecord(folded: string, titleFolded: string, own: string[], library: CitationLibrary): string | undefined {
  const names = (f: string, j: string) => j.length > 0 && ` ${f} `.includes(` ${j} `);
  const others = new Map<string, string>();
  for (const r of library.records) {
    const full = r.item['container-title'];
    if (!full) continue;
    for (const n of journalNames(r)) if (n.length > 3 && !own.includes(n)) others.set(n, full);
  }
  for (const [n, full] of [...others].sort((a, b) => b[0].length - a[0].length)) if (names(folded, n) && !names(titleFolded, n)) return full;
  return undefined;
}

describe('otherCuratedJournal (wrongJournal): another curated journal named in an entry, from a list built once per library', () => {
  it('names the journal that reading every record would, for entries naming their own, another or no journal', () => {
    const library = bundledLibrary();
    const records = library.records;
    const journals = records.flatMap((r) => [r.item['container-title'], r.item['container-title-short'] as string | undefined].filter((x): x is string => !!x));
    assert.ok(journals.length > 100, `${journals.length} journal names`);
    let named = 0;
    records.forEach((record, i) => {
      // No volume after the journal: the entry is judged by the journal names it contains.
      const texts = [
        `Smith J. ${record.item.title}. ${record.item['container-title'] ?? ''}`,
        `Smith J. ${record.item.title}. ${journals[(i * 7) % journals.length]}`,
        `Smith J. ${record.item.title}. Published in ${journals[(i * 13 + 5) % journals.length]} and ${journals[(i * 3 + 1) % journals.length]}`,
        `Smith J. ${record.item.title}`,
      ];
      const own = journalNames(record);
      const titleFolded = foldJournal(record.item.title);
      for (const text of texts) {
        const expected = otherJournalByReadingEveryRecord(foldJournal(text), titleFolded, own, library);
        const actual = otherCuratedJournal(foldJournal(text), titleFolded, own, library);
        assert.equal(actual, expected, `${record.id}: ${text}`);
        if (expected) named++;
      }
    });
    assert.ok(named > 100, `${named} entries named another journal`);
  });
});

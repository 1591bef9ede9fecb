import assert from 'node:assert/strict';
import { indexRecords, type CitationLibrary } from '../../server/src/core/citations/library';
import { suggestCitations } from '../../server/src/core/citations/suggest';
import { rememberTermLookups } from '../../server/src/core/citations/termMemo';
import { articleSentences, bundledGlossary } from '../support/fixtures';
import { bundledLibrary } from '../support/lint';

describe('rememberTermLookups: the curated index remembers each term\'s prefix and fuzzy matches', () => {
  const sentences = articleSentences();

  it('is installed on MiniSearch\'s term index (an upgrade that moves it fails here)', () => {
    assert.equal(rememberTermLookups(indexRecords(bundledLibrary().records)), true);
  });

  it('ranks exactly as an index without it, on every sentence of the project\'s articles, asked twice', () => {
    assert.ok(sentences.length > 500, `${sentences.length} sentences`);
    // A copy of the library: suggestCitations also remembers whole rankings per library
    // object, so a library no test has asked yet answers its first call from the index.
    const library: CitationLibrary = { ...bundledLibrary() };
    const remembering = library.search;
    const plain: CitationLibrary = { ...library, search: indexRecords(library.records) };
    const glossary = bundledGlossary();
    const ranked = (lib: CitationLibrary, sentence: string) => suggestCitations(sentence, lib, glossary, lib.records.length).map((s) => [s.record.id, s.score]);
    let compared = 0;
    for (const sentence of sentences) {
      const expected = ranked(plain, sentence);
      // Twice: the second answer comes from what the first remembered.
      assert.deepStrictEqual(ranked(library, sentence), expected, sentence);
      assert.deepStrictEqual(ranked(library, sentence), expected, `${sentence} (again)`);
      if (expected.length > 0) compared++;
    }
    assert.ok(compared > 500, `${compared} sentences with suggestions`);
    assert.equal(library.search, remembering);
  });

  it('gives every caller its own copy of the fuzzy matches (MiniSearch deletes from them)', () => {
    const search = indexRecords(bundledLibrary().records);
    rememberTermLookups(search);
    const index = (search as unknown as { _index: { fuzzyGet(key: string, d: number): Map<string, unknown> } })._index;
    const first = index.fuzzyGet('insulinn', 2);
    assert.ok(first.size > 0);
    const size = first.size;
    first.clear();
    assert.equal(index.fuzzyGet('insulinn', 2).size, size);
  });
});

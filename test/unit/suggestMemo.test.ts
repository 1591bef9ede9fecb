import assert from 'node:assert/strict';
import type { CitationLibrary } from '../../server/src/core/citations/library';
import { suggestCitations } from '../../server/src/core/citations/suggest';
import { articleSentences, bundledGlossary } from '../support/fixtures';
import { bundledLibrary } from '../support/lint';

// A cited sentence is ranked for its fit, then again for better matches; an unknown citation's
// sentence for alternatives: suggestCitations remembers a ranking asked without a context, per
// library and glossary, and answers every limit from it.
describe('suggestCitations remembers rankings asked without a context', () => {
  const sentences = articleSentences();
  // A copy of the bundled library is a library nothing has been ranked against yet.
  const fresh = (): CitationLibrary => ({ ...bundledLibrary() });
  const glossary = bundledGlossary();
  const ranked = (lib: CitationLibrary, sentence: string, limit: number, withGlossary = true) =>
    suggestCitations(sentence, lib, withGlossary ? glossary : undefined, limit).map((s) => [s.record.id, s.score]);

  it('answers as a fresh ranking, for a short limit and then the whole list, on every sentence of the articles', () => {
    assert.ok(sentences.length > 500, `${sentences.length} sentences`);
    const remembering = fresh();
    const all = remembering.records.length;
    let compared = 0;
    for (const sentence of sentences) {
      const expected = ranked(fresh(), sentence, all);
      assert.deepStrictEqual(ranked(remembering, sentence, 3), expected.slice(0, 3), sentence);
      assert.deepStrictEqual(ranked(remembering, sentence, all), expected, `${sentence} (the whole list, remembered)`);
      if (expected.length > 3) compared++;
    }
    assert.ok(compared > 300, `${compared} sentences with more than three suggestions`);
  });

  it('ranks again with another glossary, and never remembers a ranking asked with a context', () => {
    const remembering = fresh();
    const all = remembering.records.length;
    // Glossary terms weigh most: somewhere in the articles, a ranking without them differs.
    const differs = sentences.filter((s) => JSON.stringify(ranked(remembering, s, all)) !== JSON.stringify(ranked(remembering, s, all, false)));
    assert.ok(differs.length > 10, `${differs.length} sentences ranked otherwise without the glossary`);
    for (const s of differs) {
      assert.deepStrictEqual(ranked(remembering, s, all, false), ranked(fresh(), s, all, false), s);
      assert.deepStrictEqual(ranked(remembering, s, all), ranked(fresh(), s, all), `${s} (with the glossary again)`);
    }
    // A record cited elsewhere in the document ranks higher: the context changes the answer.
    const sentence = differs[0];
    const plain = suggestCitations(sentence, remembering, glossary, all);
    const last = plain[plain.length - 1].record.id;
    const withContext = suggestCitations(sentence, remembering, glossary, all, { citedElsewhere: new Set([last]) });
    assert.notDeepStrictEqual(withContext.map((s) => s.score), plain.map((s) => s.score));
    assert.deepStrictEqual(suggestCitations(sentence, remembering, glossary, all).map((s) => [s.record.id, s.score]), plain.map((s) => [s.record.id, s.score]));
  });
});

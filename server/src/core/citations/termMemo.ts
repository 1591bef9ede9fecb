import type MiniSearch from 'minisearch';

/**
 * Remembers, per query term, which indexed terms it reaches by prefix and by fuzzy match, for
 * an index that no longer changes (the curated list's, built once).
 *
 * Why: a suggestion query is a sentence's twenty-odd words, and every one of them walks
 * MiniSearch's radix tree for its prefix and fuzzy matches (the fuzzy walk with up to two
 * edits). A document's sentences share most of their words, so the same walks ran over and
 * over: in development profiles of a 1.2 MB article, they were most of the time its
 * suggestions and citation fits took. The walks depend only on the term and the index, so
 * their answers are kept; the scoring that MiniSearch does with them (BM25, boosts, the
 * weight of each match) is untouched and runs as before.
 *
 * MiniSearch 7 has no public hook for this: the lookups are `atPrefix` and `fuzzyGet` of its
 * term index (`_index`, a SearchableMap), called only by its per-term query. When that index is
 * not where this expects it (another MiniSearch version), nothing is changed and `false` is
 * returned; a test fails then, and checks that the answers equal those of an index without the
 * memo.
 */
export function rememberTermLookups(search: MiniSearch): boolean {
  const index = (search as unknown as { _index?: TermIndex })._index;
  if (!index || typeof index.atPrefix !== 'function' || typeof index.fuzzyGet !== 'function') return false;
  const atPrefix = index.atPrefix.bind(index);
  const fuzzyGet = index.fuzzyGet.bind(index);
  const prefixes = new Map<string, Array<[string, unknown]>>();
  const fuzzy = new Map<string, Map<string, unknown>>();
  // Only iterated by the caller: the entries, in the index's order.
  index.atPrefix = (prefix: string) => {
    if (prefixes.size >= MAX_TERMS) prefixes.clear(); // a long-running server meets new words forever
    let entries = prefixes.get(prefix);
    if (!entries) prefixes.set(prefix, (entries = [...atPrefix(prefix)]));
    return entries;
  };
  // The caller deletes from what it gets (a prefix match is scored once): a copy each time.
  index.fuzzyGet = (key: string, maxEditDistance: number) => {
    const memo = `${maxEditDistance}\u0000${key}`;
    if (fuzzy.size >= MAX_TERMS) fuzzy.clear();
    let matches = fuzzy.get(memo);
    if (!matches) fuzzy.set(memo, (matches = fuzzyGet(key, maxEditDistance)));
    return new Map(matches);
  };
  return true;
}

/** A document's vocabulary is a few thousand words; this many is many documents' worth. */
const MAX_TERMS = 50_000;

interface TermIndex {
  atPrefix(prefix: string): Iterable<[string, unknown]>;
  fuzzyGet(key: string, maxEditDistance: number): Map<string, unknown>;
}

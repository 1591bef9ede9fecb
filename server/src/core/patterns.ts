// Compiling the word-list patterns of the data files (claim lexicon, overclaims).

/**
 * A case-insensitive pattern, in Unicode mode only when it needs it (`\p{…}`, `\u{…}`): V8
 * runs word-list alternations faster without the `u` flag, and for these ASCII word lists the
 * matches are the same (checked on the labelled corpus).
 */
export function caseless(source: string, flags = ''): RegExp {
  return new RegExp(source, `${flags}i${/\\[pPu]\{/.test(source) ? 'u' : ''}`);
}

// Compiling the word-list patterns of the data files (claim lexicon, overclaims).

/**
 * A case-insensitive pattern, in Unicode mode only when it needs it (`\p{…}`, `\u{…}`): V8
 * runs word-list alternations faster without the `u` flag, and for these ASCII word lists the
 * matches are the same (checked on the labelled corpus).
 */
export function caseless(source: string, flags = ''): RegExp {
  return new RegExp(source, `${flags}i${/\\[pPu]\{/.test(source) ? 'u' : ''}`);
}

/**
 * A text as the word-list patterns read it: each line break (LF, CR or CRLF) as one space. A
 * soft break inside a sentence is a space to its reader, and the patterns write theirs as
 * spaces ("boosts your immune system"), so a hard-wrapped sentence must match as it does on
 * one line. `at` maps an offset in `line` back to `text` (a match's start or end): only a
 * CRLF, read as one space, makes `line` shorter.
 */
export interface OneLine {
  line: string;
  at(offset: number): number;
}

const unchanged = (offset: number) => offset;

export function asOneLine(text: string): OneLine {
  if (!text.includes('\r')) return { line: text.includes('\n') ? text.replace(/\n/g, ' ') : text, at: unchanged };
  // Where each CRLF's space stands in `line`, in order: each one before an offset moves it
  // one further in `text` (the break's second character).
  const crlf: number[] = [];
  let line = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\r' && text[i + 1] === '\n') {
      crlf.push(line.length);
      i++;
    }
    line += c === '\r' || c === '\n' ? ' ' : c;
  }
  return {
    line,
    at: (offset) => {
      let n = 0;
      while (n < crlf.length && crlf[n] < offset) n++;
      return offset + n;
    },
  };
}

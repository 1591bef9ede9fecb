/**
 * Word tokens for term matching. Letters and digits form tokens, split where letters meet
 * digits, so "GLUT4", "GLUT-4" and "GLUT 4" all read as [GLUT][4] and "VO2max" as [VO][2][max].
 */
export interface Token {
  start: number;
  end: number;
  /** Original text. */
  raw: string;
  /** Lower-cased, NFKC-normalised ("₂" → "2"). */
  norm: string;
  /** No character separates this token from the previous one: it continues the same word. */
  joined: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const LETTER = /\p{L}/u;
const MARK = /\p{M}/u;

export function normalizeToken(raw: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(raw) ? raw.toLowerCase() : raw.normalize('NFKC').toLowerCase();
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const base = m.index!;
    let s = 0;
    for (let i = 1; i <= word.length; i++) {
      if (i === word.length || isLetterClass(word[i]) !== isLetterClass(word[i - 1])) {
        // Keep combining marks with their letter; split only letter↔digit.
        if (i < word.length && word.charCodeAt(i) >= 128 && MARK.test(word[i])) continue;
        const raw = word.slice(s, i);
        const start = base + s;
        tokens.push({ start, end: base + i, raw, norm: normalizeToken(raw), joined: start === previousEnd });
        previousEnd = base + i;
        s = i;
      }
    }
  }
  return tokens;
}

function isLetterClass(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER.test(c) || MARK.test(c);
}

/**
 * White space (soft line breaks included), one hyphen/dash or an apostrophe ("Alzheimer's
 * disease") may join the words of a term.
 */
export function isTermSeparator(text: string, from: number, to: number): boolean {
  let hyphens = 0;
  let apostrophes = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '-' || c === '‐' || c === '‑' || c === '–') {
      if (++hyphens > 1) return false;
    } else if (c === "'" || c === '’') {
      if (++apostrophes > 1) return false;
    } else if (!(c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0')) {
      return false;
    }
  }
  return true;
}

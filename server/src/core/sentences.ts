/**
 * Sentence boundaries inside a prose block. A single linear scan with rules for the
 * punctuation health writing is full of: abbreviations ("e.g.", "vs.", "et al."), initials
 * ("Holloszy, J. O."), decimals ("0.5 mmol/L"), and citation markers that follow the full
 * stop ("… uptake.[3] Next", "… uptake. [@key] Next").
 */
export interface SentenceSpan {
  /** Prose indices [start, end), trimmed of white space. */
  start: number;
  end: number;
}

/** Words whose trailing full stop never ends a sentence. */
const ABBREVIATIONS = new Set(
  [
    'e.g', 'i.e', 'vs', 'cf', 'al', 'approx', 'ca', 'dr', 'mr', 'mrs', 'ms', 'prof', 'fig', 'figs', 'no', 'nos', 'st',
    'eq', 'eqs', 'vol', 'vols', 'pp', 'p', 'jr', 'sr', 'resp', 'incl', 'ed', 'eds', 'ref', 'refs', 'viz', 'est', 'min',
    'max', 'sec', 'hr', 'hrs', 'wk', 'wks', 'mo', 'mos', 'yr', 'yrs', 'dept', 'univ', 'jan', 'feb', 'mar', 'apr', 'jun',
    'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'ch', 'sect', 'suppl', 'vs.', 'u.s', 'u.k', 'a.m', 'p.m',
  ],
);
/** Words after which a single capital letter is a name, not an initial ("vitamin D."). */
const LETTER_NAMES = new Set(['vitamin', 'type', 'group', 'class', 'stage', 'grade', 'phase', 'hepatitis', 'plan', 'point', 'zone', 'option', 'size', 'section', 'appendix', 'table', 'figure', 'part']);

const CLOSERS = '"\'”’)]*_';
const OPENERS = '"\'“‘([*_¿¡';

function isUpper(c: string): boolean {
  return c !== c.toLowerCase() && c === c.toUpperCase();
}
function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}
function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';
}

/** Length of a citation marker starting at i ("[3]", "[1, 2]", "[@key]", "^3^"), else 0. */
function citationMarkerLength(text: string, i: number): number {
  const rest = text.slice(i, i + 200);
  const m = /^(?:\[(?:-?@[^\]\n]+|\d+(?:\s*[-–,]\s*\d+)*)\]|\^\d+(?:,\d+)*\^|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)/.exec(rest);
  return m ? m[0].length : 0;
}

function wordBefore(text: string, dot: number): string {
  let s = dot;
  while (s > 0 && !isSpace(text[s - 1]) && text[s - 1] !== '(' && text[s - 1] !== '[') s--;
  return text.slice(s, dot);
}

/**
 * The run of non-white-space before `end`, white space before `end` skipped (what `\S+$` finds
 * in the trimmed text before it), found by scanning back from `end`: copying and searching all
 * the text before it made a paragraph of initials quadratic.
 */
function previousWord(text: string, end: number): string {
  let e = end;
  while (e > 0 && WHITE_SPACE.test(text[e - 1])) e--;
  let s = e;
  while (s > 0 && !WHITE_SPACE.test(text[s - 1])) s--;
  return text.slice(s, e);
}
const WHITE_SPACE = /\s/;

function isBoundary(text: string, dot: number): boolean {
  const c = text[dot];
  if (c !== '.') return true; // ! ? … end sentences when followed by a capital
  const word = wordBefore(text, dot);
  const bare = word.replace(/^[("'“‘[]+/, '');
  const lower = bare.toLowerCase();
  if (ABBREVIATIONS.has(lower)) return false;
  if (/^(?:[a-z]\.)+[a-z]$/i.test(bare)) return false; // e.g, i.e, U.S
  if (/^[A-Z]$/.test(bare)) {
    // A single capital: an initial unless it names something ("vitamin D.").
    return LETTER_NAMES.has(previousWord(text, dot - word.length).toLowerCase());
  }
  return true;
}

export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c !== '.' && c !== '!' && c !== '?' && c !== '…') continue;
    let j = i + 1;
    while (j < n && (text[j] === '.' || text[j] === '!' || text[j] === '?')) j++;
    // Every stop of a run ("?!", "...") sees the same text after the run: when that text rules
    // out a boundary, it does so for all of them, and the scan goes on after the run (looking
    // at each stop again made a long run quadratic).
    const runEnd = j;
    while (j < n && CLOSERS.includes(text[j])) j++;
    // A citation marker right after the stop belongs to this sentence.
    let marker = citationMarkerLength(text, j);
    if (marker === 0) {
      let k = j;
      while (k < n && text[k] === ' ') k++;
      const m = k > j ? citationMarkerLength(text, k) : 0;
      if (m > 0 && text[k] === '[') {
        j = k;
        marker = m;
      }
    }
    j += marker;
    if (j >= n) break;
    if (!isSpace(text[j])) {
      i = runEnd - 1;
      continue;
    }
    let k = j;
    while (k < n && isSpace(text[k])) k++;
    if (k >= n) break;
    let first = k;
    while (first < n && OPENERS.includes(text[first])) first++;
    const next = text[first] ?? '';
    if (!(isUpper(next) || isDigit(next) || (next === '@' && text[first - 1] !== '['))) {
      i = runEnd - 1;
      continue;
    }
    if (!isBoundary(text, i)) continue;
    pushTrimmed(spans, text, start, j);
    start = k;
    i = k - 1;
  }
  pushTrimmed(spans, text, start, n);
  return spans;
}

function pushTrimmed(spans: SentenceSpan[], text: string, start: number, end: number): void {
  while (start < end && isSpace(text[start])) start++;
  while (end > start && isSpace(text[end - 1])) end--;
  if (end > start) spans.push({ start, end });
}

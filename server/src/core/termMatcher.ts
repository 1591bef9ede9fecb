import { isTermSeparator, tokenize, type Token } from './tokens';
import type { GlossaryEntry, GlossarySenses } from './glossary';

/** One occurrence of a glossary term in a prose block. */
export interface TermMatch {
  entry: GlossaryEntry;
  /** Prose indices [start, end). */
  start: number;
  end: number;
  /** The alias (or term) that matched, as written in the glossary. */
  alias: string;
}

interface Terminal {
  entry: GlossaryEntry;
  alias: string;
  /** Per token: the exact spelling required, or undefined where case does not matter. */
  exact: (string | undefined)[];
  /** Priority among entries sharing the same key: the term itself beats an alias. */
  isTerm: boolean;
  /** Every token with letters is a capitalised abbreviation (MET, IL-6, GLUT4): never matched in shouted text. */
  acronym: boolean;
  /** The entry's sense rules, when they apply to this name. */
  senses?: CompiledSenses;
  /** The name ends in a bracket ("lipoprotein(a)"): the match takes the closing bracket too. */
  closesBracket?: boolean;
}

interface TrieNode {
  next?: Map<string, TrieNode>;
  terminals?: Terminal[];
}

export interface TermMatcher {
  /** All non-overlapping glossary matches in a text, longest first at each position. */
  match(text: string): TermMatch[];
  readonly size: number;
}

/** Irregular plurals common in physiology; regular ones are derived. */
const IRREGULAR_PLURALS: Record<string, string> = {
  mitochondrion: 'mitochondria', bacterium: 'bacteria', stimulus: 'stimuli', analysis: 'analyses',
  diagnosis: 'diagnoses', hypothesis: 'hypotheses', criterion: 'criteria', phenomenon: 'phenomena',
  nucleus: 'nuclei', fungus: 'fungi', vertebra: 'vertebrae', ganglion: 'ganglia', foot: 'feet', tooth: 'teeth',
  child: 'children', person: 'people', woman: 'women', man: 'men', meta: 'meta', series: 'series', species: 'species',
  index: 'indices', matrix: 'matrices', appendix: 'appendices', thrombus: 'thrombi', embolus: 'emboli', villus: 'villi',
  alveolus: 'alveoli', bronchus: 'bronchi', lumen: 'lumina', adipocyte: 'adipocytes', sarcoma: 'sarcomas',
};
const IRREGULAR_SINGULARS = Object.fromEntries(Object.entries(IRREGULAR_PLURALS).map(([s, p]) => [p, s]));

/** Number forms of a lower-case word: the word, its plural and, for a plural, its singular. */
export function numberForms(word: string): string[] {
  const forms = new Set([word]);
  if (!/^[a-z\u00c0-\u024f\u0370-\u03ff]+$/.test(word) || word.length < 3) return [...forms];
  if (IRREGULAR_PLURALS[word]) forms.add(IRREGULAR_PLURALS[word]);
  if (IRREGULAR_SINGULARS[word]) forms.add(IRREGULAR_SINGULARS[word]);
  if (/[^aeiou]y$/.test(word)) forms.add(word.slice(0, -1) + 'ies');
  else if (/(s|x|z|ch|sh)$/.test(word)) forms.add(word + 'es');
  else forms.add(word + 's');
  if (word.endsWith('ies') && word.length > 4) forms.add(word.slice(0, -3) + 'y');
  else if (/(ses|xes|zes|ches|shes)$/.test(word)) forms.add(word.slice(0, -2));
  else if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) forms.add(word.slice(0, -1));
  return [...forms];
}

/** Acronyms and mixed-case names (ATP, HbA1c, mTOR) must match as written. */
function isCaseSensitiveToken(raw: string, entry: GlossaryEntry): boolean {
  if (entry.caseSensitive) return /\p{L}/u.test(raw);
  const capitals = raw.match(/\p{Lu}/gu)?.length ?? 0;
  if (capitals >= 2) return true;
  // mTOR, iPSC: a capital after the first character.
  return capitals === 1 && raw.length > 1 && /\p{Lu}/u.test(raw.slice(1));
}

// ---------------------------------------------------------------------------------------------
// Senses: context rules that rule a match out (notAfter, notBefore, notWithin) or require
// context (requireNearby). Every check looks at a bounded number of tokens around one
// candidate, so matching stays linear in the text.

/** How many tokens on each side `requireNearby` looks at. */
export const NEARBY_WINDOW = 25;

/** One phrase token: its accepted norms (number forms included), or null for "any number". */
type PhraseToken = Set<string> | null;
type Phrase = PhraseToken[];

interface CompiledSenses {
  /** Keyed by every form of the phrase's last token ('#' for a number). */
  notAfter?: Map<string, Phrase[]>;
  /** Keyed by every form of the phrase's first token. */
  notBefore?: Map<string, Phrase[]>;
  notWithin?: Phrase[];
  /** Keyed by every form of the phrase's first token. */
  nearby?: Map<string, Phrase[]>;
}

const NUMBER_KEY = '#';
const isNumberToken = (t: Token) => /^\p{Nd}+$/u.test(t.norm);

function compilePhrase(text: string): Phrase | undefined {
  if (text.trim() === NUMBER_KEY) return [null];
  const tokens = tokenize(text);
  if (tokens.length === 0) return undefined;
  return tokens.map((t) => (t.raw === NUMBER_KEY ? null : new Set(numberForms(t.norm))));
}

function keysOf(pt: PhraseToken): Iterable<string> {
  return pt === null ? [NUMBER_KEY] : pt;
}

function indexPhrases(list: string[] | undefined, at: 'first' | 'last'): Map<string, Phrase[]> | undefined {
  if (!list || list.length === 0) return undefined;
  const map = new Map<string, Phrase[]>();
  for (const text of list) {
    const phrase = compilePhrase(text);
    if (!phrase) continue;
    for (const key of keysOf(at === 'first' ? phrase[0] : phrase[phrase.length - 1])) {
      const bucket = map.get(key);
      if (bucket) bucket.push(phrase);
      else map.set(key, [phrase]);
    }
  }
  return map;
}

function compileSenses(senses: GlossarySenses | undefined): CompiledSenses | undefined {
  if (!senses) return undefined;
  const compiled: CompiledSenses = {
    notAfter: indexPhrases(senses.notAfter, 'last'),
    notBefore: indexPhrases(senses.notBefore, 'first'),
    notWithin: senses.notWithin?.map(compilePhrase).filter((p): p is Phrase => p !== undefined),
    nearby: indexPhrases(senses.requireNearby, 'first'),
  };
  if (compiled.notWithin?.length === 0) compiled.notWithin = undefined;
  return compiled.notAfter || compiled.notBefore || compiled.notWithin || compiled.nearby ? compiled : undefined;
}

/**
 * Characters that may stand between a sense phrase and the match: white space (one line break
 * at most), hyphens and dashes, apostrophes and % + & * _. Commas, full stops, colons and
 * brackets end the phrase.
 */
function isAdjacentGap(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '\n') {
      if (++newlines > 1) return false;
    } else if (!' \t\r\u00a0-‐‑–—\'’%+&*_'.includes(c)) {
      return false;
    }
  }
  return true;
}

function adjacent(text: string, tokens: Token[], k: number): boolean {
  return tokens[k].joined || isAdjacentGap(text, tokens[k - 1].end, tokens[k].start);
}

function tokenFits(pt: PhraseToken, t: Token): boolean {
  return pt === null ? isNumberToken(t) : pt.has(t.norm);
}

/** The phrase spells tokens[s..], as whole words joined only by adjacent gaps. */
function phraseAt(phrase: Phrase, text: string, tokens: Token[], s: number): boolean {
  const last = s + phrase.length - 1;
  if (s < 0 || last >= tokens.length) return false;
  // Whole words only: the "2" of "VO2" is not a number of its own.
  if (tokens[s].joined || (last + 1 < tokens.length && tokens[last + 1].joined)) return false;
  for (let k = 0; k < phrase.length; k++) {
    if (!tokenFits(phrase[k], tokens[s + k])) return false;
    if (k > 0 && !adjacent(text, tokens, s + k)) return false;
  }
  return true;
}

function lookup(map: Map<string, Phrase[]> | undefined, t: Token): Phrase[] | undefined {
  if (!map) return undefined;
  const words = map.get(t.norm);
  const numbers = isNumberToken(t) ? map.get(NUMBER_KEY) : undefined;
  return words && numbers ? [...words, ...numbers] : (words ?? numbers);
}

/** Whether the senses allow a match of tokens [i, e]. */
function sensesAllow(s: CompiledSenses, text: string, tokens: Token[], i: number, e: number): boolean {
  if (s.notAfter && i > 0 && adjacent(text, tokens, i)) {
    for (const p of lookup(s.notAfter, tokens[i - 1]) ?? []) if (phraseAt(p, text, tokens, i - p.length)) return false;
  }
  if (s.notBefore && e + 1 < tokens.length && adjacent(text, tokens, e + 1)) {
    for (const p of lookup(s.notBefore, tokens[e + 1]) ?? []) if (phraseAt(p, text, tokens, e + 1)) return false;
  }
  if (s.notWithin) {
    for (const p of s.notWithin) {
      // Every placement of the phrase that covers the whole match.
      for (let start = Math.max(0, e - p.length + 1); start <= i; start++) {
        if (phraseAt(p, text, tokens, start)) return false;
      }
    }
  }
  if (s.nearby) {
    const lo = Math.max(0, i - NEARBY_WINDOW);
    const hi = Math.min(tokens.length - 1, e + NEARBY_WINDOW);
    let found = false;
    for (let k = lo; k <= hi && !found; k++) {
      if (k >= i && k <= e) continue;
      for (const p of lookup(s.nearby, tokens[k]) ?? []) {
        if (phraseAt(p, text, tokens, k)) {
          found = true;
          break;
        }
      }
    }
    if (!found) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Shouted text: "GOALS MET" is not about metabolic equivalents.

const enum WordKind {
  Other,
  Lower,
  Upper,
}

/**
 * Per token: whether it lies in shouted text, where an abbreviation cannot be told from an
 * ordinary word in capitals. That is a line with no lower-case word and at least two words in
 * capitals, or a run of three or more words in capitals joined by spaces or hyphens; in both
 * cases at least one of the capitalised words must not be a glossary abbreviation ("LDL HDL"
 * in a table stays matched).
 */
function shoutedTokens(text: string, tokens: Token[], known: Set<string>): Uint8Array {
  const flags = new Uint8Array(tokens.length);
  interface Word {
    first: number;
    last: number;
    kind: WordKind;
    known: boolean;
  }
  const words: Word[] = [];
  for (let k = 0; k < tokens.length; ) {
    let last = k;
    while (last + 1 < tokens.length && tokens[last + 1].joined) last++;
    const raw = text.slice(tokens[k].start, tokens[last].end);
    const kind = /\p{Ll}/u.test(raw) ? WordKind.Lower : /\p{Lu}/u.test(raw) ? WordKind.Upper : WordKind.Other;
    words.push({ first: k, last, kind, known: kind === WordKind.Upper && known.has(raw) });
    k = last + 1;
  }
  const flag = (from: number, to: number) => {
    for (let w = from; w <= to; w++) for (let k = words[w].first; k <= words[w].last; k++) flags[k] = 1;
  };
  // Lines.
  for (let w = 0; w < words.length; ) {
    let end = w;
    while (end + 1 < words.length && !text.slice(tokens[words[end].last].end, tokens[words[end + 1].first].start).includes('\n')) end++;
    let upper = 0;
    let lower = false;
    let unknown = false;
    for (let v = w; v <= end; v++) {
      if (words[v].kind === WordKind.Lower) lower = true;
      else if (words[v].kind === WordKind.Upper) {
        upper++;
        if (!words[v].known) unknown = true;
      }
    }
    if (!lower && upper >= 2 && unknown) flag(w, end);
    w = end + 1;
  }
  // Runs of three or more capitalised words.
  for (let w = 0; w < words.length; ) {
    if (words[w].kind !== WordKind.Upper) {
      w++;
      continue;
    }
    let end = w;
    while (
      end + 1 < words.length &&
      words[end + 1].kind === WordKind.Upper &&
      isTermSeparator(text, tokens[words[end].last].end, tokens[words[end + 1].first].start) &&
      !text.slice(tokens[words[end].last].end, tokens[words[end + 1].first].start).includes('\n')
    ) {
      end++;
    }
    if (end - w + 1 >= 3) {
      let unknown = false;
      for (let v = w; v <= end; v++) if (!words[v].known) unknown = true;
      if (unknown) flag(w, end);
    }
    w = end + 1;
  }
  return flags;
}

// ---------------------------------------------------------------------------------------------
// Abbreviations the text defines as something else: "motivational interviewing (MI)".

const STOP_WORDS = new Set(['of', 'the', 'and', 'for', 'with', 'in', 'on', 'to', 'a', 'an', 'by', 'or', 'at', 'from']);

/** An abbreviation as authors write one: a single word with at least two capitals. */
function isAbbreviation(s: string): boolean {
  return /^[\p{L}\p{N}][\p{L}\p{N}-]{1,11}$/u.test(s) && /\p{L}/u.test(s) && (s.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

/**
 * Schwartz & Hearst (2003): the shortest end of `text` whose characters spell the abbreviation,
 * its first letter at the start of a word. Returns the long form or undefined.
 */
export function longFormOf(short: string, text: string): string | undefined {
  const s = short.toLowerCase();
  const l = text.toLowerCase();
  let si = s.length - 1;
  let li = l.length - 1;
  while (si >= 0) {
    const c = s[si];
    if (!/[\p{L}\p{N}]/u.test(c)) {
      si--;
      continue;
    }
    while (li >= 0 && (l[li] !== c || (si === 0 && li > 0 && /[\p{L}\p{N}]/u.test(l[li - 1])))) li--;
    if (li < 0) return undefined;
    li--;
    si--;
  }
  const start = text.lastIndexOf(' ', li) + 1;
  const long = text.slice(start).trim();
  if (long.length <= short.length || long.split(/\s+/).includes(short)) return undefined;
  return long;
}

/** The last `count` words before `at`, within the same clause. */
function wordsBefore(text: string, at: number, count: number): string {
  let from = at;
  let words = 0;
  let inWord = false;
  for (let i = at - 1; i >= 0 && at - i < 400; i--) {
    const c = text[i];
    if ('.!?;:()[]'.includes(c)) break;
    const space = c === ' ' || c === '\n' || c === '\t' || c === '\u00a0';
    if (!space && !inWord) {
      if (words === count) break;
      words++;
    }
    inWord = !space;
    from = i;
  }
  return text.slice(from, at).replace(/\s+/g, ' ').trim();
}

/** Abbreviation–long form pairs defined in a text: "Long Name (ABC)" and "ABC (Long Name)". */
export function abbreviationDefinitions(text: string): { short: string; long: string }[] {
  const out: { short: string; long: string }[] = [];
  if (!text.includes('(')) return out;
  for (const m of text.matchAll(/\(([^()]{1,200})\)/g)) {
    const first = m[1].split(/[;,]/)[0].trim();
    if (isAbbreviation(first)) {
      const window = wordsBefore(text, m.index!, Math.min(first.length + 5, first.length * 2));
      const long = longFormOf(first, window);
      if (long) out.push({ short: first, long });
      continue;
    }
    const before = /([^\s()]+)\s*$/.exec(text.slice(Math.max(0, m.index! - 20), m.index!));
    if (before && isAbbreviation(before[1]) && /\s/.test(first)) {
      const long = longFormOf(before[1], first);
      if (long) out.push({ short: before[1], long });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export function buildTermMatcher(entries: GlossaryEntry[]): { matcher: TermMatcher; conflicts: { source: string; message: string }[] } {
  const root: TrieNode = {};
  const conflicts: { source: string; message: string }[] = [];
  let size = 0;
  const owner = new Map<string, GlossaryEntry>();
  /** Words of all-capitals names, as written (plural "s" included): "MET", "METs", "GLUT4". */
  const knownAbbreviations = new Set<string>();

  const insert = (keys: string[], terminal: Terminal) => {
    let node = root;
    for (const k of keys) {
      node.next ??= new Map();
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = {}));
      node = child;
    }
    node.terminals ??= [];
    node.terminals.push(terminal);
    size++;
  };

  for (const entry of entries) {
    const names = [entry.term, ...entry.aliases];
    const compiled = compileSenses(entry.senses);
    const appliesTo = entry.senses?.appliesTo;
    if (appliesTo) {
      for (const name of appliesTo) {
        if (!names.includes(name)) conflicts.push({ source: entry.source, message: `senses of "${entry.term}" apply to "${name}", which is not one of its names.` });
      }
    }
    for (const alias of names) {
      const tokens = tokenize(alias);
      if (tokens.length === 0) continue;
      const ownerKey = tokens.map((t, k) => (k > 0 && isParenthesisGap(alias, tokens[k - 1].end, tokens[k].start) ? '(' : '') + (isCaseSensitiveToken(t.raw, entry) ? t.raw : t.norm)).join(' ');
      const previous = owner.get(ownerKey);
      if (previous && previous !== entry) {
        conflicts.push({
          source: entry.source,
          message: `"${alias}" of "${entry.term}" is also a name of "${previous.term}"; "${previous.term}" keeps it.`,
        });
        continue;
      }
      owner.set(ownerKey, entry);
      const exact = tokens.map((t) => (isCaseSensitiveToken(t.raw, entry) ? t.raw : undefined));
      const withLetters = tokens.filter((t) => /\p{L}/u.test(t.raw));
      const acronym = withLetters.length > 0 && tokens.every((t, k) => !/\p{L}/u.test(t.raw) || (exact[k] !== undefined && !/\p{Ll}/u.test(t.raw)));
      if (acronym) {
        for (const word of alias.split(/[\s\-‐‑–'’()]+/)) {
          if (!/\p{L}/u.test(word)) continue;
          knownAbbreviations.add(word);
          knownAbbreviations.add(word + 's');
        }
      }
      const terminal: Terminal = {
        entry,
        alias,
        exact,
        isTerm: alias === entry.term,
        acronym,
        senses: !appliesTo || appliesTo.includes(alias) ? compiled : undefined,
        closesBracket: /\)\s*$/.test(alias) || undefined,
      };
      // A name written with a bracket ("lipoprotein(a)") keeps it: that token is keyed "(a".
      const norms = tokens.map((t, k) => (k > 0 && isParenthesisGap(alias, tokens[k - 1].end, tokens[k].start) ? '(' : '') + t.norm);
      const last = norms.length - 1;
      const lastPrefix = norms[last].startsWith('(') ? '(' : '';
      const variants = exact[last] === undefined && !lastPrefix ? numberForms(norms[last]) : [norms[last]];
      for (const v of variants) insert([...norms.slice(0, last), v], { ...terminal, exact: v === norms[last] ? exact : exact.slice(0, last).concat(undefined) });
      const lastRaw = exact[last];
      if (lastRaw !== undefined && /\p{Lu}$/u.test(lastRaw)) {
        // Acronym plurals ("BMIs") are one token; register them spelled as written plus "s".
        insert([...norms.slice(0, last), norms[last] + 's'], { ...terminal, exact: exact.slice(0, last).concat(lastRaw + 's') });
      }
    }
  }

  const accepts = (t: Terminal, tokens: Token[], i: number): boolean => {
    for (let k = 0; k < t.exact.length; k++) {
      const want = t.exact[k];
      if (want !== undefined && tokens[i + k].raw !== want) return false;
    }
    return true;
  };

  /** Names of each entry, as lower-case words, for checking an abbreviation's long form. */
  const nameWords = new Map<GlossaryEntry, Set<string>>();
  const wordsOfNames = (entry: GlossaryEntry): Set<string> => {
    let words = nameWords.get(entry);
    if (!words) {
      words = new Set();
      for (const name of [entry.term, ...entry.aliases]) for (const t of tokenize(name)) for (const f of numberForms(t.norm)) words.add(f);
      nameWords.set(entry, words);
    }
    return words;
  };

  /** The entry an abbreviation, as written, would match on its own. */
  const entryOfAbbreviation = (short: string): GlossaryEntry | undefined => {
    const tokens = tokenize(short);
    let node: TrieNode | undefined = root;
    for (let k = 0; k < tokens.length && node; k++) {
      if (k > 0 && !tokens[k].joined && !isTermSeparator(short, tokens[k - 1].end, tokens[k].start)) return undefined;
      node = node.next?.get(tokens[k].norm);
    }
    if (!node?.terminals) return undefined;
    return pickTerminal(node.terminals, (t) => t.acronym && accepts(t, tokens, 0))?.entry;
  };

  /** Abbreviations this text defines as something other than their glossary entry. */
  const redefinedIn = (text: string): Set<string> | undefined => {
    let redefined: Set<string> | undefined;
    for (const { short, long } of abbreviationDefinitions(text)) {
      const entry = entryOfAbbreviation(short);
      if (!entry) continue;
      if (matchWith(long, undefined).some((m) => m.entry === entry)) continue;
      const words = wordsOfNames(entry);
      const content = tokenize(long).filter((t) => t.norm.length >= 3 && !STOP_WORDS.has(t.norm) && !/^\p{Nd}+$/u.test(t.norm));
      const shared = content.filter((t) => words.has(t.norm)).length;
      if (content.length > 0 && shared * 2 >= content.length) continue;
      (redefined ??= new Set()).add(short);
    }
    return redefined;
  };

  const matchWith = (text: string, redefined: Set<string> | undefined): TermMatch[] => {
    const tokens = tokenize(text);
    const out: TermMatch[] = [];
    const n = tokens.length;
    let shouted: Uint8Array | undefined;
    const candidates: { end: number; last: number; terminals: Terminal[] }[] = [];

    const allowed = (t: Terminal, i: number, end: number, last: number): boolean => {
      if (t.acronym) {
        // `last` excludes a plural "s" token ("BMIs").
        let lowerCase = false;
        for (let k = i; k <= last && !lowerCase; k++) if (/\p{Ll}/u.test(tokens[k].raw)) lowerCase = true;
        if (!lowerCase) {
          shouted ??= shoutedTokens(text, tokens, knownAbbreviations);
          if (shouted[i]) return false;
        }
        if (redefined) {
          const written = text.slice(tokens[i].start, tokens[last].end);
          if (redefined.has(written)) return false;
        }
      }
      return !t.senses || sensesAllow(t.senses, text, tokens, i, end);
    };

    let i = 0;
    while (i < n) {
      if (tokens[i].joined) {
        i++;
        continue;
      }
      let node: TrieNode | undefined = root;
      candidates.length = 0;
      for (let j = i; j < n; j++) {
        let key = tokens[j].norm;
        if (j > i && !tokens[j].joined && !isTermSeparator(text, tokens[j - 1].end, tokens[j].start)) {
          if (!isParenthesisGap(text, tokens[j - 1].end, tokens[j].start)) break;
          key = '(' + key;
        }
        node = node.next?.get(key);
        if (!node) break;
        if (!node.terminals) continue;
        const atBoundary = j + 1 === n || !tokens[j + 1].joined;
        // A plural "s" on an acronym ("BMIs", "GLUTs") still ends the term.
        const pluralS = !atBoundary && tokens[j + 1].raw === 's' && (j + 2 === n || !tokens[j + 2].joined);
        if (!atBoundary && !pluralS) continue;
        candidates.push({ end: pluralS ? j + 1 : j, last: j, terminals: node.terminals });
      }
      // The longest candidate whose context allows it.
      let best: { end: number; terminal: Terminal } | undefined;
      for (let c = candidates.length - 1; c >= 0 && !best; c--) {
        const { end, last, terminals } = candidates[c];
        const terminal = pickTerminal(terminals, (t) => accepts(t, tokens, i) && allowed(t, i, end, last));
        if (terminal) best = { end, terminal };
      }
      if (best) {
        let end = tokens[best.end].end;
        if (best.terminal.closesBracket && text[end] === ')') end++;
        out.push({ entry: best.terminal.entry, alias: best.terminal.alias, start: tokens[i].start, end });
        i = best.end + 1;
      } else {
        i++;
      }
    }
    return out;
  };

  const match = (text: string): TermMatch[] => matchWith(text, redefinedIn(text));

  return { matcher: { match, size }, conflicts };
}

/** "lipoprotein(a)", "lipoprotein (a)": an opening bracket, possibly spaced, between two tokens. */
function isParenthesisGap(text: string, from: number, to: number): boolean {
  let brackets = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '(') brackets++;
    else if (c !== ' ') return false;
  }
  return brackets === 1;
}

function pickTerminal(terminals: Terminal[], ok: (t: Terminal) => boolean): Terminal | undefined {
  let chosen: Terminal | undefined;
  for (const t of terminals) {
    if (chosen && (chosen.isTerm || !t.isTerm)) continue;
    if (!ok(t)) continue;
    chosen = t;
  }
  return chosen;
}

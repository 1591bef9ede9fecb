import { isTermSeparator, tokenize, type Token } from './tokens';
import type { GlossaryEntry } from './glossary';

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

export function buildTermMatcher(entries: GlossaryEntry[]): { matcher: TermMatcher; conflicts: { source: string; message: string }[] } {
  const root: TrieNode = {};
  const conflicts: { source: string; message: string }[] = [];
  let size = 0;
  const owner = new Map<string, GlossaryEntry>();

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
    for (const alias of [entry.term, ...entry.aliases]) {
      const tokens = tokenize(alias);
      if (tokens.length === 0) continue;
      const ownerKey = tokens.map((t) => (isCaseSensitiveToken(t.raw, entry) ? t.raw : t.norm)).join(' ');
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
      const terminal: Terminal = { entry, alias, exact, isTerm: alias === entry.term };
      const norms = tokens.map((t) => t.norm);
      const last = norms.length - 1;
      const variants = exact[last] === undefined ? numberForms(norms[last]) : [norms[last]];
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

  const match = (text: string): TermMatch[] => {
    const tokens = tokenize(text);
    const out: TermMatch[] = [];
    const n = tokens.length;
    let i = 0;
    while (i < n) {
      if (tokens[i].joined) {
        i++;
        continue;
      }
      let node: TrieNode | undefined = root;
      let best: { end: number; terminal: Terminal } | undefined;
      for (let j = i; j < n; j++) {
        if (j > i && !tokens[j].joined && !isTermSeparator(text, tokens[j - 1].end, tokens[j].start)) break;
        node = node.next?.get(tokens[j].norm);
        if (!node) break;
        if (!node.terminals) continue;
        const atBoundary = j + 1 === n || !tokens[j + 1].joined;
        // A plural "s" on an acronym ("BMIs", "GLUTs") still ends the term.
        const pluralS = !atBoundary && tokens[j + 1].raw === 's' && (j + 2 === n || !tokens[j + 2].joined);
        if (!atBoundary && !pluralS) continue;
        const terminal = pickTerminal(node.terminals, tokens, i, accepts);
        if (terminal) best = { end: pluralS ? j + 1 : j, terminal };
      }
      if (best) {
        out.push({ entry: best.terminal.entry, alias: best.terminal.alias, start: tokens[i].start, end: tokens[best.end].end });
        i = best.end + 1;
      } else {
        i++;
      }
    }
    return out;
  };

  return { matcher: { match, size }, conflicts };
}

function pickTerminal(
  terminals: Terminal[],
  tokens: Token[],
  i: number,
  accepts: (t: Terminal, tokens: Token[], i: number) => boolean,
): Terminal | undefined {
  let chosen: Terminal | undefined;
  for (const t of terminals) {
    if (!accepts(t, tokens, i)) continue;
    if (!chosen || (t.isTerm && !chosen.isTerm)) chosen = t;
  }
  return chosen;
}

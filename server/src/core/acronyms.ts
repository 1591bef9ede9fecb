/**
 * Acronyms and their expansions, for the house style of AMA and most health publishers: spell
 * an acronym out at its first use — "AMP-activated protein kinase (AMPK)" — unless it is one
 * readers know better than its expansion (DNA, BMI, HIV…).
 */
import type { GlossaryEntry } from './glossary';

/**
 * Acronyms left unexpanded by default (the `healthmark.acronyms.unexpanded` setting replaces
 * the list): those AMA style and most publishers leave as they are, and country and agency
 * abbreviations readers know.
 */
export const DEFAULT_UNEXPANDED_ACRONYMS: readonly string[] = [
  'DNA', 'RNA', 'mRNA', 'BMI', 'HIV', 'AIDS', 'UK', 'US', 'USA', 'EU', 'UN', 'WHO', 'NHS', 'CDC', 'FDA', 'NIH',
  'UV', 'MRI', 'CT', 'PET', 'ECG', 'EKG', 'ICU', 'IQ', 'pH', 'COVID-19',
];

/** Answers of isAcronym and isSpeltOut by word: every glossary match asks again on every edit. */
const acronymAnswers = new Map<string, boolean>();
const speltOutAnswers = new Map<string, boolean>();

function remembered(answers: Map<string, boolean>, word: string, answer: (word: string) => boolean): boolean {
  let a = answers.get(word);
  if (a === undefined) {
    if (answers.size >= 20000) answers.clear();
    answers.set(word, (a = answer(word)));
  }
  return a;
}

/** One token of capitals (and digits, hyphens, a lower-case letter or two): AMPK, IL-6, HbA1c, METs. */
export function isAcronym(word: string): boolean {
  return remembered(acronymAnswers, word, acronymNow);
}

function acronymNow(word: string): boolean {
  if (!/^[\p{Lu}\d][\p{L}\d-]*$/u.test(word) || word.length > 12) return false;
  const upper = (word.match(/\p{Lu}/gu) ?? []).length;
  const lower = (word.match(/\p{Ll}/gu) ?? []).length;
  return upper >= 2 && upper >= lower;
}

/** The letters an acronym stands for, lower-cased ("METs" → "met", "IL-6" → "il6"). */
function acronymLetters(acronym: string): string {
  const core = /^[\p{Lu}\d-]+s$/u.test(acronym) && acronym.length > 2 ? acronym.slice(0, -1) : acronym;
  return core.replace(/[^\p{L}\d]/gu, '').toLowerCase();
}

function isSubsequence(letters: string, text: string): boolean {
  let i = 0;
  for (const ch of text) if (i < letters.length && ch === letters[i]) i++;
  return i === letters.length;
}

/**
 * The glossary's spelt-out name for an acronym: a name of its entry that is not an acronym,
 * starts with the acronym's first letter and holds its letters in order (so "RMR" gets
 * "resting metabolic rate", not its entry's "basal metabolic rate"). Undefined when no name
 * fits (a synonym is not an expansion).
 */
export function expansionOf(entry: Pick<GlossaryEntry, 'term' | 'aliases'>, acronym: string): string | undefined {
  const letters = acronymLetters(acronym);
  if (!letters) return undefined;
  const names = [entry.term, ...entry.aliases].filter((n) => /\s|-/.test(n) || /^\p{Ll}/u.test(n));
  const fits = names.filter((n) => {
    if (n.split(/\s+/).some(isAcronym)) return false; // "HDL cholesterol" spells nothing out
    const folded = n.toLowerCase();
    return folded[0] === letters[0] && isSubsequence(letters, folded.replace(/[^\p{L}\d]/gu, ''));
  });
  // Prefer a name whose word initials are exactly the acronym.
  const initials = (n: string) => n.split(/[\s-]+/).map((w) => w[0]?.toLowerCase() ?? '').join('');
  return fits.find((n) => initials(n) === letters) ?? fits[0];
}

/** A written form that spells a term out: words only, none of them an acronym. */
export function isSpeltOut(written: string): boolean {
  return remembered(speltOutAnswers, written, (w) => /\p{Ll}{3}/u.test(w) && !w.split(/[\s/]+/).some(isAcronym));
}

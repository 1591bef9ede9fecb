/**
 * Overclaim wording: words and constructions that promise more than evidence can give
 * ("cures", "detoxifies", "boosts your immune system", "clinically proven"), and disease
 * claims for foods and supplements in the sense of health-claim rules. Patterns are data
 * (`overclaims.json`); this module compiles and finds them within one sentence.
 */

import { asOneLine, caseless } from './patterns';

export interface OverclaimPatternData {
  id: string;
  pattern: string;
  why: string;
  /** Hedged wording for the matched words; absent or empty: no rewording is offered. */
  rewrite?: string;
}

export interface OverclaimsData {
  version: number;
  /** Words that, shortly before a match, mean the sentence denies or reports the claim. */
  negations: string;
  /** Medical treatments: "surgery can cure…" is not a wellness overclaim. */
  medicalContext: string;
  products: string;
  diseases: string;
  diseaseVerbs: string;
  diseaseRewrite: Record<string, string>;
  diseaseWhy: string;
  patterns: OverclaimPatternData[];
  [other: string]: unknown;
}

export interface OverclaimMatcher {
  patterns: { id: string; re: RegExp; why: string; rewrite?: string }[];
  /**
   * Every pattern in a few alternations: one of them matches a text if and only if one of the
   * patterns does, so a sentence none matches (nearly all) skips the 34 separate scans.
   */
  anyPattern?: RegExp[];
  negations: RegExp;
  medicalContext: RegExp;
  products: RegExp;
  /** Finds a disease name in the words after a verb (not global: no state between calls). */
  diseases: RegExp;
  diseaseVerbs: RegExp;
  diseaseRewrite: Map<string, string>;
  diseaseWhy: string;
}

/** One overclaim in a sentence; offsets are relative to the sentence text. */
export interface OverclaimHit {
  kind: 'overclaim' | 'disease-claim';
  id: string;
  start: number;
  end: number;
  text: string;
  why: string;
  /** The hedged wording for text[start, end), if one is offered. */
  rewrite?: string;
}

export function compileOverclaims(data: OverclaimsData): OverclaimMatcher {
  return {
    patterns: data.patterns.map((p) => ({ id: p.id, re: caseless(p.pattern, 'g'), why: p.why, rewrite: p.rewrite || undefined })),
    anyPattern: anyOf(data.patterns.map((p) => p.pattern)),
    negations: caseless(data.negations),
    medicalContext: caseless(data.medicalContext),
    products: caseless(data.products),
    diseases: caseless(data.diseases),
    diseaseVerbs: caseless(data.diseaseVerbs, 'g'),
    diseaseRewrite: new Map(Object.entries(data.diseaseRewrite)),
    diseaseWhy: data.diseaseWhy,
  };
}

/**
 * The patterns in alternations of up to ALTERNATION_LENGTH characters, or undefined when they
 * cannot share them: a pattern that needs the Unicode flag would change how the others read
 * (escapes, classes), and numbered back-references would point at another pattern's groups.
 *
 * Why more than one: V8 compiles a regular expression when it first runs, in a time that
 * grows faster than its length. All 34 bundled patterns in one alternation were among the
 * slowest of the claim model's expressions to compile, at the start of every first check; in
 * two, they compile in markedly less time, and a sentence is scanned as fast (development
 * measurements).
 */
function anyOf(patterns: string[]): RegExp[] | undefined {
  if (patterns.some((p) => /\\[pPu]\{|\\[1-9]/.test(p))) return undefined;
  const groups: string[][] = [];
  let length = Infinity;
  for (const p of patterns) {
    const alternative = `(?:${p})`;
    if (length + alternative.length > ALTERNATION_LENGTH) {
      groups.push([]);
      length = 0;
    }
    groups[groups.length - 1].push(alternative);
    length += alternative.length + 1;
  }
  try {
    return groups.map((g) => new RegExp(g.join('|'), 'i'));
  } catch {
    return undefined;
  }
}

/** The longest source of one pre-check alternation (see anyOf). */
const ALTERNATION_LENGTH = 1600;

/** The sentence denies, questions or reports the wording rather than asserting it. */
function denied(text: string, start: number, m: OverclaimMatcher): boolean {
  const before = text.slice(Math.max(0, start - 80), start);
  // Only the clause the match is in: a denial in an earlier clause does not count.
  const clause = before.split(/[;:—–]|,\s+(?:but|and|yet|so)\b|\.\s/).pop() ?? before;
  return m.negations.test(clause);
}

/** Keeps the capital of the original wording: "Cures" → "May help with". */
function matchCase(original: string, replacement: string): string {
  if (!replacement) return replacement;
  return /^\p{Lu}/u.test(original) ? replacement[0].toUpperCase() + replacement.slice(1) : replacement;
}

export function findOverclaims(original: string, m: OverclaimMatcher): OverclaimHit[] {
  // Line breaks as spaces (offsets mapped back by `at`), curly apostrophes as straight ones.
  const { line, at } = asOneLine(original);
  const text = line.replace(/[’‘]/g, "'");
  if (/\?\s*["”’)]*\s*$/.test(text)) return []; // asking is not promising
  const anyPattern = m.anyPattern ? m.anyPattern.some((re) => re.test(text)) : true;
  const product = m.products.test(text);
  if (!anyPattern && !product) return [];
  const hits: OverclaimHit[] = [];
  const taken = (s: number, e: number) => hits.some((h) => s < h.end && e > h.start);
  const medical = m.medicalContext.test(text);
  if (anyPattern) {
    for (const p of m.patterns) {
      // exec, not matchAll: matchAll copies the expression on every call (34 per sentence).
      p.re.lastIndex = 0;
      for (let match = p.re.exec(text); match; match = p.re.exec(text)) {
        if (match[0] === '') {
          p.re.lastIndex++;
          continue;
        }
        const start = match.index;
        const end = start + match[0].length;
        if (taken(start, end) || denied(text, start, m)) continue;
        // "Antibiotics cure most strep throats": a treatment's effect, not a wellness promise.
        if (medical && (p.id === 'cure' || p.id === 'heal' || p.id === 'kill')) continue;
        hits.push({ kind: 'overclaim', id: p.id, start, end, text: original.slice(at(start), at(end)), why: p.why, rewrite: p.rewrite !== undefined ? matchCase(match[0], p.rewrite) : undefined });
      }
    }
  }
  // A food or supplement said to prevent, treat or cure a disease.
  if (!medical && product) {
    for (const verb of text.matchAll(m.diseaseVerbs)) {
      const start = verb.index!;
      const end = start + verb[0].length;
      if (taken(start, end) || denied(text, start, m)) continue;
      const after = text.slice(end, end + 60);
      const disease = m.diseases.exec(after);
      if (!disease) continue;
      const rewrite = m.diseaseRewrite.get(verb[0].toLowerCase());
      hits.push({ kind: 'disease-claim', id: 'disease-claim', start, end, text: original.slice(at(start), at(end + disease.index + disease[0].length)), why: m.diseaseWhy, rewrite: rewrite ? matchCase(verb[0], rewrite) : undefined });
    }
  }
  hits.sort((a, b) => a.start - b.start);
  // Offsets in `original` (the same unless a CRLF was read as one space).
  for (const h of hits) {
    h.start = at(h.start);
    h.end = at(h.end);
  }
  return hits;
}

import glossarySchema from '../../schemas/glossary.schema.json';
import { schemaValidator, validData, type DataProblem, type DataSource } from './schema';
import { buildTermMatcher, type TermMatcher } from './termMatcher';

/**
 * Contexts that decide whether a match is this entry's sense (see `senses` in
 * glossary.schema.json): phrases right before or after the match, longer phrases containing it,
 * or words one of which must be nearby. `appliesTo` limits the rules to some of the names.
 */
export interface GlossarySenses {
  appliesTo?: string[];
  notAfter?: string[];
  notBefore?: string[];
  notWithin?: string[];
  requireNearby?: string[];
}

export interface GlossaryEntry {
  term: string;
  aliases: string[];
  definition: string;
  details?: string;
  related: string[];
  category: string;
  caseSensitive?: boolean;
  senses?: GlossarySenses;
  /** Which glossary file the entry came from (bundled or a workspace file). */
  source: string;
}

export interface Glossary {
  entries: GlossaryEntry[];
  /** By lower-cased term. */
  byTerm: Map<string, GlossaryEntry>;
  matcher: TermMatcher;
}

/** A glossary file as read from disk or settings. */
export type GlossarySource = DataSource;
export type GlossaryProblem = DataProblem;

/** Checks one glossary file against the schema; returns readable problems (empty when valid). */
export const validateGlossaryData = schemaValidator(glossarySchema);

/**
 * Builds one glossary from several sources; later sources extend and override earlier ones
 * (a workspace file can redefine a bundled term). An invalid file is reported and skipped,
 * never fatal: the rest of the glossary keeps working.
 */
export function buildGlossary(sources: GlossarySource[]): { glossary: Glossary; problems: GlossaryProblem[] } {
  const problems: GlossaryProblem[] = [];
  const byTerm = new Map<string, GlossaryEntry>();
  for (const source of validData(sources, validateGlossaryData, 'Healthmark glossary', problems)) {
    const entries = (source.data as { entries: Omit<GlossaryEntry, 'source'>[] }).entries;
    for (const raw of entries) {
      const key = raw.term.toLowerCase();
      byTerm.set(key, {
        term: raw.term,
        aliases: raw.aliases ?? [],
        definition: raw.definition,
        details: raw.details,
        related: raw.related ?? [],
        category: raw.category,
        caseSensitive: raw.caseSensitive,
        senses: raw.senses,
        source: source.name,
      });
    }
  }
  const entries = [...byTerm.values()];
  const { matcher, conflicts } = buildTermMatcher(entries);
  for (const c of conflicts) problems.push({ source: c.source, message: c.message });
  return { glossary: { entries, byTerm, matcher }, problems };
}

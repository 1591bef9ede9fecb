import MiniSearch from 'minisearch';
import citationsSchema from '../../../schemas/citations.schema.json';
import { schemaValidator, validData, type DataProblem, type DataSource } from '../schema';
import { decodePercentEscapes } from '../percentEscapes';
import { rememberTermLookups } from './termMemo';

/** A CSL-JSON name. */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
}

/** A CSL-JSON item as stored in the curated list. */
export interface CslItem {
  id: string;
  type: string;
  title: string;
  author?: CslName[];
  issued?: { 'date-parts'?: (number | string)[][]; literal?: string };
  'container-title'?: string;
  volume?: string | number;
  issue?: string | number;
  page?: string;
  DOI?: string;
  PMID?: string;
  PMCID?: string;
  URL?: string;
  keyword?: string;
  note?: string;
  [field: string]: unknown;
}

export type EvidenceType = 'guideline' | 'meta-analysis' | 'RCT' | 'cohort' | 'review' | 'mechanistic' | 'other';

/** Study designs of the structured `evidence` field (see citations.schema.json). */
export type StudyDesign =
  | 'guideline' | 'meta-analysis' | 'systematic-review' | 'rct' | 'clinical-trial' | 'cohort' | 'case-control' | 'cross-sectional'
  | 'narrative-review' | 'animal' | 'cell' | 'mechanistic-human' | 'mixed-mechanistic' | 'modelling';

/** What a record's evidence is: its design, whom it studied, and a one-line summary. */
export interface EvidenceInfo {
  design: StudyDesign;
  population: 'human' | 'animal' | 'cell' | 'mixed';
  species?: string;
  size?: string;
  summary: string;
  /** Read from the structured field, or inferred from a `note` ("evidence: RCT; population: human"). */
  from: 'field' | 'note';
}

/** A curated record with the fields Healthmark derives from it. */
export interface CuratedRecord {
  item: CslItem;
  id: string;
  year?: number;
  /** Family names (or literal names) in order. */
  authors: string[];
  evidence?: EvidenceType;
  /** Structured evidence metadata, when the record has it or its note says enough. */
  evidenceInfo?: EvidenceInfo;
  retracted: boolean;
  /** Id of the record that supersedes this one, when the note names it. */
  supersededBy?: string;
  keywords: string[];
  source: string;
}

/** A citation file (CSL-JSON, or BibTeX converted by the caller) as read from disk or settings. */
export type CitationSource = DataSource;
export type CitationProblem = DataProblem;

export interface CitationLibrary {
  records: CuratedRecord[];
  byId: Map<string, CuratedRecord>;
  byDoi: Map<string, CuratedRecord>;
  byPmid: Map<string, CuratedRecord>;
  byPmcid: Map<string, CuratedRecord>;
  byUrl: Map<string, CuratedRecord>;
  /** "family|year", folded to ASCII lower case. */
  byAuthorYear: Map<string, CuratedRecord[]>;
  /** Full-text index of the records (built on first use). */
  readonly search: MiniSearch;
}

/** Lower-case, accents removed: "Jäger" and "Jager" are the same author to a reader. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[’']/g, "'")
    .toLowerCase()
    .trim();
}

export function normalizeDoi(doi: string): string {
  return decodePercentEscapes(doi.trim())
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
    .replace(/[.,;)\]]+$/, '')
    .toLowerCase();
}

export function normalizeUrl(url: string): string {
  return url
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/[?#].*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

function yearOf(item: CslItem): number | undefined {
  const y = item.issued?.['date-parts']?.[0]?.[0];
  const n = typeof y === 'string' ? parseInt(y, 10) : y;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

const EVIDENCE: [RegExp, EvidenceType][] = [
  [/\bguideline|consensus|position statement/i, 'guideline'],
  [/meta-analysis/i, 'meta-analysis'],
  [/\bRCT\b|randomi[sz]ed/i, 'RCT'],
  [/\bcohort|prospective|observational/i, 'cohort'],
  [/\breview|perspective|lecture/i, 'review'],
  [/mechanistic|mouse|mice|cell/i, 'mechanistic'],
];

function evidenceOf(note: string | undefined): EvidenceType | undefined {
  const m = /evidence:\s*([^;]+)/i.exec(note ?? '');
  if (!m) return undefined;
  for (const [re, type] of EVIDENCE) if (re.test(m[1])) return type;
  return 'other';
}

const DESIGNS = new Set<StudyDesign>(['guideline', 'meta-analysis', 'systematic-review', 'rct', 'clinical-trial', 'cohort', 'case-control', 'cross-sectional', 'narrative-review', 'animal', 'cell', 'mechanistic-human', 'mixed-mechanistic', 'modelling']);

/**
 * The record's evidence: the structured `evidence` field, or, for a team's own CSL-JSON or
 * BibTeX, the `note` convention "evidence: <design>[ (details)]; population: <who>; size: <n>",
 * e.g. "evidence: animal (mice)" or "evidence: RCT; population: human; size: 300 adults".
 */
export function evidenceInfoOf(item: CslItem): EvidenceInfo | undefined {
  const field = item.evidence as Partial<EvidenceInfo> | undefined;
  if (field && typeof field === 'object' && field.design && DESIGNS.has(field.design) && field.population) {
    return { design: field.design, population: field.population, species: field.species, size: field.size, summary: field.summary ?? field.design, from: 'field' };
  }
  const note = `${item.note ?? ''}`;
  const m = /evidence:\s*([^;]+)/i.exec(note);
  if (!m) return undefined;
  const said = m[1].trim();
  const animal = /\b(?:mice|mouse|rats?|rodents?|zebrafish|pigs?|primates?|monkeys?)\b/i.exec(said)?.[0] ?? /\banimals?\b/i.exec(said)?.[0];
  const cell = /\b(?:cells?|in vitro|cultured)\b/i.test(said);
  const human = /\b(?:human|humans|people|adults|volunteers|patients|men|women|participants)\b/i.test(said);
  const design: StudyDesign | undefined = /guideline|consensus|position/i.test(said)
    ? 'guideline'
    : /meta-analys/i.test(said)
      ? 'meta-analysis'
      : /systematic review/i.test(said)
        ? 'systematic-review'
        : /\bRCT\b|randomi[sz]ed/i.test(said)
          ? 'rct'
          : /\btrial\b/i.test(said)
            ? 'clinical-trial'
            : /cohort|prospective/i.test(said)
              ? 'cohort'
              : /case-control/i.test(said)
                ? 'case-control'
                : /cross-sectional/i.test(said)
                  ? 'cross-sectional'
                  : /review|perspective|lecture/i.test(said)
                    ? 'narrative-review'
                    : /mechanistic|animal|mouse|mice|rat|cell/i.test(said)
                      ? animal && human
                        ? 'mixed-mechanistic'
                        : animal
                          ? 'animal'
                          : cell
                            ? 'cell'
                            : 'mechanistic-human'
                      : undefined;
  if (!design) return undefined;
  const stated = /population:\s*(human|animal|cell|mixed)/i.exec(note)?.[1]?.toLowerCase() as EvidenceInfo['population'] | undefined;
  const population = stated ?? (animal && human ? 'mixed' : animal ? 'animal' : cell && !human ? 'cell' : design === 'narrative-review' ? 'mixed' : 'human');
  const size = /size:\s*([^;]+)/i.exec(note)?.[1]?.trim() ?? /\(([^)]*\d[^)]*)\)/.exec(said)?.[1];
  return { design, population, species: animal, size, summary: said.replace(/\s+/g, ' '), from: 'note' };
}

function toRecord(item: CslItem, source: string): CuratedRecord {
  const note = item.note ?? '';
  return {
    evidenceInfo: evidenceInfoOf(item),
    item,
    id: item.id,
    year: yearOf(item),
    authors: (item.author ?? []).map((a) => a.family ?? a.literal ?? '').filter(Boolean),
    evidence: evidenceOf(note),
    retracted: /status:\s*retracted|\bRETRACTED\b/.test(note),
    supersededBy: /superseded by ([A-Za-z0-9_:.-]+)/.exec(note)?.[1]?.replace(/[.;,]$/, ''),
    keywords: (item.keyword ?? '').split(/[,;]/).map((k) => k.trim()).filter(Boolean),
    source,
  };
}

/** The curated records' full-text index (title, keywords, note, journal), as suggestions search it. */
export function indexRecords(records: CuratedRecord[]): MiniSearch {
  const search = new MiniSearch({ fields: ['title', 'keywords', 'note', 'container'], storeFields: [], searchOptions: { boost: { title: 2, keywords: 3 }, prefix: true, fuzzy: 0.15 } });
  search.addAll(
    records.map((r) => ({
      id: r.id,
      title: r.item.title,
      keywords: r.keywords.join(' '),
      note: r.item.note ?? '',
      container: r.item['container-title'] ?? '',
    })),
  );
  return search;
}

/** Checks a CSL-JSON array against the schema; readable problems, empty when valid. */
export const validateCitationData = schemaValidator(citationsSchema);

/**
 * Builds the curated library from CSL-JSON sources; later sources add records and override
 * records with the same id. Invalid sources are reported and skipped.
 */
export function buildCitationLibrary(sources: CitationSource[]): { library: CitationLibrary; problems: CitationProblem[] } {
  const problems: CitationProblem[] = [];
  const byId = new Map<string, CuratedRecord>();
  for (const source of validData(sources, validateCitationData, 'CSL-JSON citation list', problems)) {
    for (const item of source.data as CslItem[]) byId.set(item.id, toRecord(item, source.name));
  }
  const records = [...byId.values()];
  // The full-text index is built on first use (suggestions, ranking): most checks never need
  // it, and building it is a good part of start-up.
  let search: MiniSearch | undefined;
  const library: CitationLibrary = {
    records,
    byId,
    byDoi: new Map(),
    byPmid: new Map(),
    byPmcid: new Map(),
    byUrl: new Map(),
    byAuthorYear: new Map(),
    get search(): MiniSearch {
      if (!search) {
        search = indexRecords(records);
        rememberTermLookups(search);
      }
      return search;
    },
  };
  for (const r of records) {
    if (r.item.DOI) library.byDoi.set(normalizeDoi(r.item.DOI), r);
    if (r.item.PMID) library.byPmid.set(String(r.item.PMID), r);
    if (r.item.PMCID) library.byPmcid.set(String(r.item.PMCID).toUpperCase(), r);
    if (r.item.URL) library.byUrl.set(normalizeUrl(r.item.URL), r);
    if (r.authors[0] && r.year) {
      const key = `${foldName(r.authors[0])}|${r.year}`;
      library.byAuthorYear.set(key, [...(library.byAuthorYear.get(key) ?? []), r]);
    }
  }
  return { library, problems };
}

/**
 * What a References entry says beyond authors, year and title — journal, volume, issue,
 * pages — read from the common styles (APA, Vancouver, MLA, Chicago, Harvard), compared with
 * the curated record, and the entry rewritten from the record in the entry's own style.
 */
import type { CitationLibrary, CuratedRecord } from './library';

export type EntryStyle = 'apa' | 'vancouver' | 'mla' | 'chicago' | 'harvard';

export interface EntryFields {
  volume?: string;
  issue?: string;
  firstPage?: string;
  lastPage?: string;
}

const PAGES = String.raw`(e?\d+)(?:\s*[-–—]\s*(e?\d+))?`;
const PATTERNS: RegExp[] = [
  // Vancouver: 2013;93(3):993-1017
  new RegExp(String.raw`\b(?:19|20)\d{2}(?:\s+\w{3}(?:\s+\d{1,2})?)?\s*;\s*(\d+)\s*(?:\(([\w–-]+)\))?\s*:\s*${PAGES}`),
  // MLA: vol. 93, no. 3, 2013, pp. 993-1017
  new RegExp(String.raw`\bvol\.\s*(\d+)(?:,\s*no\.\s*([\w–-]+))?.*?\bpp?\.\s*${PAGES}`, 'i'),
  // Chicago: 93, no. 3 (2013): 993–1017
  new RegExp(String.raw`\b(\d+),?\s*no\.\s*([\w–-]+)\s*\((?:\w+\s+)?\d{4}\)\s*:\s*${PAGES}`, 'i'),
  // APA / Harvard: 93(3), 993-1017 or 93(3), pp. 993-1017
  new RegExp(String.raw`\b(\d+)\s*\(([\w–-]+)\)\s*[,:]\s*(?:pp?\.\s*)?${PAGES}`),
  // APA without an issue: , 4, 12-19
  new RegExp(String.raw`,\s*(\d+)()\s*,\s*(?:pp?\.\s*)?${PAGES}\.?\s*(?:https?:|doi|$)`, 'i'),
];

export function entryFields(text: string): EntryFields {
  for (const re of PATTERNS) {
    const m = re.exec(text);
    if (m) return { volume: m[1], issue: m[2] || undefined, firstPage: m[3], lastPage: m[4] };
  }
  return {};
}

export function entryStyle(text: string): EntryStyle {
  if (/\bvol\.\s*\d+/i.test(text) && /["“]/.test(text)) return 'mla';
  if (/\d+,?\s*no\.\s*\w+\s*\(\d{4}\)\s*:/.test(text)) return 'chicago';
  if (/\(\d{4}[a-z]?\)\s+['‘]/.test(text) || /\(\d{4}[a-z]?\)\s+[^.]/.test(text) && /\bpp\.\s*\d/.test(text)) return 'harvard';
  if (/\(\d{4}[a-z]?\)\./.test(text)) return 'apa';
  if (/\b(?:19|20)\d{2}\s*;/.test(text) || /^\s*(?:\[\d+\]\s*|\d+\.\s*)?\p{Lu}[\p{L}'-]+\s+\p{Lu}{1,3},/u.test(text)) return 'vancouver';
  return 'apa';
}

/** "The Lancet" → "lancet"; punctuation, dots and "&"/"and" folded away. */
export function foldJournal(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/^the\s+/, '')
    .trim();
}

/** A record's journal names, folded (worked out once per record: every entry asks for them). */
export function journalNames(record: CuratedRecord): string[] {
  let names = journalNamesOf.get(record);
  if (!names) {
    const i = record.item;
    const aliases = Array.isArray(i['container-title-aliases']) ? (i['container-title-aliases'] as string[]) : [];
    names = [i['container-title'], i['container-title-short'] as string | undefined, ...aliases].filter((x): x is string => !!x).map(foldJournal);
    journalNamesOf.set(record, names);
  }
  return names;
}
const journalNamesOf = new WeakMap<CuratedRecord, string[]>();

/**
 * Every curated journal name longer than three letters with the journal's full name (the last
 * record's, for a name two records share), longest first: the same for every entry, so built
 * once per library.
 */
function curatedJournals(library: CitationLibrary): Array<[string, string]> {
  let journals = curatedJournalsOf.get(library);
  if (!journals) {
    const byName = new Map<string, string>();
    for (const r of library.records) {
      const full = r.item['container-title'];
      if (!full) continue;
      for (const n of journalNames(r)) if (n.length > 3) byName.set(n, full);
    }
    journals = [...byName].sort((a, b) => b[0].length - a[0].length);
    curatedJournalsOf.set(library, journals);
  }
  return journals;
}
const curatedJournalsOf = new WeakMap<CitationLibrary, Array<[string, string]>>();

/** Does the folded text name this journal as a whole phrase? */
function names(folded: string, journal: string): boolean {
  return journal.length > 0 && ` ${folded} `.includes(` ${journal} `);
}

/**
 * The journal the entry names when it is not the record's: another journal the curated list
 * knows, or the phrase in the journal's place (before the volume).
 */
export function wrongJournal(text: string, record: CuratedRecord, library: CitationLibrary): string | undefined {
  const own = journalNames(record);
  if (own.length === 0) return undefined;
  const folded = foldJournal(text);
  if (own.some((j) => names(folded, j))) return undefined;
  const titleFolded = foldJournal(record.item.title);
  // The phrase where a journal goes: after the title, before the volume ("… hormone. Wellness Today, 4, 12–19").
  const m = /(?:[.?!"”'’]|["”'’],)\s+([\p{Lu}][\p{L}&.' -]{2,80}?)[.,;]?\s*(?:(?:19|20)\d{2}\s*;\s*)?(?:vol\.\s*)?\d+\s*(?:\(|,|:|;|\s*no\.)/u.exec(text);
  if (m) {
    const candidate = m[1].trim().replace(/[.,]$/, '');
    const c = foldJournal(candidate);
    if (c && !names(titleFolded, c) && !own.some((j) => j.includes(c) || c.includes(j)) && !/^(?:vol|no|pp|in)\b/i.test(candidate)) return candidate;
    if (own.some((j) => j === c)) return undefined;
  }
  return otherCuratedJournal(folded, titleFolded, own, library);
}

/**
 * Another curated journal (not one of `own`) that the folded entry names anywhere outside its
 * folded title, longest names first: its full name.
 */
export function otherCuratedJournal(folded: string, titleFolded: string, own: string[], library: CitationLibrary): string | undefined {
  for (const [n, full] of curatedJournals(library)) {
    if (!own.includes(n) && names(folded, n) && !names(titleFolded, n)) return full;
  }
  return undefined;
}

/** Differences between the entry's volume, issue and pages and the record's. */
export function fieldProblems(text: string, record: CuratedRecord): string[] {
  const written = entryFields(text);
  const i = record.item;
  const problems: string[] = [];
  if (written.volume && i.volume !== undefined && written.volume !== String(i.volume)) problems.push(`volume is ${written.volume}, not ${i.volume}`);
  if (written.issue && i.issue !== undefined && written.issue.replace(/–/g, '-') !== String(i.issue).replace(/–/g, '-')) problems.push(`issue is ${written.issue}, not ${i.issue}`);
  if (written.firstPage && i.page) {
    const [first, last] = String(i.page).split(/\s*[-–—]\s*/);
    if (written.firstPage.toLowerCase() !== first.toLowerCase()) problems.push(`pages start at ${written.firstPage}, not ${first}`);
    else if (written.lastPage && last && !last.toLowerCase().endsWith(written.lastPage.toLowerCase())) problems.push(`pages end at ${written.lastPage}, not ${last}`);
  }
  return problems;
}

// ---- rewriting an entry from the record ----

interface Name {
  family: string;
  given: string;
}

function namesOf(record: CuratedRecord): { names: Name[]; more: boolean } {
  const authors = (record.item.author ?? []).map((a) => ({ family: a.family ?? a.literal ?? '', given: a.given ?? '' })).filter((a) => a.family);
  // Curated lists keep the first authors (and sometimes the last): never write a truncated list as if whole.
  const more = authors.length > 3 || /authors? (?:shown|omitted)|\bothers omitted\b|plus (?:study|writing|working) group/i.test(record.item.note ?? '');
  return { names: authors.slice(0, 3), more };
}

const initials = (given: string, dots: boolean) =>
  given
    .split(/[\s.]+/)
    .filter(Boolean)
    .map((g) => g.split('-').map((p) => p[0]?.toUpperCase() ?? '').join(dots ? '.-' : '-'))
    .map((x) => (dots ? `${x}.` : x))
    .join(dots ? ' ' : '');

function pages(record: CuratedRecord): string | undefined {
  return record.item.page ? String(record.item.page).replace(/\s*-\s*/, '–') : undefined;
}

/** The record as an entry in the given style; `italic` wraps the journal as Markdown emphasis. */
export function formatEntry(record: CuratedRecord, style: EntryStyle, italic: boolean): string {
  const i = record.item;
  const { names, more } = namesOf(record);
  const journal = i['container-title'] ?? '';
  const em = (s: string) => (italic && s ? `*${s}*` : s);
  const year = record.year ?? 'n.d.';
  const vol = i.volume !== undefined ? String(i.volume) : undefined;
  const iss = i.issue !== undefined ? String(i.issue) : undefined;
  const pg = pages(record);
  const doi = i.DOI ? `https://doi.org/${i.DOI}` : undefined;
  const title = i.title.replace(/\.$/, '');
  switch (style) {
    case 'vancouver': {
      const authors = names.map((n) => `${n.family} ${initials(n.given, false)}`.trim()).join(', ') + (more ? ', et al' : '');
      const short = (i['container-title-short'] as string | undefined) ?? journal;
      return `${authors}. ${title}. ${short}. ${year}${vol ? `;${vol}` : ''}${iss ? `(${iss})` : ''}${pg ? `:${pg.replace('–', '-')}` : ''}.${i.DOI ? ` doi:${i.DOI}` : ''}`;
    }
    case 'mla': {
      const [first, ...rest] = names;
      const lead = first ? `${first.family}, ${first.given}` : '';
      const authors = more || rest.length > 1 ? `${lead}, et al` : rest.length === 1 ? `${lead}, and ${rest[0].given} ${rest[0].family}` : lead;
      return `${authors}. “${title}.” ${em(journal)}, ${vol ? `vol. ${vol}, ` : ''}${iss ? `no. ${iss}, ` : ''}${year}${pg ? `, pp. ${pg}` : ''}.${doi ? ` ${doi}.` : ''}`;
    }
    case 'chicago': {
      const [first, ...rest] = names;
      const lead = first ? `${first.family}, ${first.given}` : '';
      const others = rest.map((n) => `${n.given} ${n.family}`);
      const authors = more ? `${lead}, ${others.join(', ')}, et al` : others.length ? `${lead}, ${others.slice(0, -1).map((o) => `${o}, `).join('')}and ${others[others.length - 1]}` : lead;
      return `${authors}. “${title}.” ${em(journal)}${vol ? ` ${vol}` : ''}${iss ? `, no. ${iss}` : ''} (${year})${pg ? `: ${pg}` : ''}.${doi ? ` ${doi}.` : ''}`;
    }
    case 'harvard': {
      const list = names.map((n) => `${n.family}, ${initials(n.given, true)}`);
      const authors = more ? `${list[0]} et al.` : list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : (list[0] ?? '');
      return `${authors} (${year}) ‘${title}’, ${em(journal)}${vol ? `, ${vol}` : ''}${iss ? `(${iss})` : ''}${pg ? `, pp. ${pg}` : ''}.${doi ? ` ${doi}.` : ''}`;
    }
    default: {
      const list = names.map((n) => `${n.family}, ${initials(n.given, true)}`);
      const authors = more ? `${list.join(', ')}, et al.` : list.length > 1 ? `${list.slice(0, -1).join(', ')}, & ${list[list.length - 1]}` : (list[0] ?? '');
      return `${authors} (${year}). ${title}. ${em(journal)}${vol ? `, ${em(vol)}` : ''}${iss ? `(${iss})` : ''}${pg ? `, ${pg}` : ''}.${doi ? ` ${doi}` : ''}`;
    }
  }
}

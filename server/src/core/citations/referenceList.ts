import type { ProseBlock } from '../prose';
import { fieldProblems, wrongJournal } from './entryFields';
import { cleanDoi } from './inline';
import { foldName, normalizeDoi, normalizeUrl, type CitationLibrary, type CuratedRecord } from './library';

/** Headings that introduce a list of references. */
export const REFERENCE_HEADING = /^(?:\d+\.?\s*)?(?:references?|bibliography|sources|works cited|literature(?: cited)?|further reading|citations|reference list|notes and references|selected references|key references|studies cited)\s*:?$/i;

/** One entry of a References section, as written. */
export interface ReferenceEntry {
  block: ProseBlock;
  /** 1-based position in a numbered list, when the section is numbered. */
  number?: number;
  text: string;
  firstAuthor?: string;
  year?: number;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  urls: string[];
  /** A `[@key]`-style or bare curated key in the entry. */
  key?: string;
}

export type EntryMatch =
  | { kind: 'curated'; record: CuratedRecord }
  /** The entry names a curated record (by title or identifier) but gets authors or year wrong. */
  | { kind: 'mismatch'; record: CuratedRecord; problems: string[] }
  | { kind: 'none' };

const DOI_IN_TEXT = /\b(10\.\d{4,9}\/[^\s"<>]+)/i;

const PMID_IN_TEXT = /\bPMID:?\s*(\d{1,9})\b|pubmed\.ncbi\.nlm\.nih\.gov\/(\d{1,9})|ncbi\.nlm\.nih\.gov\/pubmed\/(\d{1,9})/i;
const PMCID_IN_TEXT = /\b(PMC\d{3,9})\b/i;
const URL_IN_TEXT = /https?:\/\/[^\s<>()\]]+[^\s<>()\].,;]/g;
const YEAR_IN_TEXT = /\((?:(19|20)\d{2})[a-z]?\)|\b((?:19|20)\d{2})[a-z]?\b/;
const FIRST_AUTHOR = /^\s*(?:\[\d+\]\s*|\d+[.)]\s*)?((?:(?:van|von|de|der|den|da|di|du|le|la|Van|Von|De|Der|Den|Da|Di|Du|Le|La)\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+(?:van|von|de|der|den|da|di|du|le|la|Van|Von|De|Der|Den|Da|Di|Du|Le|La)\s+\p{Lu}[\p{L}'’\-]+)*)/u;

export function parseReferenceEntry(block: ProseBlock, number?: number, links: string[] = []): ReferenceEntry {
  const text = block.text;
  const all = `${text} ${links.join(' ')}`;
  const doi = DOI_IN_TEXT.exec(all)?.[1];
  const pm = PMID_IN_TEXT.exec(all);
  const yearMatch = YEAR_IN_TEXT.exec(text);
  return {
    block,
    number,
    text,
    firstAuthor: FIRST_AUTHOR.exec(text)?.[1],
    year: yearMatch ? Number((yearMatch[0].match(/\d{4}/) ?? [])[0]) : undefined,
    doi: doi ? normalizeDoi(cleanDoi(doi)) : undefined,
    pmid: pm ? pm[1] ?? pm[2] ?? pm[3] : undefined,
    pmcid: PMCID_IN_TEXT.exec(all)?.[1]?.toUpperCase(),
    urls: [...new Set([...(text.match(URL_IN_TEXT) ?? []), ...links])],
    key: /(?:^|[\s\[(])@([A-Za-z0-9_][\w:.#$%&\-+?<>~/]*\w)/.exec(text)?.[1],
  };
}

/** Significant words of a title, folded. */
export function titleWords(title: string): string[] {
  return foldName(title)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 2 && !STOP.has(w));
}
const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'into', 'its', 'their', 'are', 'was', 'were', 'has', 'have', 'via', 'of', 'on', 'in', 'to', 'an', 'a', 'or', 'by', 'as', 'at']);

/** Share of the record title's words that the text contains. */
export function titleContainment(recordWords: string[], text: Set<string>): number {
  if (recordWords.length === 0) return 0;
  let hit = 0;
  for (const w of recordWords) if (text.has(w)) hit++;
  return hit / recordWords.length;
}

const titleCache = new WeakMap<CuratedRecord, string[]>();
function wordsOf(record: CuratedRecord): string[] {
  let w = titleCache.get(record);
  if (!w) titleCache.set(record, (w = titleWords(record.item.title)));
  return w;
}

/** The record whose title the text reproduces (most of its words), if any. */
export function recordByTitle(text: string, library: CitationLibrary): CuratedRecord | undefined {
  const words = new Set(titleWords(text));
  // Only a record that shares a word with the text can reach the threshold: its share is
  // counted from the index of title words, not by reading every record's title.
  const index = titleIndex(library);
  const hits = new Map<number, number>();
  for (const w of words) for (const [record, times] of index.get(w) ?? []) hits.set(record, (hits.get(record) ?? 0) + times);
  let best: CuratedRecord | undefined;
  let bestScore = 0;
  // In the list's order, as when every record was read: the first of equals wins.
  for (const i of [...hits.keys()].sort((a, b) => a - b)) {
    const r = library.records[i];
    const rw = wordsOf(r);
    if (rw.length < 2) continue;
    const s = hits.get(i)! / rw.length; // titleContainment(rw, words)
    // Prefer the longer title when two titles are both contained ("Exercise and GLUT4").
    if (s >= TITLE_THRESHOLD && (s > bestScore || (s === bestScore && best && rw.length > wordsOf(best).length))) {
      best = r;
      bestScore = s;
    }
  }
  return best;
}

/** The share of a record title's words an entry must reproduce to be matched by title. */
const TITLE_THRESHOLD = 0.85;

/** Per library: each title word, with the records (by index) whose titles have it and how often. */
const titleIndexes = new WeakMap<CitationLibrary, Map<string, Array<[number, number]>>>();
function titleIndex(library: CitationLibrary): Map<string, Array<[number, number]>> {
  let index = titleIndexes.get(library);
  if (!index) {
    index = new Map();
    for (const [i, record] of library.records.entries()) {
      const times = new Map<string, number>();
      for (const w of wordsOf(record)) times.set(w, (times.get(w) ?? 0) + 1);
      for (const [w, n] of times) {
        let list = index.get(w);
        if (!list) index.set(w, (list = []));
        list.push([i, n]);
      }
    }
    titleIndexes.set(library, index);
  }
  return index;
}

/**
 * Matches a References entry to the curated list by identifier, key or title, then checks
 * that its authors and year agree with the record: a real title under the wrong authors is
 * exactly the mistake that slips through.
 */
export function matchReferenceEntry(entry: ReferenceEntry, library: CitationLibrary): EntryMatch {
  let record: CuratedRecord | undefined;
  if (entry.key) record = library.byId.get(entry.key);
  if (!record && entry.doi) record = library.byDoi.get(entry.doi);
  if (!record && entry.pmid) record = library.byPmid.get(entry.pmid);
  if (!record && entry.pmcid) record = library.byPmcid.get(entry.pmcid);
  if (!record) for (const u of entry.urls) if ((record = library.byUrl.get(normalizeUrl(u)))) break;
  const byTitle = recordByTitle(entry.text, library) ?? (record ? undefined : recordByMainTitle(entry, library));
  if (!record) record = byTitle;
  if (!record) return { kind: 'none' };
  if (entry.key && library.byId.get(entry.key) === record && !entry.firstAuthor) return { kind: 'curated', record };

  const problems: string[] = [];
  if (byTitle && byTitle !== record) problems.push(`its identifier belongs to "${record.item.title}" but its title is that of another record`);
  if (!byTitle && titleContainment(wordsOf(record), new Set(titleWords(entry.text))) < 0.6) problems.push('its title differs from the curated record');
  const expectedAuthor = record.authors[0];
  if (expectedAuthor && entry.firstAuthor && !sameAuthor(entry, record)) {
    problems.push(`first author is ${entry.firstAuthor}, not ${expectedAuthor}`);
  }
  // Online-first and print years often differ by one; more than that is a different work.
  if (record.year && entry.year && Math.abs(entry.year - record.year) > 1) problems.push(`year is ${entry.year}, not ${record.year}`);
  const journal = wrongJournal(entry.text, record, library);
  if (journal) problems.push(`journal is ${journal}, not ${record.item['container-title']}`);
  problems.push(...fieldProblems(entry.text, record));
  if (entry.doi && record.item.DOI && normalizeDoi(record.item.DOI) !== entry.doi && !problems.some((p) => p.startsWith('its identifier'))) problems.push(`DOI is ${entry.doi}, not ${record.item.DOI}`);
  if (entry.pmid && record.item.PMID && entry.pmid !== String(record.item.PMID)) problems.push(`PMID is ${entry.pmid}, not ${record.item.PMID}`);
  return problems.length > 0 ? { kind: 'mismatch', record, problems } : { kind: 'curated', record };
}

/**
 * The record whose main title (its title before a subtitle) the entry reproduces whole, by the
 * same first author within a year: entries often leave the subtitle out ("Daily steps and
 * all-cause mortality" for "…: a meta-analysis of 15 international cohorts"), and the main
 * title alone is too short to name a work without its author and year.
 */
function recordByMainTitle(entry: ReferenceEntry, library: CitationLibrary): CuratedRecord | undefined {
  if (!entry.firstAuthor || entry.year === undefined) return undefined;
  let words: Set<string> | undefined;
  for (const r of library.records) {
    const main = mainTitleWordsOf(r);
    if (main.length < MAIN_TITLE_WORDS || !r.year || Math.abs(entry.year - r.year) > 1 || !sameAuthor(entry, r)) continue;
    words ??= new Set(titleWords(entry.text));
    if (main.every((w) => words!.has(w))) return r;
  }
  return undefined;
}

/** The fewest words a main title needs to name a work with its author and year. */
const MAIN_TITLE_WORDS = 3;

const mainTitleCache = new WeakMap<CuratedRecord, string[]>();
/** The words of a record's title before its subtitle (none when it has no subtitle). */
function mainTitleWordsOf(record: CuratedRecord): string[] {
  let words = mainTitleCache.get(record);
  if (!words) {
    const colon = record.item.title.search(/[:?]\s/);
    mainTitleCache.set(record, (words = colon > 0 ? titleWords(record.item.title.slice(0, colon)) : []));
  }
  return words;
}

function sameAuthor(entry: ReferenceEntry, record: CuratedRecord): boolean {
  const written = foldName(entry.firstAuthor ?? '');
  const first = foldName(record.authors[0] ?? '');
  if (written === first || first.split(/[\s-]+/).includes(written) || written.split(/[\s-]+/).includes(first)) return true;
  // A group author ("Diabetes Prevention Program Research Group") written first.
  const start = foldName(entry.text.replace(/^\s*(?:\[\d+\]\s*|\d+[.)]\s*)/, ''));
  return (record.item.author ?? []).some((a) => a.literal && start.startsWith(foldName(a.literal)));
}

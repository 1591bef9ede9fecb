import type { ProseBlock } from '../prose';
import { lastAtOrBefore } from '../sortedSearch';

/**
 * Citation markers written inside prose, found syntactically (no library needed): what a
 * block cites and where. Resolution against the curated list happens per document, since
 * footnotes and numbered markers point elsewhere in the document.
 */
export type CitationStyle = 'pandoc' | 'footnote' | 'numbered' | 'link' | 'author-year';

export type CitedTarget =
  | { type: 'key'; value: string }
  | { type: 'doi'; value: string }
  | { type: 'pmid'; value: string }
  | { type: 'pmcid'; value: string }
  | { type: 'url'; value: string }
  | { type: 'author-year'; family: string; year: number; text: string }
  | { type: 'footnote'; value: string; resolved: boolean }
  | { type: 'number'; value: number };

export interface CitedItem {
  target: CitedTarget;
  /** Prose indices of this item (e.g. "@key" inside "[@a; @key]"). */
  start: number;
  end: number;
}

export interface InlineCitation {
  style: CitationStyle;
  /** Prose indices [start, end) of the whole marker; a GFM footnote has start === end. */
  start: number;
  end: number;
  /** Source range for markers that leave no prose (GFM footnotes, bare URLs). */
  sourceStart?: number;
  sourceEnd?: number;
  items: CitedItem[];
  /** Narrative citations (`@key says`, `Pedersen (2013)`) name the source in the sentence. */
  narrative?: boolean;
}

const KEY = String.raw`[A-Za-z0-9_][\w:.#$%&\-+?<>~/]*\w|[A-Za-z0-9_]`;
// A marker may run over a soft line break (LF or CRLF, and in a list item or blockquote the
// line's container prefix is not in the prose): the break reads as a space.
const BRACKET = /\[([^\[\]]{0,500}?@[^\[\]]{0,500}?)\]/g;
const BRACKET_ITEM = new RegExp(String.raw`^\s*(?:[^@;]*?\s)?(-?)@(${KEY})(?:\s*,[^;]*)?\s*$`);
const NARRATIVE = new RegExp(String.raw`(?<![\w@\[\]/.:+-])@(${KEY})`, 'g');
const NUMBERED = /\[(\d{1,3}(?:\s*[-–,]\s*\d{1,3}){0,20})\]|\^(\d{1,3}(?:\s*[-–,]\s*\d{1,3}){0,20})\^|([¹²³⁴⁵⁶⁷⁸⁹⁰]+(?:[,˒⁻][¹²³⁴⁵⁶⁷⁸⁹⁰]+)*)/g;
const TEXT_FOOTNOTE = /\[\^([^\]\s]{1,64})\]/g;
const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

const NAME = String.raw`(?:(?:van|von|de|der|den|da|di|du|le|la|Van|Von|De|Der|Den|Da|Di|Du|Le|La)\s+)?\p{Lu}[\p{L}'’\-]+(?:\s+(?:van|von|de|der|den|da|di|du|le|la|Van|Von|De|Der|Den|Da|Di|Du|Le|La)\s+\p{Lu}[\p{L}'’\-]+)*`;
const AUTHORS = String.raw`(${NAME})(?:(?:\s*,\s*|\s+(?:&|and)\s+|\s*,\s*(?:&|and)\s+)(?:${NAME}))*(?:\s+et\s+al\.?)?`;
const YEAR = String.raw`((?:19|20)\d{2})[a-z]?`;
const PAREN = /\(([^()]{2,400}?)\)/g;
/** Groups: 1 the lead (space and a prefix such as "see" or "See"), 2 the author–year itself, 3 the first family name, 4 the year. */
const PAREN_ITEM = new RegExp(String.raw`^(\s*(?:(?:[Ss]ee|[Ee]\.g\.,?|[Cc]f\.|[Aa]lso|[Rr]eviewed in|[Aa]s reviewed by)\s+)?)(${AUTHORS},?\s+${YEAR})(?:\s*,\s*(?:p|pp)\.\s*[\d–-]+)?\s*$`, 'u');
const NARRATIVE_AUTHOR_YEAR = new RegExp(String.raw`(?<![\p{L}])${AUTHORS}\s+\(${YEAR}\)`, 'gu');
/** What NARRATIVE_AUTHOR_YEAR needs at its end: "(2019)", "(2019a)". */
const YEAR_IN_BRACKETS = new RegExp(String.raw`\(${YEAR}\)`);

/** Capitalised words before a year that are not authors: "(June 2022)", "(Version 2019)". */
const NOT_AUTHORS = new Set(
  'jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december spring summer autumn fall winter monday tuesday wednesday thursday friday saturday sunday since until circa updated update published version copyright est established founded before after during in from the a an see fig figure table vol issue edition ed accessed retrieved revised'.split(' '),
);

function isAuthorName(name: string): boolean {
  return !NOT_AUTHORS.has(name.toLowerCase());
}

/** A citation as it reads: a line break (and any run of spaces) inside it is one space. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** Expands "1-3, 5" into [1, 2, 3, 5]. */
export function expandNumbers(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',')) {
    const [a, b] = part.split(/[-–⁻]/).map((s) => parseInt(s.trim(), 10));
    if (Number.isNaN(a)) continue;
    if (b !== undefined && !Number.isNaN(b) && b >= a && b - a < 50) for (let n = a; n <= b; n++) out.push(n);
    else out.push(a);
  }
  return out;
}

function fromSuperscript(s: string): string {
  return [...s].map((c) => (SUPERSCRIPT.includes(c) ? String(SUPERSCRIPT.indexOf(c)) : c === '⁻' ? '-' : ',')).join('');
}

/** A doi.org link; a trailing "/", query or fragment is the URL's, not the DOI's (a "?" or "#" in a DOI is written %3F, %23). */
const DOI_HOST = /^https?:\/\/(?:dx\.)?doi\.org\/(10\.\d{4,9}\/[^\s?#]+?)\/*(?:[?#]\S*)?$/i;
const PUBMED = /^https?:\/\/(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov\/pubmed)\/(\d{1,9})\/?(?:[?#].*)?$/i;
const PMC = /^https?:\/\/(?:www\.)?(?:pmc\.ncbi\.nlm\.nih\.gov\/articles|ncbi\.nlm\.nih\.gov\/pmc\/articles)\/(PMC\d+)\/?(?:[?#].*)?$/i;
/** Hosts of journals and indexes: a link there is a citation, a link elsewhere is not. */
const SCHOLARLY = /^https?:\/\/(?:[\w-]+\.)*(?:doi\.org|ncbi\.nlm\.nih\.gov|europepmc\.org|nature\.com|thelancet\.com|bmj\.com|nejm\.org|jamanetwork\.com|sciencedirect\.com|cell\.com|wiley\.com|springer\.com|link\.springer\.com|academic\.oup\.com|pnas\.org|physiology\.org|plos\.org|journals\.plos\.org|ahajournals\.org|diabetesjournals\.org|frontiersin\.org|mdpi\.com|tandfonline\.com|sagepub\.com|karger\.com|thieme-connect\.de|journals\.lww\.com|annualreviews\.org|science\.org|biorxiv\.org|medrxiv\.org|cochranelibrary\.com)\//i;

export function linkTarget(url: string): CitedTarget | undefined {
  let m = DOI_HOST.exec(url);
  if (m) return { type: 'doi', value: m[1] };
  m = PUBMED.exec(url);
  if (m) return { type: 'pmid', value: m[1] };
  m = PMC.exec(url);
  if (m) return { type: 'pmcid', value: m[1].toUpperCase() };
  if (SCHOLARLY.test(url)) return { type: 'url', value: url };
  return undefined;
}

/** A DOI as written in running text: trailing punctuation and unbalanced brackets are not part of it. */
export function cleanDoi(raw: string): string {
  let doi = raw.replace(/[.,;:]+$/, '');
  const count = (c: string) => doi.split(c).length - 1;
  while ((doi.endsWith(')') && count(')') > count('(')) || (doi.endsWith(']') && count(']') > count('['))) doi = doi.slice(0, -1).replace(/[.,;:]+$/, '');
  return doi;
}

/**
 * An identifier written out in a sentence: "doi:10.1016/…" or "DOI 10.1016/…", "PMID: 35247352",
 * "PMCID: PMC9289978" or "PMC9289978". Groups: 1 the DOI as written (cleanDoi ends it), 2 the
 * PMID, 3 the PMCID.
 */
const IDENTIFIER_TEXT = /\bdoi:?\s*(10\.\d{4,9}\/[^\s"<>]+)|\bPMID:?\s*(\d{1,9})\b|\b(?:PMCID:?\s*)?(PMC\d{4,9})\b/gi;

const NOTHING_TAKEN = (): boolean => false;

/**
 * Whether a range overlaps one of `taken`, asked by binary search: the ranges sorted by start,
 * with the furthest end among each prefix (going through every range for every match made a
 * paragraph of thousands of citations quadratic). Built before a scan from what the scans before
 * it took: a scan's own matches never overlap one another (matchAll goes on after each).
 */
function overlapTest(taken: [number, number][]): (start: number, end: number) => boolean {
  // Most blocks have no citation before the scan: nothing to sort.
  if (taken.length === 0) return NOTHING_TAKEN;
  const sorted = [...taken].sort((a, b) => a[0] - b[0]);
  const starts = sorted.map((r) => r[0]);
  const furthestEnd: number[] = [];
  let furthest = -Infinity;
  for (const [, e] of sorted) furthestEnd.push((furthest = Math.max(furthest, e)));
  return (start, end) => {
    // The ranges that start before `end` are a prefix: one overlaps if the furthest end passes `start`.
    const last = lastAtOrBefore(starts, end - 1);
    return starts.length > 0 && starts[last] < end && furthestEnd[last] > start;
  };
}

/** Every citation marker in a prose block, in order. */
export function findInlineCitations(block: ProseBlock): InlineCitation[] {
  const text = block.text;
  const out: InlineCitation[] = [];
  const taken: [number, number][] = [];
  const add = (c: InlineCitation) => {
    out.push(c);
    if (c.end > c.start) taken.push([c.start, c.end]);
  };

  if (text.includes('@')) {
    for (const m of text.matchAll(BRACKET)) {
      const start = m.index!;
      const items: CitedItem[] = [];
      let offset = start + 1;
      for (const part of m[1].split(';')) {
        const im = BRACKET_ITEM.exec(part);
        if (im) {
          const at = offset + part.indexOf('@' + im[2]) ;
          items.push({ target: { type: 'key', value: im[2] }, start: at - (im[1] ? 1 : 0), end: at + 1 + im[2].length });
        }
        offset += part.length + 1;
      }
      if (items.length > 0) add({ style: 'pandoc', start, end: start + m[0].length, items });
    }
    const overlaps = overlapTest(taken);
    for (const m of text.matchAll(NARRATIVE)) {
      const start = m.index!;
      if (overlaps(start, start + m[0].length)) continue;
      // A social handle (@healthmark) is not a key; keys carry a year (or resolve later).
      add({ style: 'pandoc', start, end: start + m[0].length, narrative: true, items: [{ target: { type: 'key', value: m[1] }, start, end: start + m[0].length }] });
    }
  }

  if (/[\[\^¹²³⁴⁵⁶⁷⁸⁹⁰]/.test(text)) {
    for (const m of text.matchAll(TEXT_FOOTNOTE)) {
      const start = m.index!;
      // Left as text by the parser: a footnote reference with no definition.
      add({ style: 'footnote', start, end: start + m[0].length, items: [{ target: { type: 'footnote', value: m[1], resolved: false }, start, end: start + m[0].length }] });
    }
    const overlaps = overlapTest(taken);
    for (const m of text.matchAll(NUMBERED)) {
      const start = m.index!;
      if (overlaps(start, start + m[0].length)) continue;
      const list = m[1] ?? m[2] ?? fromSuperscript(m[3]);
      const numbers = expandNumbers(list);
      if (numbers.length === 0) continue;
      add({ style: 'numbered', start, end: start + m[0].length, items: numbers.map((n) => ({ target: { type: 'number', value: n }, start, end: start + m[0].length })) });
    }
  }

  for (const ref of block.footnoteRefs) {
    add({ style: 'footnote', start: ref.at, end: ref.at, sourceStart: ref.start, sourceEnd: ref.end, items: [{ target: { type: 'footnote', value: ref.identifier, resolved: true }, start: ref.at, end: ref.at }] });
  }

  for (const link of block.links) {
    const target = linkTarget(link.url);
    if (!target) continue;
    add({ style: 'link', start: link.textStart, end: link.textEnd, sourceStart: link.start, sourceEnd: link.end, items: [{ target, start: link.textStart, end: link.textEnd }] });
  }

  // An identifier written out cites what it identifies, as a link to it does (and is checked
  // against the curated list the same way); one in a link's text is that link's.
  if (/doi|pmc|pmid/i.test(text)) {
    const overlaps = overlapTest(taken);
    for (const m of text.matchAll(IDENTIFIER_TEXT)) {
      const start = m.index!;
      const doi = m[1] !== undefined ? cleanDoi(m[1]) : undefined;
      const end = doi !== undefined ? start + m[0].length - (m[1].length - doi.length) : start + m[0].length;
      if (overlaps(start, end)) continue;
      const target: CitedTarget = doi !== undefined ? { type: 'doi', value: doi } : m[2] !== undefined ? { type: 'pmid', value: m[2] } : { type: 'pmcid', value: m[3].toUpperCase() };
      add({ style: 'link', start, end, items: [{ target, start, end }] });
    }
  }

  if (/(?:19|20)\d{2}/.test(text)) {
    const overlapsEarlier = overlapTest(taken);
    for (const m of text.matchAll(PAREN)) {
      const start = m.index!;
      if (overlapsEarlier(start, start + m[0].length)) continue;
      const items: CitedItem[] = [];
      let offset = start + 1;
      for (const part of m[1].split(';')) {
        const im = PAREN_ITEM.exec(part);
        if (im && isAuthorName(im[3])) {
          // The item is the author–year as written: without a prefix ("see") or a locator ("p. 5").
          const at = offset + im[1].length;
          items.push({ target: { type: 'author-year', family: im[3], year: Number(im[4]), text: oneLine(im[2]) }, start: at, end: at + im[2].length });
        }
        offset += part.length + 1;
      }
      if (items.length > 0) add({ style: 'author-year', start, end: start + m[0].length, items });
    }
    const overlapsEarlierOrParen = overlapTest(taken);
    // The narrative pattern is tried at every position of the block, and ends in a year in
    // brackets: a block without one is not scanned.
    for (const m of YEAR_IN_BRACKETS.test(text) ? text.matchAll(NARRATIVE_AUTHOR_YEAR) : []) {
      const start = m.index!;
      if (overlapsEarlierOrParen(start, start + m[0].length) || !isAuthorName(m[1])) continue;
      add({
        style: 'author-year',
        start,
        end: start + m[0].length,
        narrative: true,
        items: [{ target: { type: 'author-year', family: m[1], year: Number(m[2]), text: oneLine(m[0]) }, start, end: start + m[0].length }],
      });
    }
  }

  return out.sort((a, b) => a.start - b.start);
}

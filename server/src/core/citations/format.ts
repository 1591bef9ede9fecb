import type { CuratedRecord } from './library';

/** "Richter & Hargreaves", "Pedersen et al.", "Pedersen". */
export function authorLabel(record: CuratedRecord): string {
  const a = record.authors;
  if (a.length === 0) return record.item['container-title'] ?? record.id;
  if (a.length === 1) return a[0];
  if (a.length === 2) return `${a[0]} & ${a[1]}`;
  return `${a[0]} et al.`;
}

/** "Richter & Hargreaves 2013". */
export function shortLabel(record: CuratedRecord): string {
  return record.year ? `${authorLabel(record)} ${record.year}` : authorLabel(record);
}

/** "Richter & Hargreaves, 2013": an author–year citation without its parentheses. */
export function authorYearText(record: CuratedRecord): string {
  return `${authorLabel(record)}${record.year ? `, ${record.year}` : ''}`;
}

/** "(Richter & Hargreaves, 2013)". */
export function authorYearCitation(record: CuratedRecord): string {
  return `(${authorYearText(record)})`;
}

const formatted = new WeakMap<CuratedRecord, string>();

/** References formatted ahead of time (at build), keyed by id, valid only for the same item. */
let preformatted: Map<string, { hash: string; text: string }> = new Map();
let hashItem: ((item: unknown) => string) | undefined;

export function usePreformattedReferences(entries: Record<string, { hash: string; text: string }>, hash: (item: unknown) => string): void {
  preformatted = new Map(Object.entries(entries));
  hashItem = hash;
}

/**
 * The full reference in APA style, formatted by citation-js (citeproc). The first call
 * loads the style (under a second); results are cached per record.
 */
export function formatReference(record: CuratedRecord): string {
  let text = formatReferenceCached(record);
  if (text === undefined) {
    try {
      // citeproc loads on first use (a hover on an uncommon record): start-up does not pay for it.
      const { Cite } = require('@citation-js/core') as typeof import('@citation-js/core');
      require('@citation-js/plugin-csl');
      // forceType: the input is CSL-JSON, never a URL or identifier to look up.
      const cite = new Cite([record.item], { forceType: '@csl/list+object' });
      text = String(cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US' })).trim();
    } catch {
      text = fallbackReference(record);
    }
    formatted.set(record, text);
  }
  return text;
}

/** Used only if citeproc fails on an unusual record. */
function fallbackReference(record: CuratedRecord): string {
  const i = record.item;
  const parts = [`${authorLabel(record)} (${record.year ?? 'n.d.'}).`, `${i.title}.`];
  if (i['container-title']) parts.push(`${i['container-title']}${i.volume ? `, ${i.volume}` : ''}${i.issue ? `(${i.issue})` : ''}${i.page ? `, ${i.page}` : ''}.`);
  if (i.DOI) parts.push(`https://doi.org/${i.DOI}`);
  return parts.join(' ');
}

/** Formats many records at once (one citeproc run), warming the cache. */
export function warmReferenceCache(records: CuratedRecord[]): void {
  const todo = records.filter((r) => !formatted.has(r) && formatReferenceCached(r) === undefined);
  if (todo.length === 0) return;
  try {
    const { Cite } = require('@citation-js/core') as typeof import('@citation-js/core');
    require('@citation-js/plugin-csl');
    const cite = new Cite(todo.map((r) => r.item), { forceType: '@csl/list+object' });
    const entries = cite.format('bibliography', { format: 'text', template: 'apa', lang: 'en-US', asEntryArray: true }) as unknown as [string, string][];
    const byId = new Map(entries.map(([id, text]) => [id, text.trim()]));
    for (const r of todo) {
      const text = byId.get(r.id);
      if (text) formatted.set(r, text);
    }
  } catch {
    // formatReference falls back per record
  }
}

/** The formatted reference if it is known without running citeproc. */
function formatReferenceCached(record: CuratedRecord): string | undefined {
  const known = formatted.get(record);
  if (known !== undefined) return known;
  const pre = preformatted.get(record.id);
  if (pre && hashItem && pre.text && pre.hash === hashItem(record.item)) {
    formatted.set(record, pre.text);
    return pre.text;
  }
  return undefined;
}

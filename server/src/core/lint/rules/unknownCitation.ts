import { authorYearText } from '../../citations/format';
import { nearestKeys, suggestCitations } from '../../citations/suggest';
import { sourceRange } from '../../prose';
import type { PlacedBlock, ResolvedCitation } from '../model';
import type { CuratedRecord } from '../../citations/library';
import { pacer } from '../../steps';
import type { Rule } from '../types';

function describeTarget(t: import('../../citations/inline').CitedTarget): string {
  switch (t.type) {
    case 'key': return `key "@${t.value}"`;
    case 'doi': return `DOI ${t.value}`;
    case 'pmid': return `PMID ${t.value}`;
    case 'pmcid': return t.value;
    case 'url': return `URL ${t.value}`;
    case 'author-year': return `"${t.text}"`;
    case 'footnote': return `footnote [^${t.value}]`;
    case 'number': return `reference [${t.value}]`;
  }
}

/**
 * How far on each side of a citation its sentence is looked for: a paragraph without a full stop
 * is not one sentence, and taking all of it for each of its citations (the text searched, and
 * the memo's key) made a paragraph of thousands of them quadratic.
 */
const CONTEXT_REACH = 400;

/** The sentence around a citation (within reach), for suggesting what it should cite. */
function contextOf(c: ResolvedCitation): string {
  const text = c.placed.block.text;
  const from = Math.max(0, c.item.start - CONTEXT_REACH);
  const to = Math.min(text.length, c.item.end + CONTEXT_REACH);
  const before = text.slice(from, c.item.start + 2).lastIndexOf('. ');
  const after = text.slice(c.item.end, to).indexOf('. ');
  return text.slice(before === -1 ? from : from + before + 2, after === -1 ? to : c.item.end + after + 1);
}

/**
 * The document range that holds prose [from, to) of a block, when an edit of that range changes
 * that text and nothing around it: each character's source (a reference or escape whole, see
 * ProseBlock.wide) must follow the last one's, but for spaces and a hard break's backslash
 * before a line break and, after one, the next line's container prefix (indentation, "> ").
 * Anything else the prose skips (emphasis or code markers, a link's brackets, HTML) would be
 * left unbalanced by the edit: undefined then, and no fix is offered.
 */
function replaceableRange(text: string, placed: PlacedBlock, from: number, to: number): { start: number; end: number } | undefined {
  const prose = placed.block.text;
  if (to <= from || to > prose.length) return undefined;
  const spanOf = (i: number) => sourceRange(placed.block, i, i + 1);
  const first = spanOf(from);
  let last = first;
  for (let i = from + 1; i < to; i++) {
    const span = spanOf(i);
    // The second half of a reference that decodes to two UTF-16 units has the same span.
    if (span.start === last.start && span.end === last.end) continue;
    if (span.start !== last.end) {
      const gap = text.slice(placed.base + last.end, placed.base + span.start);
      const beforeBreak = (prose[i] === '\n' || prose[i] === '\r') && /^(?:[ \t]*|\\)\r?$/.test(gap);
      const afterBreak = prose[i - 1] === '\n' && /^[ \t>]*$/.test(gap);
      if (!beforeBreak && !afterBreak) return undefined;
    }
    last = span;
  }
  return { start: placed.base + first.start, end: placed.base + last.end };
}

/** HM002: a citation whose key, DOI, PMID, URL or author–year names no curated record. */
export const unknownCitation: Rule = {
  names: ['HM002', 'unknown-citation'],
  description: 'A citation points outside the curated list',
  tags: ['citations'],
  defaultSeverity: 'error',
  *check(model, options, report) {
    // An unknown citation is matched against the curated list (memoised): a pause every few.
    const pauseDue = pacer(32);
    for (const c of model.citations) {
      if (pauseDue()) yield;
      if (c.status !== 'unknown') continue;
      const t = c.item.target;
      // Footnotes and numbered markers point at an entry; the entry itself is what is wrong.
      const probe = t.type === 'key' ? t.value : t.type === 'author-year' ? `${t.family}${t.year}` : c.pointsTo ?? '';
      // A key close to a curated one is a typo; otherwise suggest what fits the sentence.
      const context = contextOf(c);
      const memoKey = `unknown-citation\u0000${probe}\u0000${context}`;
      let near = model.cache?.memo.get(memoKey) as CuratedRecord[] | undefined;
      if (!near) {
        const close = t.type === 'key' || t.type === 'author-year' ? nearestKeys(probe, options.library, 3).filter((n) => n.distance < 0.35).map((n) => n.record) : [];
        near = close.length > 0 ? close : suggestCitations(context, options.library, options.glossary, 3).map((s) => s.record);
        model.cache?.memo.set(memoKey, near);
      }
      const suggestion = near.length > 0 ? ` Curated alternatives: ${near.map((r) => r.id).join(', ')}.` : '';
      const what = t.type === 'footnote' || t.type === 'number' ? `${describeTarget(t)} cites a source that is not in the curated list` : `${describeTarget(t)} is not in the curated list`;
      // A fix replaces the key, or the author–year, exactly as written in the source (escapes,
      // character references and a line break within it included), keeping what is around it:
      // "see", a locator, emphasis markers, the other items. Where that range cannot be edited
      // alone (emphasis inside it), no fix rather than a wrong one.
      const range =
        t.type === 'key'
          ? replaceableRange(model.text, c.placed, c.item.end - t.value.length, c.item.end)
          : t.type === 'author-year' && !c.citation.narrative
            ? replaceableRange(model.text, c.placed, c.item.start, c.item.end)
            : undefined;
      const fixes = !range
        ? []
        : t.type === 'key'
          ? near.map((r, i) => ({ title: `Replace with @${r.id}`, edits: [{ ...range, newText: r.id }], isPreferred: i === 0 }))
          : near.map((r, i) => ({ title: `Replace with ${authorYearText(r)}`, edits: [{ ...range, newText: authorYearText(r) }], isPreferred: i === 0 }));
      report({ start: c.start, end: Math.max(c.end, c.start + 1), message: `Unknown citation: ${what}.${suggestion}`, fixes });
    }
  },
};

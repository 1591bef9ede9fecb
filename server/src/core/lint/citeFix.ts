import { authorYearCitation, formatReference, shortLabel } from '../citations/format';
import type { CuratedRecord } from '../citations/library';
import { humanOutcomeClaim, isMechanisticOnly, sentenceTopics, sharedTopics } from '../citations/fit';
import { suggestCitations, type SuggestionContext } from '../citations/suggest';
import { findOverclaims } from '../overclaims';
import { absolute, type DocumentModel } from './model';
import type { FixAction, LazyFix, LintOptions, OffsetEdit } from './types';

export const IGNORE_COMMENT = '<!-- healthmark-ignore -->';

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  if (nl === -1) return text.length;
  return text[nl - 1] === '\r' ? nl - 1 : nl;
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Appends a formatted reference to the References section, unless the record is already there. */
function addToReferences(model: DocumentModel, record: CuratedRecord, numbered: number | undefined): OffsetEdit[] {
  const refs = model.references;
  if (refs.length === 0) return [];
  if (refs.some((r) => r.match.kind !== 'none' && r.match.record.id === record.id)) return [];
  const last = refs[refs.length - 1];
  const nl = eol(model.text);
  const at = lineEndAfter(model.text, last.end);
  const lineStart = model.text.lastIndexOf('\n', last.start - 1) + 1;
  const prefix = model.text.slice(lineStart, last.start);
  const body = formatReference(record);
  if (last.placed.block.context.listItem) {
    const marker = numbered !== undefined ? prefix.replace(/\d+(?=[.)])/, String(numbered)) : prefix;
    return [{ start: at, end: at, newText: `${nl}${marker}${body}` }];
  }
  const numberedPrefix = /^\s*\[\d+\]\s*/.test(last.entry.text) && numbered !== undefined ? `[${numbered}] ` : '';
  return [{ start: at, end: at, newText: `${nl}${nl}${numberedPrefix}${body}` }];
}

function citationEdits(model: DocumentModel, fix: LazyFix, record: CuratedRecord): OffsetEdit[] {
  const nl = eol(model.text);
  switch (model.style) {
    case 'footnote': {
      const existing = [...model.footnotes.values()].find((f) => f.record?.id === record.id);
      if (existing) return [{ start: fix.afterSentence, end: fix.afterSentence, newText: `[^${existing.identifier}]` }];
      let n = 1;
      while (model.footnotes.has(String(n))) n++;
      const end = model.text.length;
      const trailing = model.text.endsWith('\n') ? '' : nl;
      return [
        { start: fix.afterSentence, end: fix.afterSentence, newText: `[^${n}]` },
        { start: end, end, newText: `${trailing}${nl}[^${n}]: ${formatReference(record)}${nl}` },
      ];
    }
    case 'numbered': {
      const existing = [...model.numbered.entries()].find(([, r]) => r.match.kind !== 'none' && r.match.record.id === record.id);
      const n = existing ? existing[0] : Math.max(0, ...model.numbered.keys()) + 1;
      const marker = model.numberedMarker === 'caret' ? `^${n}^` : ` [${n}]`;
      const at = model.numberedMarker === 'caret' ? fix.afterSentence : fix.insertAt;
      return [{ start: at, end: at, newText: marker }, ...(existing ? [] : addToReferences(model, record, n))];
    }
    case 'author-year':
      return [{ start: fix.insertAt, end: fix.insertAt, newText: ` ${authorYearCitation(record)}` }, ...addToReferences(model, record, undefined)];
    case 'link': {
      const url = record.item.DOI ? `https://doi.org/${record.item.DOI}` : record.item.PMID ? `https://pubmed.ncbi.nlm.nih.gov/${record.item.PMID}/` : undefined;
      if (url) return [{ start: fix.insertAt, end: fix.insertAt, newText: ` ([${shortLabel(record)}](${url}))` }];
      return [{ start: fix.insertAt, end: fix.insertAt, newText: ` ${authorYearCitation(record)}` }];
    }
    default:
      return [{ start: fix.insertAt, end: fix.insertAt, newText: ` [@${record.id}]` }, ...addToReferences(model, record, undefined)];
  }
}

/**
 * The curated records that fit a claim: ranked by the suggestion index, kept only when
 * `citation-mismatch` and `weak-evidence` would accept them (they share a topic with the
 * sentence, and a claim about people does not rest on mouse or cell work). An overclaim gets
 * none: a real source beside "cures" gives a myth a respectable look.
 */
export function fittingRecords(claim: string, options: LintOptions, limit = 3, context?: SuggestionContext): CuratedRecord[] {
  if (findOverclaims(claim, options.claims.overclaims).length > 0) return [];
  const aboutPeople = humanOutcomeClaim(claim) !== undefined;
  const topics = sentenceTopics(claim, options.glossary);
  return suggestCitations(claim, options.library, options.glossary, limit * 3, context)
    .map((s) => s.record)
    .filter((r) => sharedTopics(topics, r, options.library, options.glossary).length > 0 && !(aboutPeople && isMechanisticOnly(r)))
    .slice(0, limit);
}

/**
 * What the document says around [start, end): the headings of the sections it is in (the
 * nearest heading of each depth above it) and the curated records cited outside that span.
 */
export function suggestionContext(model: DocumentModel, start: number, end: number): SuggestionContext {
  const open: string[] = [];
  for (const p of model.blocks) {
    if (p.base + p.block.start >= start) break;
    if (p.block.kind !== 'heading' || p.inReferences) continue;
    const depth = p.block.context.headingDepth ?? 1;
    open.length = Math.min(open.length, depth - 1);
    open[depth - 1] = p.block.text;
  }
  const citedElsewhere = new Set<string>();
  for (const c of model.citations) if (c.record && (c.end <= start || c.start >= end)) citedElsewhere.add(c.record.id);
  return { headings: open.filter((h) => h !== undefined), citedElsewhere };
}

/**
 * The quick fixes for an uncited claim: the three best fitting curated references, each
 * inserted in the style the document already uses, or a plain "none fits"; rewordings of
 * any overclaim; and a suppression comment.
 */
export function citeClaimFixes(model: DocumentModel, fix: LazyFix, options: LintOptions): FixAction[] {
  const unit = model.units.find((u) => u.afterUnit === fix.afterSentence && u.insertAt === fix.insertAt);
  const alreadyCited = new Set(unit ? model.citations.filter((c) => c.start >= unit.start && c.start <= unit.end + 1 && c.record).map((c) => c.record!.id) : []);
  const context = unit ? suggestionContext(model, unit.start, unit.end + 1) : undefined;
  const fitting = fittingRecords(fix.claim, options, 3 + alreadyCited.size, context).filter((r) => !alreadyCited.has(r.id)).slice(0, 3);
  const actions: FixAction[] = fitting
    .map((record) => ({ record }))
    .map((s, i) => ({
      title: `Cite ${shortLabel(s.record)} — ${s.record.item.title}`,
      edits: citationEdits(model, fix, s.record),
      isPreferred: i === 0,
    }));
  if (actions.length === 0) actions.push({ title: 'No curated record fits this sentence', edits: [], disabledReason: 'No record in the curated list shares its subject (or the sentence overclaims): reword it, add a source to the curated list, or mark it as not a claim.' });
  // An uncited overclaim: the rewordings the overclaim rule offers, here too.
  if (unit) {
    for (const hit of unit.score.overclaims) {
      if (!hit.rewrite || unit.kind !== 'sentence') continue;
      const r = absolute(unit.placed, unit.proseStart + hit.start, unit.proseStart + hit.end);
      if (model.text.slice(r.start, r.end).toLowerCase() !== hit.text.toLowerCase()) continue;
      actions.push({ title: `Reword: “${hit.text}” → “${hit.rewrite}”`, edits: [{ start: r.start, end: r.end, newText: hit.rewrite }] });
    }
  }
  const tail = model.text.slice(fix.ignoreAt, fix.ignoreAt + 40);
  if (!tail.trimStart().startsWith(IGNORE_COMMENT)) {
    actions.push({ title: 'Not a claim — ignore this sentence', edits: [{ start: fix.ignoreAt, end: fix.ignoreAt, newText: ` ${IGNORE_COMMENT}` }] });
  }
  return actions;
}

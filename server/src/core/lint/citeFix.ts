import { authorYearCitation, formatReference, shortLabel } from '../citations/format';
import type { CuratedRecord } from '../citations/library';
import { suggestCitations } from '../citations/suggest';
import type { DocumentModel } from './model';
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
 * The quick fixes for an uncited claim: the three best curated references, each inserted in
 * the style the document already uses, and a suppression comment.
 */
export function citeClaimFixes(model: DocumentModel, fix: LazyFix, options: LintOptions): FixAction[] {
  const unit = model.units.find((u) => u.afterUnit === fix.afterSentence && u.insertAt === fix.insertAt);
  const alreadyCited = new Set(unit ? model.citations.filter((c) => c.start >= unit.start && c.start <= unit.end + 1 && c.record).map((c) => c.record!.id) : []);
  const actions: FixAction[] = suggestCitations(fix.claim, options.library, options.glossary, 3)
    .filter((s) => !alreadyCited.has(s.record.id))
    .map((s, i) => ({
      title: `Cite ${shortLabel(s.record)} — ${s.record.item.title}`,
      edits: citationEdits(model, fix, s.record),
      isPreferred: i === 0,
    }));
  const tail = model.text.slice(fix.ignoreAt, fix.ignoreAt + 40);
  if (!tail.trimStart().startsWith(IGNORE_COMMENT)) {
    actions.push({ title: 'Not a claim — ignore this sentence', edits: [{ start: fix.ignoreAt, end: fix.ignoreAt, newText: ` ${IGNORE_COMMENT}` }] });
  }
  return actions;
}

import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { evidenceLine } from '../core/citations/fit';
import { formatReference, shortLabel } from '../core/citations/format';
import { escapeMarkdown, renderGlossaryHover } from '../core/hover';
import type { LintOptions } from '../core/lint';
import type { AnalysisStore } from './documents';

function citationHover(document: TextDocument, offset: number, store: AnalysisStore, options: LintOptions): Hover | null {
  const result = store.lint(document, options);
  const c = result?.model.citations.find((x) => offset >= x.start && offset < Math.max(x.end, x.start + 1));
  if (!c) return null;
  const range = { start: document.positionAt(c.start), end: document.positionAt(c.end) };
  if (!c.record) {
    const text =
      c.status === 'unresolved'
        ? 'This marker points to nothing: no footnote definition or References entry carries it.'
        : `Not in the curated list.${c.pointsTo ? `\n\nPoints to: ${escapeMarkdown(c.pointsTo.slice(0, 300))}` : ''}`;
    return { contents: { kind: MarkupKind.Markdown, value: text }, range };
  }
  const r = c.record;
  const evidence = evidenceLine(r);
  const parts = [`**${escapeMarkdown(shortLabel(r))}**${r.retracted ? ' · **retracted**' : ''}`, ...(evidence ? [`Evidence: _${escapeMarkdown(evidence)}_`] : []), escapeMarkdown(formatReference(r))];
  const links: string[] = [];
  if (r.item.DOI) links.push(`[doi:${escapeMarkdown(r.item.DOI)}](https://doi.org/${encodeURI(r.item.DOI).replace(/\(/g, "%28").replace(/\)/g, "%29")})`);
  if (r.item.PMID) links.push(`[PubMed ${escapeMarkdown(r.item.PMID)}](https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(r.item.PMID)}/)`);
  if (links.length) parts.push(links.join(' · '));
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range };
}

/** A citation's reference when hovering a citation; otherwise a glossary term's definition. */
export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean): Hover | null {
  const offset = document.offsetAt(params.position);
  const cited = citationHover(document, offset, store, options);
  if (cited) return cited;
  if (!glossaryEnabled) return null;
  const analysis = store.get(document);
  const occurrence = analysis?.termAt(offset);
  if (!occurrence) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: renderGlossaryHover(occurrence.match.entry, options.glossary) },
    range: { start: document.positionAt(occurrence.start), end: document.positionAt(occurrence.end) },
  };
}

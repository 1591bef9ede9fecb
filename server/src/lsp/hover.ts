import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { evidenceLine } from '../core/citations/fit';
import { formatReference, shortLabel } from '../core/citations/format';
import { hoverWriter, renderGlossaryHover, type HoverFormat } from '../core/hover';
import type { LintOptions } from '../core/lint';
import type { AnalysisStore } from './documents';

const kindOf = (format: HoverFormat) => (format === 'plaintext' ? MarkupKind.PlainText : MarkupKind.Markdown);

function citationHover(document: TextDocument, offset: number, store: AnalysisStore, options: LintOptions, format: HoverFormat): Hover | null {
  const result = store.lint(document, options);
  const c = result?.model.citations.find((x) => offset >= x.start && offset < Math.max(x.end, x.start + 1));
  if (!c) return null;
  const w = hoverWriter(format);
  const range = { start: document.positionAt(c.start), end: document.positionAt(c.end) };
  if (!c.record) {
    const text =
      c.status === 'unresolved'
        ? 'This marker points to nothing: no footnote definition or References entry carries it.'
        : `Not in the curated list.${c.pointsTo ? `\n\nPoints to: ${w.text(c.pointsTo.slice(0, 300))}` : ''}`;
    return { contents: { kind: kindOf(format), value: text }, range };
  }
  const r = c.record;
  const evidence = evidenceLine(r);
  const parts = [`${w.bold(shortLabel(r))}${r.retracted ? ` · ${w.bold('retracted')}` : ''}`, ...(evidence ? [`Evidence: ${w.italic(evidence)}`] : []), w.text(formatReference(r))];
  const links: string[] = [];
  if (r.item.DOI) links.push(w.link(`doi:${r.item.DOI}`, `https://doi.org/${encodeURI(r.item.DOI)}`));
  if (r.item.PMID) links.push(w.link(`PubMed ${r.item.PMID}`, `https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(r.item.PMID)}/`));
  if (links.length) parts.push(links.join(' · '));
  return { contents: { kind: kindOf(format), value: parts.join('\n\n') }, range };
}

/**
 * A citation's reference when hovering a citation; otherwise a glossary term's definition.
 * `format`: Markdown, or plain text for a client whose hover `contentFormat` puts it first.
 */
export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean, format: HoverFormat = 'markdown'): Hover | null {
  const offset = document.offsetAt(params.position);
  const cited = citationHover(document, offset, store, options, format);
  if (cited) return cited;
  if (!glossaryEnabled) return null;
  const analysis = store.get(document);
  const occurrence = analysis?.termAt(offset);
  if (!occurrence) return null;
  return {
    contents: { kind: kindOf(format), value: renderGlossaryHover(occurrence.match.entry, options.glossary, format) },
    range: { start: document.positionAt(occurrence.start), end: document.positionAt(occurrence.end) },
  };
}

import { MarkupKind, type Hover, type HoverParams, type MarkupContent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TermOccurrence } from '../core/analysis';
import { evidenceLine } from '../core/citations/fit';
import { formatReference, shortLabel } from '../core/citations/format';
import { hoverWriter, renderGlossaryHover, type HoverFormat } from '../core/hover';
import type { LintOptions } from '../core/lint';
import type { AnalysisStore, LintResult } from './documents';

const kindOf = (format: HoverFormat) => (format === 'plaintext' ? MarkupKind.PlainText : MarkupKind.Markdown);

/** The hover of the citation at an offset of a lint's text, or null when none is there. */
export function citationHover(offset: number, result: LintResult | undefined, format: HoverFormat): HoverAnswer | null {
  const c = result?.model.citations.find((x) => offset >= x.start && offset < Math.max(x.end, x.start + 1));
  if (!c) return null;
  const w = hoverWriter(format);
  const at = { start: c.start, end: c.end };
  if (!c.record) {
    const text =
      c.status === 'unresolved'
        ? 'This marker points to nothing: no footnote definition or References entry carries it.'
        : `Not in the curated list.${c.pointsTo ? `\n\nPoints to: ${w.text(c.pointsTo.slice(0, 300))}` : ''}`;
    return { contents: { kind: kindOf(format), value: text }, ...at };
  }
  const r = c.record;
  const evidence = evidenceLine(r);
  const parts = [`${w.bold(shortLabel(r))}${r.retracted ? ` · ${w.bold('retracted')}` : ''}`, ...(evidence ? [`Evidence: ${w.italic(evidence)}`] : []), w.text(formatReference(r))];
  const links: string[] = [];
  if (r.item.DOI) links.push(w.link(`doi:${r.item.DOI}`, `https://doi.org/${encodeURI(r.item.DOI)}`));
  if (r.item.PMID) links.push(w.link(`PubMed ${r.item.PMID}`, `https://pubmed.ncbi.nlm.nih.gov/${encodeURIComponent(r.item.PMID)}/`));
  if (links.length) parts.push(links.join(' · '));
  return { contents: { kind: kindOf(format), value: parts.join('\n\n') }, ...at };
}

/** A hover as offsets into the text of the analysis it was read from. */
export interface HoverAnswer {
  contents: MarkupContent;
  start: number;
  end: number;
}

/**
 * A citation's reference when hovering a citation; otherwise a glossary term's definition.
 * `format`: Markdown, or plain text for a client whose hover `contentFormat` puts it first.
 * `quick`: answer only from what is already computed (never lint now): undefined when the
 * answer depends on a lint still under way (the caller then waits for it).
 */
export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean, format?: HoverFormat): Hover | null;
export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean, format: HoverFormat, quick: true): Hover | null | undefined;
export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean, format: HoverFormat = 'markdown', quick = false): Hover | null | undefined {
  const answer = hoverAt(document, document.offsetAt(params.position), store, options, glossaryEnabled, format, quick);
  return answer ? toHover(document, answer) : answer;
}

/** A hover answer as the protocol sends it: its offsets, in the document's current text, as positions. */
export function toHover(document: TextDocument, answer: HoverAnswer): Hover {
  return { contents: answer.contents, range: { start: document.positionAt(answer.start), end: document.positionAt(answer.end) } };
}

/**
 * The hover at an offset of the document's last analysis, as offsets (provideHover turns them
 * into positions). The server's quick path calls it with an offset mapped into an older
 * version's text, so no line index of that older text is ever built.
 */
export function hoverAt(document: TextDocument, offset: number, store: AnalysisStore, options: LintOptions, glossaryEnabled: boolean, format: HoverFormat, quick: boolean): HoverAnswer | null | undefined {
  const linted = quick ? store.lintIfReady(document, options) : store.lint(document, options);
  const cited = citationHover(offset, linted, format);
  if (cited) return cited;
  const analysis = store.get(document);
  const occurrence = glossaryEnabled ? analysis?.termAt(offset) : undefined;
  // A term is never inside a citation: its hover needs no lint.
  if (!occurrence) return quick && !linted ? undefined : null;
  return termHover(occurrence, options, format);
}

/** A glossary term's hover: its definition, over the term's range. */
export function termHover(occurrence: TermOccurrence, options: LintOptions, format: HoverFormat): HoverAnswer {
  return { contents: { kind: kindOf(format), value: renderGlossaryHover(occurrence.match.entry, options.glossary, format) }, start: occurrence.start, end: occurrence.end };
}

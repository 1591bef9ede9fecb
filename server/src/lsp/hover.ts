import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { renderGlossaryHover } from '../core/hover';
import type { AnalysisStore } from './documents';
import type { Glossary } from '../core/glossary';

export function provideHover(document: TextDocument, params: HoverParams, store: AnalysisStore, glossary: Glossary): Hover | null {
  const analysis = store.get(document);
  if (!analysis) return null;
  const occurrence = analysis.termAt(document.offsetAt(params.position));
  if (!occurrence) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: renderGlossaryHover(occurrence.match.entry, glossary) },
    range: { start: document.positionAt(occurrence.start), end: document.positionAt(occurrence.end) },
  };
}

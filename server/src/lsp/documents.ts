import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer, type DocumentAnalysis } from '../core/analysis';
import type { Glossary } from '../core/glossary';

/**
 * Keeps one analyzer per open document and the analysis of its latest version, so hover,
 * diagnostics and code actions on the same version share one analysis.
 */
export class AnalysisStore {
  private analyzers = new Map<string, DocumentAnalyzer>();
  private latest = new Map<string, { version: number; analysis: DocumentAnalysis }>();

  constructor(private glossary: Glossary) {}

  setGlossary(glossary: Glossary): void {
    this.glossary = glossary;
    for (const a of this.analyzers.values()) a.setGlossary(glossary);
  }

  get(document: TextDocument, isCancelled?: () => boolean): DocumentAnalysis | undefined {
    const cached = this.latest.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    let analyzer = this.analyzers.get(document.uri);
    if (!analyzer) this.analyzers.set(document.uri, (analyzer = new DocumentAnalyzer({ glossary: this.glossary })));
    const analysis = analyzer.analyze(document.getText(), isCancelled);
    if (analysis) this.latest.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.analyzers.delete(uri);
    this.latest.delete(uri);
  }
}

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer, type DocumentAnalysis } from '../core/analysis';
import type { Glossary } from '../core/glossary';
import { lintDocument, type Finding, type LintOptions } from '../core/lint';
import { createModelCache, type DocumentModel, type ModelCache } from '../core/lint/model';

export interface LintResult {
  version: number;
  options: LintOptions;
  findings: Finding[];
  model: DocumentModel;
}

interface Entry {
  analyzer: DocumentAnalyzer;
  modelCache: ModelCache;
  analysis?: { version: number; analysis: DocumentAnalysis };
  lint?: LintResult;
}

/**
 * One analyzer per open document and the analysis and lint result of its latest version,
 * so hover, diagnostics, code actions and completion on one version share one analysis.
 */
export class AnalysisStore {
  private entries = new Map<string, Entry>();

  constructor(private glossary: Glossary) {}

  setGlossary(glossary: Glossary): void {
    this.glossary = glossary;
    for (const e of this.entries.values()) {
      e.analyzer.setGlossary(glossary);
      e.modelCache = createModelCache();
      e.lint = undefined;
    }
  }

  invalidateLint(): void {
    for (const e of this.entries.values()) {
      e.lint = undefined;
      e.modelCache = createModelCache();
    }
  }

  private entry(uri: string): Entry {
    let e = this.entries.get(uri);
    if (!e) this.entries.set(uri, (e = { analyzer: new DocumentAnalyzer({ glossary: this.glossary }), modelCache: createModelCache() }));
    return e;
  }

  get(document: TextDocument, isCancelled?: () => boolean): DocumentAnalysis | undefined {
    const e = this.entry(document.uri);
    if (e.analysis?.version === document.version) return e.analysis.analysis;
    const analysis = e.analyzer.analyze(document.getText(), isCancelled);
    if (analysis) e.analysis = { version: document.version, analysis };
    return analysis;
  }

  lint(document: TextDocument, options: LintOptions, isCancelled?: () => boolean): LintResult | undefined {
    const e = this.entry(document.uri);
    if (e.lint?.version === document.version && e.lint.options === options) return e.lint;
    const analysis = this.get(document, isCancelled);
    if (!analysis || isCancelled?.()) return undefined;
    const { findings, model } = lintDocument(analysis, options, e.modelCache);
    e.lint = { version: document.version, options, findings, model };
    return e.lint;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

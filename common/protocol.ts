/**
 * Types shared by the VS Code client and the language server (one copy, imported by both).
 */

/** "1 citation problem", "2 citation problems" (the status bar tooltip, the report). */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Server → client: what Healthmark found in a document, for the status bar. */
export const StatusNotification = 'healthmark/status';

export interface StatusParams {
  uri: string;
  state: 'ok' | 'skipped';
  /** Set when state is 'skipped': why the document was not analysed. */
  message?: string;
  glossaryEntries: number;
  curatedRecords: number;
  termsInDocument: number;
  uncitedClaims: number;
  citationProblems: number;
}

/**
 * Client → server: the citation report of a document, or of the workspace folder that holds
 * it (every article in it, as `healthmark check <folder>` picks them), as a Markdown page.
 */
export const CitationReportRequest = 'healthmark/citationReport';

export interface CitationReportParams {
  uri: string;
  scope: 'document' | 'folder';
}

export interface CitationReportResult {
  /** The report as a Markdown page; absent when there is nothing to report on (with `message`). */
  markdown?: string;
  message?: string;
  claims?: number;
  cited?: number;
}

export type Sensitivity = 'low' | 'medium' | 'high';
export type RuleSeverity = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** The `healthmark.*` settings as the server reads them. */
export interface HealthmarkSettings {
  enable: boolean;
  glossary: {
    enable: boolean;
    /** Extra glossary files, relative to the workspace folder or absolute. */
    extraFiles: string[];
  };
  claims: {
    sensitivity: Sensitivity;
    /** Run the claim rules on documents that are not in English too. */
    checkAllLanguages: boolean;
  };
  citations: {
    /** A citation covers the sentence that contains or ends with it, or its whole paragraph. */
    scope: 'sentence' | 'paragraph';
    /** Extra CSL-JSON or BibTeX files that extend the curated list. */
    extraFiles: string[];
  };
  /** Severity per rule ("uncited-claim": "information", "unused-reference": "off"). */
  severity: Record<string, RuleSeverity>;
  /** Milliseconds to wait after typing before checking a document. */
  debounceMs: number;
  /** Acronyms acronym-first-use leaves unexpanded (absent: the built-in list, DNA, BMI, HIV…). */
  acronyms?: { unexpanded: string[] };
  /** Findings recorded in .healthmark/baseline.json: shown as hints (default), hidden, or shown as usual. */
  baseline?: 'hint' | 'hide' | 'show';
  /** Check every article in the workspace folders, open or not (pull diagnostics; off by default). */
  workspaceDiagnostics?: boolean;
}

export const defaultSettings: HealthmarkSettings = {
  enable: true,
  glossary: { enable: true, extraFiles: [] },
  claims: { sensitivity: 'medium', checkAllLanguages: false },
  citations: { scope: 'sentence', extraFiles: [] },
  severity: {},
  debounceMs: 300,
};

/** Workspace data files picked up without any setting. */
export const WORKSPACE_GLOSSARY = '.healthmark/glossary.json';
export const WORKSPACE_CITATIONS = ['.healthmark/citations.json', '.healthmark/references.bib'];

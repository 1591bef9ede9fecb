import type { CitationLibrary } from '../citations/library';
import type { ClaimJudge, Sensitivity } from '../claims';
import type { Glossary } from '../glossary';
import type { Steps } from '../steps';
import type { DocumentModel } from './model';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A text edit in document offsets. */
export interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

/** A quick fix computed with the finding, so code actions never re-analyse. */
export interface FixAction {
  title: string;
  edits: OffsetEdit[];
  isPreferred?: boolean;
  /** Shown but not applicable (LSP `disabled`): e.g. "No curated record fits this sentence". */
  disabledReason?: string;
}

export interface Finding {
  /** The rule's code, e.g. "uncited-claim". */
  code: string;
  message: string;
  /** Document offsets [start, end). */
  start: number;
  end: number;
  severity: Severity;
  fixes?: FixAction[];
  /** Lazily computed fixes (citation suggestions rank the curated list). */
  lazyFixes?: LazyFix;
}

/** A fix that needs ranking: carried as plain data, computed when the user asks. */
export interface LazyFix {
  kind: 'cite-claim';
  /** Text of the claim, for ranking. */
  claim: string;
  /** Offset where a citation goes (before the final punctuation). */
  insertAt: number;
  /** Offset just after the sentence, for markers that follow punctuation (footnotes). */
  afterSentence: number;
  /** Offset for a suppression comment. */
  ignoreAt: number;
}

export interface LintOptions {
  library: CitationLibrary;
  glossary: Glossary;
  sensitivity: Sensitivity;
  /** A citation covers its sentence (default) or its whole paragraph. */
  citationScope: 'sentence' | 'paragraph';
  /** Per-rule severity overrides; 'off' disables a rule. */
  severities: Partial<Record<string, Severity | 'off'>>;
  /** The claim model and overclaim patterns (bundled data, compiled). */
  claims: ClaimJudge;
  /** Run the claim rules on documents that are not in English too. */
  checkAllLanguages?: boolean;
  /** Acronyms acronym-first-use leaves unexpanded (default: DEFAULT_UNEXPANDED_ACRONYMS in core/acronyms.ts). */
  unexpandedAcronyms?: readonly string[];
}

export const defaultLintOptions = (library: CitationLibrary, glossary: Glossary, claims: ClaimJudge): LintOptions => ({
  library,
  glossary,
  claims,
  checkAllLanguages: false,
  sensitivity: 'medium',
  citationScope: 'sentence',
  severities: {},
});

/** What a rule reports: a finding without its code, and with a severity only when it sets its own. */
export type ReportedFinding = Omit<Finding, 'code' | 'severity'> & { severity?: Severity };

/** How a rule reports a finding. */
export type Report = (finding: ReportedFinding) => void;

/** One rule, one module: like markdownlint's rules, adding a rule is adding a file. */
export interface Rule {
  /** [code, readable alias], e.g. ["HM001", "uncited-claim"]. */
  names: [string, string];
  description: string;
  tags: string[];
  defaultSeverity: Severity;
  /** A finding may carry its own default severity (e.g. a hint beside warnings); settings still override it. */
  /**
   * The rule's findings for a claim unit depend on that unit alone (and the data): the engine
   * may check the units in slices, pausing in between (a large document has tens of thousands).
   */
  unitLocal?: boolean;
  /**
   * Reports the rule's findings. A rule whose work grows with the whole document (every line,
   * every term) is a generator that pauses now and then (`Steps`, core/steps.ts), so the
   * server can answer requests in between; other rules just return.
   */
  check(model: DocumentModel, options: LintOptions, report: Report): Steps<void> | void;
}

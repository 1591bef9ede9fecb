import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from '../core/analysis';
import { citeClaimFixes } from '../core/lint/citeFix';
import { cleanUpPastedArticle, cleanupRuleCodes } from '../core/lint/fixAll';
import { lintDocument, type Finding, type FixAction, type LintOptions } from '../core/lint';
import { documentDialect, type AnalysisStore, type LintResult } from './documents';
import { maskDialect, type Dialect } from '../core/dialects';
import { toTextEdit, type DiagnosticData } from './convert';

/**
 * Quick fixes come from the finding the diagnostic's data points to in the cached lint result
 * of its version: its edits, or (for uncited claims) citation suggestions ranked now.
 */
export function provideCodeActions(document: TextDocument, params: CodeActionParams, store: AnalysisStore, options: LintOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const only = params.context.only;
  if (wants(only, FIX_ALL_KIND)) {
    const fixAll = cleanUpAction(document, store, options, FIX_ALL_KIND);
    if (fixAll) actions.push(fixAll);
  }
  if (only && !wants(only, CodeActionKind.QuickFix)) return actions;
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'healthmark') continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    const result = store.lint(document, options);
    if (!result) continue;
    let finding = data && data.version === document.version ? result.findings[data.index] : undefined;
    if (!finding || finding.code !== diagnostic.code) {
      const start = document.offsetAt(diagnostic.range.start);
      finding = result.findings.find((f) => f.code === diagnostic.code && f.start <= start && f.end >= start);
    }
    if (!finding) continue;
    for (const f of fixesOf(finding, result, options)) {
      actions.push(action(document, diagnostic, f.title, f.edits.map((e) => toTextEdit(document, e)), f.isPreferred, f.disabledReason));
    }
  }
  // Last in the quick-fix menu of a paste-cleanup finding: the same clean-up for the whole article.
  const cleanupCodes = cleanupRuleCodes();
  if (params.context.diagnostics.some((d) => d.source === 'healthmark' && cleanupCodes.has(String(d.code)))) {
    const all = cleanUpAction(document, store, options, CodeActionKind.QuickFix, (n) => `Clean up the whole pasted article (${fixCount(n)})`);
    if (all) actions.push(all);
  }
  return actions;
}

/** A finding's fixes: its own, or (an uncited claim) the citation suggestions, ranked now. */
function fixesOf(finding: Finding, result: LintResult, options: LintOptions): FixAction[] {
  return finding.lazyFixes ? citeClaimFixes(result.model, finding.lazyFixes, options) : finding.fixes ?? [];
}

/**
 * Quick fixes from an older lint while a newer one runs: the fixes of the diagnostics the
 * request names, which the editor shows from that lint (their data say so), with every edit
 * moved to where its text is in the current document (`moved`, by the text unchanged since).
 * Undefined when that cannot be done for all of them: a diagnostic of another version, an
 * edit in text changed since, or an action over the whole article (the clean-up), which needs
 * the current text's findings. The caller then waits for the current lint.
 */
export function quickFixesFromLint(document: TextDocument, params: CodeActionParams, result: LintResult, options: LintOptions, moved: (start: number, end: number) => { start: number; end: number } | undefined): CodeAction[] | undefined {
  const only = params.context.only;
  if (wants(only, FIX_ALL_KIND)) return undefined;
  if (only && !wants(only, CodeActionKind.QuickFix)) return [];
  const cleanupCodes = cleanupRuleCodes();
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'healthmark') continue;
    if (cleanupCodes.has(String(diagnostic.code))) return undefined;
    const data = diagnostic.data as DiagnosticData | undefined;
    const finding = data?.version === result.version ? result.findings[data.index] : undefined;
    if (!finding || finding.code !== diagnostic.code) return undefined;
    for (const f of fixesOf(finding, result, options)) {
      const edits: TextEdit[] = [];
      for (const e of f.edits) {
        const at = moved(e.start, e.end);
        if (!at) return undefined;
        edits.push(toTextEdit(document, { ...e, ...at }));
      }
      actions.push(action(document, diagnostic, f.title, edits, f.isPreferred, f.disabledReason));
    }
  }
  return actions;
}

function action(document: TextDocument, diagnostic: Diagnostic, title: string, edits: ReturnType<typeof toTextEdit>[], isPreferred?: boolean, disabledReason?: string): CodeAction {
  if (disabledReason) return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], disabled: { reason: disabledReason } };
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [document.uri]: edits } },
  };
}

/** The kind of the clean-up action: `editor.codeActionsOnSave: { "source.fixAll.healthmark": "explicit" }` runs it. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.healthmark`;
const fixCount = (n: number) => `${n} fix${n === 1 ? '' : 'es'}`;

/** Whether a request limited to `only` kinds wants actions of `kind` (kinds are hierarchical: "source" covers "source.fixAll.healthmark"). */
function wants(only: string[] | undefined, kind: string): boolean {
  if (!only) return false;
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/** The lint findings of the document's current version (the cached ones when they are current). */
function currentFindings(document: TextDocument, store: AnalysisStore, options: LintOptions): Finding[] {
  const result = store.lint(document, options);
  if (result && result.version === document.version) return result.findings;
  return relint(options, documentDialect(document))(document.getText());
}

function relint(options: LintOptions, dialect: Dialect = 'markdown'): (text: string) => Finding[] {
  return (text) => {
    const analysis = new DocumentAnalyzer({ glossary: options.glossary }).analyze(maskDialect(text, dialect));
    return analysis ? lintDocument(analysis, options).findings : [];
  };
}

/**
 * Every paste-cleanup fix of the document (and the removal of pasted tooltips) as one
 * workspace edit, or undefined when there is nothing to clean up.
 */
export function cleanUpAction(
  document: TextDocument,
  store: AnalysisStore,
  options: LintOptions,
  kind: string,
  title = (fixes: number) => `Healthmark: Clean up pasted article (${fixCount(fixes)})`,
): CodeAction | undefined {
  const text = document.getText();
  const result = cleanUpPastedArticle(text, currentFindings(document, store, options), relint(options, documentDialect(document)));
  if (result.edits.length === 0) return undefined;
  return {
    title: title(result.fixes),
    kind,
    edit: { changes: { [document.uri]: result.edits.map((e) => toTextEdit(document, e)) } },
  };
}

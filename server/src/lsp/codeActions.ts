import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { citeClaimFixes } from '../core/lint/citeFix';
import type { FixAction, LintOptions } from '../core/lint';
import type { AnalysisStore } from './documents';
import { toTextEdit, type DiagnosticData } from './convert';

/**
 * Quick fixes come from the diagnostic's data: ready-made edits, or (for uncited claims) the
 * finding it points to in the cached lint result, whose citation suggestions are ranked now.
 */
export function provideCodeActions(document: TextDocument, params: CodeActionParams, store: AnalysisStore, options: LintOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'healthmark') continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (data?.fixes?.length && data.version === document.version) {
      for (const f of data.fixes) actions.push(action(document, diagnostic, f.title, f.edits, f.isPreferred, f.disabledReason));
      continue;
    }
    const result = store.lint(document, options);
    if (!result) continue;
    let finding = data && data.version === document.version ? result.findings[data.index] : undefined;
    if (!finding || finding.code !== diagnostic.code) {
      const start = document.offsetAt(diagnostic.range.start);
      finding = result.findings.find((f) => f.code === diagnostic.code && f.start <= start && f.end >= start);
    }
    if (!finding) continue;
    const fixes: FixAction[] = finding.lazyFixes ? citeClaimFixes(result.model, finding.lazyFixes, options) : finding.fixes ?? [];
    for (const f of fixes) {
      actions.push(action(document, diagnostic, f.title, f.edits.map((e) => toTextEdit(document, e)), f.isPreferred, f.disabledReason));
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

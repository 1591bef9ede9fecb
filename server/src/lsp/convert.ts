import { DiagnosticSeverity, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, OffsetEdit, Severity } from '../core/lint';
import { ruleDocsUrl } from '../core/ruleDocs';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toTextEdit(document: TextDocument, edit: OffsetEdit): TextEdit {
  return { range: { start: document.positionAt(edit.start), end: document.positionAt(edit.end) }, newText: edit.newText };
}

/**
 * What a diagnostic carries so code actions never re-analyse: the finding's place in the lint
 * result of its version, which the server keeps. The fixes themselves stay on the server and
 * are converted when asked for: sent with every diagnostic they were a fifth of each
 * publishDiagnostics message (2.7 MB for a 2.5 MB article), encoded and decoded on every edit.
 */
export interface DiagnosticData {
  version: number;
  /** Index of the finding in the lint result of that version. */
  index: number;
}

export function toDiagnostic(document: TextDocument, finding: Finding, index: number): Diagnostic {
  const data: DiagnosticData = { version: document.version, index };
  return {
    range: { start: document.positionAt(finding.start), end: document.positionAt(finding.end) },
    severity: SEVERITY[finding.severity],
    source: 'healthmark',
    code: finding.code,
    // The rule's page (what, why, examples, fix, how to silence): VS Code links the code to it.
    codeDescription: { href: ruleDocsUrl(finding.code) },
    message: finding.message,
    data,
  };
}

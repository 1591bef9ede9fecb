// What the desktop (extension.ts) and web (browser.ts) clients share: the documents they serve,
// the status bar, and the clean-up command. Only VS Code API, so both bundles can use it.
import { CodeActionKind, commands, Range, window, workspace, type CodeAction, type StatusBarItem } from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient';
import type { StatusParams } from '../../common/protocol';

/** Markdown, MDX and Quarto (by language where an extension provides one, else by file name). */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'markdown' },
  { language: 'mdx' },
  { language: 'quarto' },
  { language: 'markdown', pattern: '**/*.mdx' },
  { language: 'markdown', pattern: '**/*.qmd' },
];

/** Shows the server's status of the active document in the status bar item. */
export function showStatus(status: StatusBarItem, p: StatusParams): void {
  if (window.activeTextEditor?.document.uri.toString() !== p.uri) return;
  status.text = p.state === 'ok' ? `$(book) Healthmark: ${p.termsInDocument} terms · ${p.uncitedClaims} uncited` : '$(warning) Healthmark: skipped';
  status.tooltip = p.message ?? `${p.uncitedClaims} uncited claims, ${p.citationProblems} citation problems · ${p.glossaryEntries} glossary entries, ${p.curatedRecords} curated references`;
  status.show();
}

const FIX_ALL_KIND = CodeActionKind.SourceFixAll.append('healthmark');

/** "Healthmark: Clean up pasted article": applies the server's fix-all action to the active article. */
export async function cleanUpPastedArticle(): Promise<void> {
  const document = window.activeTextEditor?.document;
  if (!document || document.languageId !== 'markdown') {
    void window.showInformationMessage('Healthmark: open a Markdown article to clean it up.');
    return;
  }
  const whole = document.validateRange(new Range(0, 0, document.lineCount, 0));
  const actions = (await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', document.uri, whole, FIX_ALL_KIND.value)) ?? [];
  const cleanUp = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  if (!cleanUp?.edit) {
    void window.showInformationMessage('Healthmark: nothing to clean up in this article.');
    return;
  }
  if (!(await workspace.applyEdit(cleanUp.edit))) void window.showWarningMessage('Healthmark: the article changed while it was being cleaned up; run the command again.');
}


// "Healthmark: Clean up pasted article": applies the server's source.fixAll.healthmark action
// (every paste-cleanup fix in one edit). Only VS Code API: shared by the desktop and web entries.
import { CodeActionKind, commands, Range, window, workspace, type CodeAction } from 'vscode';

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


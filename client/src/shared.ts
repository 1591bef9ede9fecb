// What the desktop (extension.ts) and web (browser.ts) clients share: the documents they serve,
// the status bar, and the clean-up command. Only VS Code API, so both bundles can use it.
import { CodeActionKind, commands, EventEmitter, Range, Uri, window, workspace, type CodeAction, type Disposable, type StatusBarItem, type TextDocumentContentProvider } from 'vscode';
import type { DocumentSelector } from 'vscode-languageclient';
import { CitationReportRequest, count, type CitationReportParams, type CitationReportResult, type StatusParams } from '../../common/protocol';

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
  status.tooltip = p.message ?? `${count(p.uncitedClaims, 'uncited claim')}, ${count(p.citationProblems, 'citation problem')} · ${count(p.glossaryEntries, 'glossary entry', 'glossary entries')}, ${count(p.curatedRecords, 'curated reference')}`;
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


// ---- Healthmark: Show citation report ----
// The report is a Markdown page from the server, shown read-only in the Markdown preview (the
// preview's own strict content security policy applies; no webview code of ours runs).
export const REPORT_SCHEME = 'healthmark-report';

/** Read-only documents holding the reports (`healthmark-report:/<name>.md`). */
export class ReportDocuments implements TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }

  set(uri: Uri, markdown: string): void {
    this.pages.set(uri.toString(), markdown);
    this.changed.fire(uri);
  }

  register(): Disposable {
    return workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }
}

type Send = (method: string, params: CitationReportParams) => Promise<CitationReportResult>;

/** Asks the server for the report of the active document (or its folder) and previews it. */
export async function showCitationReport(send: Send, pages: ReportDocuments, scope: CitationReportParams['scope']): Promise<void> {
  const document = window.activeTextEditor?.document;
  const folder = scope === 'folder' ? (document && workspace.getWorkspaceFolder(document.uri)) ?? workspace.workspaceFolders?.[0] : undefined;
  if (scope === 'document' && !document) {
    void window.showInformationMessage('Healthmark: open an article to see its citation report.');
    return;
  }
  if (scope === 'folder' && !folder) {
    void window.showInformationMessage('Healthmark: open a folder to see the citation report of its articles.');
    return;
  }
  // For a folder without an open article, any file URI inside it names the folder.
  const uri = document && (scope === 'document' || workspace.getWorkspaceFolder(document.uri) === folder) ? document.uri : Uri.joinPath(folder!.uri, 'article.md');
  const result = await send(CitationReportRequest, { uri: uri.toString(), scope });
  if (!result.markdown) {
    void window.showInformationMessage(`Healthmark: ${result.message ?? 'nothing to report.'}`);
    return;
  }
  const name = scope === 'folder' ? folder!.name : uri.path.replace(/^.*\//, '');
  const page = Uri.from({ scheme: REPORT_SCHEME, path: `/${scope === 'folder' ? 'folder' : 'document'}/${name}.report.md` });
  pages.set(page, result.markdown);
  const shown = await workspace.openTextDocument(page);
  await commands.executeCommand('markdown.showPreview', shown.uri);
}

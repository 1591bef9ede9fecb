import * as path from 'node:path';
import { commands, StatusBarAlignment, window, workspace, type ExtensionContext, type StatusBarItem } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { StatusNotification, WORKSPACE_GLOSSARY, type StatusParams } from '../../common/protocol';
import { cleanUpPastedArticle, DOCUMENT_SELECTOR, ReportDocuments, showCitationReport, showStatus } from './shared';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'start.js'));
  // The server's compiled-code cache (dist/start.js) lives in the extension's own storage.
  const env = { ...process.env, HEALTHMARK_CACHE_DIR: context.globalStorageUri.fsPath };
  // Over stdio, as other editors start it: there the server writes a long article's
  // diagnostics from pieces encoded between its slices of work (over IPC, Node encodes each
  // message at once, and hovers wait behind it).
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { env } },
    debug: { module, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: 'healthmark',
      fileEvents: workspace.createFileSystemWatcher(`**/{${WORKSPACE_GLOSSARY},*.healthmark-glossary.json}`),
    },
  };
  client = new LanguageClient('healthmark', 'Healthmark', serverOptions, clientOptions);

  const status: StatusBarItem = window.createStatusBarItem(StatusBarAlignment.Right, 100);
  const reports = new ReportDocuments();
  const send = (method: string, params: unknown) => client!.sendRequest<any>(method, params);
  status.command = 'healthmark.showOutput';
  context.subscriptions.push(
    status,
    commands.registerCommand('healthmark.restartServer', () => client?.restart()),
    commands.registerCommand('healthmark.showOutput', () => client?.outputChannel.show()),
    commands.registerCommand('healthmark.cleanUpPastedArticle', cleanUpPastedArticle),
    reports.register(),
    commands.registerCommand('healthmark.showCitationReport', () => showCitationReport(send, reports, 'document')),
    commands.registerCommand('healthmark.showFolderCitationReport', () => showCitationReport(send, reports, 'folder')),
    client.onNotification(StatusNotification, (p: StatusParams) => showStatus(status, p)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

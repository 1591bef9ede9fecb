// The extension in VS Code for the Web (package.json `browser`: dist/browser.js), run in the
// web-worker extension host. The language server runs in a worker of its own
// (dist/browserServer.js) where one can be created; an extension served by a VS Code server —
// code-server included — cannot create one ("Creating workers from remote extensions is
// currently not supported"), so it then runs in this worker, on a MessageChannel. Files are read
// here with `vscode.workspace.fs` (the extension's data and the workspace's) for the server.
// No Node built-ins: scripts/build.mjs bundles this for the browser and fails on any.
import { commands, StatusBarAlignment, Uri, window, workspace, type ExtensionContext, type FileSystemError, type StatusBarItem } from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type LanguageClientOptions, type MessageTransports } from 'vscode-languageclient/browser';
import { StatusNotification, WORKSPACE_GLOSSARY, type StatusParams } from '../../common/protocol';
import { cleanUpPastedArticle, DOCUMENT_SELECTOR, ReportDocuments, showCitationReport, showStatus } from './shared';
import { ReadFileRequest, type ReadFileParams, type ReadFileResult, type WebInitializationOptions } from '../../server/src/browserData';
import { startServer, type MessageEndpoint } from '../../server/src/browserServer';

let client: LanguageClient | undefined;

interface WorkerLike {
  terminate(): void;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => WorkerLike;

/** Where the server runs: its own worker, or (where none can be created) this one. */
export let serverHost: 'worker' | 'extension worker' | undefined;

function startTransports(context: ExtensionContext, log: (message: string) => void): () => Promise<MessageTransports> {
  return async () => {
    const WorkerImpl = (globalThis as { Worker?: WorkerConstructor }).Worker;
    if (WorkerImpl) {
      try {
        const url = Uri.joinPath(context.extensionUri, 'dist', 'browserServer.js').toString(true);
        const worker = new WorkerImpl(url, { name: 'Healthmark language server' });
        serverHost = 'worker';
        const endpoint = worker as unknown as MessageEndpoint;
        return { reader: new BrowserMessageReader(endpoint), writer: new BrowserMessageWriter(endpoint) };
      } catch (error) {
        log(`Healthmark: no worker for the language server (${(error as Error)?.message ?? error}); running it in the extension's worker.`);
      }
    }
    const channel = new MessageChannel();
    startServer(channel.port2 as unknown as MessageEndpoint);
    serverHost = 'extension worker';
    const endpoint = channel.port1 as unknown as MessageEndpoint;
    return { reader: new BrowserMessageReader(endpoint), writer: new BrowserMessageWriter(endpoint) };
  };
}

async function readFile({ uri }: ReadFileParams): Promise<ReadFileResult> {
  try {
    const bytes = await workspace.fs.readFile(Uri.parse(uri));
    return { text: new TextDecoder('utf-8').decode(bytes) };
  } catch (error) {
    const code = (error as FileSystemError)?.code;
    return { error: `${uri} could not be read: ${(error as Error)?.message ?? error}`, missing: code === 'FileNotFound' || code === 'EntryNotFound' };
  }
}

export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('Healthmark', { log: true });
  const web: WebInitializationOptions = { extensionUri: context.extensionUri.toString() };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: { web },
    synchronize: {
      configurationSection: 'healthmark',
      fileEvents: workspace.createFileSystemWatcher(`**/{${WORKSPACE_GLOSSARY},*.healthmark-glossary.json}`),
    },
  };
  client = new LanguageClient('healthmark', 'Healthmark', startTransports(context, (m) => output.appendLine(m)), clientOptions);

  const status: StatusBarItem = window.createStatusBarItem(StatusBarAlignment.Right, 100);
  status.command = 'healthmark.showOutput';
  const reports = new ReportDocuments();
  const send = (method: string, params: unknown) => client!.sendRequest<any>(method, params);
  context.subscriptions.push(
    output,
    reports.register(),
    commands.registerCommand('healthmark.showCitationReport', () => showCitationReport(send, reports, 'document')),
    commands.registerCommand('healthmark.showFolderCitationReport', () => showCitationReport(send, reports, 'folder')),
    status,
    commands.registerCommand('healthmark.restartServer', async () => {
      await client?.stop();
      await client?.start();
    }),
    commands.registerCommand('healthmark.showOutput', () => output.show()),
    commands.registerCommand('healthmark.cleanUpPastedArticle', cleanUpPastedArticle),
    client.onRequest(ReadFileRequest, readFile),
    client.onNotification(StatusNotification, (p: StatusParams) => showStatus(status, p)),
  );
  await client.start();
  output.appendLine(`Healthmark: language server running in the ${serverHost}.`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

import * as path from 'node:path';
import { commands, StatusBarAlignment, window, workspace, type ExtensionContext, type StatusBarItem } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { StatusNotification, WORKSPACE_GLOSSARY, type StatusParams } from '../../common/protocol';
import { cleanUpPastedArticle } from './cleanUp';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Markdown, MDX and Quarto (by language where an extension provides one, else by file name).
    documentSelector: [
      { language: 'markdown' },
      { language: 'mdx' },
      { language: 'quarto' },
      { language: 'markdown', pattern: '**/*.mdx' },
      { language: 'markdown', pattern: '**/*.qmd' },
    ],
    synchronize: {
      configurationSection: 'healthmark',
      fileEvents: workspace.createFileSystemWatcher(`**/{${WORKSPACE_GLOSSARY},*.healthmark-glossary.json}`),
    },
  };
  client = new LanguageClient('healthmark', 'Healthmark', serverOptions, clientOptions);

  const status: StatusBarItem = window.createStatusBarItem(StatusBarAlignment.Right, 100);
  status.command = 'healthmark.showOutput';
  context.subscriptions.push(
    status,
    commands.registerCommand('healthmark.restartServer', () => client?.restart()),
    commands.registerCommand('healthmark.showOutput', () => client?.outputChannel.show()),
    commands.registerCommand('healthmark.cleanUpPastedArticle', cleanUpPastedArticle),
    client.onNotification(StatusNotification, (p: StatusParams) => {
      if (window.activeTextEditor?.document.uri.toString() !== p.uri) return;
      status.text = p.state === 'ok' ? `$(book) Healthmark: ${p.termsInDocument} terms · ${p.uncitedClaims} uncited` : '$(warning) Healthmark: skipped';
      status.tooltip = p.message ?? `${p.uncitedClaims} uncited claims, ${p.citationProblems} citation problems · ${p.glossaryEntries} glossary entries, ${p.curatedRecords} curated references`;
      status.show();
    }),
  );
  await client.start();
}

/** The server's `source.fixAll.healthmark` action: every paste-cleanup fix as one edit. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}

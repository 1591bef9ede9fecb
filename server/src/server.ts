import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, StatusNotification, WORKSPACE_GLOSSARY, type HealthmarkSettings, type StatusParams } from '../../common/protocol';
import { unsupportedReason } from './core/analysis';
import { buildGlossary, type Glossary, type GlossarySource } from './core/glossary';
import { bundledGlossarySource, readJsonSource } from './dataFiles';
import { AnalysisStore } from './lsp/documents';
import { provideHover } from './lsp/hover';

// With no transport argument, speak LSP over stdio: that is how other editors start us.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

// Over stdio, stdout is the protocol: route stray console output to stderr.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let workspaceFolders: string[] = [];
let supportsConfiguration = false;
let settings: HealthmarkSettings = defaultSettings;
let glossary: Glossary = buildGlossary([]).glossary;
const store = new AnalysisStore(glossary);

function mergeSettings(raw: unknown): HealthmarkSettings {
  const r = (raw ?? {}) as Partial<HealthmarkSettings> & { glossary?: Partial<HealthmarkSettings['glossary']> };
  return {
    enable: r.enable ?? defaultSettings.enable,
    glossary: {
      enable: r.glossary?.enable ?? defaultSettings.glossary.enable,
      extraFiles: Array.isArray(r.glossary?.extraFiles) ? r.glossary!.extraFiles.filter((f) => typeof f === 'string') : [],
    },
  };
}

function glossarySources(): GlossarySource[] {
  const sources = [bundledGlossarySource()];
  for (const folder of workspaceFolders) {
    const auto = path.join(folder, WORKSPACE_GLOSSARY);
    const auto_ = readJsonSource(auto, auto);
    if (!auto_.error || !auto_.error.endsWith('does not exist.')) sources.push(auto_);
    for (const file of settings.glossary.extraFiles) {
      const full = path.isAbsolute(file) ? file : path.join(folder, file);
      sources.push(readJsonSource(full, full));
    }
  }
  return sources;
}

function reloadGlossary(): void {
  const { glossary: next, problems } = buildGlossary(glossarySources());
  glossary = next;
  store.setGlossary(glossary);
  connection.console.info(`Healthmark: glossary loaded with ${glossary.entries.length} entries.`);
  for (const p of problems) {
    connection.console.warn(`Healthmark: ${p.source}: ${p.message}`);
  }
  const fatal = problems.filter((p) => !p.message.includes(' keeps it.'));
  if (fatal.length > 0) {
    void connection.window.showWarningMessage(`Healthmark: ${fatal[0].source}: ${fatal[0].message}`);
  }
}

async function refreshSettings(): Promise<void> {
  if (supportsConfiguration) {
    try {
      settings = mergeSettings(await connection.workspace.getConfiguration('healthmark'));
    } catch {
      settings = defaultSettings;
    }
  }
  reloadGlossary();
  for (const d of documents.all()) sendStatus(d);
}

function sendStatus(document: TextDocument): void {
  const reason = unsupportedReason(document.getText());
  const analysis = reason ? undefined : store.get(document);
  let terms = 0;
  if (analysis) for (const _ of analysis.terms()) terms++;
  const params: StatusParams = {
    uri: document.uri,
    state: reason ? 'skipped' : 'ok',
    message: reason,
    glossaryEntries: glossary.entries.length,
    termsInDocument: terms,
  };
  void connection.sendNotification(StatusNotification, params);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  supportsConfiguration = !!params.capabilities.workspace?.configuration;
  workspaceFolders = (params.workspaceFolders ?? [])
    .map((f) => f.uri)
    .concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : [])
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u));
  settings = mergeSettings(params.initializationOptions?.settings);
  reloadGlossary();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
    },
    serverInfo: { name: 'healthmark-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  if (supportsConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'healthmark' });
    void refreshSettings();
  }
});

connection.onDidChangeConfiguration((change) => {
  if (!supportsConfiguration) settings = mergeSettings(change.settings?.healthmark);
  void refreshSettings();
});

connection.onDidChangeWatchedFiles(() => reloadGlossary());

connection.onHover((params) => {
  if (!settings.enable || !settings.glossary.enable) return null;
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return provideHover(document, params, store, glossary);
});

documents.onDidOpen((e) => sendStatus(e.document));
documents.onDidClose((e) => store.forget(e.document.uri));

process.on('uncaughtException', (error) => {
  // Keep serving: one bad request must not take the editor's language features down.
  connection.console.error(`Healthmark: unexpected error: ${error.stack ?? error}`);
});

documents.listen(connection);
connection.listen();

// The Healthmark language server for VS Code for the Web (vscode.dev, github.dev, code-server's
// web extension host): the same analysis core, hovers, diagnostics, quick fixes and completion
// as server.ts, over `vscode-languageserver/browser` on a MessagePort or a worker's global
// scope. It reads no files itself: the extension reads them with `vscode.workspace.fs` on its
// `healthmark/readFile` request (browserData.ts). Unlike the Node server, it analyses documents
// on this thread (no parse worker).
// No Node built-ins: scripts/build.mjs bundles this for the browser and fails on any.
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  DidChangeConfigurationNotification,
  TextDocuments,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/browser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CitationReportRequest, defaultSettings, StatusNotification, WORKSPACE_CITATIONS, WORKSPACE_GLOSSARY, type CitationReportParams, type CitationReportResult, type HealthmarkSettings, type StatusParams } from '../../common/protocol';
import { citationReport, reportMarkdown } from './core/report';
import { loadBundledData, joinUri, readCitationSource, readJsonSource, ReadFileRequest, type BundledData, type ReadFileParams, type ReadFileResult, type WebInitializationOptions } from './browserData';
import { unsupportedReason } from './core/analysis';
import { buildCitationLibrary, type CitationLibrary, type CitationSource } from './core/citations/library';
import { buildGlossary, type Glossary, type GlossarySource } from './core/glossary';
import { preferredHoverFormat, type HoverFormat } from './core/hover';
import type { LintOptions } from './core/lint';
import { healthmarkCapabilities } from './lsp/capabilities';
import { provideCodeActions } from './lsp/codeActions';
import { provideCompletion, resolveCompletion } from './lsp/completion';
import { toDiagnostic } from './lsp/convert';
import { AnalysisStore } from './lsp/documents';
import { provideHover } from './lsp/hover';
import { SettingsSources } from './lsp/settings';

/** What `BrowserMessageReader`/`Writer` accept: a MessagePort, a Worker or a worker's global scope. */
export type MessageEndpoint = ConstructorParameters<typeof BrowserMessageReader>[0];

/** Starts a server speaking LSP on `endpoint`; returns when it listens. */
export function startServer(endpoint: MessageEndpoint): void {
  const connection = createConnection(new BrowserMessageReader(endpoint), new BrowserMessageWriter(endpoint));
  const documents = new TextDocuments(TextDocument);

  let workspaceFolders: string[] = [];
  let extensionUri = '';
  let supportsConfiguration = false;
  let supportsDynamicRegistration = false;
  let hoverFormat: HoverFormat = 'markdown';
  let sources = new SettingsSources();
  let settings: HealthmarkSettings = defaultSettings;
  let bundled: BundledData | undefined;
  let glossary: Glossary = buildGlossary([]).glossary;
  let library: CitationLibrary = buildCitationLibrary([]).library;
  let lintOptions: LintOptions | undefined;
  const store = new AnalysisStore(glossary);

  // Nothing is checked before the bundled data and the client's settings are in.
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const read = (uri: string) => connection.sendRequest<ReadFileResult>(ReadFileRequest, { uri } satisfies ReadFileParams);

  function makeLintOptions(): LintOptions {
    return {
      library,
      glossary,
      claims: bundled!.claimJudge,
      checkAllLanguages: settings.claims.checkAllLanguages,
      sensitivity: settings.claims.sensitivity,
      citationScope: settings.citations.scope,
      severities: settings.severity,
      unexpandedAcronyms: settings.acronyms?.unexpanded,
    };
  }

  async function workspaceSources<T extends { error?: string; missing?: boolean }>(auto: string[], extra: string[], readSource: (uri: string) => Promise<T>): Promise<T[]> {
    const found: T[] = [];
    for (const folder of workspaceFolders) {
      for (const rel of auto) {
        const source = await readSource(joinUri(folder, rel));
        if (!source.missing) found.push(source);
      }
      for (const file of extra) found.push(await readSource(joinUri(folder, file)));
    }
    return found;
  }

  function report(kind: string, problems: { source: string; message: string }[]): void {
    for (const p of problems) connection.console.warn(`Healthmark ${kind}: ${p.source}: ${p.message}`);
    const serious = problems.filter((p) => !p.message.includes(' keeps it.'));
    if (serious.length > 0) void connection.window.showWarningMessage(`Healthmark: ${serious[0].source}: ${serious[0].message}`);
  }

  let loadedDataKey: string | undefined;
  const dataKey = () => JSON.stringify([workspaceFolders, settings.glossary.extraFiles, settings.citations.extraFiles]);

  async function reloadData(): Promise<void> {
    loadedDataKey = dataKey();
    bundled ??= await loadBundledData(read, extensionUri);
    const g = buildGlossary([bundled.glossary, ...(await workspaceSources<GlossarySource & { missing?: boolean }>([WORKSPACE_GLOSSARY], settings.glossary.extraFiles, (u) => readJsonSource(read, u)))]);
    const c = buildCitationLibrary([bundled.citations, ...(await workspaceSources<CitationSource & { missing?: boolean }>(WORKSPACE_CITATIONS, settings.citations.extraFiles, (u) => readCitationSource(read, u)))]);
    glossary = g.glossary;
    library = c.library;
    lintOptions = makeLintOptions();
    store.setGlossary(glossary);
    store.invalidateLint();
    connection.console.info(`Healthmark (web): ${glossary.entries.length} glossary entries, ${library.records.length} curated references.`);
    report('glossary', g.problems);
    report('citations', c.problems);
  }

  async function refreshSettings(): Promise<void> {
    if (supportsConfiguration) {
      try {
        sources.setPulled(await connection.workspace.getConfiguration('healthmark'));
      } catch {
        sources.setPulled(undefined);
      }
    }
    settings = sources.settings;
    if (!bundled || dataKey() !== loadedDataKey) await reloadData();
    else lintOptions = makeLintOptions();
    for (const d of documents.all()) schedule(d, 0);
  }

  // ---- validation: debounced per document ----
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  function schedule(document: TextDocument, delay = settings.debounceMs): void {
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        validate(document.uri).catch((error) => connection.console.error(`Healthmark: validation failed: ${error?.stack ?? error}`));
      }, delay),
    );
  }

  async function validate(uri: string): Promise<void> {
    await ready;
    const document = documents.get(uri);
    if (!document || !lintOptions) return;
    const reason = unsupportedReason(document.getText());
    if (!settings.enable || reason) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      status(document, undefined, reason);
      return;
    }
    const result = store.lint(document, lintOptions);
    if (!result || result.version !== document.version) return;
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: result.findings.map((f, i) => toDiagnostic(document, f, i)) });
    status(document, result.findings);
  }

  function status(document: TextDocument, findings: { code: string }[] | undefined, reason?: string): void {
    const params: StatusParams = {
      uri: document.uri,
      state: reason ? 'skipped' : 'ok',
      message: reason,
      glossaryEntries: glossary.entries.length,
      curatedRecords: library.records.length,
      termsInDocument: reason ? 0 : (store.get(document)?.countTerms() ?? 0),
      uncitedClaims: findings?.filter((f) => f.code === 'uncited-claim').length ?? 0,
      citationProblems: findings?.filter((f) => f.code !== 'uncited-claim').length ?? 0,
    };
    void connection.sendNotification(StatusNotification, params);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const web = (params.initializationOptions as { web?: WebInitializationOptions } | undefined)?.web;
    extensionUri = web?.extensionUri ?? '';
    supportsConfiguration = !!params.capabilities.workspace?.configuration;
    supportsDynamicRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
    hoverFormat = preferredHoverFormat(params.capabilities.textDocument?.hover?.contentFormat);
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    sources = new SettingsSources(params.initializationOptions);
    settings = sources.settings;
    return {
      capabilities: healthmarkCapabilities(),
      serverInfo: { name: 'healthmark-language-server (web)', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (supportsDynamicRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'healthmark' });
    refreshSettings().then(markReady, (error) => {
      connection.console.error(`Healthmark: could not start: ${error?.stack ?? error}`);
      void connection.window.showErrorMessage(`Healthmark could not load its data: ${error?.message ?? error}`);
    });
  });

  connection.onDidChangeConfiguration((change) => {
    sources.setPushed(change.settings);
    void ready.then(refreshSettings);
  });

  connection.onDidChangeWatchedFiles(() => {
    void ready.then(async () => {
      await reloadData();
      for (const d of documents.all()) schedule(d, 0);
    });
  });

  connection.onHover(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document || !settings.enable || !lintOptions || unsupportedReason(document.getText())) return null;
    return provideHover(document, params, store, lintOptions, settings.glossary.enable, hoverFormat);
  });

  connection.onCodeAction(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document || !settings.enable || !lintOptions) return [];
    return provideCodeActions(document, params, store, lintOptions);
  });

  // The citation report of an open document (a folder report needs the file system: desktop only).
  connection.onRequest(CitationReportRequest, async (params: CitationReportParams): Promise<CitationReportResult> => {
    await ready;
    if (params.scope === 'folder') return { message: 'the folder report needs the desktop extension (it reads every article from disk).' };
    const document = documents.get(params.uri);
    if (!document || !settings.enable || !lintOptions || unsupportedReason(document.getText())) return { message: 'Healthmark is off for this document.' };
    const result = store.lint(document, lintOptions);
    if (!result) return { message: 'the document is still being checked; try again.' };
    const report = citationReport(result.model, lintOptions, decodeURIComponent(params.uri.replace(/^.*\//, '')));
    return { markdown: reportMarkdown(report), claims: report.claims, cited: report.cited };
  });

  connection.onCompletion(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    if (!document || !settings.enable) return [];
    return provideCompletion(document, params, library);
  });

  connection.onCompletionResolve((item) => resolveCompletion(item, library));

  const justOpened = new Map<string, number>();
  documents.onDidOpen((e) => {
    justOpened.set(e.document.uri, e.document.version);
    schedule(e.document, 0);
  });
  documents.onDidChangeContent((e) => {
    const opened = justOpened.get(e.document.uri) === e.document.version;
    justOpened.delete(e.document.uri);
    if (!opened) schedule(e.document);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    store.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}

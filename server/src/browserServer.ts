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
import { decodePercentEscapes } from './core/percentEscapes';
import { healthmarkCapabilities } from './lsp/capabilities';
import { provideCodeActions } from './lsp/codeActions';
import { provideCompletion, resolveCompletion } from './lsp/completion';
import { toDiagnostic } from './lsp/convert';
import { AnalysisStore } from './lsp/documents';
import { provideHover } from './lsp/hover';
import { followDocuments } from './lsp/lifecycle';
import { pullSettings, SettingsSources } from './lsp/settings';

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
  let initializationOptions: unknown;
  let settings: HealthmarkSettings = defaultSettings;
  let bundled: BundledData | undefined;
  /** Settings per workspace folder (`workspace/configuration` with the folder's `scopeUri`). */
  const folderSettings = new Map<string, HealthmarkSettings>();
  // Data per workspace folder: its own `.healthmark/` files and extraFiles over the bundled
  // data, so a term defined in folder A does not hover in folder B (as in the Node server).
  // `outside`: documents in no folder get the bundled data and the window's settings.
  interface FolderData {
    settings: HealthmarkSettings;
    glossary: Glossary;
    library: CitationLibrary;
    options: LintOptions;
  }
  const perFolder = new Map<string, FolderData>();
  let outside: FolderData | undefined;
  const store = new AnalysisStore(buildGlossary([]).glossary, undefined, (uri) => dataFor(uri)?.glossary ?? buildGlossary([]).glossary);

  /** The innermost workspace folder holding `uri`. */
  function folderOf(uri: string): string | undefined {
    let best: string | undefined;
    for (const f of workspaceFolders) if (uri.startsWith(f.endsWith('/') ? f : `${f}/`) && (!best || f.length > best.length)) best = f;
    return best;
  }

  function dataFor(uri: string): FolderData | undefined {
    const folder = folderOf(uri);
    return (folder && perFolder.get(folder)) || outside;
  }
  const settingsOf = (folder: string) => folderSettings.get(folder) ?? settings;

  // Nothing is checked before the bundled data and the client's settings are in.
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const read = (uri: string) => connection.sendRequest<ReadFileResult>(ReadFileRequest, { uri } satisfies ReadFileParams);

  function makeLintOptions(settings: HealthmarkSettings, glossary: Glossary, library: CitationLibrary): LintOptions {
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

  async function folderSources<T extends { error?: string; missing?: boolean }>(folder: string, auto: string[], extra: string[], readSource: (uri: string) => Promise<T>): Promise<T[]> {
    const found: T[] = [];
    for (const rel of auto) {
      const source = await readSource(joinUri(folder, rel));
      if (!source.missing) found.push(source);
    }
    for (const file of extra) found.push(await readSource(joinUri(folder, file)));
    return found;
  }

  function report(kind: string, problems: { source: string; message: string }[]): void {
    for (const p of problems) connection.console.warn(`Healthmark ${kind}: ${p.source}: ${p.message}`);
    const serious = problems.filter((p) => !p.message.includes(' keeps it.'));
    if (serious.length > 0) void connection.window.showWarningMessage(`Healthmark: ${serious[0].source}: ${serious[0].message}`);
  }

  let loadedDataKey: string | undefined;
  const dataKey = () => JSON.stringify(workspaceFolders.map((f) => [f, settingsOf(f).glossary.extraFiles, settingsOf(f).citations.extraFiles]));

  async function reloadData(): Promise<void> {
    loadedDataKey = dataKey();
    bundled ??= await loadBundledData(read, extensionUri);
    perFolder.clear();
    for (const folder of workspaceFolders) {
      const s = settingsOf(folder);
      const g = buildGlossary([bundled.glossary, ...(await folderSources<GlossarySource & { missing?: boolean }>(folder, [WORKSPACE_GLOSSARY], s.glossary.extraFiles, (u) => readJsonSource(read, u)))]);
      const c = buildCitationLibrary([bundled.citations, ...(await folderSources<CitationSource & { missing?: boolean }>(folder, WORKSPACE_CITATIONS, s.citations.extraFiles, (u) => readCitationSource(read, u)))]);
      perFolder.set(folder, { settings: s, glossary: g.glossary, library: c.library, options: makeLintOptions(s, g.glossary, c.library) });
      connection.console.info(`Healthmark (web): ${folder}: ${g.glossary.entries.length} glossary entries, ${c.library.records.length} curated references.`);
      report('glossary', g.problems);
      report('citations', c.problems);
    }
    const g = buildGlossary([bundled.glossary]).glossary;
    const c = buildCitationLibrary([bundled.citations]).library;
    outside = { settings, glossary: g, library: c, options: makeLintOptions(settings, g, c) };
    store.invalidateLint();
  }

  /** New settings without new data files: only the lint options change. */
  function refreshOptions(): void {
    for (const [folder, d] of perFolder) {
      const s = settingsOf(folder);
      perFolder.set(folder, { ...d, settings: s, options: makeLintOptions(s, d.glossary, d.library) });
    }
    if (outside) outside = { ...outside, settings, options: makeLintOptions(settings, outside.glossary, outside.library) };
  }

  async function refreshSettings(): Promise<void> {
    folderSettings.clear();
    if (supportsConfiguration) {
      // The window's settings, then each folder's own (its scopeUri), as the Node server asks.
      const folders = [...workspaceFolders];
      const own = await pullSettings((items) => connection.workspace.getConfiguration(items), sources, folders, initializationOptions);
      folders.forEach((folder, i) => {
        const settingsOfFolder = own[i];
        if (settingsOfFolder) folderSettings.set(folder, settingsOfFolder);
      });
    }
    settings = sources.settings;
    if (!bundled || dataKey() !== loadedDataKey) await reloadData();
    else refreshOptions();
    for (const d of documents.all()) schedule(d, 0);
  }

  // ---- validation: debounced per document ----
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  function schedule(document: TextDocument, delay = dataFor(document.uri)?.settings.debounceMs ?? settings.debounceMs): void {
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
    const data = document && dataFor(document.uri);
    if (!document || !data) return;
    const reason = unsupportedReason(document.getText());
    if (!data.settings.enable || reason) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      status(document, undefined, reason);
      return;
    }
    const result = store.lint(document, data.options);
    if (!result || result.version !== document.version) return;
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: result.findings.map((f, i) => toDiagnostic(document, f, i)) });
    status(document, result.findings);
  }

  function status(document: TextDocument, findings: { code: string }[] | undefined, reason?: string): void {
    const params: StatusParams = {
      uri: document.uri,
      state: reason ? 'skipped' : 'ok',
      message: reason,
      glossaryEntries: dataFor(document.uri)?.glossary.entries.length ?? 0,
      curatedRecords: dataFor(document.uri)?.library.records.length ?? 0,
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
    initializationOptions = params.initializationOptions;
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
    const data = document && dataFor(document.uri);
    if (!document || !data?.settings.enable || unsupportedReason(document.getText())) return null;
    return provideHover(document, params, store, data.options, data.settings.glossary.enable, hoverFormat);
  });

  connection.onCodeAction(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    const data = document && dataFor(document.uri);
    if (!document || !data?.settings.enable) return [];
    return provideCodeActions(document, params, store, data.options);
  });

  // The citation report of an open document (a folder report needs the file system: desktop only).
  connection.onRequest(CitationReportRequest, async (params: CitationReportParams): Promise<CitationReportResult> => {
    await ready;
    if (params.scope === 'folder') return { message: 'the folder report needs the desktop extension (it reads every article from disk).' };
    const document = documents.get(params.uri);
    const data = document && dataFor(document.uri);
    if (!document || !data?.settings.enable || unsupportedReason(document.getText())) return { message: 'Healthmark is off for this document.' };
    const result = store.lint(document, data.options);
    if (!result) return { message: 'the document is still being checked; try again.' };
    const report = citationReport(result.model, data.options, decodePercentEscapes(params.uri.replace(/^.*\//, '')));
    return { markdown: reportMarkdown(report), claims: report.claims, cited: report.cited };
  });

  connection.onCompletion(async (params) => {
    await ready;
    const document = documents.get(params.textDocument.uri);
    const data = document && dataFor(document.uri);
    if (!document || !data?.settings.enable) return [];
    completionLibrary = data.library;
    return provideCompletion(document, params, data.library);
  });

  let completionLibrary: CitationLibrary | undefined;
  connection.onCompletionResolve((item) => (completionLibrary ? resolveCompletion(item, completionLibrary) : item));

  followDocuments(documents, {
    check: (document, now) => schedule(document, now ? 0 : undefined),
    closed: (uri) => {
      clearTimeout(pending.get(uri));
      pending.delete(uri);
      store.forget(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  });

  documents.listen(connection);
  connection.listen();
}

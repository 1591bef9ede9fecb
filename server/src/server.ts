import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  DiagnosticSeverity,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultSettings, StatusNotification, WORKSPACE_CITATIONS, WORKSPACE_GLOSSARY, type HealthmarkSettings, type StatusParams } from '../../common/protocol';
import { unsupportedReason, type DocumentAnalysis } from './core/analysis';
import { warmReferenceCache } from './core/citations/format';
import { buildCitationLibrary, type CitationLibrary, type CitationSource } from './core/citations/library';
import { buildGlossary, type Glossary, type GlossarySource } from './core/glossary';
import type { LintOptions } from './core/lint';
import { createConfigCache, resolveConfig } from './config';
import { bundledCitationSource, bundledClaimJudge, bundledGlossarySource, loadPreformattedReferences, readCitationSource, readJsonSource } from './dataFiles';
import { provideCodeActions } from './lsp/codeActions';
import { provideCompletion, resolveCompletion } from './lsp/completion';
import { toDiagnostic } from './lsp/convert';
import { AnalysisStore } from './lsp/documents';
import { preferredHoverFormat, type HoverFormat } from './core/hover';
import { provideHover } from './lsp/hover';
import { SettingsSources } from './lsp/settings';
import { ParseWorker } from './parseWorker';

// With no transport argument, speak LSP over stdio: that is how other editors start us.
if (!process.argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.argv.push('--stdio');
}

// Over stdio, stdout is the protocol: route stray console output to stderr.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

loadPreformattedReferences();
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let workspaceFolders: string[] = [];
let supportsConfiguration = false;
let supportsWatchRegistration = false;
let supportsDynamicConfigurationRegistration = false;
let hoverFormat: HoverFormat = 'markdown';
let settingsSources = new SettingsSources();
let settings: HealthmarkSettings = defaultSettings;
let glossary: Glossary = buildGlossary([]).glossary;
let library: CitationLibrary = buildCitationLibrary([]).library;
const claimJudge = bundledClaimJudge();
let lintOptions: LintOptions = makeLintOptions();
// Chunks are parsed in a worker thread with a per-chunk time budget (see parseWorker.ts): the
// main thread stays free for hovers and code actions, which answer from the last complete
// analysis while a new one runs.
const parser = new ParseWorker({ log: (message) => connection.console.info(message) });
const store = new AnalysisStore(glossary, parser.parse);

function makeLintOptions(s: HealthmarkSettings = settings): LintOptions {
  return { library, glossary, claims: claimJudge, checkAllLanguages: s.claims.checkAllLanguages, sensitivity: s.claims.sensitivity, citationScope: s.citations.scope, severities: s.severity, unexpandedAcronyms: s.acronyms?.unexpanded };
}

// ---- the repository's .healthmark/config.json, per document ----
// The nearest config above a file wins over the user's settings (as in the CLI, so the editor
// and CI agree). One options object per config file, so lint results stay cached per document.
const configCache = createConfigCache();
const optionsByConfig = new Map<string, { settings: HealthmarkSettings; options: LintOptions }>();
const configProblemsShown = new Set<string>();

function forgetConfigs(): void {
  configCache.clear();
  optionsByConfig.clear();
}

/** Settings and lint options in force for a document: its repository's config over the user's. */
function configFor(uri: string): { settings: HealthmarkSettings; options: LintOptions } {
  if (!uri.startsWith('file:')) return { settings, options: lintOptions };
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return { settings, options: lintOptions };
  }
  const resolved = resolveConfig(file, { base: settings, baseFolder: workspaceFolders[0], cache: configCache });
  for (const p of resolved.problems) {
    if (configProblemsShown.has(`${p.source}:${p.message}`)) continue;
    configProblemsShown.add(`${p.source}:${p.message}`);
    connection.console.warn(`Healthmark: ${p.source}: ${p.message}`);
    void connection.window.showWarningMessage(`Healthmark: ${p.source}: ${p.message}`);
  }
  if (!resolved.configFile) return { settings, options: lintOptions };
  let entry = optionsByConfig.get(resolved.configFile);
  if (!entry) optionsByConfig.set(resolved.configFile, (entry = { settings: resolved.settings, options: makeLintOptions(resolved.settings) }));
  return entry;
}

/** Bundled data first, then the workspace's own files (which extend and override it). */
function workspaceSources<T extends { error?: string }>(bundled: T, auto: string[], extra: string[], read: (file: string) => T): T[] {
  const sources = [bundled];
  for (const folder of workspaceFolders) {
    for (const rel of auto) {
      const source = read(path.join(folder, rel));
      if (!source.error?.endsWith('does not exist.')) sources.push(source);
    }
    for (const file of extra) sources.push(read(path.isAbsolute(file) ? file : path.join(folder, file)));
  }
  return sources;
}

function reportProblems(kind: string, problems: { source: string; message: string }[]): void {
  for (const p of problems) connection.console.warn(`Healthmark ${kind}: ${p.source}: ${p.message}`);
  const serious = problems.filter((p) => !p.message.includes(' keeps it.'));
  if (serious.length > 0) void connection.window.showWarningMessage(`Healthmark: ${serious[0].source}: ${serious[0].message}`);
}

/** The settings that decide which data files are read; data is reloaded only when they change. */
let loadedDataKey: string | undefined;
const dataKey = () => JSON.stringify([workspaceFolders, settings.glossary.extraFiles, settings.citations.extraFiles]);

function reloadData(): void {
  loadedDataKey = dataKey();
  const g = buildGlossary(workspaceSources<GlossarySource>(bundledGlossarySource(), [WORKSPACE_GLOSSARY], settings.glossary.extraFiles, (f) => readJsonSource(f)));
  const c = buildCitationLibrary(workspaceSources<CitationSource>(bundledCitationSource(), WORKSPACE_CITATIONS, settings.citations.extraFiles, (f) => readCitationSource(f)));
  glossary = g.glossary;
  library = c.library;
  lintOptions = makeLintOptions();
  optionsByConfig.clear();
  store.setGlossary(glossary);
  store.invalidateLint();
  connection.console.info(`Healthmark: ${glossary.entries.length} glossary entries, ${library.records.length} curated references.`);
  reportProblems('glossary', g.problems);
  reportProblems('citations', c.problems);
}

// ---- validation: debounced per document, superseded runs are dropped ----
const pending = new Map<string, NodeJS.Timeout>();
const generation = new Map<string, number>();

function scheduleValidation(document: TextDocument, delay = settings.debounceMs): void {
  clearTimeout(pending.get(document.uri));
  const gen = (generation.get(document.uri) ?? 0) + 1;
  generation.set(document.uri, gen);
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      validate(document.uri, gen).catch((error) => connection.console.error(`Healthmark: validation failed: ${error?.stack ?? error}`));
    }, delay),
  );
}

async function validate(uri: string, gen: number): Promise<void> {
  // The first check of a file waits for the client's settings (briefly): no flash of default-severity diagnostics.
  await initialSettings;
  const document = documents.get(uri);
  if (!document) return;
  const stale = () => generation.get(uri) !== gen || documents.get(uri)?.version !== document.version;
  const reason = unsupportedReason(document.getText());
  const config = configFor(uri);
  if (!config.settings.enable || reason) {
    void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
    sendStatus(document, undefined, reason);
    return;
  }
  const analysis = await store.analyze(document, stale);
  if (!analysis || stale()) return;
  const result = store.lint(document, config.options);
  if (!result || result.version !== document.version) return;
  const diagnostics = result.findings.map((f, i) => toDiagnostic(document, f, i));
  const notChecked = notCheckedDiagnostic(document, analysis, result.findings.length);
  if (notChecked) diagnostics.push(notChecked);
  void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  sendStatus(document, result.findings);
}

/**
 * One Information diagnostic for the chunks the analysis skipped (a parse over its time
 * budget, a parser failure): which lines were not checked and why — never silent. Its range is
 * the first line of the first skipped chunk.
 */
function notCheckedDiagnostic(document: TextDocument, analysis: DocumentAnalysis, index: number): Diagnostic | undefined {
  const skipped = analysis.skippedChunks();
  if (skipped.length === 0) return undefined;
  const text = analysis.text;
  const spans = skipped.map((s) => {
    let end = s.end;
    while (end > s.start && /\s/.test(text[end - 1])) end--;
    const first = document.positionAt(s.start).line + 1;
    const last = document.positionAt(Math.max(s.start, end - 1)).line + 1;
    return first === last ? `${first}` : `${first}–${last}`;
  });
  const reasons = [...new Set(skipped.map((s) => s.reason))];
  const lines = spans.length === 1 && !spans[0].includes('–') ? `line ${spans[0]}` : `lines ${spans.join(', ')}`;
  const start = document.positionAt(skipped[0].start);
  const lineEnd = text.indexOf('\n', skipped[0].start);
  const end = document.positionAt(lineEnd === -1 ? text.length : lineEnd);
  return {
    range: { start, end },
    severity: DiagnosticSeverity.Information,
    source: 'healthmark',
    code: 'not-checked',
    message: `Healthmark did not check ${lines}: ${reasons.join('; ')}. Simplify or split that text to have it checked.`,
    data: { version: document.version, index },
  };
}

/**
 * Before a hover or code action: gives the current version's analysis a moment to finish
 * (starting it now if the typing pause has not yet), but stops waiting as soon as the worker
 * has spent `SLOW_CHUNK_MS` on one chunk, or after `MAX_WAIT_MS`; the request then answers
 * from the last complete analysis. Right after opening a file this makes the first hover
 * exact; behind a pathological paragraph it keeps the answer within a few hundred ms.
 */
const SLOW_CHUNK_MS = 200;
const MAX_WAIT_MS = 2000;
async function settle(document: TextDocument): Promise<void> {
  if (!settings.enable || unsupportedReason(document.getText())) return;
  let finished = false;
  const done = store.analyze(document, () => documents.get(document.uri)?.version !== document.version).then(
    () => (finished = true),
    () => (finished = true),
  );
  const started = Date.now();
  while (!finished && Date.now() - started < MAX_WAIT_MS && parser.busyMs() < SLOW_CHUNK_MS) {
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
}

function sendStatus(document: TextDocument, findings: { code: string }[] | undefined, reason?: string): void {
  let terms = 0;
  if (!reason) {
    terms = store.get(document)?.countTerms() ?? 0;
  }
  const params: StatusParams = {
    uri: document.uri,
    state: reason ? 'skipped' : 'ok',
    message: reason,
    glossaryEntries: glossary.entries.length,
    curatedRecords: library.records.length,
    termsInDocument: terms,
    uncitedClaims: findings?.filter((f) => f.code === 'uncited-claim').length ?? 0,
    citationProblems: findings?.filter((f) => f.code !== 'uncited-claim').length ?? 0,
  };
  void connection.sendNotification(StatusNotification, params);
}

/** Settles once the first workspace/configuration answer is in, or after 2 s without one. */
let initialSettings: Promise<void> = Promise.resolve();

async function refreshSettings(): Promise<void> {
  if (supportsConfiguration) {
    try {
      // A null answer (nothing set in eglot, Helix or Neovim) keeps the initializationOptions settings.
      settingsSources.setPulled(await connection.workspace.getConfiguration('healthmark'));
    } catch {
      settingsSources.setPulled(undefined);
    }
  }
  settings = settingsSources.settings;
  // Re-reading and re-indexing the data files is only needed when the file settings changed
  // (file changes arrive through onDidChangeWatchedFiles); other settings only change options.
  if (dataKey() !== loadedDataKey) reloadData();
  else lintOptions = makeLintOptions(); // per-block caches stay valid: they do not depend on these settings
  optionsByConfig.clear();
  for (const d of documents.all()) scheduleValidation(d, 0);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  supportsConfiguration = !!params.capabilities.workspace?.configuration;
  const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  workspaceFolders = folders.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
  supportsDynamicConfigurationRegistration = !!params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  supportsWatchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  hoverFormat = preferredHoverFormat(params.capabilities.textDocument?.hover?.contentFormat);
  settingsSources = new SettingsSources(params.initializationOptions);
  settings = settingsSources.settings;
  reloadData();
  parser.start();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, `${CodeActionKind.SourceFixAll}.healthmark`], resolveProvider: false },
      completionProvider: { triggerCharacters: ['@'], resolveProvider: true },
    },
    serverInfo: { name: 'healthmark-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  // Register only what the client offers to register (eglot warns otherwise); clients without
  // dynamic registration push workspace/didChangeConfiguration on their own.
  if (supportsDynamicConfigurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'healthmark' });
  // The server watches its own data and config files where the client lets it (any editor,
  // not only VS Code): a change reloads them without a restart.
  if (supportsWatchRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.healthmark/**' }, { globPattern: '**/*.healthmark-glossary.json' }, { globPattern: '**/*.healthmark-citations.json' }, { globPattern: '**/*.bib' }],
    });
  }
  if (supportsConfiguration) {
    const refreshed = refreshSettings();
    initialSettings = Promise.race([refreshed.catch(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, 2000))]);
  }
  // Workspace records are formatted once, after start-up, so the first citation hover is instant.
  setTimeout(() => warmReferenceCache(library.records), 200);
});

connection.onDidChangeConfiguration((change) => {
  settingsSources.setPushed(change.settings);
  void refreshSettings();
});

connection.onDidChangeWatchedFiles(() => {
  forgetConfigs();
  reloadData();
  for (const d of documents.all()) scheduleValidation(d, 0);
});

connection.onHover(async (params) => {
  let document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable || unsupportedReason(document.getText())) return null;
  await settle(document);
  document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const config = configFor(document.uri);
  return provideHover(document, params, store, config.options, config.settings.glossary.enable, hoverFormat);
});

connection.onCodeAction(async (params) => {
  let document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable) return [];
  await settle(document);
  document = documents.get(params.textDocument.uri);
  if (!document) return [];
  return provideCodeActions(document, params, store, configFor(document.uri).options);
});

connection.onCompletion((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable) return [];
  return provideCompletion(document, params, library);
});

connection.onCompletionResolve((item) => resolveCompletion(item, library));

// `onDidChangeContent` also fires on open, right after `onDidOpen`: that event must not replace
// the immediate validation of a newly opened file with the typing pause.
const justOpened = new Map<string, number>();
documents.onDidOpen((e) => {
  justOpened.set(e.document.uri, e.document.version);
  scheduleValidation(e.document, 0);
});
documents.onDidChangeContent((e) => {
  if (justOpened.get(e.document.uri) === e.document.version) {
    justOpened.delete(e.document.uri);
    return;
  }
  justOpened.delete(e.document.uri);
  scheduleValidation(e.document);
});
documents.onDidClose((e) => {
  justOpened.delete(e.document.uri);
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  store.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onShutdown(() => parser.dispose());

process.on('uncaughtException', (error) => {
  // Keep serving: one bad request must not take the editor's language features down.
  connection.console.error(`Healthmark: unexpected error: ${error.stack ?? error}`);
});

documents.listen(connection);
connection.listen();

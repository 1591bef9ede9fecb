import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DocumentDiagnosticRequest,
  ProposedFeatures,
  TextDocuments,
  DiagnosticSeverity,
  type CodeAction,
  type Hover,
  type HoverParams,
  type Position,
  type CodeActionParams,
  type Range,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Disposable,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CitationReportRequest, defaultSettings, StatusNotification, WORKSPACE_GLOSSARY, type CitationReportParams, type CitationReportResult, type HealthmarkSettings, type StatusParams } from '../../common/protocol';
import { citationReport, combineReports, reportMarkdown, type CitationReport } from './core/report';
import { UNSUPPORTED_SAMPLE, unsupportedReason, type AsyncChunkParser, type DocumentAnalysis } from './core/analysis';
import { commonEnds } from './core/chunks';
import { compactingCollection, IdleCollector, youngCollection } from './idleCollector';
import { warmReferenceCache } from './core/citations/format';
import type { CitationLibrary } from './core/citations/library';
import type { Glossary } from './core/glossary';
import { addToGlossaryAction, candidateTerm, inGlossary } from './lsp/glossaryAction';
import type { LintOptions } from './core/lint';
import { decodePercentEscapes } from './core/percentEscapes';
import { createConfigCache, relativeToRoot, resolveConfig } from './config';
import { matchBaseline, parseBaseline, type Baseline } from './core/baseline';
import type { ClaimJudge } from './core/claims';
import { bundledClaimJudge, loadPreformattedReferences } from './dataFiles';
import { healthmarkCapabilities } from './lsp/capabilities';
import { provideCodeActions, quickFixesFromLint } from './lsp/codeActions';
import { provideCompletion, resolveCompletion } from './lsp/completion';
import { toDiagnostic } from './lsp/convert';
import { AnalysisStore, afterRequests, documentDialect, requestsFirst, runSliced } from './lsp/documents';
import { editedDocuments, EditedDocument } from './lsp/editedDocument';
import { currentRange, movedRange, olderOffset } from './lsp/unchangedText';
import { encodeInSteps, encodingWriter } from './lsp/encodedMessages';
import { preferredHoverFormat, type HoverFormat } from './core/hover';
import { citationHover, hoverAt, provideHover, termHover, toHover, type HoverAnswer } from './lsp/hover';
import { followDocuments } from './lsp/lifecycle';
import { pullSettings, SettingsSources } from './lsp/settings';
import { ParseWorker } from './parseWorker';
import { WorkspaceData, type BuiltData, type DataProblem } from './workspaceData';
import { lintFile, WorkspaceDiagnostics } from './lsp/workspaceDiagnostics';
import type { Finding } from './core/lint';

// With no transport argument, speak LSP over stdio: that is how other editors start us. The
// first transport argument is the one the library uses.
const isTransport = (a: string) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe');
if (!process.argv.some(isTransport)) process.argv.push('--stdio');
const transport = process.argv.slice(2).find(isTransport);

// Over stdio, stdout is the protocol: route stray console output to stderr.
console.log = console.info = console.debug = (...args: unknown[]) => console.error(...args);

// Over stdio, messages are written by a writer that takes diagnostics encoded ahead, in the
// lint's slices (lsp/encodedMessages.ts); the other transports encode as the library does.
// The library takes a stream or a message writer as output (its types list the pairs apart);
// the input stays the stream, so that the server still exits when it closes.
const encodesAhead = transport === '--stdio';
const connection = encodesAhead ? createConnection(ProposedFeatures.all, process.stdin, encodingWriter(process.stdout) as unknown as NodeJS.WritableStream) : createConnection(ProposedFeatures.all);
// Open documents as the library keeps them, except that an edit never copies the whole text
// at once and remembers where it fell (lsp/editedDocument.ts): a hover sent just after a
// keystroke in a long article is answered without waiting for either.
const documents = new TextDocuments(editedDocuments);
// Chunks are parsed in a worker thread with a per-chunk time budget (see parseWorker.ts): the
// main thread stays free for hovers and code actions, which answer from the last complete
// analysis while a new one runs.
const parser = new ParseWorker({ log: (message) => connection.console.info(message) });
// Started as soon as it can log (a worker that cannot start says so), before this thread
// loads its data: it loads its parser meanwhile.
parser.start();
loadPreformattedReferences();

let workspaceFolders: string[] = [];
let supportsConfiguration = false;
let supportsWatchRegistration = false;
let supportsWorkspaceFolders = false;
let supportsCreateFile = false;
let supportsDynamicConfigurationRegistration = false;
let supportsPullRegistration = false;
let initializationOptions: unknown;
let hoverFormat: HoverFormat = 'markdown';
let settingsSources = new SettingsSources();
let settings: HealthmarkSettings = defaultSettings;
/** Settings per workspace folder (`workspace/configuration` with the folder's `scopeUri`). */
const folderSettings = new Map<string, HealthmarkSettings>();
// The claim model is compiled once the first document's chunks are on their way to the parse
// worker (see `parseChunks`), which parses them meanwhile; it is first needed to score them.
// Compiled here, at load, it held up the answer to `initialize` and so the document's arrival.
let claimJudge: ClaimJudge | undefined;
const claimModel = (): ClaimJudge => (claimJudge ??= bundledClaimJudge());
/** Problems with config and data files already reported (each is shown once until files change). */
const problemsShown = new Set<string>();
// Glossary and curated list per set of data files: each workspace folder and each
// `.healthmark/` root has its own (see configFor and workspaceData.ts).
const workspaceData = new WorkspaceData((kind, problems) => reportProblems(kind, problems));
// Memory back once nothing has happened for a while: requests, edits and analyses touch it.
// After two seconds, a compacting collection, and the parse worker is stopped (its whole heap
// back; started again at the next edit); six seconds later, if still nothing has happened, a
// young-generation collection that lets V8 shrink its young generation (idleCollector.ts).
const idle = new IdleCollector([
  {
    afterMs: 2000,
    run: () => {
      compactingCollection()?.();
      parser.release();
    },
  },
  { afterMs: 8000, run: () => youngCollection()?.() },
]);
// When the last hover, code action or completion came: the sliced work's pause reads it
// (requestsFirst, lsp/documents.ts) and lets requests through first.
let lastRequestAt = -Infinity;
const requestArrived = () => {
  lastRequestAt = performance.now();
  idle.touch();
};
const pauseForRequests = requestsFirst(() => lastRequestAt);
/** The parse step (the worker's); the first call has the claim model compiled next, while the worker parses. */
let claimModelQueued = false;
const parseChunks: AsyncChunkParser = (...args) => {
  if (!claimModelQueued) {
    claimModelQueued = true;
    setImmediate(claimModel);
  }
  return parser.parse(...args);
};
const store = new AnalysisStore(workspaceData.dataFor([], []).glossary, parseChunks, (uri) => configFor(uri).options.glossary, pauseForRequests);

function makeLintOptions(s: HealthmarkSettings, data: BuiltData): LintOptions {
  const { library, glossary } = data;
  return {
    library,
    glossary,
    // Read when a sentence is first scored (see claimModel).
    get claims() {
      return claimModel();
    },
    checkAllLanguages: s.claims.checkAllLanguages,
    sensitivity: s.claims.sensitivity,
    citationScope: s.citations.scope,
    severities: s.severity,
    unexpandedAcronyms: s.acronyms?.unexpanded,
  };
}

// ---- the repository's .healthmark/config.json and data, per document ----
// The nearest config above a file wins over the user's settings (as in the CLI, so the editor
// and CI agree), and the file gets the data of its own folder: the glossary and curated list
// built from the `.healthmark/` files and extraFiles its resolved configuration lists. One
// options object per (config, data files), so lint results stay cached per document.
const configCache = createConfigCache();
const optionsByConfig = new Map<string, DocumentConfig>();

interface DocumentConfig {
  settings: HealthmarkSettings;
  options: LintOptions;
  /** The repository's baseline and this file's path in it (as `healthmark baseline` writes it). */
  baselineFile?: string;
  baselinePath?: string;
}

function forgetConfigs(): void {
  configCache.clear();
  optionsByConfig.clear();
  problemsShown.clear();
}

/** The workspace folder holding `file` (the innermost one), if any. */
function folderOf(file: string): string | undefined {
  let best: string | undefined;
  for (const folder of workspaceFolders) {
    const rel = path.relative(folder, file);
    if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
    if (!best || folder.length > best.length) best = folder;
  }
  return best;
}

/** Settings, data and lint options in force for a document: its repository's config over the user's, and its folder's data. */
function configFor(uri: string): DocumentConfig {
  let file: string | undefined;
  if (uri.startsWith('file:')) {
    try {
      file = fileURLToPath(uri);
    } catch {
      file = undefined;
    }
  }
  // An untitled or virtual document: as if it were a new file in the first folder.
  if (!file) file = path.join(workspaceFolders[0] ?? process.cwd(), 'untitled.md');
  const folder = folderOf(file);
  const base = (folder && folderSettings.get(folder)) || settings;
  const resolved = resolveConfig(file, { base, baseFolder: folder ?? workspaceFolders[0], cache: configCache });
  for (const p of resolved.problems) {
    if (problemsShown.has(`${p.source}:${p.message}`)) continue;
    problemsShown.add(`${p.source}:${p.message}`);
    connection.console.warn(`Healthmark: ${p.source}: ${p.message}`);
    void connection.window.showWarningMessage(`Healthmark: ${p.source}: ${p.message}`);
  }
  // The user's relative extraFiles are looked up in every folder: one that a folder lacks is
  // that folder's business, not a problem (only the log says so). A config file's are reported.
  const config = resolved.configFile ? configCache.files.get(resolved.configFile)?.config : undefined;
  const baseFolder = folderOf(file) ?? workspaceFolders[0] ?? path.dirname(file);
  const present = (files: string[], fromConfig: string[] | undefined, fromSettings: string[]) =>
    files.filter((f) => {
      if (fromConfig !== undefined || existsSync(f)) return true;
      if (!fromSettings.some((x) => !path.isAbsolute(x) && path.resolve(baseFolder, x) === f)) return true;
      if (!problemsShown.has(`missing:${f}`)) {
        problemsShown.add(`missing:${f}`);
        connection.console.info(`Healthmark: ${f} (from the extraFiles setting) does not exist in this folder; skipped.`);
      }
      return false;
    });
  const glossaryFiles = present(resolved.glossaryFiles, config?.glossary?.extraFiles, resolved.settings.glossary.extraFiles);
  const citationFiles = present(resolved.citationFiles, config?.citations?.extraFiles, resolved.settings.citations.extraFiles);
  const key = JSON.stringify([folderSettings.has(folder ?? '') ? folder : '', resolved.configFile ?? '', glossaryFiles, citationFiles]);
  let entry = optionsByConfig.get(key);
  if (!entry) {
    const effective = resolved.configFile ? resolved.settings : base;
    entry = { settings: effective, options: makeLintOptions(effective, workspaceData.dataFor(glossaryFiles, citationFiles)) };
    optionsByConfig.set(key, entry);
  }
  return resolved.baselineFile ? { ...entry, baselineFile: resolved.baselineFile, baselinePath: relativeToRoot(resolved, file) } : entry;
}

/** A repository's baseline, re-read when the file changes (by its modification time). */
const baselines = new Map<string, { mtimeMs: number; baseline?: Baseline }>();
function baselineFor(file: string): Baseline | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    baselines.delete(file);
    return undefined;
  }
  const cached = baselines.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.baseline;
  let baseline: Baseline | undefined;
  try {
    baseline = parseBaseline(JSON.parse(readFileSync(file, 'utf8')));
  } catch (e) {
    connection.console.warn(`Healthmark: ${file}: ${(e as Error).message}`);
  }
  baselines.set(file, { mtimeMs, baseline });
  return baseline;
}

function reportProblems(kind: string, problems: DataProblem[]): void {
  const fresh = problems.filter((p) => !problemsShown.has(`${p.source}:${p.message}`));
  for (const p of fresh) {
    problemsShown.add(`${p.source}:${p.message}`);
    connection.console.warn(`Healthmark ${kind}: ${p.source}: ${p.message}`);
  }
  const serious = fresh.filter((p) => !p.message.includes(' keeps it.'));
  if (serious.length > 0) void connection.window.showWarningMessage(`Healthmark: ${serious[0].source}: ${serious[0].message}`);
}

/**
 * Data files or folders changed: re-resolve every document's configuration and data
 * (`filesChanged`: also re-read the data files; not for new folders or at start-up).
 */
function reloadData(filesChanged = true): void {
  forgetConfigs();
  if (filesChanged) workspaceData.invalidate();
  const data = configFor('untitled:').options;
  connection.console.info(`Healthmark: ${data.glossary.entries.length} glossary entries, ${data.library.records.length} curated references (first folder).`);
  for (const d of documents.all()) scheduleValidation(d, 0);
  updateWorkspaceDiagnostics();
  workspaceDiagnostics.invalidate();
}

// ---- validation: debounced per document, superseded runs are dropped ----
const pending = new Map<string, NodeJS.Timeout>();
const generation = new Map<string, number>();

function scheduleValidation(document: TextDocument, delay = settings.debounceMs): void {
  idle.touch();
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
  // Requests that came with the edit (hovers sent right after a keystroke) first: the check
  // waits until none has come for a moment (afterRequests, at most a quarter of a second) before
  // it reads the new text, which copies a long article into one string: work that cannot be
  // sliced (in development runs on a 2.5 MB article, longer than a hover's budget).
  await afterRequests(() => lastRequestAt);
  // Then the new text is made one string (a long article's edit left it in pieces) in a
  // slice of its own.
  documents.get(uri)?.getText().charCodeAt(0);
  await pauseForRequests();
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
  const analysis = await store.analyze(document, stale, config.options);
  if (!analysis || stale()) return;
  // In slices: hovers and code actions are answered between them, however large the document.
  const result = await store.lintSliced(document, config.options, stale);
  if (!result || result.version !== document.version || stale()) return;
  const diagnostics = await editorDiagnostics(document, result.findings, analysis, config, stale);
  if (!diagnostics || stale()) return;
  const params = encodesAhead ? await runSliced(encodeInSteps({ uri, version: document.version }, 'diagnostics', diagnostics), pauseForRequests, stale) : { uri, version: document.version, diagnostics };
  if (!params || stale()) return;
  void connection.sendDiagnostics(params as PublishDiagnosticsParams);
  sendStatus(document, result.findings);
  idle.touch();
}

/** Findings as the editor shows them: baselined ones as hints (or hidden), and the not-checked notice. */
async function editorDiagnostics(document: TextDocument, findings: Finding[], analysis: DocumentAnalysis, config: DocumentConfig, isCancelled: () => boolean = () => false): Promise<Diagnostic[] | undefined> {
  // Findings the team accepted (healthmark baseline): hints by default, or hidden, or as usual.
  const mode = config.settings.baseline ?? 'hint';
  const entries = mode !== 'show' && config.baselineFile && config.baselinePath ? baselineFor(config.baselineFile)?.files[config.baselinePath] : undefined;
  const covered = entries?.length ? matchBaseline(document.getText(), findings, entries) : [];
  // Thousands of findings (a large document) are converted in slices, like the lint.
  const diagnostics = await runSliced(
    (function* convert() {
      const out: Diagnostic[] = [];
      for (let i = 0; i < findings.length; i++) {
        if (i > 0) yield;
        const d = toDiagnostic(document, findings[i], i);
        if (!covered[i]) out.push(d);
        else if (mode === 'hint') out.push({ ...d, severity: DiagnosticSeverity.Hint, message: `${d.message} (in the baseline)` });
      }
      return out;
    })(),
    pauseForRequests,
    isCancelled,
  );
  if (!diagnostics) return undefined;
  const notChecked = notCheckedDiagnostic(document, analysis, findings.length);
  if (notChecked) diagnostics.push(notChecked);
  return diagnostics;
}

// ---- workspace-wide diagnostics (opt-in: healthmark.workspaceDiagnostics) ----
const workspaceDiagnostics = new WorkspaceDiagnostics({
  folders: () => workspaceFolders,
  isOpen: (uri) => documents.get(uri) !== undefined,
  resolve: (file) => resolveConfig(file, { base: settings, cache: configCache }),
  configFor: (uri) => configFor(uri),
  parse: parser.parse,
  diagnostics: async (document, findings, analysis, uri) => (await editorDiagnostics(document, findings, analysis, configFor(uri))) ?? [],
});
let pullRegistration: Promise<Disposable> | undefined;
let initialized = false;
let articleWatcher: Promise<Disposable> | undefined;

/**
 * Registers the pull provider while the setting is on (and unregisters it, which clears the
 * closed files' problems, when it goes off); articles are then watched too, so a file changed
 * outside the editor is re-checked.
 */
function updateWorkspaceDiagnostics(): void {
  // Nothing may be registered before the client's `initialized`.
  if (!initialized) return;
  // On when the user's setting says so, or a workspace folder's own .healthmark/config.json.
  const inRepository = () =>
    workspaceFolders.some((f) => resolveConfig(path.join(f, 'article.md'), { base: folderSettings.get(f) ?? settings, cache: configCache }).settings.workspaceDiagnostics === true);
  const wanted = supportsPullRegistration && workspaceFolders.length > 0 && (settings.workspaceDiagnostics === true || inRepository());
  if (wanted && !pullRegistration) {
    pullRegistration = connection.client.register(DocumentDiagnosticRequest.type, {
      documentSelector: [{ language: 'markdown' }, { language: 'mdx' }, { language: 'quarto' }],
      identifier: 'healthmark-workspace',
      interFileDependencies: false,
      workspaceDiagnostics: true,
    });
    if (supportsWatchRegistration) articleWatcher = connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{md,markdown,mdx,qmd}' }] });
  } else if (!wanted && pullRegistration) {
    void pullRegistration.then((d) => d.dispose());
    void articleWatcher?.then((d) => d.dispose());
    pullRegistration = articleWatcher = undefined;
  }
}

// Open documents have their pushed diagnostics (of the buffer, as typed): the pull answer for
// them is empty, so nothing is shown twice.
connection.languages.diagnostics.on(() => ({ kind: 'full', items: [] }));
connection.languages.diagnostics.onWorkspace((params, token) => workspaceDiagnostics.report(params.previousResultIds, token));

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
 * has spent `SLOW_CHUNK_MS` on one chunk, or after `MAX_WAIT_MS`, or once `answered` says the
 * request needs it no more (its answer found in the chunks parsed so far, or the request
 * cancelled); the request then answers from the last complete analysis. Right after opening a
 * file this makes the first hover exact; behind a pathological paragraph it keeps the answer
 * within a few hundred ms.
 */
const SLOW_CHUNK_MS = 200;
const MAX_WAIT_MS = 2000;
async function settle(document: TextDocument, answered: () => boolean = () => false): Promise<void> {
  if (!settings.enable || unsupportedReason(document.getText())) return;
  let finished = false;
  const done = store.analyze(document, () => documents.get(document.uri)?.version !== document.version).then(
    () => (finished = true),
    () => (finished = true),
  );
  const started = Date.now();
  while (!finished && Date.now() - started < MAX_WAIT_MS && parser.busyMs() < SLOW_CHUNK_MS && !answered()) {
    await Promise.race([done, new Promise((resolve) => setTimeout(resolve, 20))]);
  }
}

function sendStatus(document: TextDocument, findings: { code: string }[] | undefined, reason?: string): void {
  const { glossary, library } = configFor(document.uri).options;
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
  folderSettings.clear();
  if (supportsConfiguration) {
    const folders = [...workspaceFolders];
    const own = await pullSettings((items) => connection.workspace.getConfiguration(items), settingsSources, folders.map((f) => pathToFileURL(f).toString()), initializationOptions);
    folders.forEach((folder, i) => {
      const settingsOfFolder = own[i];
      if (settingsOfFolder) folderSettings.set(folder, settingsOfFolder);
    });
  }
  settings = settingsSources.settings;
  updateWorkspaceDiagnostics();
  workspaceDiagnostics.invalidate();
  // Data is cached per set of files (file changes arrive through onDidChangeWatchedFiles):
  // new settings only re-resolve which files each document uses, and its options.
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
  supportsPullRegistration = !!params.capabilities.textDocument?.diagnostic?.dynamicRegistration;
  initializationOptions = params.initializationOptions;
  settingsSources = new SettingsSources(params.initializationOptions);
  settings = settingsSources.settings;
  supportsWorkspaceFolders = !!params.capabilities.workspace?.workspaceFolders;
  const workspaceEdit = params.capabilities.workspace?.workspaceEdit;
  supportsCreateFile = !!workspaceEdit?.documentChanges && !!workspaceEdit.resourceOperations?.includes('create');
  if (supportsWorkspaceFolders) {
    // Folders added and removed at run time (registered here: after the library's own handler).
    connection.onNotification(DidChangeWorkspaceFoldersNotification.type, ({ event }) => {
      const removed = new Set(event.removed.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri)));
      const added = event.added.filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
      workspaceFolders = [...workspaceFolders.filter((f) => !removed.has(f)), ...added.filter((f) => !workspaceFolders.includes(f))];
      reloadData(false);
      // The new folders' own settings.
      void refreshSettings();
    });
  }
  reloadData(false);
  return {
    capabilities: healthmarkCapabilities({ workspace: { workspaceFolders: { supported: true, changeNotifications: true } } }),
    serverInfo: { name: 'healthmark-language-server', version: '0.1.0' },
  };
});

connection.onInitialized(() => {
  initialized = true;
  updateWorkspaceDiagnostics();
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
  setTimeout(() => warmReferenceCache(configFor('untitled:').options.library.records), 200);
});

connection.onDidChangeConfiguration((change) => {
  settingsSources.setPushed(change.settings);
  void refreshSettings();
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  // An article changed on disk: only the workspace diagnostics care. Anything else we watch is
  // data or configuration.
  if (changes.every((c) => /\.(md|markdown|mdx|qmd)$/i.test(c.uri))) workspaceDiagnostics.changed();
  else reloadData();
});

/**
 * The part of the document an older analysis or lint (of version `analysed`, made from `text`)
 * still describes: the unchanged prefix and suffix between its text and the current one. From
 * the edits made since (no text read: the current text may not have been flattened yet), for
 * Markdown; by comparing the texts (once per analysis or lint and version) for MDX and Quarto,
 * whose analysed text is masked (an edit can change the masking of text it did not touch), or
 * when the edits are forgotten.
 */
const unchangedCache = new WeakMap<object, { version: number; prefix: number; suffix: number }>();
function unchanged(of: { text: string }, analysed: number, document: TextDocument): { prefix: number; suffix: number } {
  const fromEdits = document instanceof EditedDocument && documentDialect(document) === 'markdown' ? document.unchangedSince(analysed) : undefined;
  if (fromEdits) return fromEdits;
  const cached = unchangedCache.get(of);
  if (cached?.version === document.version) return cached;
  const result = { version: document.version, ...commonEnds(document.getText(), of.text) };
  unchangedCache.set(of, result);
  return result;
}

/** An offset of the current document in an older version's text (see `unchanged`), or undefined where it was edited since. */
function unchangedOffset(of: { text: string }, analysed: number, document: TextDocument, offset: number): number | undefined {
  return olderOffset(offset, unchanged(of, analysed, document), of.text.length, document.getText().length);
}

/**
 * A hover read from an older version's text (`of`, of version `analysed`) where the current
 * document still has that text: `answerAt` gets the hovered offset in the older text, and its
 * answer's range is mapped back to the current one, so it is exact. Undefined when the hover,
 * or the text its answer covers, touches what was edited since (or `answerAt` cannot answer).
 */
function fromUnchangedText(of: { text: string }, analysed: number, document: TextDocument, position: Position, answerAt: (offset: number) => HoverAnswer | null | undefined): Hover | null | undefined {
  // Offsets, not positions, in the older text: mapping them back needs only the current
  // document's line index, which it keeps up to date edit by edit (a line index of the older
  // text would cost a pass over the whole text per version).
  const oldOffset = unchangedOffset(of, analysed, document, document.offsetAt(position));
  if (oldOffset === undefined) return undefined;
  const answer = answerAt(oldOffset);
  if (!answer) return answer;
  const range = currentRange(answer.start, answer.end, unchanged(of, analysed, document), of.text.length, document.getText().length);
  return range && toHover(document, { contents: answer.contents, ...range });
}

/**
 * A hover answered at once from the last complete analysis while a newer one runs, when the
 * hovered text lies in the part both versions share (before or after the edit). Undefined when
 * it cannot be (no analysis yet, or the hover or its term touches the edited region, or it is
 * not on a term and the lint of that analysis is not complete): then `hoverFromLastLint`.
 */
function hoverFromLastAnalysis(document: TextDocument, params: HoverParams, options: LintOptions, glossaryEnabled: boolean): Hover | null | undefined {
  const analysis = store.get(document);
  const analysed = store.analysedVersion(document);
  if (!analysis || analysed === undefined) return undefined;
  if (analysed === document.version) return provideHover(document, params, store, options, glossaryEnabled, hoverFormat, true);
  // What the analysis skipped (too long, binary) it did not describe; an edit since may make
  // the document so: the start it samples is read only if an edit fell in it.
  if (unsupportedReason(document.getText(), unchanged(analysis, analysed, document).prefix >= UNSUPPORTED_SAMPLE)) return null;
  return fromUnchangedText(analysis, analysed, document, params.position, (offset) => hoverAt(document, offset, store, options, glossaryEnabled, hoverFormat, true));
}

/**
 * Off a term while the lint of the last analysis runs: the hover of the last complete lint (the
 * one whose diagnostics the editor shows), for a citation in the text unchanged since, and
 * none where that lint has no citation and the last analysis no term. Undefined when the hover
 * touches the text edited since that lint: then the caller waits for the new one.
 */
function hoverFromLastLint(document: TextDocument, params: HoverParams, options: LintOptions, glossaryEnabled: boolean): Hover | null | undefined {
  const lint = store.lastLint(document, options);
  const analysis = store.get(document);
  const analysed = store.analysedVersion(document);
  if (!lint || !analysis || analysed === undefined || lint.version === analysed) return undefined;
  if (unsupportedReason(document.getText(), unchanged(lint.model, lint.version, document).prefix >= UNSUPPORTED_SAMPLE)) return null;
  const cited = fromUnchangedText(lint.model, lint.version, document, params.position, (offset) => citationHover(offset, lint, hoverFormat));
  if (cited !== null) return cited;
  // No citation there in the last lint. A term of the last analysis there would have been
  // answered already unless it touches the edited text: then wait for the current text's check.
  const at = glossaryEnabled ? unchangedOffset(analysis, analysed, document, document.offsetAt(params.position)) : undefined;
  return !glossaryEnabled || (at !== undefined && !analysis.termAt(at)) ? null : undefined;
}

/**
 * A term's hover from the first chunks of the analysis under way, as far as they are parsed
 * (`AnalysisStore.parsedSoFar`): a long article just opened has no complete analysis to answer
 * from for seconds. Undefined when no term is there (yet).
 */
function hoverFromParsedChunks(document: TextDocument, params: HoverParams, options: LintOptions, glossaryEnabled: boolean): Hover | undefined {
  if (!glossaryEnabled) return undefined;
  const occurrence = store.parsedSoFar(document)?.analysis.termAt(document.offsetAt(params.position));
  return occurrence && toHover(document, termHover(occurrence, options, hoverFormat));
}

connection.onHover(async (params, token) => {
  requestArrived();
  let document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable) return null;
  const waiting = document;
  const { options, settings: documentSettings } = configFor(document.uri);
  {
    let quick = hoverFromLastAnalysis(document, params, options, documentSettings.glossary.enable);
    if (quick === undefined) quick = hoverFromLastLint(document, params, options, documentSettings.glossary.enable);
    if (quick !== undefined) return quick;
  }
  if (unsupportedReason(document.getText())) return null;
  // While it waits, a term in the chunks parsed so far is answered as soon as they hold it. A
  // request the client has cancelled (the pointer moved on) stops waiting.
  let parsed: Hover | undefined;
  await settle(document, () => token.isCancellationRequested || (parsed = hoverFromParsedChunks(waiting, params, options, documentSettings.glossary.enable)) !== undefined);
  if (parsed) return parsed;
  if (token.isCancellationRequested) return null;
  document = documents.get(params.textDocument.uri);
  if (!document) return null;
  const config = configFor(document.uri);
  // The analysis it waited for answers a hover on a term at once; only the rest waits for the
  // lint (on opening a long article, seconds after its analysis).
  const analysed = hoverFromLastAnalysis(document, params, config.options, config.settings.glossary.enable);
  if (analysed !== undefined) return analysed;
  await store.lintSliced(document, config.options);
  document = documents.get(params.textDocument.uri);
  if (!document) return null;
  return provideHover(document, params, store, config.options, config.settings.glossary.enable, hoverFormat);
});

/**
 * While the current text's lint runs: the quick fixes of the last complete one, whose
 * diagnostics the editor shows, when each of their edits lies in text unchanged since (moved by
 * what the edits since added or removed). Undefined when they cannot all be: the request waits.
 */
function codeActionsFromLastLint(document: TextDocument, params: CodeActionParams): CodeAction[] | undefined {
  const config = configFor(document.uri);
  const lint = store.lastLint(document, config.options);
  if (!lint || lint.version === document.version) return undefined;
  const shared = unchanged(lint.model, lint.version, document);
  if (unsupportedReason(document.getText(), shared.prefix >= UNSUPPORTED_SAMPLE)) return undefined;
  const moved = (start: number, end: number) => movedRange(start, end, shared, lint.model.text.length, document.getText().length);
  const actions = quickFixesFromLint(document, params, lint, config.options, moved);
  if (!actions) return undefined;
  const add = addToGlossary(document, params, config.options.glossary);
  if (add) actions.push(add);
  return actions;
}

connection.onCodeAction(async (params, token) => {
  requestArrived();
  let document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable) return [];
  const quick = codeActionsFromLastLint(document, params);
  if (quick) return quick;
  // The editor asks at every move of the cursor and cancels what it no longer needs.
  await settle(document, () => token.isCancellationRequested);
  document = documents.get(params.textDocument.uri);
  if (!document || token.isCancellationRequested) return [];
  const config = configFor(document.uri);
  await store.lintSliced(document, config.options);
  document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const actions = provideCodeActions(document, params, store, config.options);
  const add = addToGlossary(document, params, config.options.glossary);
  if (add) actions.push(add);
  return actions;
});

/** "Add “XYZ” to the workspace glossary" for a selection or an all-caps word not in the document's glossary. */
function addToGlossary(document: TextDocument, params: CodeActionParams, glossary: Glossary): CodeAction | undefined {
  const only = params.context.only;
  if (only && !only.some((k) => CodeActionKind.QuickFix === k || CodeActionKind.QuickFix.startsWith(`${k}.`))) return undefined;
  if (!document.uri.startsWith('file:')) return undefined;
  // A request for a diagnostic's own range (its quick-fix menu) is not a selection of a term.
  const same = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  if (params.context.diagnostics.some((d) => same(d.range, params.range))) return undefined;
  const candidate = candidateTerm(document, params.range);
  if (!candidate || inGlossary(glossary, candidate.term)) return undefined;
  let file: string;
  try {
    file = fileURLToPath(document.uri);
  } catch {
    return undefined;
  }
  // The glossary of the nearest .healthmark/ root, else of the document's workspace folder.
  const folder = resolveConfig(file, { base: settings, cache: configCache }).root ?? folderOf(file);
  if (!folder) return undefined;
  const target = path.join(folder, WORKSPACE_GLOSSARY);
  const uri = pathToFileURL(target).toString();
  let text: string | undefined = documents.get(uri)?.getText();
  if (text === undefined) {
    try {
      text = readFileSync(target, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    }
  }
  return addToGlossaryAction(candidate.term, { uri, text, canCreate: supportsCreateFile });
}

// ---- Healthmark: Show citation report (of the document, or of its workspace folder) ----
connection.onRequest(CitationReportRequest, async (params: CitationReportParams): Promise<CitationReportResult> => {
  const name = (uri: string, folder?: string) => {
    try {
      const file = fileURLToPath(uri);
      return folder ? path.relative(folder, file) : path.basename(file);
    } catch {
      return decodePercentEscapes(uri.replace(/^.*\//, '')) || uri; // not a file URI, or a malformed one
    }
  };
  /** An open document from its buffer (as typed), any other file from disk. */
  const reportOf = async (uri: string, label: string): Promise<CitationReport | undefined> => {
    const open = documents.get(uri);
    if (open) {
      const config = configFor(uri);
      if (!config.settings.enable || unsupportedReason(open.getText())) return undefined;
      await store.analyze(open, undefined, config.options);
      const result = await store.lintSliced(open, config.options);
      return result ? citationReport(result.model, config.options, label) : undefined;
    }
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const linted = await lintFile(file, { configFor, parse: parser.parse });
    return linted ? citationReport(linted.model, linted.options, label) : undefined;
  };
  const finish = (report: CitationReport): CitationReportResult => ({ markdown: reportMarkdown(report), claims: report.claims, cited: report.cited });
  if (params.scope === 'document') {
    const report = await reportOf(params.uri, name(params.uri));
    return report ? finish(report) : { message: 'Healthmark is off for this document, or cannot read it.' };
  }
  let folder: string | undefined;
  try {
    folder = folderOf(fileURLToPath(params.uri));
  } catch {
    folder = undefined;
  }
  if (!folder) return { message: 'This document is not in a workspace folder: open a folder to report on all its articles.' };
  const reports: CitationReport[] = [];
  for (const file of workspaceDiagnostics.articlesIn(folder)) {
    const uri = pathToFileURL(file).toString();
    const report = await reportOf(uri, name(uri, folder));
    if (report) reports.push(report);
  }
  if (reports.length === 0) return { message: `No articles to report on in ${path.basename(folder)}.` };
  return finish(combineReports(path.basename(folder), reports));
});

let completionLibrary: CitationLibrary | undefined;
connection.onCompletion((params) => {
  requestArrived();
  const document = documents.get(params.textDocument.uri);
  if (!document || !settings.enable) return [];
  completionLibrary = configFor(document.uri).options.library;
  return provideCompletion(document, params, completionLibrary);
});

connection.onCompletionResolve((item) => (completionLibrary ? resolveCompletion(item, completionLibrary) : item));

followDocuments(documents, {
  check: (document, now) => {
    parser.start(); // if it was stopped while idle, it loads during the typing pause
    scheduleValidation(document, now ? 0 : undefined);
  },
  closed: (uri) => {
    clearTimeout(pending.get(uri));
    pending.delete(uri);
    store.forget(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
    workspaceDiagnostics.documentClosed(uri);
  },
});

connection.onShutdown(() => {
  idle.dispose();
  parser.dispose();
});

process.on('uncaughtException', (error) => {
  // Keep serving: one bad request must not take the editor's language features down.
  connection.console.error(`Healthmark: unexpected error: ${error.stack ?? error}`);
});

documents.listen(connection);
connection.listen();

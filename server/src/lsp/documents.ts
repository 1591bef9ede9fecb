import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer, type AsyncChunkParser, type ChunkAnalysis, type DocumentAnalysis } from '../core/analysis';
import type { Glossary } from '../core/glossary';
import { lintDocument, lintSteps, type Finding, type LintOptions } from '../core/lint';
import { createModelCache, prepareBlockSteps, type DocumentModel, type ModelCache, type PreparedSections } from '../core/lint/model';
import type { Steps } from '../core/steps';
import { dialectOf, maskDialect, type Dialect } from '../core/dialects';

/** The dialect of an open document: its language id (`mdx`, `quarto`), else its file extension. */
export function documentDialect(document: Pick<TextDocument, 'uri' | 'languageId'>): Dialect {
  if (document.languageId === 'mdx') return 'mdx';
  if (document.languageId === 'quarto') return 'quarto';
  return dialectOf(document.uri.replace(/[?#].*$/, ''));
}

/**
 * The text the analysis reads: the document's own, with what is never prose in MDX and Quarto
 * (JSX, `{…}`, import/export, `:::` fences, …) blanked out. Same length, so offsets are the file's.
 */
export function analysisText(document: Pick<TextDocument, 'uri' | 'languageId' | 'getText'>): string {
  return maskDialect(document.getText(), documentDialect(document));
}

export interface LintResult {
  version: number;
  options: LintOptions;
  findings: Finding[];
  model: DocumentModel;
}

interface Run {
  version: number;
  /** The text analysed (the document's, masked for MDX and Quarto). */
  text: string;
  cancelled: boolean;
  promise: Promise<DocumentAnalysis | undefined>;
}

interface Entry {
  analyzer: DocumentAnalyzer;
  /** The glossary the analyzer matches terms with. */
  glossary: Glossary;
  modelCache: ModelCache;
  /** The last complete analysis (possibly of an older version than the document's). */
  analysis?: { version: number; analysis: DocumentAnalysis };
  lint?: LintResult;
  /** The analysis under way, if any. */
  running?: Run;
  /** The lint under way (in slices), if any. */
  linting?: { version: number; options: LintOptions; promise: Promise<LintResult | undefined> };
}

/**
 * Longest stretch a sliced computation (planning an analysis, the lint) keeps the event loop
 * before letting other requests in: a hover that arrives meanwhile waits at most this long
 * (issue 16 asks for 5 ms at the 99th percentile).
 */
const SLICE_MS = 2;
const nextTurn = () => new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Runs a stepwise computation in slices of at most `SLICE_MS`, awaiting `pause` in between so
 * that hovers, code actions and edits are answered; resolves `undefined` when `stop` turns true
 * at a pause.
 */
export async function runSliced<T>(steps: Steps<T>, pause: () => Promise<void>, stop: () => boolean): Promise<T | undefined> {
  let deadline = performance.now() + SLICE_MS;
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() >= deadline) {
      await pause();
      if (stop()) return undefined;
      deadline = performance.now() + SLICE_MS;
    }
  }
}

/**
 * The pause of the server's sliced work: requests first. While requests keep arriving (one in
 * the last 50 ms, by `lastRequestAt`), it waits 10 ms between slices, so that each is answered
 * at once, not one per slice; otherwise it lets one round of other work in.
 *
 * That round takes two turns of the event loop, not one. A request read while the last slice
 * ran is dispatched in an immediate the protocol library queues after this pause's first one:
 * with one turn, the next slice ran before it (and before its answer, written in an immediate
 * too); with two, it has arrived by the time the pause looks.
 */
export function requestsFirst(lastRequestAt: () => number): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      const resume = () => (performance.now() - lastRequestAt() < 50 ? setTimeout(resolve, 10) : resolve());
      setImmediate(() => setImmediate(resume));
    });
}

/**
 * Resolves once no request has arrived for `quietMs` (by `lastRequestAt`), or after `maxMs` at
 * most: for work that cannot be sliced and takes a while (making a long article's edited text
 * one string), so that a run of hovers or completions sent just after a keystroke is answered
 * before it, not behind it.
 */
export function afterRequests(lastRequestAt: () => number, quietMs = 20, maxMs = 250): Promise<void> {
  const until = performance.now() + maxMs;
  return new Promise<void>((resolve) => {
    const check = () => {
      const now = performance.now();
      const quietAt = lastRequestAt() + quietMs;
      if (now >= quietAt || now >= until) resolve();
      else setTimeout(check, Math.min(quietAt, until) - now);
    };
    setTimeout(check, 0);
  });
}

/**
 * One analyzer per open document, its last complete analysis and the lint result of it, so
 * hover, diagnostics, code actions and completion share one analysis.
 *
 * With an asynchronous parse step (the server's parse worker), `analyze` runs in the
 * background and `get`/`lint` never parse: they answer from the last complete analysis, even
 * while a newer one runs — a hover must not wait behind a slow parse. Without one, `get` and
 * `lint` analyse the current version synchronously, as before.
 */
export class AnalysisStore {
  private entries = new Map<string, Entry>();

  /**
   * `glossaryFor`: the glossary of a document's workspace folder (multi-root workspaces);
   * without it, every document uses `glossary`.
   */
  constructor(
    private glossary: Glossary,
    private readonly parse?: AsyncChunkParser,
    private readonly glossaryFor?: (uri: string) => Glossary,
    /** How a sliced lint lets other work in between slices (the server gives requests priority). */
    private readonly pause: () => Promise<void> = nextTurn,
  ) {}

  setGlossary(glossary: Glossary): void {
    this.glossary = glossary;
    for (const e of this.entries.values()) {
      // A run under way uses the old glossary: drop it, so the next request starts afresh.
      if (e.running) e.running.cancelled = true;
      e.running = undefined;
      e.analysis = undefined;
      e.analyzer.setGlossary(glossary);
      e.glossary = glossary;
      e.modelCache = createModelCache();
      e.lint = undefined;
    }
  }

  invalidateLint(): void {
    for (const e of this.entries.values()) {
      e.lint = undefined;
      e.modelCache = createModelCache();
    }
  }

  private entry(uri: string): Entry {
    const glossary = this.glossaryFor?.(uri) ?? this.glossary;
    let e = this.entries.get(uri);
    if (!e) this.entries.set(uri, (e = { analyzer: new DocumentAnalyzer({ glossary }), modelCache: createModelCache(), glossary }));
    else if (e.glossary !== glossary) {
      // The document's data changed (a data file was edited, a folder added): re-match its terms.
      if (e.running) e.running.cancelled = true;
      e.running = undefined;
      e.analysis = undefined;
      e.analyzer.setGlossary(glossary);
      e.modelCache = createModelCache();
      e.lint = undefined;
      e.glossary = glossary;
    }
    return e;
  }

  /**
   * Analyses the document's current version (sharing a run already under way for it, and
   * cancelling one for an older version). Resolves undefined when cancelled. With the lint
   * options the document will be linted with, each chunk the parse worker returns is prepared
   * for that lint (`prepareBlockSteps`) in slices while the worker parses the next ones.
   */
  analyze(document: TextDocument, isCancelled: () => boolean = () => false, options?: LintOptions): Promise<DocumentAnalysis | undefined> {
    const e = this.entry(document.uri);
    if (e.analysis?.version === document.version) return Promise.resolve(e.analysis.analysis);
    if (!this.parse) return Promise.resolve(this.get(document, isCancelled));
    if (e.running?.version === document.version && !e.running.cancelled) return e.running.promise;
    if (e.running) e.running.cancelled = true;
    const version = document.version;
    const run: Run = { version, text: analysisText(document), cancelled: false, promise: Promise.resolve(undefined) };
    e.running = run;
    // The run may be shared by later callers for the same version: only a newer version (or
    // new data) cancels it, never the predicate of the caller that happened to start it.
    void isCancelled;
    const prepare = options ? this.preparer(e, options, () => run.cancelled) : undefined;
    run.promise = e.analyzer
      .analyzeAsync(run.text, this.parse, () => run.cancelled, (steps) => this.sliced(steps, () => run.cancelled), prepare)
      .then((analysis) => {
        if (e.running === run) e.running = undefined;
        if (!analysis || run.cancelled) return undefined;
        if (this.entries.get(document.uri) === e && (e.analysis?.version ?? -Infinity) <= version) e.analysis = { version, analysis };
        return analysis;
      });
    return run.promise;
  }

  /**
   * Takes chunks as they are parsed and prepares them for the lint, a block a step, in slices
   * like the lint's (a hover waits for at most one slice); stops when the run does.
   */
  private preparer(e: Entry, options: LintOptions, stopped: () => boolean): (chunk: ChunkAnalysis) => void {
    const queue: ChunkAnalysis[] = [];
    let draining = false;
    const cache = e.modelCache;
    const analyzer = e.analyzer;
    const sections: PreparedSections = {};
    function* steps(): Steps<void> {
      // Done when the queue is: a chunk that arrives later starts a new drain.
      for (let next = queue.shift(); next; next = queue.shift()) {
        for (let i = 0; i < next.blocks.length; i++) {
          yield* prepareBlockSteps(next, i, analyzer, cache, options, sections);
          yield;
        }
      }
      draining = false;
    }
    return (chunk) => {
      queue.push(chunk);
      if (draining) return;
      draining = true;
      void this.sliced(steps(), () => stopped() || e.modelCache !== cache);
    };
  }

  /**
   * While the document's current version is analysed: the chunks parsed so far, from its
   * start (`DocumentAnalyzer.parsedSoFar`). A long article just opened has no other analysis
   * for seconds.
   */
  parsedSoFar(document: TextDocument): { analysis: DocumentAnalysis; end: number } | undefined {
    const e = this.entries.get(document.uri);
    const run = e?.running;
    if (!e || !run || run.cancelled || run.version !== document.version) return undefined;
    return e.analyzer.parsedSoFar(run.text);
  }

  /** Whether an analysis of the document is under way. */
  isAnalyzing(uri: string): boolean {
    return !!this.entries.get(uri)?.running;
  }

  /**
   * The document's analysis: with a background parser, the last complete one (any version;
   * undefined before the first); otherwise the current version's, analysed now.
   */
  get(document: TextDocument, isCancelled?: () => boolean): DocumentAnalysis | undefined {
    const e = this.entry(document.uri);
    if (e.analysis?.version === document.version || (this.parse && e.analysis)) return e.analysis!.analysis;
    if (this.parse) return undefined;
    const analysis = e.analyzer.analyze(analysisText(document), isCancelled);
    if (analysis) e.analysis = { version: document.version, analysis };
    return analysis;
  }

  /** The document version of the last complete analysis, if any (with a background parser, possibly older than the document's). */
  analysedVersion(document: TextDocument): number | undefined {
    return this.entries.get(document.uri)?.analysis?.version;
  }

  /** The lint result of the analysis `get` returns (its `version` says which). */
  lint(document: TextDocument, options: LintOptions, isCancelled?: () => boolean): LintResult | undefined {
    const e = this.entry(document.uri);
    const analysis = this.get(document, isCancelled);
    if (!analysis || isCancelled?.()) return undefined;
    const version = e.analysis!.version;
    if (e.lint?.version === version && e.lint.options === options) return e.lint;
    const { findings, model } = lintDocument(analysis, options, e.modelCache);
    e.lint = { version, options, findings, model };
    return e.lint;
  }

  /**
   * `lint`, spread over several turns of the event loop: it runs in slices of at most
   * `SLICE_MS`, so hovers, code actions and edits are answered in between, however large the
   * document. A run for the same version and options is shared; a newer version (or an
   * `isCancelled` that turns true) abandons it.
   */
  async lintSliced(document: TextDocument, options: LintOptions, isCancelled: () => boolean = () => false): Promise<LintResult | undefined> {
    const e = this.entry(document.uri);
    const analysis = this.get(document);
    if (!analysis || isCancelled()) return undefined;
    const version = e.analysis!.version;
    if (e.lint?.version === version && e.lint.options === options) return e.lint;
    if (e.linting?.version === version && e.linting.options === options) return e.linting.promise;
    const run: NonNullable<Entry['linting']> = { version, options, promise: Promise.resolve(undefined) };
    e.linting = run;
    const abandoned = () => e.linting !== run || this.entries.get(document.uri) !== e || (e.analysis?.version ?? version) > version;
    run.promise = (async () => {
      const done = await this.sliced(lintSteps(analysis, options, e.modelCache), () => abandoned() || isCancelled());
      if (e.linting === run) e.linting = undefined;
      if (!done) return undefined;
      const result: LintResult = { version, options, findings: done.findings, model: done.model };
      if (this.entries.get(document.uri) === e && (e.lint?.version ?? -Infinity) <= version) e.lint = result;
      return result;
    })();
    return run.promise;
  }

  private sliced<T>(steps: Steps<T>, stop: () => boolean): Promise<T | undefined> {
    return runSliced(steps, this.pause, stop);
  }

  /** The lint result of the current analysis, when it is complete (never computes). */
  lintIfReady(document: TextDocument, options: LintOptions): LintResult | undefined {
    const e = this.entries.get(document.uri);
    return e?.lint && e.analysis && e.lint.version === e.analysis.version && e.lint.options === options ? e.lint : undefined;
  }

  /**
   * The last complete lint of the document with these options, of any version: while a newer
   * one runs, what the editor shows (its diagnostics were published from it).
   */
  lastLint(document: TextDocument, options: LintOptions): LintResult | undefined {
    const lint = this.entries.get(document.uri)?.lint;
    return lint?.options === options ? lint : undefined;
  }

  forget(uri: string): void {
    const e = this.entries.get(uri);
    if (e?.running) e.running.cancelled = true;
    this.entries.delete(uri);
  }
}

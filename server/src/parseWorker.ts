import type { Worker } from 'node:worker_threads';
import { startScriptWorker } from './workerScript';
import { parseChunk, skippedParse, type AsyncChunkParser, type ChunkParse } from './core/analysis';
import { STATUS_BATCH, STATUS_BUSY, STATUS_INDEX, STATUS_SLOTS, STATUS_STARTED, type ParseBatch, type ParseResultMessage } from './parseProtocol';

/**
 * Parses chunks in a worker thread, with a time budget per chunk.
 *
 * Why: the server is single-threaded, and micromark is quadratic on some input (`'*'.repeat(n)
 * + 'x' + '*'.repeat(n)` takes seconds to minutes). Parsing elsewhere keeps hovers and code
 * actions answering; the budget keeps one pathological paragraph from holding the worker:
 * a chunk over budget is skipped — the worker is terminated and restarted — and the analysis
 * carries the reason (`ChunkParse.skipped`), which the server shows as one Information
 * diagnostic. Only the parse moves: chunking, caching and linting stay on the main thread, in
 * the pure core (`DocumentAnalyzer.analyzeAsync` takes `parse` as its injected parse step).
 *
 * Requests from every document share one worker, first come first served, sent in batches of
 * up to `batchChars` characters so a document of a thousand paragraphs is not a thousand
 * round trips; a request cancelled before its batch is sent is dropped. Two batches are in
 * flight at a time, so the worker has the next when it ends one even while this thread is
 * busy (a long step, a collection) and reads the results late; one batch at a time, the
 * worker waited for this thread at every batch. If the worker cannot be started at all,
 * chunks are parsed in this thread (slower to answer, but never silent).
 */
export interface ParseWorkerOptions {
  /** Longest a single chunk may take to parse, in ms. */
  budgetMs?: number;
  /** Characters of source per batch sent to the worker (two batches are in flight). */
  batchChars?: number;
  log?: (message: string) => void;
}

interface Job {
  source: string;
  limit: number;
  skip: number;
  isCancelled: () => boolean;
  resolve: (result: ChunkParse | undefined) => void;
  done: boolean;
}

interface InFlight {
  batch: number;
  jobs: Job[];
  received: number;
}

export const DEFAULT_PARSE_BUDGET_MS = 1500;
/** Batches sent to the worker and not answered yet, at most (see ParseWorker). */
const BATCHES_IN_FLIGHT = 2;

export class ParseWorker {
  private readonly budgetMs: number;
  private readonly batchChars: number;
  private readonly log: (message: string) => void;
  private readonly status = new BigInt64Array(new SharedArrayBuffer(STATUS_SLOTS * 8));
  private queue: Job[] = [];
  private worker?: Worker;
  /** Batches sent and not yet answered, oldest first (the worker parses them in order). */
  private inFlight: InFlight[] = [];
  private timer?: NodeJS.Timeout;
  private nextBatch = 1;
  /** Worker failures since the last result; after a few, parse in this thread. */
  private failures = 0;
  private inThread = false;
  private disposed = false;

  constructor(options: ParseWorkerOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_PARSE_BUDGET_MS;
    // Half of the 64 KB sent at a time when one batch was in flight: what a new version's
    // chunks may wait behind (a cancelled run's batches are parsed all the same) stays the same.
    this.batchChars = options.batchChars ?? 32 * 1024;
    this.log = options.log ?? (() => undefined);
  }

  /** The parse step for `DocumentAnalyzer.analyzeAsync`. */
  readonly parse: AsyncChunkParser = (source, limit, isCancelled, skip = 0) =>
    new Promise((resolve) => {
      this.queue.push({ source, limit, skip, isCancelled, resolve, done: false });
      this.pump();
    });

  /** Starts the worker now, so the first analysis does not wait for it to load. */
  start(): void {
    if (!this.inThread && !this.worker && !this.disposed) this.spawn();
  }

  /** How long the worker has been parsing its current chunk, in ms (0 when it is not parsing). */
  busyMs(): number {
    if (!this.parsing()) return 0;
    return Math.max(0, Date.now() - Number(Atomics.load(this.status, STATUS_STARTED)));
  }

  /** The batch in flight that the worker says it is parsing a job of, if any. */
  private parsing(): InFlight | undefined {
    if (this.inFlight.length === 0 || Atomics.load(this.status, STATUS_BUSY) !== 1n) return undefined;
    const batch = Number(Atomics.load(this.status, STATUS_BATCH));
    return this.inFlight.find((f) => f.batch === batch);
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Stops the worker if it is idle, giving back its whole heap; `start` or the next parse
   * starts a new one. Why not ask it to collect its garbage: a collected worker still held
   * its isolate and heap (`npm run bench`, a 2.5 MB article 3 s after its last edit: 300 MB
   * resident with the worker collected, 264 MB with it stopped). The server calls this when
   * idle and `start` at the next edit, so the new worker loads during the typing pause.
   */
  release(): void {
    if (!this.worker || this.inFlight.length > 0 || this.queue.length > 0) return;
    const w = this.worker;
    this.worker = undefined; // before terminate: its exit is then not taken for a failure
    void w.terminate();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    for (const job of [...this.inFlight.flatMap((f) => f.jobs), ...this.queue]) settle(job, undefined);
    this.inFlight = [];
    this.queue = [];
  }

  private spawn(): Worker | undefined {
    let worker: Worker;
    try {
      worker = startWorker(this.status);
    } catch (error) {
      this.switchToThisThread(`the parse worker could not be started (${String(error)})`);
      return undefined;
    }
    worker.unref();
    worker.on('message', (m: ParseResultMessage) => this.onResult(worker, m));
    worker.on('error', (error) => this.onFailure(worker, `the parser failed (${error.message})`));
    worker.on('exit', (code) => this.onFailure(worker, `the parse worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private pump(): void {
    if (this.disposed) return;
    if (this.inThread) return this.inFlight.length > 0 ? undefined : this.pumpInThread();
    while (this.inFlight.length < BATCHES_IN_FLIGHT) {
      const jobs = this.nextBatchJobs();
      if (jobs.length === 0) return;
      const worker = this.worker ?? this.spawn();
      if (!worker) {
        this.queue.unshift(...jobs);
        return this.pump();
      }
      const batch = this.nextBatch++;
      this.inFlight.push({ batch, jobs, received: 0 });
      const message: ParseBatch = { batch, jobs: jobs.map((j) => ({ source: j.source, limit: j.limit, skip: j.skip })) };
      worker.postMessage(message);
      if (this.inFlight.length === 1) this.arm(this.budgetMs);
    }
  }

  /** The queued jobs for one batch, dropping those cancelled meanwhile. */
  private nextBatchJobs(): Job[] {
    const jobs: Job[] = [];
    let chars = 0;
    while (this.queue.length > 0 && (jobs.length === 0 || chars + this.queue[0].source.length <= this.batchChars)) {
      const job = this.queue.shift()!;
      if (job.done) continue;
      if (job.isCancelled()) {
        settle(job, undefined);
        continue;
      }
      jobs.push(job);
      chars += job.source.length;
    }
    return jobs;
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.check(), Math.max(10, ms));
    this.timer.unref();
  }

  /** The budget timer: reads the worker's own status, so a late read of results is not an overrun. */
  private check(): void {
    if (this.inFlight.length === 0) return;
    const flight = this.parsing();
    if (!flight) return this.arm(Math.min(this.budgetMs, 100));
    const elapsed = Date.now() - Number(Atomics.load(this.status, STATUS_STARTED));
    if (elapsed < this.budgetMs) return this.arm(this.budgetMs - elapsed);
    const index = Number(Atomics.load(this.status, STATUS_INDEX));
    this.abandon(flight.jobs[index], `parsing took longer than ${formatSeconds(this.budgetMs)} (Markdown like this makes the parser very slow)`);
  }

  /** Gives up on the job `culprit`, restarts the worker and re-queues the other jobs in flight, first. */
  private abandon(culprit: Job | undefined, reason: string): void {
    const flights = this.inFlight;
    this.inFlight = [];
    clearTimeout(this.timer);
    const w = this.worker;
    this.worker = undefined;
    void w?.terminate();
    if (culprit) settle(culprit, skippedParse(reason));
    this.log(`Healthmark: skipped a chunk of ${culprit?.source.length ?? 0} characters: ${reason}.`);
    this.queue.unshift(...flights.flatMap((f) => f.jobs.filter((j) => !j.done)));
    this.pump();
  }

  private onResult(worker: Worker, message: ParseResultMessage): void {
    const flight = this.inFlight.find((f) => f.batch === message.batch);
    if (worker !== this.worker || !flight) return;
    this.failures = 0;
    settle(flight.jobs[message.index], message.result);
    flight.received = Math.max(flight.received, message.index + 1);
    if (flight.received >= flight.jobs.length) {
      this.inFlight.splice(this.inFlight.indexOf(flight), 1);
      if (this.inFlight.length === 0) clearTimeout(this.timer);
      this.pump();
    }
  }

  private onFailure(worker: Worker, reason: string): void {
    if (worker !== this.worker) return; // terminated on purpose
    this.worker = undefined;
    this.failures++;
    this.log(`Healthmark: ${reason}.`);
    const flights = this.inFlight;
    if (flights.length > 0) {
      // The job it was on is skipped (parsing it again would crash again); the rest go back.
      const culprit = this.parsing()?.jobs[Number(Atomics.load(this.status, STATUS_INDEX))];
      this.inFlight = [];
      clearTimeout(this.timer);
      if (culprit) settle(culprit, skippedParse(reason));
      this.queue.unshift(...flights.flatMap((f) => f.jobs.filter((j) => !j.done)));
    }
    if (this.failures >= 3) this.switchToThisThread(`the parse worker failed ${this.failures} times in a row`);
    this.pump();
  }

  private switchToThisThread(reason: string): void {
    if (this.inThread) return;
    this.inThread = true;
    this.log(`Healthmark: ${reason}; parsing in the main thread from now on (no time budget).`);
  }

  /** Fallback: one job per turn of the event loop, so requests still interleave between chunks. */
  private pumpInThread(): void {
    const job = this.queue.shift();
    if (!job) return;
    this.inFlight = [{ batch: 0, jobs: [job], received: 0 }];
    setImmediate(() => {
      this.inFlight = [];
      if (!job.done) settle(job, job.isCancelled() ? undefined : parseChunk(job.source, job.limit, job.skip));
      this.pump();
    });
  }
}

function settle(job: Job, result: ChunkParse | undefined): void {
  if (job.done) return;
  job.done = true;
  job.resolve(result);
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}

/** The parse worker: dist/analysisWorker.js, or analysisWorker.ts from sources. */
function startWorker(status: BigInt64Array): Worker {
  return startScriptWorker(__dirname, 'analysisWorker.js', 'analysisWorker.ts', { workerData: { status: status.buffer } });
}

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Something to do once the server has been quiet for `afterMs`. */
export interface IdleStage {
  afterMs: number;
  run: () => void;
}

/**
 * Gives memory back once the server is idle.
 *
 * Why: every analysis of a large document allocates a lot that lives for one version only, and
 * V8 grows its heap to fit rather than collect it fully; with nobody telling it the process is
 * idle, it keeps that size (`npm run bench`, a 2.5 MB article after ten edits: 437 MB resident
 * at once, 264 MB after 3 s idle). So after each stage's quiet spell without requests or edits
 * the server runs that stage once (never while anyone is waiting), and then not again until
 * something happens. The server's stages: a compacting collection (and the parse worker
 * stopped, `ParseWorker.release`), then later a young-generation collection that lets V8 shrink
 * its young generation (see `youngCollection`).
 */
export class IdleCollector {
  private readonly timers: Timers;
  private readonly pending: { stage: IdleStage; timer?: unknown; dirty: boolean }[];

  constructor(stages: readonly IdleStage[], timers: Timers = { set: (fn, ms) => setTimeout(fn, ms).unref(), clear: (t) => clearTimeout(t as NodeJS.Timeout) }) {
    this.timers = timers;
    this.pending = stages.map((stage) => ({ stage, dirty: false }));
  }

  /** Something happened (a request, an edit, an analysis): run every stage after its next quiet spell. */
  touch(): void {
    for (const p of this.pending) {
      p.dirty = true;
      if (p.timer !== undefined) this.timers.clear(p.timer);
      p.timer = this.timers.set(() => this.fire(p), p.stage.afterMs);
    }
  }

  dispose(): void {
    for (const p of this.pending) {
      if (p.timer !== undefined) this.timers.clear(p.timer);
      p.timer = undefined;
    }
  }

  private fire(p: (typeof this.pending)[number]): void {
    p.timer = undefined;
    if (!p.dirty) return;
    p.dirty = false;
    p.stage.run();
  }
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

/**
 * A full garbage collection that also compacts the old generation, or undefined where it
 * cannot be had.
 *
 * Why compact: a plain full collection frees objects but leaves the pages they were on
 * partly used, and resident (twenty 250 KB articles open: 178 MB of old generation holding
 * 149 MB). Compacting moves the survivors together and returns the emptied pages. It replaces
 * the two plain collections of before and, like them, runs only when idle. The flag is set
 * for this one collection and cleared again, so V8's own collections keep their usual
 * heuristics.
 */
export function compactingCollection(): (() => void) | undefined {
  const gc = collector();
  if (!gc) return undefined;
  return () => {
    setFlagsFromString('--compact-on-every-full-gc');
    try {
      gc();
    } finally {
      setFlagsFromString('--no-compact-on-every-full-gc');
    }
  };
}

/**
 * A young-generation collection, or undefined where it cannot be had.
 *
 * Why: V8 keeps its young generation at the size the last analysis grew it to (32 MB resident
 * while empty) and shrinks it only at a collection that sees a low allocation rate over the
 * last five seconds or so. Run six seconds after the compacting collection with nothing done in
 * between, this cheap collection (the young generation is empty) is one that does;
 * five seconds after was not always enough (a 2.5 MB article: 32 MB kept, 1 MB at six).
 */
export function youngCollection(): (() => void) | undefined {
  const gc = collector();
  // `gc(true)`: any argument that sets no option asks V8's gc extension for a minor collection.
  return gc ? () => gc(true) : undefined;
}

/**
 * The engine's `gc`, or undefined where it cannot be had. Node runs without `--expose-gc`, and
 * the server is started by editors we do not control, so the flag is set at run time and `gc`
 * taken from a fresh context. Looked up on the first collection, not at start-up (a new context
 * costs time nobody should wait for), once per thread.
 */
function collector(): ((minor?: boolean) => void) | undefined {
  if (found === undefined) found = { gc: lookUpCollection() };
  return found.gc;
}
let found: { gc: ((minor?: boolean) => void) | undefined } | undefined;

function lookUpCollection(): ((minor?: boolean) => void) | undefined {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') return existing as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

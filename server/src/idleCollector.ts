import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Gives memory back once the server is idle.
 *
 * Why: every analysis of a large document allocates a lot that lives for one version only, and
 * V8 grows its heap to fit rather than collect it fully; with nobody telling it the process is
 * idle, it keeps that size (`npm run bench`, a 2.5 MB article after ten edits: 437 MB resident
 * at once, 264 MB after 3 s idle). So after `idleMs` without requests or edits the server
 * collects once (never while anyone is waiting) — in this thread; the parse worker is stopped
 * instead (`ParseWorker.release`) — and then not again until something happens.
 */
export class IdleCollector {
  private timer: unknown;
  private dirty = false;

  constructor(
    private readonly idleMs: number,
    private readonly collect: () => void,
    private readonly timers: Timers = { set: (fn, ms) => setTimeout(fn, ms).unref(), clear: (t) => clearTimeout(t as NodeJS.Timeout) },
  ) {}

  /** Something happened (a request, an edit, an analysis): collect after the next quiet spell. */
  touch(): void {
    this.dirty = true;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => this.fire(), this.idleMs);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    if (!this.dirty) return;
    this.dirty = false;
    this.collect();
  }
}

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(timer: unknown): void;
}

/**
 * The engine's full garbage collection, or undefined where it cannot be had. Node runs
 * without `--expose-gc`, and the server is started by editors we do not control, so the flag
 * is set at run time and `gc` taken from a fresh context. Looked up on the first collection,
 * not at start-up (a new context costs time nobody should wait for), once per thread.
 */
export function fullCollection(): (() => void) | undefined {
  if (found === undefined) found = { gc: lookUpCollection() };
  return found.gc;
}
let found: { gc: (() => void) | undefined } | undefined;

function lookUpCollection(): (() => void) | undefined {
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

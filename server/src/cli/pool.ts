import type { Worker } from 'node:worker_threads';
import { startScriptWorker } from '../workerScript';
import type { LintJob, LintJobResult } from './lintJob';

interface Slot {
  worker: Worker;
  busy: number;
  dead: boolean;
}

interface Waiting {
  job: LintJob;
  slot: Slot;
  resolve: (r: LintJobResult) => void;
  reject: (e: Error) => void;
}

/**
 * Worker threads that check articles in parallel (`healthmark check` on many files uses every
 * core). Jobs go to the least busy worker; results come back in whatever order they finish
 * and the caller awaits each in file order, so the output is the same as with one thread.
 * A worker that dies (out of memory, say) never loses a file: its jobs, and any later ones
 * when no worker is left, run on the calling thread with `fallback`.
 */
export class LintPool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    size: number,
    private readonly fallback: (job: LintJob) => LintJobResult,
  ) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker();
      const slot: Slot = { worker, busy: 0, dead: false };
      worker.on('message', (m: { id: number; result?: LintJobResult; error?: string }) => {
        // A worker keeps the process alive only while it has work (an early exit never waits for it).
        if (--slot.busy === 0) worker.unref();
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.result!);
      });
      const died = () => {
        if (slot.dead) return;
        slot.dead = true;
        for (const [id, w] of this.waiting) {
          if (w.slot !== slot) continue;
          this.waiting.delete(id);
          this.runHere(w);
        }
      };
      worker.on('error', died);
      worker.on('exit', died);
      worker.unref();
      this.slots.push(slot);
    }
  }

  run(job: LintJob): Promise<LintJobResult> {
    const alive = this.slots.filter((s) => !s.dead);
    return new Promise((resolve, reject) => {
      if (alive.length === 0) return this.runHere({ job, slot: this.slots[0], resolve, reject });
      const slot = alive.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (slot.busy++ === 0) slot.worker.ref();
      const id = this.nextId++;
      this.waiting.set(id, { job, slot, resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  private runHere(w: Waiting): void {
    try {
      w.resolve(this.fallback(w.job));
    } catch (e) {
      w.reject(e as Error);
    }
  }

  async close(): Promise<void> {
    for (const s of this.slots) s.dead = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** A CLI worker: dist/cliWorker.js, or worker.ts from sources. */
function startWorker(): Worker {
  return startScriptWorker(__dirname, 'cliWorker.js', 'worker.ts');
}

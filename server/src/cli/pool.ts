import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintJob, LintJobResult } from './lintJob';

/**
 * Worker threads that check articles in parallel (`healthmark check` on many files uses every
 * core). Jobs go to the least busy worker; results come back in whatever order they finish
 * and the caller awaits each in file order, so the output is the same as with one thread.
 */
export class LintPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly waiting = new Map<number, { resolve: (r: LintJobResult) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker();
      const slot = { worker, busy: 0 };
      worker.on('message', (m: { id: number; result?: LintJobResult; error?: string }) => {
        // A worker keeps the process alive only while it has work (an early exit never waits for it).
        if (--slot.busy === 0) worker.unref();
        const w = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.error !== undefined) w?.reject(new Error(m.error));
        else w?.resolve(m.result!);
      });
      worker.on('error', (e) => {
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      worker.unref();
      this.workers.push(slot);
    }
  }

  run(job: LintJob): Promise<LintJobResult> {
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    if (slot.busy++ === 0) slot.worker.ref();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      slot.worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

/**
 * The bundled worker (dist/cliWorker.js, next to dist/cli.js); from sources (under tsx), the
 * TypeScript entry with tsx registered inside the worker.
 */
function startWorker(): Worker {
  const bundled = path.join(__dirname, 'cliWorker.js');
  if (existsSync(bundled)) return new Worker(bundled);
  const source = path.join(__dirname, 'worker.ts');
  if (!existsSync(source)) throw new Error(`${bundled} is missing`);
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, { eval: true });
}

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from its bundle (`bundled`, next to the bundle that asks, in dist/);
 * when running from sources (the tests, under tsx), from its TypeScript entry (`source`, next
 * to the module that asks) with tsx registered inside the worker (`--import tsx` in a worker's
 * execArgv does not register its hooks in Node 20). `dir`: the caller's `__dirname`.
 */
export function startScriptWorker(dir: string, bundled: string, source: string, options: WorkerOptions = {}): Worker {
  const bundle = path.join(dir, bundled);
  if (existsSync(bundle)) return new Worker(bundle, options);
  const entry = path.join(dir, source);
  if (!existsSync(entry)) throw new Error(`${bundle} is missing`);
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  return new Worker(`require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`, { ...options, eval: true });
}

// A worker thread of `healthmark check` (cli/pool.ts): runs the jobs it is sent, one at a time.
import { parentPort } from 'node:worker_threads';
import { LintContext, type LintJob } from './lintJob';

const context = new LintContext();
parentPort!.on('message', ({ id, job }: { id: number; job: LintJob }) => {
  try {
    parentPort!.postMessage({ id, result: context.run(job) });
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).stack ?? String(e) });
  }
});

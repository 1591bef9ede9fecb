/**
 * The parse worker: runs `parseChunk` (micromark + prose extraction) off the language server's
 * main thread, so no hover or code action ever waits behind a slow parse (micromark is
 * quadratic on input like `'*'.repeat(n) + 'x' + '*'.repeat(n)`). Bundled as
 * dist/analysisWorker.js; `ParseWorker` (parseWorker.ts) starts it, enforces the per-chunk
 * time budget and terminates it when a chunk overruns.
 *
 * Protocol: the host posts `{ batch, jobs: [{ source, limit, skip }] }`; for each job in order the
 * worker posts `{ batch, index, result }`. Before and after each job it writes to the shared
 * status array, so the host can tell a chunk that overran its budget from a busy host that
 * has not read the results yet. When the server is idle the host stops the worker (see
 * `ParseWorker.release`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseChunk } from './core/analysis';
import { STATUS_BATCH, STATUS_BUSY, STATUS_INDEX, STATUS_STARTED, type ParseBatch, type ParseResultMessage } from './parseProtocol';

const status = new BigInt64Array((workerData as { status: SharedArrayBuffer }).status);

parentPort!.on('message', (message: ParseBatch) => {
  message.jobs.forEach((job, index) => {
    Atomics.store(status, STATUS_BATCH, BigInt(message.batch));
    Atomics.store(status, STATUS_INDEX, BigInt(index));
    Atomics.store(status, STATUS_STARTED, BigInt(Date.now()));
    Atomics.store(status, STATUS_BUSY, 1n);
    const result = parseChunk(job.source, job.limit, job.skip);
    Atomics.store(status, STATUS_BUSY, 0n);
    const reply: ParseResultMessage = { batch: message.batch, index, result };
    parentPort!.postMessage(reply);
  });
});

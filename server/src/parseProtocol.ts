/** Messages and shared status between `ParseWorker` (the host) and analysisWorker.ts. */
import type { ChunkParse } from './core/analysis';

export interface ParseBatch {
  batch: number;
  jobs: { source: string; limit: number; skip: number }[];
}

export interface ParseResultMessage {
  batch: number;
  index: number;
  result: ChunkParse;
}

/**
 * Slots of the shared status array (a BigInt64Array over a SharedArrayBuffer), written by the
 * worker around each job: which batch and job it is parsing, since when (Date.now()), and
 * whether it is parsing at all. The host reads it when the budget timer fires, so a busy host
 * that has not yet read the results never mistakes them for an overrun.
 */
export const STATUS_BATCH = 0;
export const STATUS_INDEX = 1;
export const STATUS_STARTED = 2;
export const STATUS_BUSY = 3;
export const STATUS_SLOTS = 4;

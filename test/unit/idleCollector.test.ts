import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fullCollection, IdleCollector, type Timers } from '../../server/src/idleCollector';

/** Timers the test advances by hand: no sleeps, no flakiness. */
function manualTimers(): Timers & { advance(ms: number): void; pending(): number } {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    set: (fn, ms) => (timers.set(next, { at: now + ms, fn }), next++),
    clear: (id) => void timers.delete(id as number),
    advance(ms) {
      now += ms;
      for (const [id, t] of [...timers]) if (t.at <= now) (timers.delete(id), t.fn());
    },
    pending: () => timers.size,
  };
}

/** A collector on hand-driven timers that counts its collections. */
function watched() {
  const timers = manualTimers();
  let count = 0;
  const idle = new IdleCollector(2000, () => count++, timers);
  return { timers, idle, collections: () => count };
}

describe('idle collector (memory back when the server is idle)', () => {
  it('collects once after a quiet spell, and again only after something happened', () => {
    const { timers, idle, collections } = watched();
    idle.touch();
    timers.advance(1999);
    assert.equal(collections(), 0);
    timers.advance(1);
    assert.equal(collections(), 1);
    // Nothing happened since: no further collection, no timer left running.
    timers.advance(10_000);
    assert.equal(collections(), 1);
    assert.equal(timers.pending(), 0);
    idle.touch();
    timers.advance(2000);
    assert.equal(collections(), 2);
  });

  it('waits while requests and edits keep arriving', () => {
    const { timers, idle, collections } = watched();
    for (let i = 0; i < 50; i++) {
      idle.touch();
      timers.advance(1500);
    }
    assert.equal(collections(), 0);
    timers.advance(500);
    assert.equal(collections(), 1);
  });

  it('stops on dispose', () => {
    const { timers, idle, collections } = watched();
    idle.touch();
    idle.dispose();
    timers.advance(5000);
    assert.equal(collections(), 0);
    assert.equal(timers.pending(), 0);
  });

  it('can run a full collection without --expose-gc, here and in a worker started afterwards', async () => {
    const gc = fullCollection();
    assert.equal(typeof gc, 'function');
    gc!();
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage(typeof gc)", { eval: true });
    const kind = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    assert.equal(kind, 'function');
  });
});

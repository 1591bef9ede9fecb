import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { compactingCollection, IdleCollector, youngCollection, type Timers } from '../../server/src/idleCollector';
import { getHeapSpaceStatistics } from 'node:v8';

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
  const idle = new IdleCollector([{ afterMs: 2000, run: () => count++ }], timers);
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

  it('runs its stages in order, each once per quiet spell, and a touch restarts every stage', () => {
    const timers = manualTimers();
    const ran: string[] = [];
    const idle = new IdleCollector(
      [
        { afterMs: 2000, run: () => ran.push('compact') },
        { afterMs: 7000, run: () => ran.push('young') },
      ],
      timers,
    );
    idle.touch();
    timers.advance(2000);
    assert.deepEqual(ran, ['compact']);
    // Something happens between the stages: the second waits for a whole new quiet spell,
    // and the first runs again before it.
    timers.advance(3000);
    idle.touch();
    timers.advance(4999);
    assert.deepEqual(ran, ['compact', 'compact']);
    timers.advance(2001);
    assert.deepEqual(ran, ['compact', 'compact', 'young']);
    timers.advance(60_000);
    assert.equal(ran.length, 3);
    assert.equal(timers.pending(), 0);
  });

  it('compacts: after the compacting collection the old generation holds little more than what lives', () => {
    const gc = compactingCollection();
    assert.ok(gc);
    // Fragment the old generation: many objects that survive into it, three in four then dropped.
    let kept: { n: number; s: string }[] = [];
    for (let i = 0; i < 400_000; i++) kept.push({ n: i, s: `item ${i}` });
    youngCollection()!();
    youngCollection()!();
    kept = kept.filter((_, i) => i % 4 === 0);
    gc();
    const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!;
    assert.ok(kept.length === 100_000);
    // Without compaction the emptied pages stay: about half of them unused here.
    assert.ok(old.space_used_size / old.space_size > 0.9, `old space ${old.space_used_size} used of ${old.space_size}`);
  });

  it('can run a full collection without --expose-gc, here and in a worker started afterwards', async () => {
    const gc = compactingCollection();
    assert.equal(typeof gc, 'function');
    gc!();
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage(typeof gc)", { eval: true });
    const kind = await new Promise((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    assert.equal(kind, 'function');
  });
});

import assert from 'node:assert/strict';
import net from 'node:net';
import { afterRequests, requestsFirst, runSliced } from '../../server/src/lsp/documents';

// Issue 16: a request that arrives while the server's sliced lint runs is answered before the
// next slice. A real socket: its bytes are read in the event loop's poll phase, and the
// "request" is dispatched in an immediate, as the protocol library dispatches its messages.

/** A connected pair of sockets on a local port. */
async function socketPair(): Promise<{ server: net.Server; sender: net.Socket; receiver: net.Socket }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const sender = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => sender.once('connect', () => resolve()));
  return { server, sender, receiver: await accepted };
}

/** Steps of about 1 ms each (busy), recording each; the third sends the request. */
function* slices(log: string[], send: () => void): Generator<void, string> {
  for (let i = 0; i < 12; i++) {
    log.push(`step ${i}`);
    if (i === 2) send();
    const until = performance.now() + 1;
    while (performance.now() < until) {
      // busy, as a step of the lint is
    }
    yield;
  }
  return 'done';
}

describe('Requests first: the pause between slices of the server’s work (lsp/documents.ts)', () => {
  it('answers a request that arrived during a slice before the next slice starts', async () => {
    const { server, sender, receiver } = await socketPair();
    try {
      const log: string[] = [];
      let lastRequestAt = -Infinity;
      const answered = new Promise<void>((resolve) =>
        receiver.on('data', () =>
          setImmediate(() => {
            lastRequestAt = performance.now();
            log.push('request');
            resolve();
          }),
        ),
      );
      const result = await runSliced(slices(log, () => sender.write('hover')), requestsFirst(() => lastRequestAt), () => false);
      await answered;
      assert.equal(result, 'done');
      const at = log.indexOf('request');
      const sentIn = log.indexOf('step 2');
      // The slice that sent it runs to its end (2 ms: steps 2 and 3), then the request, then the next slice.
      const nextSlice = log.findIndex((entry, i) => i > sentIn && entry.startsWith('step') && Number(entry.slice(5)) > 3);
      assert.ok(at !== -1 && at < nextSlice, log.join(', '));
    } finally {
      sender.destroy();
      receiver.destroy();
      server.close();
    }
  });

  it('waits for a timer between slices while requests keep coming, and only a round of the event loop otherwise', async () => {
    let lastRequestAt = -Infinity;
    const pause = requestsFirst(() => lastRequestAt);
    /** Which ends first: the pause, or three turns of the event loop started with it. */
    const race = () => {
      const order: string[] = [];
      const turns = new Promise<void>((resolve) => setImmediate(() => setImmediate(() => setImmediate(() => resolve()))));
      return Promise.all([pause().then(() => order.push('pause')), turns.then(() => order.push('three turns'))]).then(() => order);
    };
    assert.deepEqual(await race(), ['pause', 'three turns'], 'no request lately: two turns');
    lastRequestAt = performance.now();
    assert.deepEqual(await race(), ['three turns', 'pause'], 'a request just now: the next slice waits for a timer');
  });

  it('holds work that cannot be sliced until requests stop coming for a moment, or for its longest wait', async () => {
    // A run of requests (one every 5 ms for 60 ms) while the work waits: it starts only once
    // the last is `quietMs` old, not between two of them (200 ms here, so that only a stall of
    // the test's own event loop that long could put a gap of it between two requests).
    let lastRequestAt = performance.now();
    const started = performance.now();
    const sending = (async () => {
      while (performance.now() - started < 60) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        lastRequestAt = performance.now();
      }
    })();
    let ranAt = -Infinity;
    await afterRequests(() => lastRequestAt, 200, 10000).then(() => (ranAt = performance.now()));
    await sending;
    assert.ok(ranAt >= lastRequestAt + 200, `ran ${(ranAt - lastRequestAt).toFixed(1)} ms after the last request`);
    // Requests that never stop: it runs anyway, after its longest wait.
    lastRequestAt = performance.now();
    const forever = setInterval(() => (lastRequestAt = performance.now()), 2);
    try {
      const t0 = performance.now();
      await afterRequests(() => lastRequestAt, 20, 100);
      assert.ok(performance.now() - t0 >= 100);
    } finally {
      clearInterval(forever);
    }
    // No request lately: at once (after a timer, so requests already read are dispatched first).
    lastRequestAt = -Infinity;
    const order: string[] = [];
    await Promise.all([afterRequests(() => lastRequestAt).then(() => order.push('work')), new Promise<void>((resolve) => setImmediate(resolve)).then(() => order.push('immediate'))]);
    assert.deepEqual(order, ['immediate', 'work']);
  });
});

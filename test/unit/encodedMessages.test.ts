import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message, type NotificationMessage } from 'vscode-languageserver/node';
import { runSteps } from '../../server/src/core/steps';
import { EncodedParams, encodeInSteps, encodeMessage, encodingWriter } from '../../server/src/lsp/encodedMessages';

// Issue 16: over stdio, a long article's diagnostics are encoded a diagnostic at a time in the
// lint's slices, and the writer joins the pieces. What it writes must be what the library
// would have written for the same message, byte for byte.

const diagnostic = (i: number) => ({
  range: { start: { line: i, character: 0 }, end: { line: i, character: 3 + (i % 7) } },
  severity: (i % 4) + 1,
  source: 'healthmark',
  code: i % 2 ? 'uncited-claim' : 'weak-evidence',
  codeDescription: { href: `https://example.org/rules/${i}` },
  message: `Finding ${i}: “quoted”, an emoji 😀, a backslash \\ and a quote "`,
  data: { version: 3, index: i },
});

describe('Diagnostics encoded ahead (lsp/encodedMessages.ts)', () => {
  it('encodes params in steps to the bytes JSON.stringify gives, for lists around the batch size and an empty one', () => {
    for (const n of [0, 1, 2, 255, 256, 257, 513, 1000]) {
      const list = Array.from({ length: n }, (_, i) => diagnostic(i));
      const steps = encodeInSteps({ uri: 'file:///a.md', version: 3 }, 'diagnostics', list);
      let pauses = 0;
      let r = steps.next();
      while (!r.done) {
        pauses++;
        r = steps.next();
      }
      assert.equal(pauses, Math.max(0, n - 1), `${n}: a pause between every two diagnostics`);
      assert.equal(r.value.json.join(''), JSON.stringify({ uri: 'file:///a.md', version: 3, diagnostics: list }), `${n} diagnostics`);
    }
  });

  it('encodes an item JSON.stringify leaves out of objects as null, as it does in arrays', () => {
    const encoded = runSteps(encodeInSteps({ id: 1 }, 'items', [1, undefined, 'x']));
    assert.equal(encoded.json.join(''), JSON.stringify({ id: 1, items: [1, undefined, 'x'] }));
  });

  it('writes a message with encoded params as the library writes the same message with the object', () => {
    const params = { uri: 'file:///ü.md', version: 2, diagnostics: [diagnostic(1), diagnostic(2)] };
    const plain: NotificationMessage = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
    const encoded = { ...plain, params: runSteps(encodeInSteps({ uri: params.uri, version: 2 }, 'diagnostics', params.diagnostics)) };
    assert.deepEqual(encodeMessage(encoded as unknown as Message), Buffer.from(JSON.stringify(plain), 'utf8'));
    assert.deepEqual(encodeMessage(plain), Buffer.from(JSON.stringify(plain), 'utf8'), 'other messages as they are');
    // Spliced in, never stringified again (which would give the same bytes, at the cost this avoids).
    class Unstringifiable extends EncodedParams {
      override toJSON(): never {
        throw new Error('stringified');
      }
    }
    assert.deepEqual(encodeMessage({ ...plain, params: new Unstringifiable(encoded.params.json, encoded.params.byteLength) } as unknown as Message), Buffer.from(JSON.stringify(plain), 'utf8'));
  });

  it('gives the params back as an object to anything else that stringifies them (the protocol trace)', () => {
    const params = { uri: 'file:///a.md', diagnostics: [diagnostic(0)] };
    const encoded = runSteps(encodeInSteps({ uri: params.uri }, 'diagnostics', params.diagnostics));
    assert.ok(encoded instanceof EncodedParams);
    assert.deepEqual(JSON.parse(JSON.stringify({ params: encoded })), { params });
  });

  it('frames what it writes so that a reader gets the messages back, in order, whatever the characters', async () => {
    const stream = new PassThrough();
    const writer = encodingWriter(stream);
    const reader = new StreamMessageReader(stream);
    const received: Message[] = [];
    const all = new Promise<void>((resolve) =>
      reader.listen((m) => {
        received.push(m);
        if (received.length === 3) resolve();
      }),
    );
    const params = { uri: 'file:///ü.md', version: 7, diagnostics: Array.from({ length: 300 }, (_, i) => diagnostic(i)) };
    const first: NotificationMessage = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: runSteps(encodeInSteps({ uri: params.uri, version: 7 }, 'diagnostics', params.diagnostics)) as unknown as object };
    const second = { jsonrpc: '2.0', id: 4, result: { contents: 'GLUT4 — a glucose transporter 😀' } };
    await writer.write(first);
    await writer.write(second as Message);
    await writer.write({ ...first, params: { uri: 'file:///b.md', diagnostics: [] } } as NotificationMessage);
    await all;
    assert.deepEqual(received, [
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params },
      second,
      { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///b.md', diagnostics: [] } },
    ]);
    reader.dispose();
    writer.dispose();
  });
});

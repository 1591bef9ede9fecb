import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { repoRoot } from '../support/lspClient';

// The web server (VS Code for the Web) in a multi-root workspace (issue 14): each folder gets
// its own data and its own settings (asked with the folder's scopeUri), as in the Node server.
// The server is bundled for the browser exactly as scripts/build.mjs does, and run here on a
// MessagePort; this test plays the extension: it answers `healthmark/readFile` from disk.

/** A minimal JSON-RPC peer on a MessagePort (the browser transport posts message objects). */
class PortPeer {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  readonly notifications: { method: string; params: any }[] = [];
  private readonly handlers = new Map<string, (params: any) => unknown>();
  private listeners: (() => void)[] = [];

  constructor(private readonly port: MessagePort) {
    port.on('message', (m: any) => {
      if (m.id !== undefined && m.method === undefined) {
        this.waiting.get(m.id)?.(m.result ?? m.error);
        this.waiting.delete(m.id);
      } else if (m.id !== undefined) {
        const handler = this.handlers.get(m.method);
        void Promise.resolve(handler ? handler(m.params) : null).then((result) => port.postMessage({ jsonrpc: '2.0', id: m.id, result: result ?? null }));
      } else {
        this.notifications.push({ method: m.method, params: m.params });
        for (const l of this.listeners) l();
      }
    });
  }

  onRequest(method: string, handler: (params: any) => unknown): void {
    this.handlers.set(method, handler);
  }

  request<T>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    this.port.postMessage({ jsonrpc: '2.0', id, method, params });
    return new Promise((resolve) => this.waiting.set(id, resolve as (r: unknown) => void));
  }

  notify(method: string, params: unknown): void {
    this.port.postMessage({ jsonrpc: '2.0', method, params });
  }

  waitFor(method: string, predicate: (p: any) => boolean): Promise<any> {
    return new Promise((resolve) => {
      const check = () => {
        const hit = this.notifications.find((n) => n.method === method && predicate(n.params));
        if (!hit) return false;
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(hit.params);
        return true;
      };
      const listener = () => void check();
      if (!check()) this.listeners.push(listener);
    });
  }
}

describe('protocol: the web server keeps each folder’s data and settings apart', function () {
  this.timeout(60000);
  let peer: PortPeer;
  let server: MessagePort;
  let root: string;
  const uriOf = (...parts: string[]) => pathToFileURL(path.join(root, ...parts)).toString();
  const glossary = (term: string, definition: string) => JSON.stringify({ version: 1, entries: [{ term, definition, category: 'general health' }] });

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'healthmark-web-folders-'));
    for (const dir of ['a/.healthmark', 'b/.healthmark']) mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, 'a', '.healthmark', 'glossary.json'), glossary('zorbatide', 'A made-up peptide defined only in folder A.'));
    writeFileSync(path.join(root, 'b', '.healthmark', 'glossary.json'), glossary('quenzyme', 'A made-up enzyme defined only in folder B.'));

    const bundle = path.join(root, 'webServer.cjs');
    buildSync({
      entryPoints: [path.join(repoRoot, 'server', 'src', 'browserServer.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'browser',
      conditions: ['worker'],
      format: 'cjs',
      target: 'es2022',
      logLevel: 'silent',
    });
    const { startServer } = require(bundle) as typeof import('../../server/src/browserServer');
    const channel = new MessageChannel();
    server = channel.port1;
    peer = new PortPeer(channel.port2);
    // The extension's side: files by URI (the bundled data from the repository), settings by scope.
    peer.onRequest('healthmark/readFile', ({ uri }: { uri: string }) => {
      try {
        return { text: readFileSync(fileURLToPath(uri), 'utf8') };
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === 'ENOENT' ? { missing: true } : { error: (e as Error).message };
      }
    });
    peer.onRequest('workspace/configuration', ({ items }: { items: { scopeUri?: string }[] }) =>
      items.map((i) => (i.scopeUri === uriOf('b') ? { severity: { 'uncited-claim': 'information' } } : null)),
    );
    startServer(server as any);
    await peer.request('initialize', {
      processId: null,
      rootUri: uriOf('a'),
      workspaceFolders: [
        { uri: uriOf('a'), name: 'a' },
        { uri: uriOf('b'), name: 'b' },
      ],
      capabilities: { workspace: { configuration: true }, textDocument: { hover: { contentFormat: ['markdown'] } } },
      initializationOptions: { web: { extensionUri: pathToFileURL(repoRoot).toString() } },
    });
    peer.notify('initialized', {});
  });

  after(() => {
    server?.close();
  });

  const text = 'Zorbatide and quenzymes are new words. Walking after meals lowers blood glucose by 20 %.\n';
  const hover = async (uri: string, character: number) =>
    ((await peer.request<any>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character } })) as any)?.contents?.value as string | undefined;

  it('a term of folder A hovers in A only, one of folder B in B only', async () => {
    for (const f of ['a', 'b']) peer.notify('textDocument/didOpen', { textDocument: { uri: uriOf(f, 'x.md'), languageId: 'markdown', version: 1, text } });
    await peer.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uriOf('a', 'x.md'));
    await peer.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uriOf('b', 'x.md'));
    assert.match((await hover(uriOf('a', 'x.md'), 2)) ?? '', /folder A/);
    assert.equal(await hover(uriOf('b', 'x.md'), 2), undefined);
    assert.match((await hover(uriOf('b', 'x.md'), 16)) ?? '', /folder B/);
    assert.equal(await hover(uriOf('a', 'x.md'), 16), undefined);
  });

  it('folder B’s own settings apply to its documents only', async () => {
    const severity = async (f: string) =>
      (await peer.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uriOf(f, 'x.md'))).diagnostics.filter((d: any) => d.code === 'uncited-claim').map((d: any) => d.severity);
    const a = await severity('a');
    const b = await severity('b');
    assert.ok(a.length > 0 && a.every((x: number) => x === 2), `folder A: warnings, got ${a}`);
    assert.ok(b.length === a.length && b.every((x: number) => x === 3), `folder B: information, got ${b}`);
  });

  it('a document whose URI has a malformed escape still gets its citation report, named as written', async () => {
    // "%E0%A4" starts a three-byte UTF-8 sequence and stops: decodeURIComponent throws on it,
    // and the report request used to fail with that error. "%20" is well formed and decoded.
    const uri = `${uriOf('a')}/100%25%20plan%E0%A4.md`;
    peer.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    await peer.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri);
    const result = await peer.request<any>('healthmark/citationReport', { uri, scope: 'document' });
    assert.equal(result.message, undefined, `an answer, not an error: ${JSON.stringify(result)}`);
    assert.match(result.markdown, /^# Citation report: 100% plan%E0%A4\.md$/m);
  });
});

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The servers of one test run share a compiled-code cache (dist/start.js) of their own, so
 * later servers start from it as in an editor, and the user's cache folder is left alone.
 */
const testCodeCache = path.join(os.tmpdir(), `healthmark-test-code-cache-${process.pid}`);
process.on('exit', () => rmSync(testCodeCache, { recursive: true, force: true }));

/** Spawns the built server exactly as other editors do (`healthmark-language-server --stdio`). */
export class LspTestClient {
  readonly process: ChildProcessWithoutNullStreams;
  readonly connection: ProtocolConnection;
  stderr = '';
  readonly notifications: { method: string; params: unknown }[] = [];
  private waiters: { method: string; predicate: (p: any) => boolean; resolve: (p: any) => void }[] = [];

  /** `env`: variables for the server on top of this process's (e.g. its own HEALTHMARK_CACHE_DIR). */
  constructor(args: string[] = ['--stdio'], env: NodeJS.ProcessEnv = {}) {
    // HEALTHMARK_NODE_ARGS: extra Node flags for the server (profiling a bench run: "--cpu-prof").
    const nodeArgs = process.env.HEALTHMARK_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    this.process = spawn(process.execPath, [...nodeArgs, path.join(repoRoot, 'bin', 'healthmark-language-server.js'), ...args], { stdio: 'pipe', env: { ...process.env, HEALTHMARK_CACHE_DIR: testCodeCache, ...env } });
    this.process.stderr.on('data', (d) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout), new StreamMessageWriter(this.process.stdin));
    this.connection.onUnhandledNotification(({ method, params }) => this.record(method, params));
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    this.connection.onRequest('client/registerCapability', (params: unknown) => {
      this.record('client/registerCapability', params);
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', (params: unknown) => {
      this.record('window/showMessageRequest', params);
      return null;
    });
    this.connection.listen();
  }

  /** Keeps a notification (or a server→client request) and wakes whoever waits for it. */
  private record(method: string, params: unknown): void {
    this.notifications.push({ method, params });
    this.waiters = this.waiters.filter((w) => {
      if (w.method === method && w.predicate(params)) {
        w.resolve(params);
        return false;
      }
      return true;
    });
  }

  async initialize(options: { rootPath?: string; initializationOptions?: unknown; configuration?: boolean; watchFiles?: boolean } = {}): Promise<any> {
    const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          codeAction: { dataSupport: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          completion: { completionItem: { snippetSupport: false } },
        },
        workspace: { configuration: options.configuration ?? false, didChangeConfiguration: { dynamicRegistration: options.configuration ?? false }, didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? false } },
      },
      initializationOptions: options.initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the first notification of `method` whose params satisfy `predicate`. */
  waitForNotification<T = any>(method: string, predicate: (p: T) => boolean = () => true, timeoutMs = 10000): Promise<T> {
    const seen = this.notifications.find((n) => n.method === method && predicate(n.params as T));
    if (seen) return Promise.resolve(seen.params as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({
        method,
        predicate: predicate as (p: any) => boolean,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  hover(uri: string, line: number, character: number): Promise<any> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } });
  }

  async shutdown(): Promise<number | null> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    const code = await new Promise<number | null>((resolve) => {
      if (this.process.exitCode !== null) resolve(this.process.exitCode);
      else this.process.on('exit', (c) => resolve(c));
    });
    this.connection.dispose();
    return code;
  }
}

/** Line/character of the n-th occurrence of `needle` in `text`, in UTF-16 code units. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(needle, index + 1);
    if (index === -1) throw new Error(`"${needle}" not found`);
  }
  index += delta;
  const before = text.slice(0, index);
  const line = before.split(/\r\n|\r|\n/).length - 1;
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  return { line, character: index - lineStart };
}

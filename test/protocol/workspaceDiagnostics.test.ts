import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

// Issue 14: workspace-wide diagnostics (pull model, opt-in) and per-folder settings asked with
// the folder's scopeUri, as VS Code answers them in a multi-root workspace.
const CLAIM = 'Walking after meals lowers blood glucose by 20 %.\n';
const CLEAN = 'Our walking group meets on Sundays.\n';

interface Report {
  kind: 'full' | 'unchanged';
  uri: string;
  resultId?: string;
  items?: { code?: string; severity?: number }[];
}

describe('protocol: workspace diagnostics (workspace/diagnostic) and per-folder settings', function () {
  this.timeout(60000);
  let client: LspTestClient;
  let root: string;
  /** What the client answers to workspace/configuration, by scopeUri ('' for the window). */
  const answers = new Map<string, unknown>();
  const uriOf = (...parts: string[]) => pathToFileURL(path.join(root, ...parts)).toString();
  const registrations: { id: string; method: string; registerOptions?: any }[] = [];
  const unregistered: string[] = [];

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'healthmark-wsdiag-'));
    for (const dir of ['a', 'a/notes', 'a/ignored', 'a/.healthmark', 'b']) mkdirSync(path.join(root, dir));
    writeFileSync(path.join(root, 'a', 'claim.md'), CLAIM);
    writeFileSync(path.join(root, 'a', 'clean.md'), CLEAN);
    writeFileSync(path.join(root, 'a', 'notes', 'draft.md'), CLAIM);
    writeFileSync(path.join(root, 'a', 'ignored', 'old.md'), CLAIM);
    writeFileSync(path.join(root, 'a', '.gitignore'), 'ignored/\n');
    mkdirSync(path.join(root, 'a', '.git'));
    writeFileSync(path.join(root, 'a', '.healthmark', 'config.json'), JSON.stringify({ exclude: ['notes/**'] }));
    writeFileSync(path.join(root, 'b', 'claim.md'), CLAIM);
    answers.set('', { workspaceDiagnostics: true });
    // Folder B's own settings: uncited claims are information there.
    answers.set(uriOf('b'), { severity: { 'uncited-claim': 'information' } });

    client = new LspTestClient();
    client.connection.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
      p.items.map((item) => (item.section === 'healthmark' ? (answers.get(item.scopeUri ?? '') ?? null) : null)),
    );
    client.connection.onRequest('client/registerCapability', (p: { registrations: { id: string; method: string; registerOptions?: any }[] }) => {
      registrations.push(...p.registrations);
      return null;
    });
    client.connection.onRequest('client/unregisterCapability', (p: { unregisterations: { id: string }[] }) => {
      unregistered.push(...p.unregisterations.map((u) => u.id));
      return null;
    });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uriOf('a'),
      workspaceFolders: [
        { uri: uriOf('a'), name: 'a' },
        { uri: uriOf('b'), name: 'b' },
      ],
      capabilities: {
        textDocument: { diagnostic: { dynamicRegistration: true }, publishDiagnostics: {} },
        workspace: { workspaceFolders: true, configuration: true, didChangeConfiguration: { dynamicRegistration: true }, didChangeWatchedFiles: { dynamicRegistration: true } },
      },
    });
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  async function until<T>(get: () => T | undefined): Promise<T> {
    for (;;) {
      const v = get();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const pull = (previousResultIds: { uri: string; value: string }[] = []) =>
    client.connection.sendRequest<{ items: Report[] }>('workspace/diagnostic', { identifier: 'healthmark-workspace', previousResultIds });
  const ids = (items: Report[]) => items.filter((i) => i.resultId).map((i) => ({ uri: i.uri, value: i.resultId! }));

  let first: Report[] = [];

  it('registers the pull provider with workspace diagnostics when the setting is on', async () => {
    const reg = await until(() => registrations.find((r) => r.method === 'textDocument/diagnostic'));
    assert.equal(reg.registerOptions.workspaceDiagnostics, true);
    assert.equal(reg.registerOptions.interFileDependencies, false);
  });

  it('reports every article of every folder, as `healthmark check` picks them (.gitignore, exclude), with each folder’s settings', async () => {
    first = (await pull()).items;
    const byUri = new Map(first.map((i) => [i.uri, i]));
    assert.deepEqual([...byUri.keys()].sort(), [uriOf('a', 'claim.md'), uriOf('a', 'clean.md'), uriOf('b', 'claim.md')].sort());
    assert.deepEqual(byUri.get(uriOf('a', 'claim.md'))!.items!.map((d) => [d.code, d.severity]), [['uncited-claim', 2]]);
    assert.deepEqual(byUri.get(uriOf('a', 'clean.md'))!.items, []);
    // Folder B's scoped settings (workspace/configuration with its scopeUri) apply to its files.
    assert.deepEqual(byUri.get(uriOf('b', 'claim.md'))!.items!.map((d) => [d.code, d.severity]), [['uncited-claim', 3]]);
  });

  it('answers unchanged files as unchanged, and a file changed on disk afresh', async () => {
    const second = pull(ids(first));
    // Nothing changed yet: the server holds the request; a change on disk wakes it.
    writeFileSync(path.join(root, 'a', 'clean.md'), CLEAN + '\n' + CLAIM);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('a', 'clean.md'), type: 2 }] });
    const items = (await second).items;
    const byUri = new Map(items.map((i) => [i.uri, i]));
    assert.equal(byUri.get(uriOf('a', 'claim.md'))!.kind, 'unchanged');
    assert.equal(byUri.get(uriOf('a', 'clean.md'))!.kind, 'full');
    assert.deepEqual(byUri.get(uriOf('a', 'clean.md'))!.items!.map((d) => d.code), ['uncited-claim']);
    first = first.map((i) => byUri.get(i.uri) ?? i).map((i) => (i.kind === 'unchanged' ? { ...i } : i));
  });

  it('leaves an open document to the pushed diagnostics of its buffer, and reports it again once closed', async () => {
    const uri = uriOf('a', 'claim.md');
    await client.open(uri, CLEAN);
    const pushed = await client.waitForNotification<any>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    assert.deepEqual(pushed.diagnostics, [], 'the buffer has no claim');
    const document = await client.connection.sendRequest<any>('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(document, { kind: 'full', items: [] });
    const whileOpen = new Map((await pull(ids(first))).items.map((i) => [i.uri, i]));
    assert.deepEqual(whileOpen.get(uri)!.items, []);
    first = [...whileOpen.values()];
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const afterClose = new Map((await pull(ids(first))).items.map((i) => [i.uri, i]));
    assert.equal(afterClose.get(uri)!.kind, 'full');
    assert.deepEqual(afterClose.get(uri)!.items!.map((d) => d.code), ['uncited-claim'], 'the file on disk still has its claim');
  });

  it('unregisters when the setting goes off', async () => {
    const reg = registrations.find((r) => r.method === 'textDocument/diagnostic')!;
    answers.set('', { workspaceDiagnostics: false });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await until(() => (unregistered.includes(reg.id) ? true : undefined));
  });
});

describe('protocol: workspace diagnostics turned on by the repository’s .healthmark/config.json', function () {
  this.timeout(30000);
  it('registers the pull provider without any user setting', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'healthmark-wsdiag-config-'));
    mkdirSync(path.join(root, '.healthmark'));
    writeFileSync(path.join(root, '.healthmark', 'config.json'), '{ "workspaceDiagnostics": true }');
    writeFileSync(path.join(root, 'claim.md'), CLAIM);
    const client = new LspTestClient();
    const registered = new Promise<any>((resolve) =>
      client.connection.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: any }[] }) => {
        const pull = p.registrations.find((r) => r.method === 'textDocument/diagnostic');
        if (pull) resolve(pull);
        return null;
      }),
    );
    const rootUri = pathToFileURL(root).toString();
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'repo' }],
      capabilities: { textDocument: { diagnostic: { dynamicRegistration: true } }, workspace: { workspaceFolders: true } },
    });
    await client.connection.sendNotification('initialized', {});
    assert.equal((await registered).registerOptions.workspaceDiagnostics, true);
    const { items } = await client.connection.sendRequest<{ items: Report[] }>('workspace/diagnostic', { previousResultIds: [] });
    assert.deepEqual(items.map((i) => [path.basename(i.uri), i.items!.map((d) => d.code)]), [['claim.md', ['uncited-claim']]]);
    assert.equal(await client.shutdown(), 0, client.stderr);
  });
});

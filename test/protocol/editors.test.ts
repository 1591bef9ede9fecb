import assert from 'node:assert/strict';
import { LspTestClient, positionOf } from '../support/lspClient';

// Issue 15: what other editors (eglot, Helix, Neovim, Zed, Sublime LSP) send and expect. Each
// test speaks to the built server over stdio with the capabilities and answers of such a client.

const CLAIM = 'Even a short walk after a meal blunts the rise in blood glucose that follows it.';
const ARTICLE = `# Walking\n\n${CLAIM}\n`;

interface Diag {
  code?: string;
  severity?: number;
  message: string;
}
interface Published {
  uri: string;
  diagnostics: Diag[];
}

const HINT = 4;
const ERROR = 1;
const WARNING = 2;

interface EditorOptions {
  /** What the client answers to `workspace/configuration` for the section `healthmark` (absent: no capability). */
  answer?: () => unknown;
  dynamicRegistration?: boolean;
  initializationOptions?: unknown;
  hoverFormats?: string[];
}

/** A server started by a client of the given kind; records every `client/registerCapability`. */
async function startEditor(options: EditorOptions): Promise<{ client: LspTestClient; registrations: { method: string }[]; configurationRequests: unknown[] }> {
  const client = new LspTestClient();
  const registrations: { method: string }[] = [];
  const configurationRequests: unknown[] = [];
  client.connection.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
    registrations.push(...p.registrations);
    return null;
  });
  client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
    configurationRequests.push(p);
    return p.items.map((item) => (item.section === 'healthmark' && options.answer ? options.answer() : null));
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: {
      textDocument: {
        hover: { contentFormat: options.hoverFormats ?? ['markdown', 'plaintext'] },
        publishDiagnostics: {},
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
      workspace: {
        configuration: options.answer !== undefined,
        didChangeConfiguration: { dynamicRegistration: options.dynamicRegistration ?? false },
      },
    },
    initializationOptions: options.initializationOptions,
  });
  await client.connection.sendNotification('initialized', {});
  return { client, registrations, configurationRequests };
}

const claimSeverity = (p: Published) => p.diagnostics.find((d) => d.code === 'uncited-claim')?.severity;

async function severityOfClaim(client: LspTestClient, uri: string, expected: number): Promise<void> {
  await client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && claimSeverity(p) === expected).catch((err) => {
    const last = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri).pop();
    throw new Error(`${err.message.split(';')[0]}: expected the uncited claim at severity ${expected}; last published: ${JSON.stringify(last?.params)}`);
  });
}

describe('protocol: settings from other editors (issue 15)', function () {
  this.timeout(30000);
  const clients: LspTestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) assert.equal(await c.shutdown(), 0, c.stderr);
  });

  it('a client answering null to workspace/configuration keeps the initializationOptions settings ({healthmark: …}, as Helix and eglot send them)', async () => {
    const { client, configurationRequests } = await startEditor({ answer: () => null, initializationOptions: { healthmark: { severity: { 'uncited-claim': 'hint' } } } });
    clients.push(client);
    const uri = 'file:///tmp/editors-null.md';
    await client.open(uri, ARTICLE);
    await severityOfClaim(client, uri, HINT);
    assert.ok(configurationRequests.length > 0, 'the server asked for workspace/configuration');
    // Later runs (after the configuration answer) keep it too.
    await client.change(uri, 2, [{ text: `${ARTICLE}\nMore text.\n` }]);
    await client.waitForNotification<Published & { version?: number }>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 2);
    const last = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics' && (n.params as Published).uri === uri).pop()!.params as Published;
    assert.equal(claimSeverity(last), HINT);
  });

  it('accepts initializationOptions as {settings: {…}} and as {settings: {healthmark: {…}}}', async () => {
    for (const initializationOptions of [{ settings: { severity: { 'uncited-claim': 'error' } } }, { settings: { healthmark: { severity: { 'uncited-claim': 'error' } } } }]) {
      const { client } = await startEditor({ initializationOptions });
      clients.push(client);
      const uri = 'file:///tmp/editors-settings.md';
      await client.open(uri, ARTICLE);
      await severityOfClaim(client, uri, ERROR);
    }
  });

  it('a non-null workspace/configuration answer wins over initializationOptions, key by key', async () => {
    const { client } = await startEditor({
      answer: () => ({ severity: { 'uncited-claim': 'error' } }),
      initializationOptions: { healthmark: { severity: { 'uncited-claim': 'hint' }, glossary: { enable: false } } },
    });
    clients.push(client);
    const uri = 'file:///tmp/editors-answer.md';
    const text = `${ARTICLE}\nGLUT4 moves to the cell surface.\n`;
    await client.open(uri, text);
    await severityOfClaim(client, uri, ERROR);
    const p = positionOf(text, 'GLUT4', 0, 1);
    assert.equal(await client.hover(uri, p.line, p.character), null, 'glossary.enable=false from initializationOptions still applies');
  });

  it('registers workspace/didChangeConfiguration dynamically only when the client offers dynamic registration', async () => {
    const without = await startEditor({ answer: () => null, dynamicRegistration: false });
    clients.push(without.client);
    const withDynamic = await startEditor({ answer: () => null, dynamicRegistration: true });
    clients.push(withDynamic.client);
    // Both servers have settled once their diagnostics for an opened file arrive.
    for (const { client } of [without, withDynamic]) {
      await client.open('file:///tmp/editors-reg.md', ARTICLE);
      await client.waitForNotification('textDocument/publishDiagnostics', (p: Published) => p.uri === 'file:///tmp/editors-reg.md');
    }
    assert.deepEqual(without.registrations, [], 'no client/registerCapability without the capability');
    assert.ok(withDynamic.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'), JSON.stringify(withDynamic.registrations));
  });

  it('without workspace/configuration, a pushed workspace/didChangeConfiguration {healthmark: …} changes the result', async () => {
    const { client } = await startEditor({});
    clients.push(client);
    const uri = 'file:///tmp/editors-push.md';
    await client.open(uri, ARTICLE);
    await severityOfClaim(client, uri, WARNING);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { healthmark: { severity: { 'uncited-claim': 'hint' } } } });
    await severityOfClaim(client, uri, HINT);
  });

  it('with workspace/configuration answering null, a push still changes the result (eglot after M-x eglot-signal-didChangeConfiguration)', async () => {
    let answer: unknown = null;
    const { client } = await startEditor({ answer: () => answer });
    clients.push(client);
    const uri = 'file:///tmp/editors-push-null.md';
    await client.open(uri, ARTICLE);
    await severityOfClaim(client, uri, WARNING);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { healthmark: { severity: { 'uncited-claim': 'hint' } } } });
    await severityOfClaim(client, uri, HINT);
    // And a later non-null answer wins over the push.
    answer = { severity: { 'uncited-claim': 'error' } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await severityOfClaim(client, uri, ERROR);
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

interface Published {
  uri: string;
  version: number;
  diagnostics: { code: string; severity: number }[];
}

// The repository's .healthmark/config.json in the editor (issue 14): found by walking up from
// the file, it wins over the user's settings, and a change reloads without a restart.
describe('protocol: .healthmark/config.json', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let workspace: string;
  const claim = 'Taking more daily steps is linked to lower all-cause mortality.\n';

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-config-'));
    mkdirSync(path.join(workspace, '.healthmark'));
    mkdirSync(path.join(workspace, 'articles', 'team-b', '.healthmark'), { recursive: true });
    // The repository says: uncited claims are information here; team B turns them off.
    writeFileSync(path.join(workspace, '.healthmark', 'config.json'), '{\n  // house style\n  "severity": { "uncited-claim": "information" },\n}\n');
    writeFileSync(path.join(workspace, 'articles', 'team-b', '.healthmark', 'config.json'), '{ "severity": { "uncited-claim": "off" } }');
    client = new LspTestClient();
    // The user's own setting (error) loses to the repository's file.
    await client.initialize({ rootPath: workspace, watchFiles: true, initializationOptions: { settings: { severity: { 'uncited-claim': 'error' } } } });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  async function open(rel: string, version = 1): Promise<Published> {
    const uri = pathToFileURL(path.join(workspace, rel)).toString();
    await client.open(uri, claim, version);
    return client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version);
  }

  it('registers its own file watchers when the client allows it', async () => {
    const reg = await client.waitForNotification<{ registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[] }>('client/registerCapability', (p) =>
      p.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
    );
    const watchers = reg.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles')!.registerOptions.watchers.map((w) => w.globPattern);
    assert.ok(watchers.includes('**/.healthmark/**'), watchers.join());
  });

  it('applies the nearest config above each file, over the user settings', async () => {
    const top = await open('article.md');
    assert.deepEqual(top.diagnostics.map((d) => [d.code, d.severity]), [['uncited-claim', 3]]);
    const nested = await open('articles/team-b/article.md');
    assert.deepEqual(nested.diagnostics, []);
  });

  it('reloads a changed config without a restart', async () => {
    writeFileSync(path.join(workspace, '.healthmark', 'config.json'), '{ "severity": { "uncited-claim": "hint" } }');
    const uri = pathToFileURL(path.join(workspace, 'article.md')).toString();
    const before = client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(workspace, '.healthmark', 'config.json')).toString(), type: 2 }] });
    const after = await client.waitForNotification<Published>(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.diagnostics.some((d) => d.severity === 4),
    );
    assert.ok(client.notifications.filter((n) => n.method === 'textDocument/publishDiagnostics').length > before);
    assert.deepEqual(after.diagnostics.map((d) => [d.code, d.severity]), [['uncited-claim', 4]]);
  });
});

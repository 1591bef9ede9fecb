import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient, repoRoot } from '../support/lspClient';

interface Published {
  uri: string;
  version: number;
  diagnostics: { code: string; severity: number; message: string }[];
}

// Issue 14: a repository that adopted Healthmark with `healthmark baseline` sees its accepted
// findings as hints in the editor (or not at all), and new findings as usual.
describe('protocol: the baseline in the editor', function () {
  this.timeout(30000);
  const old = 'Taking more daily steps is linked to lower all-cause mortality.\n';
  const added = 'Walking after meals lowers blood glucose by 20 %.\n';
  let workspace: string;

  before(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-baseline-'));
    mkdirSync(path.join(workspace, '.healthmark'));
    writeFileSync(path.join(workspace, 'article.md'), `# Steps\n\n${old}`);
    execFileSync(process.execPath, [path.join(repoRoot, 'bin', 'healthmark.js'), 'baseline', '.'], { cwd: workspace, stdio: 'ignore' });
  });

  async function check(settings: unknown, text: string): Promise<Published['diagnostics']> {
    const client = new LspTestClient();
    try {
      await client.initialize({ rootPath: workspace, initializationOptions: { settings } });
      const uri = pathToFileURL(path.join(workspace, 'article.md')).toString();
      await client.open(uri, text, 1);
      return (await client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri)).diagnostics;
    } finally {
      await client.shutdown();
    }
  }

  it('shows baselined findings as hints, and new ones as usual', async () => {
    const diagnostics = await check({}, `# Steps\n\n${added}\n${old}`);
    const claims = diagnostics.filter((d) => d.code === 'uncited-claim').map((d) => [d.severity, d.message.endsWith('(in the baseline)')]);
    assert.deepEqual(claims, [
      [2, false],
      [4, true],
    ]);
  });

  it('hides them with "baseline": "hide", and shows them as usual with "show"', async () => {
    const hidden = await check({ baseline: 'hide' }, `# Steps\n\n${old}`);
    assert.deepEqual(hidden.filter((d) => d.code === 'uncited-claim'), []);
    const shown = await check({ baseline: 'show' }, `# Steps\n\n${old}`);
    assert.deepEqual(shown.filter((d) => d.code === 'uncited-claim').map((d) => d.severity), [2]);
  });
});

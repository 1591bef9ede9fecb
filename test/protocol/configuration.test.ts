import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';
import { repoRoot } from '../support/fixtures';

describe('protocol: a client that answers workspace/configuration (as VS Code does)', function () {
  this.timeout(30000);

  // Regression: the settings refresh after `initialized` re-schedules validation; the new run
  // used to share the open's analysis and inherit its "superseded" flag, so no diagnostics
  // were ever published for the file (the Problems panel stayed empty in VS Code).
  it('publishes diagnostics for a file opened right after initialize', async () => {
    const client = new LspTestClient();
    try {
      await client.initialize({ rootPath: path.join(repoRoot, 'examples'), configuration: true });
      const file = path.join(repoRoot, 'examples', 'exercise-and-metabolic-health.md');
      const uri = pathToFileURL(file).toString();
      await client.open(uri, readFileSync(file, 'utf8'), 1);
      const published = await client.waitForNotification<{ uri: string; diagnostics: unknown[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
      assert.ok(published.diagnostics.length > 0);
      const status = await client.waitForNotification<{ uri: string; termsInDocument: number }>('healthmark/status', (p) => p.uri === uri);
      assert.ok(status.termsInDocument > 0);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});

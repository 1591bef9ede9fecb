import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

interface Published {
  uri: string;
  version: number;
  diagnostics: { code: string; range: { start: { line: number } } }[];
}

// MDX and Quarto in the editor (issue 14): the server reads them with what is never prose
// blanked out (server/src/core/dialects.ts), so JSX, {…}, import/export lines and ::: fences
// get no finding, while the prose around them does, at the file's own positions.
describe('protocol: MDX and Quarto documents', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let workspace: string;

  const mdx = [
    "import { Chart } from '../components/Chart'", // 0
    'export const summary = "Turmeric cures arthritis and lowers blood glucose in adults."', // 1
    '', // 2
    '# Walking', // 3
    '', // 4
    '<Chart caption="Green tea melts fat and boosts your immune system." data={{ steps: [4000, 8000] }} />', // 5
    '', // 6
    'Taking more daily steps is linked to lower all-cause mortality.', // 7
    '',
  ].join('\n');

  const qmd = [
    '::: {.callout-note title="Celery juice cures cancer and detoxifies the liver."}', // 0
    'Taking more daily steps is linked to lower all-cause mortality.', // 1
    ':::', // 2
    '',
  ].join('\n');

  before(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-dialects-'));
    client = new LspTestClient();
    await client.initialize({ rootPath: workspace });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  async function open(name: string, languageId: string, text: string): Promise<Published> {
    const uri = pathToFileURL(path.join(workspace, name)).toString();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === 1);
  }

  const lines = (p: Published) => [...new Set(p.diagnostics.map((d) => d.range.start.line))].sort((a, b) => a - b);

  for (const languageId of ['mdx', 'markdown']) {
    it(`an .mdx file (language ${languageId}): no finding on import/export or JSX, one on its prose`, async () => {
      const published = await open(`article-${languageId}.mdx`, languageId, mdx);
      assert.deepEqual(lines(published), [7], JSON.stringify(published.diagnostics));
      assert.ok(published.diagnostics.some((d) => d.code === 'uncited-claim'));
    });
  }

  it('the same text as plain Markdown is read as prose (the mask is what makes the difference)', async () => {
    const published = await open('article.md', 'markdown', mdx);
    assert.ok(lines(published).some((l) => l === 1 || l === 0), JSON.stringify(published.diagnostics));
  });

  it('a .qmd file: no finding on its ::: fences, one on the prose inside', async () => {
    const published = await open('article.qmd', 'quarto', qmd);
    assert.deepEqual(lines(published), [1], JSON.stringify(published.diagnostics));
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspTestClient } from '../support/lspClient';

// Issue 14: "Healthmark: Show citation report" asks the server for a Markdown page, of the
// document (its buffer, as typed) or of every article in its workspace folder (from disk).
describe('protocol: citation report (healthmark/citationReport)', function () {
  this.timeout(30000);
  let client: LspTestClient;
  let root: string;
  const uriOf = (...parts: string[]) => pathToFileURL(path.join(root, ...parts)).toString();

  before(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'healthmark-report-'));
    mkdirSync(path.join(root, 'drafts'));
    writeFileSync(path.join(root, 'cited.md'), 'Walking after meals lowers blood glucose by 20 % [@kanaley2022exercise].\n');
    writeFileSync(path.join(root, 'drafts', 'uncited.md'), 'Taking more daily steps is linked to lower all-cause mortality.\n');
    client = new LspTestClient();
    await client.initialize({ rootPath: root });
  });

  after(async () => {
    assert.equal(await client.shutdown(), 0, client.stderr);
  });

  it('of the document: its buffer, as typed, not the file on disk', async () => {
    const uri = uriOf('cited.md');
    await client.open(uri, '# Draft\n\nWalking after meals lowers blood glucose by 20 % [@kanaley2022exercise].\nTaking more daily steps is linked to lower all-cause mortality.\n');
    const result = await client.connection.sendRequest<any>('healthmark/citationReport', { uri, scope: 'document' });
    assert.equal(result.claims, 2);
    assert.equal(result.cited, 1);
    assert.match(result.markdown, /^# Citation report: cited\.md$/m);
    assert.match(result.markdown, /\*\*2 claims found, 1 cited \(50 %\)\*\*/);
    assert.match(result.markdown, /^\| Draft \| 1 \| 2 \| 1 \| 50 % \|$/m);
  });

  it('of the folder: every article in it, the open one from its buffer', async () => {
    const result = await client.connection.sendRequest<any>('healthmark/citationReport', { uri: uriOf('cited.md'), scope: 'folder' });
    assert.equal(result.claims, 3);
    assert.equal(result.cited, 1);
    assert.match(result.markdown, /^2 articles, \*\*3 claims found, 1 cited \(33 %\)\*\*/m);
    assert.match(result.markdown, new RegExp(`^\\| drafts${path.sep === '\\' ? '\\\\\\\\' : '/'}uncited\\.md \\| 1 \\| 0 \\| 0 % \\|$`, 'm'));
  });

  it('of a document that is not a file: named by its URI’s last segment, escapes decoded where well formed', async () => {
    // "%20" decodes; "%E0%A4" is a cut UTF-8 sequence that decodeURIComponent throws on: kept.
    const uri = 'untitled:Walking%20plan%E0%A4';
    await client.open(uri, 'Walking after meals lowers blood glucose by 20 % [@kanaley2022exercise].\n');
    const result = await client.connection.sendRequest<any>('healthmark/citationReport', { uri, scope: 'document' });
    assert.match(result.markdown, /^# Citation report: untitled:Walking plan%E0%A4$/m);
  });

  it('says why when there is nothing to report on', async () => {
    const result = await client.connection.sendRequest<any>('healthmark/citationReport', { uri: 'untitled:Untitled-1', scope: 'folder' });
    assert.equal(result.markdown, undefined);
    assert.match(result.message, /not in a workspace folder/);
  });
});

import assert from 'node:assert/strict';
import { LspTestClient, positionOf } from '../support/lspClient';

describe('protocol: hover over stdio', function () {
  this.timeout(20000);
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient(['--stdio']);
    const init = await client.initialize();
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.serverInfo.name, 'healthmark-language-server');
  });

  after(async () => {
    const code = await client.shutdown();
    assert.equal(code, 0, `server exit code; stderr: ${client.stderr}`);
  });

  async function hoverAt(uri: string, text: string, needle: string, occurrence = 0, delta = 1) {
    const p = positionOf(text, needle, occurrence, delta);
    return client.hover(uri, p.line, p.character);
  }

  it('explains GLUT4 with bold term, definition, aliases and an exact range', async () => {
    const uri = 'file:///tmp/hover-basic.md';
    const text = '# Title\n\nDuring exercise, GLUT4 moves to the cell surface.\n';
    await client.open(uri, text);
    const hover = await hoverAt(uri, text, 'GLUT4');
    assert.ok(hover, 'expected a hover');
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /^\*\*GLUT4\*\*/);
    assert.match(hover.contents.value, /Also called: .*GLUT-4/);
    assert.match(hover.contents.value, /Related: /);
    assert.deepEqual(hover.range, { start: positionOf(text, 'GLUT4'), end: positionOf(text, 'GLUT4', 0, 5) });
  });

  it('counts UTF-16 code units after an emoji', async () => {
    const uri = 'file:///tmp/hover-emoji.md';
    const text = 'Lift 💪 weights 🏋️‍♀️ to improve insulin sensitivity today.\n';
    await client.open(uri, text);
    const hover = await hoverAt(uri, text, 'insulin sensitivity', 0, 3);
    assert.ok(hover);
    assert.match(hover.contents.value, /^\*\*insulin sensitivity\*\*/i);
    const start = text.indexOf('insulin sensitivity');
    assert.deepEqual(hover.range, { start: { line: 0, character: start }, end: { line: 0, character: start + 'insulin sensitivity'.length } });
  });

  it('handles CRLF line endings and a term broken across lines', async () => {
    const uri = 'file:///tmp/hover-crlf.md';
    const text = '# Notes\r\n\r\nTraining raises insulin\r\nsensitivity in muscle.\r\n\r\nIL-6 is a myokine.\r\n';
    await client.open(uri, text);
    const hover = await hoverAt(uri, text, 'sensitivity', 0, 2);
    assert.ok(hover);
    assert.deepEqual(hover.range, { start: { line: 2, character: 16 }, end: { line: 3, character: 11 } });
    const il6 = await hoverAt(uri, text, 'IL-6', 0, 1);
    assert.match(il6.contents.value, /^\*\*IL-6\*\*/);
    assert.deepEqual(il6.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } });
  });

  it('finds terms in table cells and list items', async () => {
    const uri = 'file:///tmp/hover-table.md';
    const text = '| Tissue | Note |\n|---|---|\n| white adipose tissue | stores energy |\n\n- Each mitochondrion makes ATP.\n';
    await client.open(uri, text);
    const cell = await hoverAt(uri, text, 'adipose', 0, 2);
    assert.match(cell.contents.value, /^\*\*white adipose tissue\*\*/i);
    assert.deepEqual(cell.range, { start: positionOf(text, 'white adipose'), end: positionOf(text, 'white adipose tissue', 0, 20) });
    const item = await hoverAt(uri, text, 'mitochondrion', 0, 3);
    assert.match(item.contents.value, /^\*\*mitochondri/i);
    const atp = await hoverAt(uri, text, 'ATP', 0, 1);
    assert.match(atp.contents.value, /^\*\*ATP\*\*/);
  });

  it('gives no hover inside code, URLs, link destinations or frontmatter', async () => {
    const uri = 'file:///tmp/hover-none.md';
    const text = [
      '---',
      'title: GLUT4 basics',
      '---',
      '',
      'Inline `GLUT4` code and https://example.org/GLUT4 and [a link](https://example.org/insulin).',
      '',
      '```',
      'GLUT4 in a fence',
      '```',
      '',
      '<div>GLUT4 in HTML</div>',
      '',
    ].join('\n');
    await client.open(uri, text);
    for (const [needle, occurrence] of [['GLUT4', 0], ['GLUT4', 1], ['GLUT4', 2], ['GLUT4', 3], ['GLUT4', 4], ['insulin', 0]] as const) {
      const hover = await hoverAt(uri, text, needle, occurrence, 1);
      assert.equal(hover, null, `no hover expected for ${needle} #${occurrence}`);
    }
  });

  it('follows incremental edits', async () => {
    const uri = 'file:///tmp/hover-edit.md';
    const text = 'Nothing to see.\n';
    await client.open(uri, text);
    assert.equal(await client.hover(uri, 0, 2), null);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } }, text: 'AMPK' }]);
    const hover = await client.hover(uri, 0, 1);
    assert.ok(hover);
    assert.match(hover.contents.value, /^\*\*AMPK\*\*/);
  });

  it('keeps serving after malformed requests', async () => {
    await client.open('file:///tmp/bad.md', 'GLUT4');
    await assert.rejects(client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///tmp/bad.md' } }));
    const hover = await client.hover('file:///never-opened.md', 0, 0);
    assert.equal(hover, null);
  });
});

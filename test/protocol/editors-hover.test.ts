import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { escapeMarkdown } from '../../server/src/core/hover';
import { LspTestClient, positionOf } from '../support/lspClient';
import { repoRoot } from '../support/fixtures';

// Issue 15: hovers that read well in every client — Markdown escaped only where it would
// otherwise become markup (clients such as eglot with markdown-mode show the source), and plain
// text for clients whose hover contentFormat puts it first.

/** The characters a hover may escape: those that can start markup (`.` and `)` after a leading number). */
const MARKUP_START = '`*_[]<&\\~#>+-.)';
const NEEDLESS_ESCAPE = /\\[.\-()!|{}#+:;,'"/=]/;

// Glossary text with every character that used to be escaped, none of which needs it here.
const PLAIN_DEFINITION = 'Richter & Hargreaves (E. A.) found GLUT-4 rises by ~30 % within 1.5 h (see https://doi.org/10.1152/physrev.00038.2012); 2 < 3, x_y, a * b and 100%!';
// Text that would become markup unless escaped: it must still show exactly as written.
const TRICKY = [
  'Run [this](command:workbench.action.quit) now.',
  '<img src=x onerror=alert(1)> and <script>alert(1)</script> here.',
  'Bold **claims** and _emphasis_ and `code` and ~~struck~~ words.',
  '1. Looks like a list item, &amp; an entity and &#60; another.',
  '# Looks like a heading, with a trailing backslash \\',
  '> Looks like a quote; <https://example.org> is an autolink.',
  '- dash item *with* stars_and_underscores_ and [ref]: x',
];

async function startClient(workspace: string, hoverFormats: string[]): Promise<LspTestClient> {
  const client = new LspTestClient();
  const rootUri = pathToFileURL(workspace).toString();
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { textDocument: { hover: { contentFormat: hoverFormats } } },
  });
  await client.connection.sendNotification('initialized', {});
  return client;
}

/** The text a Markdown renderer shows for `md` (CommonMark + GFM, as VS Code and most clients), and the kinds of node it made. */
function rendered(md: string): { text: string; kinds: Set<string> } {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
  const kinds = new Set<string>();
  const text: string[] = [];
  const walk = (node: any): void => {
    // GFM links a bare https:// or e-mail address to itself: harmless, and what the user wrote.
    const bareWebLink = node.type === 'link' && /^(https?:\/\/|mailto:)/.test(node.url) && node.children.length === 1 && node.url.endsWith(node.children[0].value);
    if (!bareWebLink) kinds.add(node.type);
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'html') text.push(node.value);
    for (const child of node.children ?? []) walk(child);
    if (node.type === 'paragraph') text.push('\n');
  };
  walk(tree);
  return { text: text.join('').trim(), kinds };
}

describe('protocol: hover text for every client (issue 15)', function () {
  this.timeout(60000);
  let workspace: string;

  before(() => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-hover-'));
    mkdirSync(path.join(workspace, '.healthmark'));
    const entries = [
      { term: 'Zorbifin', aliases: ['GLUT-4-like carrier'], definition: PLAIN_DEFINITION, details: 'Measured in E. A. Richter & M. Hargreaves (2013).', category: 'metabolism' },
      ...TRICKY.map((definition, i) => ({ term: `Quaxil${String.fromCharCode(97 + i)}`, definition, category: 'metabolism' })),
    ];
    writeFileSync(path.join(workspace, '.healthmark', 'glossary.json'), JSON.stringify({ version: 1, entries }));
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('Markdown hovers have no HTML entities and no needless backslashes', async () => {
    const client = await startClient(workspace, ['markdown', 'plaintext']);
    try {
      const uri = pathToFileURL(path.join(workspace, 'plain.md')).toString();
      const text = 'Zorbifin helps.\n';
      await client.open(uri, text);
      const hover = await client.hover(uri, 0, 2);
      assert.equal(hover.contents.kind, 'markdown');
      const md: string = hover.contents.value;
      assert.ok(md.includes(PLAIN_DEFINITION), `the definition is shown as written: ${JSON.stringify(md)}`);
      assert.ok(md.includes('Also called: GLUT-4-like carrier'), md);
      assert.ok(md.includes('*Measured in E. A. Richter & M. Hargreaves (2013).*'), md);
      assert.ok(!md.includes('\\'), `no backslash at all: ${JSON.stringify(md)}`);
      assert.ok(!/&(amp|lt|gt|quot|#\d+);/.test(md), md);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });

  it('text that would become markup is escaped so that it shows exactly as written (rendered with remark + GFM)', async () => {
    const client = await startClient(workspace, ['markdown']);
    try {
      const uri = pathToFileURL(path.join(workspace, 'tricky.md')).toString();
      const text = TRICKY.map((_, i) => `Quaxil${String.fromCharCode(97 + i)} here.`).join('\n\n') + '\n';
      await client.open(uri, text);
      for (let i = 0; i < TRICKY.length; i++) {
        const p = positionOf(text, `Quaxil${String.fromCharCode(97 + i)}`, 0, 1);
        const hover = await client.hover(uri, p.line, p.character);
        const md: string = hover.contents.value;
        const definition = md.split('\n\n')[1];
        const { text: shown, kinds } = rendered(definition);
        assert.equal(shown, TRICKY[i].trim(), `rendered ${JSON.stringify(definition)}`);
        assert.deepEqual([...kinds].sort(), ['paragraph', 'root', 'text'], `only text in ${JSON.stringify(definition)}`);
        assert.ok(!/&(amp|lt|gt|quot);/.test(md.replace(/\\&/g, '')), `no HTML entities: ${JSON.stringify(md)}`);
        const escaped = [...definition.matchAll(/\\(.)/g)].map((m) => m[1]);
        assert.ok(escaped.length > 0 && escaped.every((c) => MARKUP_START.includes(c)), `only characters that start markup are escaped in ${JSON.stringify(definition)}`);
      }
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });

  it('no bundled glossary hover has an HTML entity or a needless backslash, and the citation hover shows "Richter & Hargreaves"', async () => {
    const glossary = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'glossary.json'), 'utf8')) as { entries: { term: string }[] };
    const empty = mkdtempSync(path.join(os.tmpdir(), 'healthmark-hover-bundled-'));
    const client = await startClient(empty, ['markdown', 'plaintext']);
    try {
      const uri = pathToFileURL(path.join(empty, 'all-terms.md')).toString();
      const text = glossary.entries.map((e) => `About ${e.term} today.`).join('\n\n') + '\n\nExercise raises GLUT4 translocation [@richter2013exercise].\n';
      await client.open(uri, text);
      let hovers = 0;
      for (let i = 0; i < glossary.entries.length; i++) {
        const hover = await client.hover(uri, i * 2, 'About '.length + 1);
        if (!hover) continue;
        hovers++;
        const md: string = hover.contents.value;
        assert.ok(!/&(amp|lt|gt|quot|#\d+);/.test(md), `HTML entity in the hover of ${glossary.entries[i].term}: ${JSON.stringify(md)}`);
        assert.ok(!NEEDLESS_ESCAPE.test(md), `needless backslash in the hover of ${glossary.entries[i].term}: ${JSON.stringify(md)}`);
      }
      assert.ok(hovers > glossary.entries.length * 0.9, `${hovers} hovers for ${glossary.entries.length} terms`);
      const p = positionOf(text, 'richter2013', 0, 2);
      const cite = await client.hover(uri, p.line, p.character);
      assert.match(cite.contents.value, /^\*\*Richter & Hargreaves 2013\*\*/);
      assert.ok(!cite.contents.value.includes('&amp;'), cite.contents.value);
      assert.ok(!NEEDLESS_ESCAPE.test(cite.contents.value), cite.contents.value);
      assert.match(cite.contents.value, /\[doi:10\.1152\/physrev\.00038\.2012\]\(https:\/\/doi\.org\/10\.1152\/physrev\.00038\.2012\)/);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('sends plain text to a client whose hover contentFormat puts plaintext first', async () => {
    const client = await startClient(workspace, ['plaintext', 'markdown']);
    try {
      const uri = pathToFileURL(path.join(workspace, 'plaintext.md')).toString();
      const text = 'GLUT4 and Zorbifin and Quaxila, cited [@richter2013exercise].\n';
      await client.open(uri, text);
      const glut4 = await client.hover(uri, 0, 1);
      assert.equal(glut4.contents.kind, 'plaintext');
      assert.match(glut4.contents.value, /^GLUT4 · [a-z ]+\n\n[A-Z]/);
      assert.match(glut4.contents.value, /\n\nAlso called: .*GLUT-4/);
      assert.ok(!/[*\\`]|\b_|_\b/.test(glut4.contents.value), glut4.contents.value);
      const tricky = await client.hover(uri, positionOf(text, 'Quaxila').line, positionOf(text, 'Quaxila', 0, 1).character);
      assert.equal(tricky.contents.value.split('\n\n')[1], TRICKY[0], 'plain text is not escaped');
      const p = positionOf(text, 'richter2013', 0, 2);
      const cite = await client.hover(uri, p.line, p.character);
      assert.equal(cite.contents.kind, 'plaintext');
      assert.match(cite.contents.value, /^Richter & Hargreaves 2013\n\nEvidence: narrative review/);
      assert.match(cite.contents.value, /doi:10\.1152\/physrev\.00038\.2012: https:\/\/doi\.org\/10\.1152\/physrev\.00038\.2012/);
    } finally {
      assert.equal(await client.shutdown(), 0, client.stderr);
    }
  });
});

describe('hover escaping: any text shows as written, alone and inside the hover\'s bold and italics (property)', () => {
  it('holds for random strings of Markdown punctuation', () => {
    const pieces = fc.constantFrom(...'ab1 .-()*_~[]<>&#!\\`:;/|=+\n'.split(''), '&amp;', '<b>', '1.', '@x.org', 'é');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 25 }).map((a) => a.join('')), (s) => {
        const expected = s.replace(/\r\n?|\n/g, ' ').trim();
        const md = escapeMarkdown(s);
        const alone = rendered(md);
        assert.equal(alone.text, expected, `${JSON.stringify(s)} -> ${JSON.stringify(md)}`);
        assert.ok([...alone.kinds].every((k) => ['root', 'paragraph', 'text'].includes(k)), `${JSON.stringify(md)}: ${[...alone.kinds]}`);
        if (!expected) return;
        for (const [wrapped, kind] of [[`**${md}** · y`, 'strong'], [`Evidence: *${md}*`, 'emphasis']]) {
          const w = rendered(wrapped);
          assert.deepEqual([...w.kinds].filter((k) => !['root', 'paragraph', 'text'].includes(k)), [kind], JSON.stringify(wrapped));
        }
      }),
      { numRuns: 3000 },
    );
  });
});

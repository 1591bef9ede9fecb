import assert from 'node:assert/strict';
import { parseMarkdown } from '../../server/src/core/markdown';
import { extractProse, sourceRange } from '../../server/src/core/prose';
import { allArticles, listFixtures, readFixture } from '../support/fixtures';

function summarize(text: string) {
  return extractProse(parseMarkdown(text), text).blocks.map((b) => ({
    kind: b.kind,
    text: b.text,
    ...(b.context.inBlockquote ? { inBlockquote: true } : {}),
    ...(b.context.inList ? { inList: true } : {}),
    ...(b.context.inFootnoteDefinition ? { inFootnoteDefinition: true } : {}),
    ...(b.context.headingDepth ? { headingDepth: b.context.headingDepth } : {}),
    ...(b.context.table ? { row: b.context.table.row, column: b.context.table.column } : {}),
    ...(b.links.length ? { links: b.links.map((l) => l.url) } : {}),
    ...(b.footnoteRefs.length ? { footnotes: b.footnoteRefs.map((r) => r.identifier) } : {}),
  }));
}

describe('prose extraction', () => {
  for (const file of listFixtures('prose')) {
    it(`extracts the expected prose units from ${file}`, () => {
      const expected = JSON.parse(readFixture('prose', file.replace(/\.md$/, '.expected.json')));
      assert.deepEqual(summarize(readFixture('prose', file)), expected);
    });
  }

  it('maps every prose character to the same character in the source', () => {
    for (const { name, text } of allArticles()) {
      for (const block of extractProse(parseMarkdown(text), text).blocks) {
        for (let i = 0; i < block.text.length; i++) {
          const at = block.offsets[i];
          if (text[at] === block.text[i]) continue;
          // Only decoded entity references, placeholders and hard breaks ("\\" or two spaces) may differ.
          if (block.text[i] === '\n' && (text[at] === '\\' || text[at] === ' ')) continue;
          // A space standing in for inline code or an image maps to where that node starts.
          if (block.text[i] === ' ' && '`!<'.includes(text[at])) continue;
          assert.equal(text[at], '&', `${name}: prose "${block.text[i]}" at ${i} maps to "${text[at]}" (offset ${at})`);
        }
        for (let i = 1; i < block.text.length; i++) assert.ok(block.offsets[i] > block.offsets[i - 1], `${name}: offsets increase`);
      }
    }
  });

  it('leaves code, HTML, frontmatter and URLs out of prose', () => {
    const text = readFixture('prose', 'structures.md');
    const all = extractProse(parseMarkdown(text), text).blocks.map((b) => b.text).join('\n');
    for (const absent of ['Frontmatter', 'inline code', 'notProse', 'HTML block', 'example.org', 'alt text', 'title']) {
      assert.ok(!all.includes(absent), `"${absent}" must not be prose`);
    }
  });

  it('gives source ranges that cover a phrase broken by a blockquote prefix', () => {
    const text = '> insulin\n> sensitivity rises\n';
    const [block] = extractProse(parseMarkdown(text), text).blocks;
    const from = block.text.indexOf('insulin');
    const range = sourceRange(block, from, from + 'insulin\nsensitivity'.length);
    assert.equal(text.slice(range.start, range.end), 'insulin\n> sensitivity');
  });
});

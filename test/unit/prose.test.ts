import assert from 'node:assert/strict';
import { parseMarkdown } from '../../server/src/core/markdown';
import { extractProse, sourceOffset, sourceRange } from '../../server/src/core/prose';
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

  it('keeps source offsets as runs: a run per stretch of consecutive source, looked up exactly', () => {
    const text = 'Walking *after* meals lowers glucose &amp; insulin peaks.\n';
    const [block] = extractProse(parseMarkdown(text), text).blocks;
    assert.equal(block.text, 'Walking after meals lowers glucose & insulin peaks.');
    // "Walking " | "after" | " meals … glucose &" (the "&" is where "&amp;" starts) | " insulin
    // peaks." and the end: four runs.
    assert.equal(block.runs.length, 4 * 2);
    for (let i = 0; i < block.text.length; i++) {
      const at = sourceOffset(block, i);
      assert.equal(block.text[i] === '&' ? text.slice(at, at + 5) : text[at], block.text[i] === '&' ? '&amp;' : block.text[i], `index ${i}`);
    }
    assert.equal(sourceOffset(block, block.text.length), text.indexOf('\n'), 'the end of the text');
    // Thousands of runs (every character emphasised on its own), still found by binary search.
    const emphatic = `${'*a* '.repeat(2000).trimEnd()}\n`;
    const [many] = extractProse(parseMarkdown(emphatic), emphatic).blocks;
    assert.equal(many.text, 'a '.repeat(2000).trimEnd());
    assert.ok(many.runs.length >= 2 * 3999, `${many.runs.length / 2} runs`);
    for (const k of [0, 1, 777, 1999]) assert.equal(sourceOffset(many, 2 * k), 4 * k + 1, `"a" number ${k}`);
  });

  it('maps every prose character to the same character in the source', () => {
    for (const { name, text } of allArticles()) {
      for (const block of extractProse(parseMarkdown(text), text).blocks) {
        for (let i = 0; i < block.text.length; i++) {
          const at = sourceOffset(block, i);
          if (text[at] === block.text[i]) continue;
          // Only decoded entity references, placeholders and hard breaks ("\\" or two spaces) may differ.
          if (block.text[i] === '\n' && (text[at] === '\\' || text[at] === ' ')) continue;
          // A space standing in for inline code or an image maps to where that node starts.
          if (block.text[i] === ' ' && '`!<'.includes(text[at])) continue;
          assert.equal(text[at], '&', `${name}: prose "${block.text[i]}" at ${i} maps to "${text[at]}" (offset ${at})`);
        }
        for (let i = 1; i < block.text.length; i++) assert.ok(sourceOffset(block, i) > sourceOffset(block, i - 1), `${name}: offsets increase`);
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

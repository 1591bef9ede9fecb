import assert from 'node:assert/strict';
import { parseMarkdown } from '../../server/src/core/markdown';
import { extractProse, proseOffsets, sourceOffset, sourceRange, type ProseBlock } from '../../server/src/core/prose';
import type { LintOptions } from '../../server/src/core/lint';
import { applyEdits, lint, options } from '../support/lint';

// An opening paragraph, so the case under test is not the article's first.
const INTRO = 'This article is about the ways that people can walk and move each day.\n\n';

let o: LintOptions;
before(() => {
  o = options();
});

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** The one finding of `code` in `body` (after the intro), its range's text and its preferred fix applied. */
function only(body: string, code: string, newline: 'LF' | 'CRLF') {
  const text = newline === 'CRLF' ? crlf(INTRO + body) : INTRO + body;
  const found = lint(text, o).findings.filter((f) => f.code === code && f.start >= INTRO.length);
  assert.equal(found.length, 1, `one ${code} in ${JSON.stringify(body)}: ${JSON.stringify(found)}`);
  const [f] = found;
  const fix = f.fixes?.find((x) => x.isPreferred);
  const skip = newline === 'CRLF' ? crlf(INTRO).length : INTRO.length;
  return { range: text.slice(f.start, f.end), fixed: fix ? applyEdits(text, fix.edits).slice(skip) : undefined };
}

function block(text: string): ProseBlock {
  return extractProse(parseMarkdown(text), text).blocks[0];
}

/** The source text of the prose phrase `phrase` (its first occurrence) in a one-block text. */
function sourceOf(text: string, phrase: string): string {
  const b = block(text);
  const from = b.text.indexOf(phrase);
  assert.ok(from >= 0, `"${phrase}" in ${JSON.stringify(b.text)}`);
  const r = sourceRange(b, from, from + phrase.length);
  return text.slice(r.start, r.end);
}

describe('entity references and escapes in prose', () => {
  for (const newline of ['LF', 'CRLF'] as const) {
    describe(`finding ranges and quick fixes (${newline})`, () => {
      const cases: [string, string, string, string, string][] = [
        ['a named reference before an overclaim (&nbsp;): the range is the claim, the reword keeps the reference', 'This tea is clinically&nbsp;proven to work.\n', 'overclaim', 'proven to', 'This tea is clinically&nbsp;thought to work.\n'],
        ['a named reference before an overclaim (&mdash;)', 'Lemon water&mdash;detoxifies the liver.\n', 'overclaim', 'detoxifies', 'Lemon water&mdash;is said to support the liver.\n'],
        ['a hex reference before an acronym (&#xA0;)', 'Exercise activates&#xA0;AMPK in muscle.\n', 'acronym-first-use', 'AMPK', 'Exercise activates&#xA0;AMP-activated protein kinase (AMPK) in muscle.\n'],
        ['a decimal reference before an acronym (&#160;)', 'Exercise activates&#160;AMPK in muscle.\n', 'acronym-first-use', 'AMPK', 'Exercise activates&#160;AMP-activated protein kinase (AMPK) in muscle.\n'],
      ];
      for (const [name, body, code, range, fixed] of cases) {
        it(name, () => {
          const r = only(body, code, newline);
          assert.equal(r.range, range);
          assert.equal(r.fixed, crlfIf(newline, fixed));
        });
      }

      it("a reference at a term's end is in its range whole (AMP&#75;, AMP&#x4B;, cure&#115;)", () => {
        assert.equal(only('Exercise activates AMP&#75; in muscle cells.\n', 'acronym-first-use', newline).range, 'AMP&#75;');
        assert.equal(only('Exercise activates AMP&#x4B; in muscle cells.\n', 'acronym-first-use', newline).range, 'AMP&#x4B;');
        assert.equal(only('This tea cure&#115; diabetes.\n', 'overclaim', newline).range, 'cure&#115;');
      });

      it('a reference inside a word is in its range whole (AM&#80;K)', () => {
        assert.equal(only('Exercise activates AM&#80;K in muscle.\n', 'acronym-first-use', newline).range, 'AM&#80;K');
      });

      it('in a list item', () => {
        const r = only('- This tea is clinically&nbsp;proven to work.\n- Walk daily.\n', 'overclaim', newline);
        assert.equal(r.range, 'proven to');
        assert.equal(r.fixed, crlfIf(newline, '- This tea is clinically&nbsp;thought to work.\n- Walk daily.\n'));
        const a = only('1. Exercise activates&nbsp;AMPK in muscle.\n2. More.\n', 'acronym-first-use', newline);
        assert.equal(a.range, 'AMPK');
        assert.equal(a.fixed, crlfIf(newline, '1. Exercise activates&nbsp;AMP-activated protein kinase (AMPK) in muscle.\n2. More.\n'));
      });

      it('in a blockquote, also on its continuation line', () => {
        const r = only('> Lemon water&mdash;detoxifies the liver.\n', 'overclaim', newline);
        assert.equal(r.range, 'detoxifies');
        assert.equal(r.fixed, crlfIf(newline, '> Lemon water&mdash;is said to support the liver.\n'));
        const c = only('> This tea is clinically&nbsp;\n> proven to work.\n', 'overclaim', newline);
        assert.equal(c.range, 'proven to');
        assert.equal(c.fixed, crlfIf(newline, '> This tea is clinically&nbsp;\n> thought to work.\n'));
      });

      it('references that decode to two UTF-16 units or two code points, unknown names and "&amp;amp;"', () => {
        for (const ref of ['&#x1F600;', '&#128512;', '&NotEqualTilde;', '&foo;', '&amp;amp;']) {
          const r = only(`This tea is clinically${ref}proven to work.\n`, 'overclaim', newline);
          assert.equal(r.range, 'proven to', ref);
          assert.equal(r.fixed, crlfIf(newline, `This tea is clinically${ref}thought to work.\n`), ref);
        }
      });
    });
  }

  describe('prose offsets', () => {
    it('maps a decoded character to its reference: offset at "&", range to after ";", the next character after it', () => {
      for (const text of ['Drink tea&nbsp;daily.\n', 'Drink tea&#160;daily.\n', 'Drink tea&#xa0;daily.\n', 'Drink tea&#XA0;daily.\r\n']) {
        const b = block(text);
        assert.equal(b.text, 'Drink tea\u00a0daily.', text);
        const i = b.text.indexOf('\u00a0');
        const ref = text.slice(text.indexOf('&'), text.indexOf(';') + 1);
        assert.equal(sourceOffset(b, i), text.indexOf('&'), text);
        const one = sourceRange(b, i, i + 1);
        assert.equal(text.slice(one.start, one.end), ref, text);
        assert.equal(sourceOffset(b, i + 1), text.indexOf(';') + 1, `${text}: "d" after the ";"`);
        assert.equal(sourceOf(text, 'tea\u00a0'), `tea${ref}`);
        assert.equal(sourceOf(text, '\u00a0daily'), `${ref}daily`);
      }
    });

    it('maps a reference at the end of a block, and its end, after the ";"', () => {
      const text = 'Drink more water&period;\n';
      const b = block(text);
      assert.equal(b.text, 'Drink more water.');
      assert.equal(sourceOf(text, 'water.'), 'water&period;');
      assert.equal(sourceOffset(b, b.text.length), text.indexOf('\n'), 'the end of the text');
    });

    it('maps consecutive references, each to its own span', () => {
      const text = 'A&lt;&#62;&amp;B\n';
      const b = block(text);
      assert.equal(b.text, 'A<>&B');
      assert.deepEqual(
        [1, 2, 3].map((i) => {
          const r = sourceRange(b, i, i + 1);
          return text.slice(r.start, r.end);
        }),
        ['&lt;', '&#62;', '&amp;'],
      );
      assert.equal(text[sourceOffset(b, 4)], 'B');
    });

    it('maps an escaped character: the range starts at its backslash, its offset stays the character', () => {
      const text = 'Walk \\*daily\\* and rest\\.\n';
      const b = block(text);
      assert.equal(b.text, 'Walk *daily* and rest.');
      assert.equal(sourceOf(text, '*daily*'), '\\*daily\\*');
      assert.equal(sourceOf(text, 'rest.'), 'rest\\.');
      assert.equal(text[sourceOffset(b, b.text.indexOf('*'))], '*');
      assert.equal(sourceOf(text, 'daily'), 'daily');
    });

    it('maps references inside emphasis, links, table cells and list items', () => {
      assert.equal(sourceOf('Walk *every&nbsp;day* now.\n', 'every\u00a0day'), 'every&nbsp;day');
      assert.equal(sourceOf('See [the&nbsp;study](http://x.org) now.\n', 'the\u00a0study'), 'the&nbsp;study');
      assert.equal(sourceOf('| a&amp;b | c |\n|---|---|\n| d | e |\n', 'a&b'), 'a&amp;b');
      assert.equal(sourceOf('- Walk&mdash;daily\n  and&nbsp;rest.\n', 'daily\nand\u00a0rest'), 'daily\n  and&nbsp;rest');
      assert.equal(sourceOf('> Walk&mdash;daily\r\n> and&nbsp;rest.\r\n', 'daily\r\nand\u00a0rest'), 'daily\r\n> and&nbsp;rest');
    });

    it('leaves offsets of text without references or escapes as they were: one character, one offset', () => {
      const cases: [string, number[]][] = [
        ['Walk daily.\n', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
        ['> Walk\n> daily.\n', [2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15]],
        ['- Walk *on*\r\n  foot.\r\n', [2, 3, 4, 5, 6, 8, 9, 11, 12, 15, 16, 17, 18, 19, 20]],
      ];
      for (const [text, offsets] of cases) {
        const b = block(text);
        assert.deepEqual(proseOffsets(b), offsets, JSON.stringify(text));
        assert.deepEqual(b.wide, [], JSON.stringify(text));
      }
    });
  });
});

function crlfIf(newline: 'LF' | 'CRLF', text: string): string {
  return newline === 'CRLF' ? crlf(text) : text;
}

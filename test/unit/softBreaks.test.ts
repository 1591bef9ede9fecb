import assert from 'node:assert/strict';
import type { Paragraph, RootContent } from 'mdast';
import { parseMarkdown } from '../../server/src/core/markdown';
import { asOneLine } from '../../server/src/core/patterns';
import { ruleFixturesAndArticles } from '../support/fixtures';
import { applyEdits, lint } from '../support/lint';

/**
 * A line break inside a paragraph (a soft break) is a space to its reader: a hard-wrapped
 * sentence must be judged as it is on one line. Found by rewrapping every fixture: overclaims,
 * weak evidence and citations were lost, and claims were judged otherwise.
 */
describe('soft line breaks', () => {
  describe('asOneLine', () => {
    it('reads LF as a space, offsets unchanged', () => {
      const one = asOneLine('boosts your\nimmune system');
      assert.equal(one.line, 'boosts your immune system');
      assert.equal(one.at(12), 12);
    });

    it('reads CRLF as one space and maps offsets back past it', () => {
      const text = 'a\r\nbc\r\nd\re';
      const one = asOneLine(text);
      assert.equal(one.line, 'a bc d e');
      // Each character of the line maps to the same character of the text.
      for (let i = 0; i < one.line.length; i++) if (one.line[i] !== ' ') assert.equal(text[one.at(i)], one.line[i], `offset ${i}`);
      assert.equal(one.at(one.line.length), text.length);
      assert.equal(text.slice(one.at(2), one.at(4)), 'bc');
    });

    it('returns a text without line breaks as it is', () => {
      const text = 'no break here';
      assert.equal(asOneLine(text).line, text);
    });
  });

  const containers: [string, (lines: string[], eol: string) => string][] = [
    ['a paragraph', (lines, eol) => lines.join(eol)],
    ['a list item', (lines, eol) => `- ${lines.join(`${eol}  `)}`],
    ['a blockquote', (lines, eol) => `> ${lines.join(`${eol}> `)}`],
  ];

  for (const [where, write] of containers) {
    for (const eol of ['\n', '\r\n']) {
      it(`finds an overclaim across a line break in ${where} (${JSON.stringify(eol)})`, () => {
        const text = `Walking is a simple habit for most adults.${eol}${eol}${write(['This drink boosts your', 'immune system.'], eol)}${eol}`;
        const found = lint(text).findings.filter((f) => f.code === 'overclaim');
        assert.equal(found.length, 1, JSON.stringify(text));
        const [f] = found;
        assert.equal(f.start, text.indexOf('boosts'));
        assert.equal(f.end, text.indexOf('system') + 'system'.length);
        assert.match(f.message, /“boosts your immune system”/);
        // The rewording replaces only words with nothing between them in the source: in a list
        // item or a blockquote the line's marks stand between, and there is none.
        if (where !== 'a paragraph') {
          assert.deepEqual(f.fixes, []);
          return;
        }
        const fixed = applyEdits(text, f.fixes![0].edits);
        assert.match(fixed, /This drink may support immune function\./);
        assert.equal(lint(fixed).findings.filter((x) => x.code === 'overclaim').length, 0);
      });
    }
  }

  it('judges a wrapped sentence as on one line (claim score and weak evidence)', () => {
    const foot = '\n\n[^1]: Kim KH, Kim SH, Min YK, et al. Acute exercise induces FGF21 expression in mice and in healthy humans. PLoS One. 2013;8(5):e63517.\n';
    const sentences = [
      'Walking is a simple habit for most adults.\n\nIt can be, but talk to your doctor first and build up gradually.\n',
      'Exercise-induced FGF21 protects people from fatty liver.[^1]' + foot,
    ];
    for (const one of sentences) {
      // Every other space of the first paragraph's last sentence as a line break.
      let k = 0;
      const wrapped = one.replace(/(?<=[a-z]) (?=[a-z])/g, (s) => (k++ % 2 === 0 ? '\n' : s));
      assert.notEqual(wrapped, one);
      const seen = (t: string) => lint(t).findings.map((f) => `${f.code} ${f.start}-${f.end} ${f.message}`);
      assert.deepEqual(seen(wrapped), seen(one), JSON.stringify(wrapped));
    }
    assert.ok(seen('Exercise-induced FGF21 protects\npeople from fatty liver.[^1]' + foot).some((f) => f.startsWith('weak-evidence')));
    function seen(t: string) {
      return lint(t).findings.map((f) => `${f.code} ${f.start}-${f.end} ${f.message}`);
    }
  });

  it('gives the same findings when every fixture and article is hard-wrapped at 40 columns', () => {
    // The paste rules read raw lines on purpose (a pasted page's line structure is their
    // evidence), so they are left out; everything else reads sentences.
    const lineRules = new Set(['missing-paragraph-break', 'unmarked-heading', 'broken-table', 'plain-references-line', 'infinity-separator']);
    let compared = 0;
    let wrappedTexts = 0;
    for (const { name, text } of ruleFixturesAndArticles()) {
      const wrapped = hardWrap(text, 40);
      if (wrapped === text) continue;
      wrappedTexts++;
      // A space became a line break: every offset stays where it was.
      // Messages that name a line ("spelt out (line 3)") name another one.
      const seen = (t: string) =>
        lint(t)
          .findings.filter((f) => !lineRules.has(f.code))
          .map((f) => `${f.code} ${f.start}-${f.end} ${f.message.replace(/\(line \d+\)/, '(line …)')}`);
      const expected = seen(text);
      assert.deepEqual(seen(wrapped), expected, name);
      compared += expected.length;
    }
    // Exact: update them when the fixtures change on purpose.
    assert.equal(wrappedTexts, 18, 'texts rewrapped');
    assert.equal(compared, 225, 'findings compared');
  });
});

/**
 * `text` with its one-line top-level paragraphs wrapped at `width` columns (a space before a
 * letter becomes a line break), as an editor's hard wrap does. Paragraphs of a References
 * section (after such a heading or label) and those with HTML are left as they are: a
 * reference list is read line by line.
 */
function hardWrap(text: string, width: number): string {
  const chars = text.split('');
  let inReferences = false;
  for (const node of parseMarkdown(text).children as RootContent[]) {
    const s = node.position!.start.offset!;
    const e = node.position!.end.offset!;
    const source = text.slice(s, e);
    if (node.type === 'heading') inReferences = /reference|bibliograph|sources|notes|further reading/i.test(source);
    if (inReferences || node.type !== 'paragraph' || (node as Paragraph).position!.start.column !== 1) continue;
    if (/\n|<|^(?:references|sources|bibliography)\b/i.test(source)) continue;
    let column = 0;
    for (let i = s; i < e; i++) {
      column++;
      if (text[i] === ' ' && column > width && text[i - 1] !== ' ' && /\p{L}/u.test(text[i + 1] ?? '')) {
        chars[i] = '\n';
        column = 0;
      }
    }
  }
  return chars.join('');
}

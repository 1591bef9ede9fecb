import assert from 'node:assert/strict';
import { DocumentAnalyzer, parseChunk } from '../../server/src/core/analysis';
import { commonEnds, rechunk, splitIntoChunks } from '../../server/src/core/chunks';
import { parseMarkdown } from '../../server/src/core/markdown';
import { allArticles, bundledGlossary } from '../support/fixtures';
import { lint } from '../support/lint';
import { longTables } from '../support/tables';
import { chunkedProse, wholeProse } from '../support/chunking';

function chunkedParse(text: string) {
  return chunkedProse(new DocumentAnalyzer({ glossary: bundledGlossary() }).analyze(text)!);
}

const tricky = [
  '- loose list\n\n- second item\n\n  continuation paragraph\n\nAfter the list.\n',
  '```\ncode\n\nNot prose GLUT4\n```\n\nProse GLUT4.\n',
  '<!-- a comment\n\nspanning GLUT4 -->\n\nProse.\n',
  '<pre>\nraw\n\nGLUT4 raw\n</pre>\n\nProse.\n',
  'A [link][ref] and a note.[^n]\n\nMiddle paragraph.\n\n[ref]: https://example.org\n[^n]: The note.\n',
  '---\ntitle: x\n\nstill: frontmatter\n---\n\nBody GLUT4.\n',
  '> quote\n\n> another quote\n\nText\n===\n\n    indented code\n\n    more code\n',
  '| a | b |\n|---|---|\n| GLUT4 | c |\n\nAfter.\n',
  'Para one.\r\n\r\nPara two with GLUT4.\r\n',
  // A fence line inside an HTML block (kind 6, to the next blank line) is HTML: the fence after it
  // opens, and its blank line is no place to split (the code was read as prose, "After" lost).
  '<div>\n```\n</div>\n\nText with GLUT4.\n\n```\ncode\n\nGLUT4 in code\n```\n\nAfter, AMPK.\n',
  '  <DIV class="x">\n~~~\n\n~~~\ncode\n\nGLUT4 in code\n~~~\n\nAfter.\n',
  // The same for the other HTML blocks: a lone tag after a blank line (kind 7, to a blank line),
  // and processing instructions, declarations and CDATA (kinds 3-5, to their end, blank lines included).
  '<custom-tag>\n```\n</custom-tag>\n\nText with GLUT4.\n\n```\ncode\n\nGLUT4 in code\n```\n\nAfter, AMPK.\n',
  '<?php\n\n```\n?>\n\nText with GLUT4.\n\n```\ncode\n\nGLUT4 in code\n```\n\nAfter, AMPK.\n',
  '<!DOCTYPE x\n\n```\n>\n\nText.\n\n```\ncode\n\nGLUT4 in code\n```\n\nAfter.\n',
  '<![CDATA[\n\n```\n]]>\n\nText.\n\n```\ncode\n\nGLUT4 in code\n```\n\nAfter.\n',
  // A line of no-break spaces is not blank (CommonMark: spaces and tabs only): it continues the
  // paragraph (an ordered list from 10 cannot interrupt one) and the HTML block before it.
  'A paragraph about GLUT4.\n\u00a0\n10. Still the same paragraph.\n',
  '<p>\n\u00a0\n- AMPK in the HTML block\n',
  // A fence line indented four spaces or a tab is code, never a fence's opening or closing.
  '```\ncode\n    ```\n\nGLUT4 still in code\n```\n\nAfter, AMPK.\n',
  '    ```\n````\n\nGLUT4 in code\n````\n\nAfter, AMPK.\n',
  '\t~~~\n~~~\n\nGLUT4 in code\n~~~\n\nAfter, AMPK.\n',
  // A chunk may not start with "---" or "+++" alone on its line: parsed first, it opens frontmatter.
  'Intro.\n\n---\nA disclaimer about AMPK.\n---\n\nAfter.\n',
  'Intro.\n\n+++ \nx = GLUT4\n+++\n\nAfter.\n',
  // Frontmatter ends at its own fence only ("..." does not end YAML frontmatter here).
  '---\ntitle: x\n...\n\nGLUT4 still frontmatter\n\n---\n\nAfter.\n',
  // Definitions as the parser reads them, not as a line scan guesses: one in a list item or a
  // block quote resolves references in other chunks; a definition-like line inside an HTML block
  // or continuing a paragraph defines nothing.
  '- [glut4]: https://example.org/glut4\n\nInsulin moves [GLUT4] to the cell surface.\n',
  '> [^q]: A note kept in a quote.\n\nExercise raises AMPK activity.[^q]\n',
  'Exercise raises AMPK activity.[^1]\n\n<style>\n[^1]: inside a style block, not a note\n</style>\n',
  'See [r] for the method.\n\n- [ ] a task about GLUT4\n[r]: https://example.org\n',
  // References in the last chunk resolve while it ends in an unclosed fence or HTML block (the
  // definitions from other chunks are parsed before it, where nothing swallows them).
  '[^1]: A note.\n\n[r]: https://example.org\n\nExercise raises AMPK activity.[^1] See [r].\n```\nunclosed code\n',
  '[r]: https://example.org\n\nSee [r] about GLUT4.\n<textarea>\n',
  // A byte order mark starting the document is not Markdown (a fence after it opens); one
  // starting a later line is text, and no chunk may start with it (micromark would drop it).
  '\ufeff```\ncode\n\n# GLUT4 in code\n```\n\nAfter, AMPK.\n',
  '\ufeff---\ntitle: x\n\nstill: frontmatter\n---\n\nBody GLUT4.\n',
  'Before.\n\n\ufeff\n\nAfter, AMPK.\n',
  // An HTML block of kind 1 ends at any of the four end tags (a CDATA block opens after it); a
  // comment opens an HTML block only at the start of a line (in a paragraph it cannot span a
  // blank line, and the fence after it opens).
  '<script>\nx </pre>\n<![CDATA[\n</script>\n\n# GLUT4 in CDATA\n]]>\n\nAfter, AMPK.\n',
  'Text <!-- never closed\n\n```\n-->\n\n# GLUT4 in code\n```\n\nAfter, AMPK.\n',
  // What the chunker's line scan reads wrong, the parse finds: a chunk ending in an open fence
  // or HTML block is joined with the next. A fence in a list item closed by the item's end, then
  // one opened at the left margin; HTML after a heading in a list item; a comment in indented code.
  '- ===\n   ```\n```\n\n2) GLUT4 in code\n\n   still code\n',
  '-   # Heading\n   </script>\n````\n\n  ````\n\n- GLUT4 in code\n',
  '    <!--\n<pre>\n1. <!-- c -->\n\nAMPK in the pre block\n',
  '- item\n  ```\n  code\n\n```\n\n# GLUT4 in code\n\n```\n\nAfter, AMPK.\n',
  // micromark reads an empty list item after indented code as a paragraph, in a block quote too.
  '    code\n\n-\n',
  '    code\n\n> 2) AMPK\n',
  // The whole document numbers a loose ordered list's items from its first ("1." on every
  // item counts 1, 2, 3); a chunk starting at an item would begin a list of its own.
  '1. Smith J. Walking and glucose.\n\n1. Jones K. Exercise and AMPK.\n\n1. Doe A. Insulin.\n',
  '3) Third.\n\n3) Fourth.\n\n5) Fifth, as written.\n\n- A bullet.\n\n7) A list of its own.\n',
  // micromark reads an ordered list from 2 after indented code as a paragraph: no chunk starts there.
  '    code\n\n2) Still a paragraph about AMPK.\n',
  // Reference links whose definitions are in other chunks, destinations written every way: on
  // the next line, in angle brackets with a space, with escapes and references, with a title;
  // the first definition of a label wins; one in a list item only the parse sees.
  'Steps lower mortality [1] and glucose [study][2], see [Smith][] or [3].\n\n[1]:\n  https://doi.org/10.1/a(b)\n\n[2]: <https://x.org/a b> "A title"\n\n[smith]: https://x.org/a\\_b&amp;c\n\n[1]: https://ignored.example\n\n- [3]: https://doi.org/10.3/c\n',
];

/**
 * Random documents of many block constructs in and out of containers, blank lines everywhere
 * (seeded, mulberry32): fences, HTML blocks, definitions and tables behind list markers, block
 * quote markers and indents, with CRLF, CR and byte order marks.
 */
function randomBlocks(seed: number, count: number): string[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const leaves = [
    'Para GLUT4 text.', 'AMPK [r] and [^1] here.', 'x', '```', '~~~', '````', '```js', '~~~ info', '<div>', '</div>', '<pre>', '</pre>', '<script>', '</script>',
    '<!--', '-->', '<!-- c -->', '<?x', '?>', '<!X', '>', '<![CDATA[', ']]>', '<span>', '<custom-tag>', '[r]: https://x.y', '[r]:', '"title"', '[^1]: note',
    '[^2]: other', '[q]: <https://q.z/a b>', '[^a b]: https://c.d/e', 'Cited [as such][^a b] and [^A  b].', '[q]: https://q.z/a\\_b(c)', '[Q]: https://q.z/&amp;x "t"', 'See [the study][q] and [q][] or [Q].', '# Heading', 'Setext', '===', '---', '***', '* * *', '| a | b |', '|---|---|', '| c | d |', '', '\t', '+++', '\ufeff', 'Text\\',
  ];
  const prefixes = ['', '', '', '', ' ', '  ', '   ', '    ', '\t', '> ', '>', '- ', '* ', '1. ', '2) ', '  - ', '    - ', '> - ', '- > ', '1. > ', '> > ', '   > ', '-   ', '10. '];
  const docs: string[] = [];
  for (let n = 0; n < count; n++) {
    const lines: string[] = random() < 0.04 ? [pick(['---', '+++', '\ufeff---']), 'title: x', '', pick(['---', '+++', '...'])] : [];
    for (let k = 2 + Math.floor(random() * 40); k > 0; k--) lines.push(random() < 0.25 ? pick(['', '', ' ', '\t', '\u00a0']) : pick(prefixes) + pick(leaves));
    const newline = random() < 0.1 ? '\r\n' : random() < 0.03 ? '\r' : '\n';
    docs.push(lines.join(newline) + (random() < 0.8 ? newline : ''));
  }
  return docs;
}

describe('chunked parsing', () => {
  it('splits at blank lines before unindented blocks, never inside fences or comments', () => {
    assert.deepEqual(splitIntoChunks('a\n\nb\n').map((c) => c.text), ['a\n\n', 'b\n']);
    assert.deepEqual(splitIntoChunks('```\na\n\nb\n```\n').length, 1);
    assert.deepEqual(splitIntoChunks('<!--\n\nx -->\n').length, 1);
    assert.deepEqual(splitIntoChunks('').map((c) => c.text), ['']);
  });

  for (const [i, text] of tricky.entries()) {
    it(`gives the same prose as a whole-document parse (tricky case ${i + 1})`, () => {
      assert.deepEqual(chunkedParse(text), wholeProse(text));
    });
  }

  it('gives the same prose as a whole-document parse on random documents of many block constructs', () => {
    for (const [n, text] of randomBlocks(21, 1500).entries()) assert.deepEqual(chunkedParse(text), wholeProse(text), `document ${n}: ${JSON.stringify(text)}`);
  });

  it('joins a fence left open over thousands of chunks in a few parses, not one per chunk', () => {
    // The list item's fence is closed by the fence line at the margin, which opens the document's
    // own, never closed: every paragraph after it is code. The scan splits at each of them.
    const text = '- a\n   ```\n```\n\n' + Array.from({ length: 3000 }, (_, i) => `Paragraph ${i} about GLUT4.\n\n`).join('');
    let parses = 0;
    let characters = 0;
    const counting = (source: string, limit: number, skip = 0) => (parses++, (characters += source.length), parseChunk(source, limit, skip));
    const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
    const analysis = analyzer.analyze(text, () => false, counting)!;
    assert.equal(analysis.chunks.length, 1);
    assert.deepEqual(chunkedProse(analysis), wholeProse(text));
    // Each chunk once, then joins that double: a dozen more parses, a few times the text in all.
    assert.ok(parses <= 3001 + 14, `${parses} parses`);
    assert.ok(characters <= 4 * text.length, `${characters} characters parsed for ${text.length}`);
  });

  it('parses again only the chunks whose appended definitions the parser corrected, and remembers the correction', () => {
    // The scan misses the definition in the list item: the chunk using it is parsed again.
    const text = '- [glut4]: https://example.org/glut4\n\nInsulin moves [GLUT4] to the cell surface.\n\nAMPK rises.\n';
    const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
    const parsed: string[] = [];
    const counting = (source: string, limit: number, skip = 0) => (parsed.push(source), parseChunk(source, limit, skip));
    analyzer.analyze(text, () => false, counting);
    assert.equal(parsed.length, 4, parsed.join(' | '));
    // Parsed again with the definition the parser read, destination and all: the reference is a link to it, as in the whole document.
    assert.equal(parsed[3], '[GLUT4]: <https://example.org/glut4>\n\nInsulin moves [GLUT4] to the cell surface.\n\n');
    assert.deepEqual(chunkedProse(analyzer.analyze(text)!), wholeProse(text));
    // An edit elsewhere: only the edited chunk is parsed; the correction was kept with the chunks' texts.
    parsed.length = 0;
    analyzer.analyze(text.replace('AMPK rises.', 'AMPK rises fast.'), () => false, counting);
    assert.deepEqual(parsed, ['AMPK rises fast.\n']);
  });

  it('resolves numbered citations to a loose References list that numbers every item "1." (the whole document counts 1, 2, 3)', () => {
    const text = 'Exercise raises AMPK activity [2]. Walking lowers blood glucose after meals [3].\n\n## References\n\n1. Smith J. Walking and glucose. 2020.\n\n1. Jones K. Exercise and AMPK. 2019.\n\n1. Doe A. Insulin after meals. 2018.\n';
    const codes = lint(text).findings.map((f) => `${f.code}@${f.start}`);
    assert.ok(!codes.some((c) => c.startsWith('unresolved-reference')), codes.join(' '));
    assert.deepEqual(codes.filter((c) => c.startsWith('unused-reference')), ['unused-reference@100']);
  });

  it('maps every prose character to its own character of a text that starts with a byte order mark', () => {
    const text = '\ufeff# Insulin and GLUT4\n\nExercise raises AMPK activity [@key].\n\n| GLUT4 | AMPK |\n|---|---|\n| a | b |\n';
    const blocks = chunkedParse(text);
    assert.equal(blocks.length, 6);
    for (const b of blocks) for (let i = 0; i < b.text.length; i++) if (b.text[i] !== '\n') assert.equal(text[b.offsets[i]], b.text[i], `${b.text} at ${i}`);
  });

  it('joins a chunk that ends in an open fence with the next, and parses neither again after an edit elsewhere', () => {
    // Each list item's fence is closed by the fence line at the margin after it, which opens one
    // of the document's own: the scan reads each pair the other way round, and splits inside the first.
    const text = '- a\n   ```\n```\n\nGLUT4 in code\n```\n\n- b\n   ```\n```\n\nAMPK in code\n```\n\nAfter, AMPK.\n';
    assert.deepEqual(splitIntoChunks(text).map((c) => c.text), ['- a\n   ```\n```\n\n', 'GLUT4 in code\n```\n\n- b\n   ```\n```\n\nAMPK in code\n```\n\n', 'After, AMPK.\n']);
    const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
    const parsed: string[] = [];
    const counting = (source: string, limit: number, skip = 0) => (parsed.push(source), parseChunk(source, limit, skip));
    const first = analyzer.analyze(text, () => false, counting)!;
    assert.deepEqual(first.chunks.map((c) => c.chunk.text), ['- a\n   ```\n```\n\nGLUT4 in code\n```\n\n- b\n   ```\n```\n\nAMPK in code\n```\n\n', 'After, AMPK.\n']);
    assert.deepEqual(chunkedParse(text), wholeProse(text));
    parsed.length = 0;
    const edited = analyzer.analyze(text.replace('After, AMPK.', 'After, AMPK rises.'), () => false, counting)!;
    assert.deepEqual(parsed, ['After, AMPK rises.\n']);
    assert.equal(edited.chunks[0].analysis, first.chunks[0].analysis);
  });

  it('gives the same prose as a whole-document parse for every fixture and example article', () => {
    for (const { name, text } of allArticles()) {
      assert.deepEqual(chunkedParse(text), wholeProse(text), name);
    }
  });

  it('finds the common prefix and suffix of two texts exactly as a character loop does', () => {
    const naive = (a: string, b: string) => {
      const max = Math.min(a.length, b.length);
      let prefix = 0;
      while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
      let suffix = 0;
      while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
      return { prefix, suffix };
    };
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const base = allArticles().map((a) => a.text).join('\n\n');
    // Edits at, next to and far from the 2,048-unit compare blocks, repeats that make the
    // prefix and suffix compete for the same characters, and surrogate pairs.
    const cases: [string, string][] = [['', ''], ['', 'a'], ['abc', 'abc'], ['aaaa', 'aaaaa'], [base, base], [base, base + 'x'], ['x' + base, base], ['😀'.repeat(3000), '😀'.repeat(2999) + '😃']];
    for (const at of [0, 1, 2047, 2048, 2049, 4096, base.length - 2048, base.length - 1, base.length]) cases.push([base, base.slice(0, at) + 'y' + base.slice(at)]);
    for (let n = 0; n < 200; n++) {
      const at = Math.floor(random() * base.length);
      const removed = Math.floor(random() * 5000);
      cases.push([base, base.slice(0, at) + 'z'.repeat(Math.floor(random() * 3)) + base.slice(at + removed)]);
    }
    for (const [a, b] of cases) assert.deepEqual(commonEnds(a, b), naive(a, b), `${a.length} → ${b.length}`);
  });

  it('re-chunks an edited document exactly as a fresh split would (random edits)', () => {
    // A small deterministic generator, so a failure can be replayed.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pieces = ['\n\n', '```\n', '<!-- ', ' -->', '\n    ', 'GLUT4 ', '- item\n', '---\n', '\n', 'x', '', '[^1]: note\n', '> quote\n', '<div>\n', '\n</p>\n'];
    for (const { name, text: original } of allArticles().slice(0, 8)) {
      let previous = original;
      let chunks = splitIntoChunks(previous);
      for (let n = 0; n < 60; n++) {
        const at = Math.floor(random() * previous.length);
        const removed = random() < 0.5 ? Math.floor(random() * 40) : 0;
        const inserted = pieces[Math.floor(random() * pieces.length)];
        const text = previous.slice(0, at) + inserted + previous.slice(at + removed);
        const incremental = rechunk(previous, chunks, text);
        assert.deepEqual(incremental, splitIntoChunks(text), `${name}, edit ${n} at ${at}`);
        previous = text;
        chunks = incremental;
      }
    }
  });

  describe('long tables, in groups of rows', () => {
    it('groups the rows of a long table, each group with the table head, and gives the same prose as a whole-document parse', () => {
      let groups = 0;
      for (const { name, text } of longTables(12)) {
        const chunks = splitIntoChunks(text);
        for (const c of chunks.filter((c) => c.head)) {
          groups++;
          assert.match(c.text, /^\|/, `${name}: a group starts with a row`);
          assert.ok(text.includes(c.head!), `${name}: the head is the table's own header and delimiter lines`);
        }
        assert.deepEqual(chunkedParse(text), wholeProse(text), name);
      }
      assert.ok(groups > 20, `${groups} groups`);
    });

    it('does not group what is not a table: a header and delimiter of different widths, no delimiter, a header that does not start the block or is not the line before the delimiter', () => {
      const rows = Array.from({ length: 600 }, (_, i) => `| r${i} | GLUT4 |`).join('\n');
      for (const text of [`| a | b | c |\n|---|---|\n${rows}\n`, `| a | b |\n${rows}\n`, `Text\n| a | b |\n|---|---|\n${rows}\n`, `| a | b |\n---\n${rows}\n`, `> | a | b |\n> |---|---|\n${rows}\n`, `| a <!--\nb -->\n|---|---|\n${rows}\n`]) {
        assert.equal(splitIntoChunks(text).filter((c) => c.head).length, 0, text.slice(0, 40));
        assert.deepEqual(chunkedParse(text), wholeProse(text), text.slice(0, 40));
      }
      // A comment opened in a row may hold a blank line, which ends the table: no groups after it.
      const commented = `| a | b |\n|---|---|\n${rows}\n| c <!--\n\n-->\n${rows}\n`;
      assert.ok(splitIntoChunks(commented).every((c) => !c.head || c.start < commented.indexOf('<!--')));
      assert.deepEqual(chunkedParse(commented), wholeProse(commented));
    });

    it('groups rows only where GFM reads a table (random header and delimiter lines)', () => {
      let seed = 1;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const alphabet = ['|', '|', '-', '-', ':', '\\', ' ', 'a', '`', '*', '\t', '>', '#'];
      const line = (start: string) => start + Array.from({ length: Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      const rows = Array.from({ length: 300 }, (_, i) => `| r${i} | x |`).join('\n');
      let grouped = 0;
      for (let n = 0; n < 3000; n++) {
        const header = line(random() < 0.9 ? '|' : '');
        const text = `${header}\n${line(random() < 0.5 ? '|' : '')}\n${rows}\n`;
        if (!splitIntoChunks(text).some((c) => c.head)) continue;
        grouped++;
        const first = parseMarkdown(text).children[0];
        assert.ok(first.type === 'table' && first.position!.start.offset === 0 && first.children[0].position!.end.offset! <= header.length, JSON.stringify(text.slice(0, 30)));
      }
      assert.ok(grouped > 20, `${grouped} grouped`);
    });

    it('skips, with the reason, rows whose head does not read as a table (never reports the head as their prose)', () => {
      const rows = '| GLUT4 | x |\n';
      // A head is a header row and a delimiter row (it starts with "|"); this one has no delimiter.
      assert.deepEqual(parseChunk('| Not a table\n' + rows, 14 + rows.length, 14), { blocks: [], htmlBlocks: [], footnoteDefinitions: [], definitions: [], destinations: [], skipped: 'its table rows did not read as rows of the table above them' });
      // Definitions put before a chunk must parse apart from it.
      assert.equal(parseChunk('A paragraph\ngoing on\n', 21, 12).skipped, 'the definitions put before it for its references did not parse apart from it');
      const head = '| a | b |\n|---|---|\n';
      const parsed = parseChunk(head + rows, head.length + rows.length, head.length);
      assert.deepEqual(parsed.blocks.map((b) => [b.text, b.start, b.context.table!.continued, b.context.table!.header]), [['GLUT4', 0, true, false], ['x', 8, true, false]]);
    });

    it('gives the same prose as a whole-document parse on random documents mixing long tables with other blocks', () => {
      let seed = 11;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
      const others = ['', '<!--', '-->', '```', '~~~', '> quote', '- item', '1. item', '# Heading', 'Para text', '    indented', '<div>', '</div>', '<pre>', '</pre>', '<?php', '?>', '<custom-tag>', '---', '| x <!--', 'lazy | row', '|', '||', '| `a|b` |', '| a \\| b |', '[^1]: note', '\t| tab |'];
      for (let n = 0; n < 200; n++) {
        const lines: string[] = [];
        for (let part = 1 + Math.floor(random() * 5); part > 0; part--) {
          if (random() < 0.6) {
            if (random() < 0.7) lines.push('');
            lines.push(pick(['| a | b |', '|a|b|', '| a |', 'a | b']), pick(['|---|---|', '|:-|-:|', '| --- |', '|-|', '--- | ---']));
            for (let r = 20 + Math.floor(random() * 120); r > 0; r--) lines.push(random() < 0.03 ? pick(others) : `| GLUT4 ${r} | x${r % 7} |`);
          } else for (let r = 1 + Math.floor(random() * 4); r > 0; r--) lines.push(pick(others));
        }
        const text = lines.join(random() < 0.1 ? '\r\n' : '\n') + '\n';
        assert.deepEqual(chunkedParse(text), wholeProse(text), `document ${n}: ${JSON.stringify(text.slice(0, 120))}`);
      }
    });

    it('re-chunks edits in and around long tables exactly as a fresh split would (random edits)', () => {
      let seed = 9;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
      const pieces = ['\n\n', '| ', '|', '|---|---|\n', '\n| GLUT4 | x |', 'x', '', '\n', '```\n', '\\|', ' | '];
      for (const { name, text: original } of longTables(6, 17)) {
        let previous = original;
        let chunks = splitIntoChunks(previous);
        for (let n = 0; n < 80; n++) {
          const at = Math.floor(random() * previous.length);
          const removed = random() < 0.5 ? Math.floor(random() * 40) : 0;
          const text = previous.slice(0, at) + pieces[Math.floor(random() * pieces.length)] + previous.slice(at + removed);
          const incremental = rechunk(previous, chunks, text);
          assert.deepEqual(incremental, splitIntoChunks(text), `${name}, edit ${n} at ${at}`);
          previous = text;
          chunks = incremental;
        }
      }
    });

    it('re-parses one group of rows when a character is typed in a long table', () => {
      const rows = Array.from({ length: 3000 }, (_, i) => `| Oats ${i} | lower LDL cholesterol by ${i % 20} % | (Smith, 2020) |`);
      const text = `# Foods\n\n| Food | Effect | Source |\n|---|---|---|\n${rows.join('\n')}\n`;
      let parsed = 0;
      const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
      const counting = (source: string, limit: number, skip?: number) => (parsed++, parseChunk(source, limit, skip));
      const first = analyzer.analyze(text, undefined, counting)!;
      assert.ok(first.chunks.length > 10, `${first.chunks.length} chunks`);
      parsed = 0;
      const at = text.indexOf('Oats 1500') + 2;
      const second = analyzer.analyze(text.slice(0, at) + 'x' + text.slice(at), undefined, counting)!;
      assert.equal(parsed, 1);
      assert.equal(second.chunks.filter((c, i) => c.analysis === first.chunks[i].analysis).length, first.chunks.length - 1);
    });

    it('keeps the rows of a grouped table one table: every row a claim unit, the evidence-table cue from rows in other groups', () => {
      const cells = Array.from({ length: 600 }, (_, i) => [`Oats ${i} lower LDL cholesterol in adults`, i === 450 ? '' : '(Smith, 2020)']);
      const text = `| Food | Source |\n|---|---|\n${cells.map((c) => `| ${c.join(' | ')} |`).join('\n')}\n`;
      assert.ok(splitIntoChunks(text).filter((c) => c.head).length > 2);
      const units = lint(text).model.units.filter((u) => u.kind === 'table-row');
      assert.deepEqual(units.map((u) => u.text), cells.map((c) => c.join(' | ')));
      const uncited = units.filter((u) => !u.cited);
      assert.equal(uncited.length, 1);
      assert.equal(uncited[0].info.inCitedTable, true, 'the other 599 rows, in other groups, are cited');
    });
  });

  it('re-parses only the chunk an edit touched', () => {
    const paragraphs = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} mentions GLUT4 and insulin sensitivity.`);
    const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
    const first = analyzer.analyze(paragraphs.join('\n\n'))!;
    paragraphs[100] = 'Paragraph 100 now mentions AMPK instead.';
    const second = analyzer.analyze(paragraphs.join('\n\n'))!;
    const reused = second.chunks.filter((c, i) => c.analysis === first.chunks[i].analysis).length;
    assert.equal(second.chunks.length, 200);
    assert.equal(reused, 199);
    assert.ok(second.termAt(second.text.indexOf('AMPK'))?.match.entry.term === 'AMPK');
  });
});

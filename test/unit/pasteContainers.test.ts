import assert from 'node:assert/strict';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { lintDocument } from '../../server/src/core/lint';
import { createModelCache } from '../../server/src/core/lint/model';
import { applyEdits, lint, options } from '../support/lint';
import { PASTED } from './paste.shared';

// The paste-cleanup rules read raw lines (pasteCleanup.ts), but only where the parse found
// prose: code (fenced or indented, in any container), inline code and HTML comments are not
// text, and no fix may edit them. Where the parse found prose that the line scan alone takes
// for code or HTML (a nested item, a tab continuation, a paragraph that starts with inline
// HTML), `∞` is read.

const PASTE_CODES = ['infinity-separator', 'unmarked-heading', 'missing-paragraph-break', 'broken-table', 'plain-references-line'];
const o = options();

function pasteFindings(text: string) {
  return lint(text, o).findings.filter((f) => PASTE_CODES.includes(f.code));
}

/** Paste findings as [code, covered text]. */
function shown(text: string): [string, string][] {
  return pasteFindings(text).map((f) => [f.code, text.slice(f.start, f.end)]);
}

/** Pasted content that sets off every paste-cleanup rule when it stands as text. */
const PASTED_LINES = [
  'Exercise Effects',
  'During a brisk walk or a cycling session, working muscles take up many times more glucose than they do at rest. The effect lasts for hours.',
  'Contraction moves GLUT4 to the surface of the cell without any insulin at all. This is why a walk after a meal blunts the rise in glucose.',
  'Glucose Uptake ∞ contraction moves GLUT4 to the surface of the cell.',
  'Signal | Main Trigger | Works Without Insulin |',
  '---|---|---|',
  'Insulin pathway |',
  'A rise in blood insulin |',
  'No |',
  'Contraction pathway |',
  'Calcium release |',
  'Yes |',
  '',
  'References',
  '',
  '1. Richter EA, Hargreaves M. Exercise, GLUT4, and skeletal muscle glucose uptake. Physiol Rev. 2013. doi:10.1152/physrev.00038.2012',
];
const LEAD = '# Exercise and Glucose\n\nWalking matters.\n\n';

describe('paste-cleanup rules and containers', () => {
  it('the pasted content sets off every paste-cleanup rule as text (the cases below are not silent by themselves)', () => {
    const codes = new Set(pasteFindings(LEAD + PASTED_LINES.join('\n') + '\n').map((f) => f.code));
    assert.deepEqual([...codes].sort(), [...PASTE_CODES].sort());
  });

  describe('never reads code, inline code or comments', () => {
    it('an `∞` in inline code', () => {
      assert.deepEqual(shown('Walking is good for you.\n\nUse the `Uptake ∞ contraction` notation here.\n'), []);
    });

    it('an `∞` in an inline code span over two lines', () => {
      assert.deepEqual(shown('Walking is good for you.\n\nUse the `Glucose\nUptake ∞ contraction` notation here.\n'), []);
    });

    it('an `∞` in an HTML comment inside a paragraph', () => {
      assert.deepEqual(shown('Walking is good for you. <!-- Glucose Uptake ∞ contraction moves GLUT4. -->\n'), []);
    });

    it('an `∞` in a fence inside a blockquote', () => {
      assert.deepEqual(shown('Walking is good for you.\n\n> ```\n> Glucose Uptake ∞ contraction moves GLUT4.\n> ```\n'), []);
    });

    it('a fence opened on a list line: no heading marker, blank line or table rebuilt inside it', () => {
      const text = '# Title\n\nWalking matters.\n\n- ```\n  Exercise Effects\n  During a brisk walk or a cycling session, working muscles take up many times more glucose than they do at rest.\n  ```\n';
      assert.deepEqual(shown(text), []);
    });

    const containers: [string, (lines: string[]) => string][] = [
      ['a fence opened on a list line', (ls) => '- ```\n' + ls.map((l) => (l ? '  ' + l : '')).join('\n') + '\n  ```\n'],
      ['a fence opened on an ordered item', (ls) => '1. ~~~text\n' + ls.map((l) => (l ? '   ' + l : '')).join('\n') + '\n   ~~~\n'],
      ['a fence in a blockquote', (ls) => '> ```\n' + ls.map((l) => '> ' + l).join('\n') + '\n> ```\n'],
      ['a fence in a list item in a blockquote', (ls) => '> - ```\n' + ls.map((l) => '>   ' + l).join('\n') + '\n>   ```\n'],
      ['indented code in a list item', (ls) => '- Example:\n\n' + ls.map((l) => (l ? '      ' + l : '')).join('\n') + '\n'],
      ['indented code in a blockquote', (ls) => '> Example:\n>\n' + ls.map((l) => '>     ' + l).join('\n') + '\n'],
      ['an HTML comment over several lines in a list item', (ls) => '- Note\n\n  <!--\n' + ls.filter((l) => l).map((l) => '  ' + l).join('\n') + '\n  -->\n'],
    ];
    for (const [name, wrap] of containers) {
      it(`no paste-cleanup finding in pasted content inside ${name}`, () => {
        const text = LEAD + wrap(PASTED_LINES) + '\nAfter the example.\n';
        assert.deepEqual(shown(text), []);
      });
    }

    it('no paste-cleanup finding in the whole pasted article inside a fence in a list item or a blockquote', () => {
      for (const text of ['- ```\n' + PASTED.replace(/^(?=.)/gm, '  ') + '\n  ```\n', '> ```\n' + PASTED.replace(/^/gm, '> ') + '\n> ```\n']) {
        assert.deepEqual(shown(text), [], text.slice(0, 40));
      }
    });

    it('text after a fence closed in a list item is read again', () => {
      const text = '# Title\n\nWalking matters.\n\n- ```\n  code\n  ```\n\nExercise Effects\nDuring a brisk walk working muscles take up more glucose than at rest.\n';
      assert.deepEqual(shown(text), [['unmarked-heading', 'Exercise Effects']]);
    });
  });

  describe('reads prose the line scan takes for code or HTML', () => {
    const cases: [string, string][] = [
      ['a nested item indented four spaces', '- Note\n    - Glucose Uptake ∞ contraction moves GLUT4 to the surface.\n'],
      ['a continuation indented by a tab', '- Muscle matters.\n\tGlucose Uptake ∞ contraction moves GLUT4 to the surface.\n'],
      ['a paragraph that starts with inline HTML', 'Walking matters.\n\n<span>Tip</span> Glucose Uptake ∞ contraction moves GLUT4 to the surface.\n'],
    ];
    for (const [name, text] of cases) {
      it(`an \`∞\` in ${name}`, () => {
        const found = pasteFindings(text);
        assert.deepEqual(found.map((f) => [f.code, text.slice(f.start, f.end)]), [['infinity-separator', '∞']]);
        assert.equal(applyEdits(text, found[0].fixes![0].edits), text.replace('Uptake ∞ contraction', 'Uptake: contraction'));
      });
    }
  });

  it('broken-table’s range starts at the header’s text, not at its indentation', () => {
    const text = '# T\n\nIntro text here.\n\n  Signal | Main Trigger | Works Without Insulin |\n  ---|---|---|\n  Insulin pathway |\n  A rise in blood insulin |\n  No |\n  Contraction pathway |\n  Calcium release |\n  Yes |\n';
    const tables = pasteFindings(text).filter((f) => f.code === 'broken-table');
    assert.equal(tables.length, 1);
    const at = text.indexOf('Signal');
    assert.deepEqual([tables[0].start, tables[0].end], [at, text.indexOf('\n', at)]);
  });

  it('edits that open or close code elsewhere give the findings a fresh analysis gives', () => {
    const base = [
      '# Title',
      '',
      'Walking is good for you. Use the x notation and',
      'Glucose Uptake ∞ contraction moves GLUT4 to the surface of the cell.',
      'Then y more.',
      '',
      '- Note',
      '  Exercise Effects',
      '  During a brisk walk or a cycling session, working muscles take up many times more glucose than they do at rest. The effect lasts for hours.',
      '  Contraction moves GLUT4 to the surface of the cell without any insulin at all. This is why a walk after a meal blunts the rise in glucose.',
      '',
      'Text <!-- x --> after.',
      'Muscle Uptake ∞ calcium release moves GLUT4 too.',
      '',
    ].join('\n');
    // Each edit: [find, replace], applied in turn; a backtick or comment opened on one line covers the next.
    const edits: [string, string][] = [
      ['the x notation', 'the `x notation'],
      ['Then y more', 'Then` y more'],
      ['Then` y more', 'Then y more'],
      ['Then y more', 'Then` y more'],
      ['- Note', '- ```'],
      ['- ```', '- Notes'],
      ['- Notes', '- ~~~'],
      ['<!-- x -->', '<!-- x'],
      ['GLUT4 too.', 'GLUT4 too. -->'],
      ['<!-- x', 'x'],
      ['the `x notation', 'the xy notation'],
    ];
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const cache = createModelCache();
    let text = base;
    const incremental = () => lintDocument(analyzer.analyze(text)!, o, cache).findings.filter((f) => PASTE_CODES.includes(f.code));
    const strip = (fs: ReturnType<typeof pasteFindings>) => fs.map((f) => [f.code, f.start, f.end, JSON.stringify(f.fixes)]);
    assert.deepEqual(strip(incremental()), strip(pasteFindings(text)));
    for (const [find, replace] of edits) {
      assert.ok(text.includes(find), find);
      text = text.replace(find, replace);
      assert.deepEqual(strip(incremental()), strip(pasteFindings(text)), `after ${JSON.stringify(replace)}`);
    }
  });
});

import assert from 'node:assert/strict';
import { parseMarkdown } from '../../server/src/core/markdown';
import { planPasteCleanup } from '../../server/src/core/pasteCleanup';
import { applyOffsetEdits, cleanUpPastedArticle, cleanupRuleCodes, composeEdits } from '../../server/src/core/lint/fixAll';
import { rules } from '../../server/src/core/lint';
import { readFixture } from '../support/fixtures';
import { applyEdits, lint, lineOf, options } from '../support/lint';
import { assertCleanedShape, BAD_ENTRIES, CLEANUP_CODES, PASTED, words } from './paste.shared';

const relint = (text: string) => lint(text).findings;
const cleanUp = (text: string) => cleanUpPastedArticle(text, relint(text), relint);
const codesOf = (text: string) => lint(text).findings.map((f) => f.code);
const pasteCodes = (text: string) => codesOf(text).filter((c) => CLEANUP_CODES.includes(c));

/** Applies one finding's preferred fix. */
function fixOne(text: string, code: string, index = 0): string {
  const f = lint(text).findings.filter((x) => x.code === code)[index];
  assert.ok(f, `no ${code} finding #${index}`);
  return applyEdits(text, f.fixes![0].edits);
}

describe('paste cleanup: the pasted article', () => {
  const result = cleanUp(PASTED);

  it('is in the pasted shape: 80+ lines, 12+ heading lines, 2 broken tables, tooltips, ∞ separators, a plain References line', () => {
    assert.ok(PASTED.split('\n').length >= 80);
    assert.ok(!/^#/m.test(PASTED) && !/\n\n/.test(PASTED.trimEnd()), 'no Markdown headings, no blank lines');
    const plan = planPasteCleanup(PASTED);
    assert.ok(plan.headings.length >= 12, `${plan.headings.length} heading lines`);
    assert.deepEqual(plan.tables.map((t) => [t.columns, t.rows]), [[3, 3], [3, 4]]);
    assert.ok((PASTED.match(/Meaning ∞/g) ?? []).length >= 2);
    assert.ok(plan.separators.length >= 4);
    assert.equal(plan.referenceLabels.length, 1);
    const codes = codesOf(PASTED);
    for (const c of CLEANUP_CODES) assert.ok(codes.includes(c), `no ${c} finding before the clean-up`);
  });

  it('becomes Markdown with its headings, two 3-column tables with all their rows, no tooltip, the words in order', () => {
    assertCleanedShape(PASTED, result.text);
    assert.equal(applyOffsetEdits(PASTED, result.edits), result.text);
    // The same text the real-VS-Code test expects on disk after running the command.
    assert.equal(result.text, readFixture('paste', 'pasted-article.cleaned.md'));
  });

  it('has a recognised References section whose bad entries are flagged', () => {
    const { findings, model } = lint(result.text);
    assert.equal(model.references.length, 7);
    assert.ok(model.references.every((r) => r.placed.inReferences), 'every entry is under the References heading');
    const flagged = findings.filter((f) => f.code === 'uncurated-reference').map((f) => result.text.slice(f.start, f.end));
    assert.equal(flagged.length, BAD_ENTRIES.length, JSON.stringify(flagged));
    BAD_ENTRIES.forEach((b, i) => assert.ok(flagged[i].startsWith(b), `${flagged[i]} should start with ${b}`));
    // The ∞ in the Pedersen and Hardie titles was a colon: those entries now match their records.
    assert.ok(!findings.some((f) => f.code === 'uncurated-reference' && /Pedersen|Hardie|Richter|Colberg/.test(result.text.slice(f.start, f.end))));
    assert.deepEqual(pasteCodes(result.text), []);
  });

  it('is idempotent: cleaning the cleaned article changes nothing', () => {
    const again = cleanUp(result.text);
    assert.deepEqual(again.edits, []);
    assert.equal(again.text, result.text);
    assert.equal(again.fixes, 0);
  });

  it('only inserts and restructures: each edit keeps the words it replaces, except the pasted tooltips', () => {
    const tooltipEdits = lint(PASTED).findings.filter((f) => f.code === 'glossary-artifact').flatMap((f) => f.fixes![0].edits);
    let removed = 0;
    for (const e of result.edits) {
      const before = PASTED.slice(e.start, e.end);
      if (tooltipEdits.some((t) => t.start === e.start && t.end === e.end && t.newText === e.newText)) {
        assert.match(before, /Meaning ∞/);
        removed++;
        continue;
      }
      assert.deepEqual(words(e.newText), words(before), `edit ${JSON.stringify(before)} → ${JSON.stringify(e.newText)}`);
    }
    assert.equal(removed, 3);
  });

  it('applying the findings one quick fix at a time gives the same article', () => {
    let text = PASTED;
    for (let round = 0; round < 200; round++) {
      const f = lint(text).findings.find((x) => CLEANUP_CODES.includes(x.code));
      if (!f) break;
      text = applyEdits(text, f.fixes![0].edits);
    }
    assert.equal(text, result.text);
  });
});

describe('paste cleanup: rules', () => {
  it('are tagged paste-cleanup, Information by default, with codes after HM011', () => {
    const paste = rules.filter((r) => r.tags.includes('paste-cleanup'));
    assert.deepEqual(paste.map((r) => r.names[1]).sort(), ['broken-table', 'infinity-separator', 'missing-paragraph-break', 'plain-references-line', 'unmarked-heading']);
    for (const r of paste) {
      assert.equal(r.defaultSeverity, 'information');
      assert.ok(Number(r.names[0].slice(2)) > 11, r.names[0]);
    }
    assert.deepEqual([...cleanupRuleCodes()].sort(), [...CLEANUP_CODES].sort());
  });

  it('"paste-cleanup": "off" turns the group off; a rule\'s own setting wins over its tag', () => {
    assert.deepEqual(lint(PASTED, options({ severities: { 'paste-cleanup': 'off' } })).findings.filter((f) => CLEANUP_CODES.includes(f.code)).map((f) => f.code).sort().filter((c, i, a) => a.indexOf(c) === i), ['glossary-artifact']);
    const mixed = lint(PASTED, options({ severities: { 'paste-cleanup': 'hint', 'broken-table': 'warning' } })).findings;
    assert.ok(mixed.filter((f) => f.code === 'unmarked-heading').every((f) => f.severity === 'hint'));
    assert.ok(mixed.filter((f) => f.code === 'broken-table').every((f) => f.severity === 'warning'));
  });

  it('suppression comments silence them like any rule', () => {
    const text = '<!-- healthmark-disable-file unmarked-heading -->\n\nWhy Muscle Matters\nMuscle takes up glucose after a meal.\n';
    assert.ok(!codesOf(text).includes('unmarked-heading'));
  });
});

describe('paste cleanup: headings', () => {
  it('takes the level from the document: title, section names followed by a title, the titles under them', () => {
    const text = 'Muscle Basics\nAn introduction in two sentences. It is short.\nFundamentals\nWhy Muscle Matters\nMuscle is large. It uses glucose.\nThe Second Topic\nMore text here. And more.\n';
    const plan = planPasteCleanup(text);
    assert.deepEqual(plan.headings.map((h) => [h.level, h.title]), [
      [1, 'Muscle Basics'],
      [2, 'Fundamentals'],
      [3, 'Why Muscle Matters'],
      [3, 'The Second Topic'],
    ]);
  });

  it('follows the levels the document already uses, and keeps its own level-1 title', () => {
    const text = '# Title\n\n### Existing Section\n\nSome text. More text.\nPasted Section\nIts text. And more.\n';
    assert.deepEqual(planPasteCleanup(text).headings.map((h) => [h.level, h.title]), [[3, 'Pasted Section']]);
  });

  it('the fix makes a heading with blank lines around it', () => {
    const text = '# Walking\n\nA walk helps. It is easy.\nGetting Started\nStart slowly. Wear good shoes.\n';
    const fixed = fixOne(text, 'unmarked-heading');
    assert.equal(fixed, '# Walking\n\nA walk helps. It is easy.\n\n## Getting Started\n\nStart slowly. Wear good shoes.\n');
    const tree = parseMarkdown(fixed);
    assert.deepEqual(tree.children.map((n) => n.type), ['heading', 'paragraph', 'heading', 'paragraph']);
  });

  it('leaves alone: a line that finishes the sentence above, a list that lost its bullets, questions in sentence case, lines with end punctuation', () => {
    const cases = [
      'We walk in the\nEarly Evening\nwhen it is quiet.\n',
      'You need:\n\nComfortable shoes\nA safe route\nA friend\n\nThen go.\n',
      '# Notes\n\nSo what does this mean for you?\nIt means walking helps. Really.\n',
      '# Notes\n\nWalking helps.\nSo does cycling.\n',
      '# Notes\n\n```\nNot A Heading\nCode here.\n```\n',
      '---\ntitle: Front Matter\n---\nStill Not A Heading\n',
    ];
    for (const text of cases) assert.deepEqual(planPasteCleanup(text).headings, [], JSON.stringify(text));
  });

  it('a question in title case is a heading', () => {
    assert.deepEqual(planPasteCleanup('# FAQ\n\nWhat Is Insulin Resistance?\nIt is when cells respond weakly to insulin. It develops slowly.\n').headings.map((h) => h.title), ['What Is Insulin Resistance?']);
  });
});

describe('paste cleanup: paragraphs', () => {
  const long = 'Skeletal muscle takes up most of the glucose from the blood after a meal. Regular activity keeps that capacity high.';

  it('separates paragraphs pasted one per line, and the text glued onto a list item or a table', () => {
    const text = `# Notes\n\n${long}\n${long}\n- An item. With two sentences.\nA paragraph after the list.\n\n| A | B |\n|---|---|\n| 1 | 2 |\nText after the table.\n`;
    const findings = lint(text).findings.filter((f) => f.code === 'missing-paragraph-break');
    assert.deepEqual(findings.map((f) => lineOf(text, f.start)), [4, 11]);
    let fixed = text;
    for (let i = 0; i < 3 && pasteCodes(fixed).length; i++) fixed = fixOne(fixed, 'missing-paragraph-break');
    const tree = parseMarkdown(fixed);
    assert.deepEqual(tree.children.map((n) => n.type), ['heading', 'paragraph', 'paragraph', 'list', 'paragraph', 'table', 'paragraph']);
    assert.deepEqual(words(fixed), words(text));
  });

  it('leaves hard-wrapped paragraphs and one sentence per line alone', () => {
    const wrapped = '# Notes\n\nSkeletal muscle takes up most of the glucose from the blood after a\nmeal. Regular activity keeps that capacity high. The effect lasts for\na day or two. Walking counts.\nShort sentences stay.\nOne per line.\n';
    assert.deepEqual(planPasteCleanup(wrapped).paragraphBreaks, []);
  });

  it('separates reference entries that end with a DOI or URL', () => {
    const text = `References\nRichter, E. A., & Hargreaves, M. (2013). Exercise, GLUT4, and skeletal muscle glucose uptake. Physiological Reviews, 93(3), 993–1017. https://doi.org/10.1152/physrev.00038.2012\nPedersen, B. K., & Febbraio, M. A. (2012). Muscles, exercise and obesity: skeletal muscle as a secretory organ. Nature Reviews Endocrinology, 8(8), 457–465.\n`;
    const plan = planPasteCleanup(text);
    assert.equal(plan.paragraphBreaks.length, 1);
    assert.equal(plan.referenceLabels.length, 1);
  });

  it('keeps CRLF line endings', () => {
    const text = `Why It Matters\r\n${long}\r\n${long}\r\nReferences\r\nSmith, L. (2018). The muscle-sugar connection. Journal of Everyday Fitness, 12(2), 45–61.\r\n`;
    const { text: cleaned } = cleanUp(text);
    assert.ok(!/[^\r]\n/.test(cleaned), 'every line ends with CRLF');
    assert.equal(cleaned, `# Why It Matters\r\n\r\n${long}\r\n\r\n${long}\r\n\r\n## References\r\n\r\nSmith, L. (2018). The muscle-sugar connection. Journal of Everyday Fitness, 12(2), 45–61.\r\n`);
    assert.deepEqual(cleanUp(cleaned).edits, []);
  });
});

describe('paste cleanup: tables', () => {
  it('rebuilds a table broken into one cell per line, padding the last row, keeping alignment', () => {
    const text = '# Plan\n\nDay | Walk | Extra |\n:--|:-:|--:|\nMonday |\n20 minutes |\nStretching |\nSaturday |\n45 minutes |\nNext paragraph. It follows the table.\n';
    const fixed = fixOne(text, 'broken-table');
    assert.equal(fixed, '# Plan\n\n| Day | Walk | Extra |\n|:--|:-:|--:|\n| Monday | 20 minutes | Stretching |\n| Saturday | 45 minutes | |\n\nNext paragraph. It follows the table.\n');
    const table = parseMarkdown(fixed).children.find((n) => n.type === 'table')!;
    assert.equal(table.type === 'table' && table.children.length, 3);
    assert.deepEqual(pasteCodes(fixed), []);
  });

  it('rebuilds a header broken the same way', () => {
    const text = '# Plan\n\nDay |\nWalk |\nExtra |\n---|---|---|\nMonday |\n20 minutes |\nStretching |\n';
    assert.deepEqual(planPasteCleanup(text).tables.map((t) => [t.first.index, t.rows]), [[2, 1]]);
    assert.match(fixOne(text, 'broken-table'), /\| Day \| Walk \| Extra \|\n\|---\|---\|---\|\n\| Monday \| 20 minutes \| Stretching \|/);
  });

  it('leaves a whole table alone', () => {
    assert.deepEqual(planPasteCleanup('| A | B |\n|---|---|\n| 1 | 2 |\n').tables, []);
  });

  it('a tooltip inside a broken table is removed in a second round, and the edits still apply to the original', () => {
    const text = '# Plan\n\nDay | Walk | Note |\n---|---|---|\nMonday |\n20 minutes |\nBuild GLUT4 GLUT4 Meaning ∞ GLUT4 is a glucose transporter. capacity |\nNext paragraph. It follows.\n';
    const result = cleanUp(text);
    assert.equal(applyOffsetEdits(text, result.edits), result.text);
    assert.match(result.text, /\| Monday \| 20 minutes \| Build GLUT4 capacity \|/);
    assert.deepEqual(cleanUp(result.text).edits, []);
  });
});

describe('paste cleanup: ∞ separators', () => {
  it('a colon for a label, dashes for a pair, infinity and tooltips left alone', () => {
    const text = '# Notes\n\n- Glucose Uptake ∞ contraction moves GLUT4.\n\nA short walk ∞ even ten minutes ∞ helps.\n\nThe curve rises from 0 to ∞ and x → ∞ too.\n\nTraining Meaning ∞ Training is planned exercise. helps.\n';
    const { text: cleaned } = cleanUp(text);
    assert.equal(cleaned, '# Notes\n\n- Glucose Uptake: contraction moves GLUT4.\n\nA short walk — even ten minutes — helps.\n\nThe curve rises from 0 to ∞ and x → ∞ too.\n\nTraining helps.\n');
  });
});

describe('fix-all edits', () => {
  it('composes two rounds into edits of the original text', () => {
    const text = 'abcdef';
    const first = [{ start: 1, end: 2, newText: 'XX' }, { start: 4, end: 4, newText: '+' }];
    const middle = applyOffsetEdits(text, first); // aXXcd+ef
    const second = [{ start: 2, end: 4, newText: 'y' }, { start: 7, end: 8, newText: '' }];
    const final = applyOffsetEdits(middle, second);
    assert.equal(applyOffsetEdits(text, composeEdits(text, first, second)), final);
  });
});

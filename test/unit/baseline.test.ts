import assert from 'node:assert/strict';
import { baselineEntries, fingerprintText, matchBaseline, parseBaseline, serializeBaseline, type BaselineEntry } from '../../server/src/core/baseline';
import { applyEdits, lint } from '../support/lint';

// Baseline fingerprints: a finding recorded in `.healthmark/baseline.json` stays hidden through
// unrelated edits — moving its paragraph, adding text above it, fixing another finding — and a
// new finding is never hidden by it.

const ARTICLE = `# Tea and walking

This tea cures cancer and lowers blood pressure in adults.

Walking after meals blunts the rise in blood glucose.

Exercise increases GLUT4 GLUT4 Meaning ∞ GLUT4, or Glucose Transporter Type 4, is a protein that moves glucose into cells. translocation in muscle.

Irisin rises after exercise [@smith2019irisin].
`;

/** The findings of `after` that the baseline taken on `before` does not cover. */
function fresh(before: string, after: string): { code: string; text: string }[] {
  const entries = baselineEntries(before, lint(before).findings);
  const findings = lint(after).findings;
  const covered = matchBaseline(after, findings, entries);
  return findings.filter((_, i) => !covered[i]).map((f) => ({ code: f.code, text: after.slice(f.start, f.end) }));
}

describe('baseline: fingerprints', () => {
  it('the article has findings of several rules to baseline', () => {
    const codes = new Set(lint(ARTICLE).findings.map((f) => f.code));
    for (const c of ['uncited-claim', 'overclaim', 'glossary-artifact', 'unknown-citation']) assert.ok(codes.has(c), c);
  });

  it('the same text: nothing is new', () => {
    assert.deepEqual(fresh(ARTICLE, ARTICLE), []);
  });

  it('adding text above (a new clean paragraph, a heading, frontmatter) resurrects nothing', () => {
    const after = `---\ntitle: Tea\n---\n\n# New title\n\nDo you walk after dinner?\n\n${ARTICLE.replace('# Tea and walking\n\n', '')}`;
    assert.deepEqual(fresh(ARTICLE, after), []);
  });

  it('moving a paragraph and re-wrapping it resurrects nothing', () => {
    const paragraphs = ARTICLE.trimEnd().split('\n\n');
    const moved = [paragraphs[0], paragraphs[3], paragraphs[1], paragraphs[4], paragraphs[2].replace('blunts the rise', 'blunts\nthe   rise')].join('\n\n') + '\n';
    assert.deepEqual(fresh(ARTICLE, moved), []);
  });

  it('fixing another finding resurrects nothing: an overclaim reworded inside a baselined uncited claim', () => {
    const over = lint(ARTICLE).findings.find((f) => f.code === 'overclaim')!;
    const after = applyEdits(ARTICLE, over.fixes![0].edits);
    assert.ok(after.includes('This tea may help with cancer'));
    assert.deepEqual(fresh(ARTICLE, after), []);
  });

  it('fixing another finding resurrects nothing: a pasted glossary tooltip removed from a baselined claim', () => {
    const artifact = lint(ARTICLE).findings.find((f) => f.code === 'glossary-artifact')!;
    const after = applyEdits(ARTICLE, artifact.fixes![0].edits);
    assert.ok(after.includes('Exercise increases GLUT4 translocation in muscle.'));
    assert.deepEqual(fresh(ARTICLE, after), []);
  });

  it('fixing another finding resurrects nothing: a citation replaced, a sentence deleted', () => {
    const after = ARTICLE.replace('[@smith2019irisin]', '[@paluch2022daily]').replace('Walking after meals blunts the rise in blood glucose.\n\n', '');
    assert.ok(fresh(ARTICLE, after).every((f) => f.code !== 'uncited-claim' && f.code !== 'overclaim' && f.code !== 'glossary-artifact'));
  });

  it('a new finding is new: another uncited claim, another overclaim', () => {
    const after = ARTICLE + '\nTaking more daily steps is linked to lower all-cause mortality.\n\nThis juice detoxifies your liver.\n';
    const found = fresh(ARTICLE, after);
    assert.ok(found.some((f) => f.code === 'uncited-claim' && f.text.startsWith('Taking more daily steps')), JSON.stringify(found));
    assert.ok(found.some((f) => f.code === 'overclaim'), JSON.stringify(found));
  });

  it('copies are counted: a second copy of a baselined sentence is new', () => {
    const before = 'Walking after meals blunts the rise in blood glucose.\n';
    const after = `${before}\n${before}`;
    const found = fresh(before, after);
    assert.equal(found.filter((f) => f.code === 'uncited-claim').length, 1);
  });

  it('a rewritten sentence with other words is new', () => {
    const before = 'Walking after meals blunts the rise in blood glucose.\n';
    const after = 'Interval training raises VO2max more than steady cycling in older adults.\n';
    assert.equal(fresh(before, after).filter((f) => f.code === 'uncited-claim').length, 1);
  });

  it('an entry covers a finding of its own rule only', () => {
    const text = 'Walking after meals blunts the rise in blood glucose.\n';
    const [f] = lint(text).findings;
    assert.deepEqual(matchBaseline(text, [f], [{ rule: 'overclaim', text: fingerprintText(text, f) }]), [false]);
    assert.deepEqual(matchBaseline(text, [f], [{ rule: f.code, text: fingerprintText(text, f) }]), [true]);
  });

  it('the text is whitespace-collapsed; an empty range takes its line', () => {
    assert.equal(fingerprintText('a\n  b\tc  d', { start: 0, end: 10 }), 'a b c d');
    assert.equal(fingerprintText('one\ntwo words\nthree', { start: 6, end: 6 }), 'two words');
  });
});

describe('baseline: the file', () => {
  const entries: BaselineEntry[] = [
    { rule: 'uncited-claim', text: 'B "quoted" sentence.' },
    { rule: 'overclaim', text: 'cures' },
    { rule: 'uncited-claim', text: 'A sentence.' },
  ];

  it('serialises sorted, one entry per line, and reads back', () => {
    const text = serializeBaseline({ version: 1, files: { 'z.md': entries, 'a/b.md': [entries[1]], 'empty.md': [] } });
    assert.equal(
      text,
      [
        '{',
        '  "version": 1,',
        '  "files": {',
        '    "a/b.md": [',
        '      { "rule": "overclaim", "text": "cures" }',
        '    ],',
        '    "z.md": [',
        '      { "rule": "overclaim", "text": "cures" },',
        '      { "rule": "uncited-claim", "text": "A sentence." },',
        '      { "rule": "uncited-claim", "text": "B \\"quoted\\" sentence." }',
        '    ]',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const back = parseBaseline(JSON.parse(text));
    assert.equal(back.files['z.md'].length, 3);
    assert.equal(back.files['empty.md'], undefined);
  });

  it('rejects what is not a baseline, with a readable reason', () => {
    assert.throws(() => parseBaseline([]), /is not a Healthmark baseline/);
    assert.throws(() => parseBaseline({ version: 2, files: {} }), /has version 2/);
    assert.throws(() => parseBaseline({ version: 1 }), /has no "files" object/);
    assert.throws(() => parseBaseline({ version: 1, files: { 'a.md': [{ rule: 'x' }] } }), /"files\.a\.md" must be a list/);
  });
});

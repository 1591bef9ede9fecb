import assert from 'node:assert/strict';
import fc from 'fast-check';
import { planPasteCleanup, pastePlanFor } from '../../server/src/core/pasteCleanup';
import { runSteps } from '../../server/src/core/steps';
import { listFixtures, readFixture } from '../support/fixtures';
import { PASTED } from './paste.shared';

// The paste-cleanup plan of a document's next version is moved from its previous plan when an
// edit falls within one line and changes nothing the plan reads of it (pasteCleanup.ts,
// planAfterLineEdit). Whatever the edit, the plan must equal a fresh plan of the new text.

/** The plan of each version through one history, as the lint of a document's versions makes it. */
function planner(): (text: string) => ReturnType<typeof planPasteCleanup> {
  const history = {};
  return (text) => runSteps(pastePlanFor({}, text, history));
}

/**
 * Lines one keystroke away from another decision of the plan: a line that would end a sentence
 * (and glue the next), start a paragraph, read as a heading or a References label, hold one
 * more table cell, run past the wrap width with a second sentence, or read as an entry.
 */
const NEAR_MISSES = [
  'Muscle and metabolic health',
  '',
  'Exercise changes how the body handles glucose. It lasts for hours after the session and helps the muscles refill their stores overnight.',
  'many people notice steadier energy across the day when they walk after their meals',
  'The body stores glucose in muscle and in the liver and uses it between meals and overnight while fasting',
  'Short walks after meals',
  'Longer sessions at the weekend',
  'Strength work twice a week',
  '',
  'Results vary from person to person and from week to week for reasons that nobody fully understands yet.',
  'Most people still benefit from moving a little more every day.',
  '',
  'Source:',
  'Smith, J. (2020) Walking after meals and glucose control in adults with type 2 diabetes. A randomised trial in J Exerc Sci',
  'Jones A, Brown B (2019) Muscle and insulin: a review. J Physiol. doi:10.1000/183',
  'Lee C (2018) Glucose uptake in skeletal muscle during and after one session of exercise in older adults',
  '| Activity | Minutes',
  '|---|---|',
  '| Walking | 30 |',
  '',
  'Activity | Minutes |',
  '---|---|',
  'Walking |',
  '30 |',
  'A note on this guide',
  'it is general information and not advice for you',
  'Practical guidance',
].join('\n');

const bases: [string, string][] = [
  ['near misses', NEAR_MISSES],
  ['near misses, twice with blank lines between', `${NEAR_MISSES}\n\n${NEAR_MISSES.replace(/\n/g, '\n\n')}\n`],
  ['pasted article', PASTED],
  ['pasted article, CRLF', PASTED.replace(/\n/g, '\r\n')],
  ['example article', readFixture('../../examples/exercise-and-metabolic-health.md')],
  ...listFixtures('eval').map((f): [string, string] => [f, readFixture('eval', f)]),
];

/** What typing does to a line: letters, punctuation the plan reads, table pipes, `∞`, line breaks. */
const typed = fc.constantFrom('x', 'T', 's', ' ', '.', '?', ':', '|', '#', '-', '*', '>', '1', '(', '∞', ' 2021', ' doi:10.1000/182', 'References', '\n', '\r\n', ' | ', '. The', '. More words to take this line past the wrap width of a hard-wrapped paragraph');

/** Where on a line: its start and end matter most (capitals, sentence ends, markers). */
const edit = fc.record({
  line: fc.double({ min: 0, max: 1, noNaN: true }),
  where: fc.constantFrom('start', 'end', 'before end', 'middle'),
  remove: fc.integer({ min: 0, max: 3 }),
  insert: fc.oneof(fc.constant(''), typed),
});

/** The offset an edit starts at in `text`. */
function offsetOf(text: string, e: { line: number; where: string }): number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const k = Math.min(starts.length - 1, Math.floor(e.line * starts.length));
  const start = starts[k];
  const end = k + 1 < starts.length ? starts[k + 1] - 1 - (text[starts[k + 1] - 2] === '\r' ? 1 : 0) : text.length;
  if (e.where === 'start') return start;
  if (e.where === 'end') return end;
  if (e.where === 'before end') return Math.max(start, end - 1);
  return start + Math.floor((end - start) / 2);
}

describe('paste cleanup plan: moved from the previous version after an edit within one line', () => {
  it('equals a fresh plan after every edit of a sequence (typing, deleting, line breaks, pipes, ∞), on every base text', () => {
    for (const [name, base] of bases) {
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
          const plan = planner();
          let text = base;
          plan(text);
          for (const e of edits) {
            const at = offsetOf(text, e);
            text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
            assert.deepEqual(plan(text), planPasteCleanup(text), `${name}: after an edit at ${at}`);
          }
        }),
        { seed: 16, numRuns: 60 },
      );
    }
  });

  it('equals a fresh plan after every one-keystroke edit at the start, middle and end of every line of the near-miss texts', () => {
    const shape = (p: ReturnType<typeof planPasteCleanup>) => JSON.stringify([p.headings.map((h) => [h.line.index, h.level]), p.tables.map((t) => [t.first.index, t.rows]), p.paragraphBreaks.map((b) => b.glued.map((l) => l.index)), p.separators.length, p.referenceLabels.map((r) => r.line.index)]);
    let decisive = 0;
    for (const original of [NEAR_MISSES, `${NEAR_MISSES}\n\n${NEAR_MISSES.replace(/\n/g, '\n\n')}\n`, NEAR_MISSES.replace(/\n/g, '\r\n')]) {
      // Each edit follows a first one in an early paragraph line, so the line index has moved.
      const early = original.indexOf(' the body ') + 1;
      const base = original.slice(0, early) + 'whole ' + original.slice(early);
      const lineCount = base.split('\n').length;
      const before = planPasteCleanup(base);
      for (let k = 0; k < lineCount; k++) {
        for (const where of ['start', 'middle', 'before end', 'end']) {
          for (const [insert, remove] of [['.', 0], [':', 0], [',', 0], [' and', 0], ['s', 0], ['T', 0], ['|', 0], ['', 1], [' 2021', 0], [' doi:10.1000/182', 0], [' 12(3):45-50', 0], ['. The', 0]] as [string, number][]) {
            const at = offsetOf(base, { line: (k + 0.5) / lineCount, where });
            const edited = base.slice(0, at) + insert + base.slice(Math.min(base.length, at + remove));
            const plan = planner();
            plan(original);
            plan(base);
            const fresh = planPasteCleanup(edited);
            assert.deepEqual(plan(edited), fresh, `line ${k} (${where}): ${JSON.stringify(insert)} / remove ${remove}`);
            if (shape(fresh) !== shape(before)) decisive++;
          }
        }
      }
    }
    // The sweep must change the plan's decisions often, or it shows nothing.
    assert.ok(decisive > 150, `only ${decisive} edits changed a decision of the plan`);
  });

  // A Markdown article between two pasted parts: the plan has fixes before and after its prose.
  const pastedPart = PASTED.split('\n').slice(0, 12).join('\n');
  const mixed = `${pastedPart}\n\n${readFixture('paste', 'pasted-article.cleaned.md')}\n\n${pastedPart}\n`;
  const inProse = mixed.indexOf(' the ', mixed.indexOf('\n\n', pastedPart.length + 200)) + 1;

  it('is moved, not re-planned, when a word is typed into a paragraph line: the fixes before it are the same objects, those after it shifted', () => {
    const plan = planner();
    const before = plan(mixed);
    const first = before.headings[0];
    const last = before.headings[before.headings.length - 1];
    assert.ok(first.line.end < inProse && last.line.start > inProse, 'fixes on both sides of the edit');
    const edited = mixed.slice(0, inProse) + 'very ' + mixed.slice(inProse);
    const after = plan(edited);
    assert.equal(after.headings[0], first, 'a fix before the edit is kept as it was');
    const moved = after.headings[after.headings.length - 1];
    assert.notEqual(moved, last);
    assert.equal(moved.line.start, last.line.start + 5, 'a fix after the edit moves with the text');
    assert.equal(edited.slice(moved.line.start, moved.line.end), last.line.text);
    assert.deepEqual(after, planPasteCleanup(edited));
  });

  it('is the same plan when a letter is replaced by another in a paragraph line', () => {
    const plan = planner();
    const before = plan(mixed);
    assert.equal(plan(mixed.slice(0, inProse) + 'T' + mixed.slice(inProse + 1)), before);
  });

  // A pasted part, a heading, the same pasted part again: fixes before and after the heading.
  const aroundHeading = `${pastedPart}\n\n## Background reading\n\n${pastedPart}\n`;

  it('is moved when a word is typed into a heading, and planned afresh when its level changes', () => {
    const plan = planner();
    const before = plan(aroundHeading);
    const inHeading = aroundHeading.indexOf('Background');
    const typed = aroundHeading.slice(0, inHeading) + 'More ' + aroundHeading.slice(inHeading);
    const after = plan(typed);
    assert.equal(after.headings[0], before.headings[0], 'moved: a fix before the heading is kept as it was');
    assert.deepEqual(after, planPasteCleanup(typed));
    // One more # makes the section deeper, and the titles pasted under it with it.
    const deeper = typed.replace('## More Background', '### More Background');
    const replanned = plan(deeper);
    assert.deepEqual(replanned, planPasteCleanup(deeper));
    const levels = (p: typeof before) => p.headings.map((h) => h.level);
    assert.notDeepEqual(levels(replanned), levels(after), 'the levels follow the heading');
  });

  it('is moved when a word is typed into a line of a paragraph pasted without a blank line: the glued line reads as typed', () => {
    const plan = planner();
    const before = plan(aroundHeading);
    const second = aroundHeading.indexOf('## Background');
    const inGlued = aroundHeading.indexOf('what happens inside', second);
    const glued = before.paragraphBreaks.find((p) => p.glued.some((l) => l.start < inGlued && l.end > inGlued));
    assert.ok(glued, 'the line is named by a paragraph break');
    const typed = aroundHeading.slice(0, inGlued) + 'exactly ' + aroundHeading.slice(inGlued);
    const after = plan(typed);
    assert.equal(after.paragraphBreaks[0], before.paragraphBreaks[0], 'moved: a fix before the line is kept as it was');
    const line = after.paragraphBreaks.flatMap((p) => p.glued).find((l) => l.start < inGlued && l.end > inGlued)!;
    assert.ok(line.text.includes('exactly what happens inside'));
    assert.deepEqual(after, planPasteCleanup(typed));
  });

  it('is planned afresh when the edit makes the line read differently (a sentence end, a pipe, a line break)', () => {
    for (const insert of ['. ', ' | ', '\n']) {
      const plan = planner();
      const before = plan(mixed);
      const edited = mixed.slice(0, inProse) + insert + mixed.slice(inProse);
      const after = plan(edited);
      assert.deepEqual(after, planPasteCleanup(edited), JSON.stringify(insert));
      if (insert === '\n') assert.notEqual(after.headings[0], before.headings[0], 'a line break re-plans');
    }
  });

  // A long article of pasted parts with a paragraph line in the middle: the plan has
  // thousands of fixes, most of them after the edit.
  const longPasted = (() => {
    const parts = Array.from({ length: 200 }, () => pastedPart);
    parts.splice(100, 0, readFixture('paste', 'pasted-article.cleaned.md'));
    return `${parts.join('\n\n')}\n`;
  })();
  const inLongProse = longPasted.indexOf(' the ', longPasted.indexOf(readFixture('paste', 'pasted-article.cleaned.md').slice(0, 40)) + 200) + 1;
  const typedLong = (text: string, word: string) => text.slice(0, inLongProse) + word + text.slice(inLongProse);
  const pausesOf = <T>(steps: Generator<void, T>): { pauses: number; value: T } => {
    let pauses = 0;
    for (let r = steps.next(); ; r = steps.next(), pauses++) if (r.done) return { pauses, value: r.value };
  };

  it('moves a long article’s plan in steps (hovers are answered between them), to the plan made afresh', () => {
    const history = {};
    const before = runSteps(pastePlanFor({}, longPasted, history));
    const fixes = before.headings.length + before.paragraphBreaks.length + before.separators.length + before.tables.length + before.referenceLabels.length;
    assert.ok(fixes > 1000, `${fixes} fixes`);
    const edited = typedLong(longPasted, 'very ');
    const { pauses, value } = pausesOf(pastePlanFor({}, edited, history));
    assert.ok(pauses >= fixes / 256, `${pauses} pauses to move ${fixes} fixes`);
    assert.equal(value.headings[0], before.headings[0], 'moved, not planned afresh');
    assert.deepEqual(value, planPasteCleanup(edited));
  });

  it('a move stopped half-way, or overtaken by a move from the same version, leaves the next plans right', () => {
    const history = {};
    const before = runSteps(pastePlanFor({}, longPasted, history));
    const once = typedLong(longPasted, 'very ');
    // Stopped after a few steps (a newer version came): the next version moves from the last finished plan.
    const stopped = pastePlanFor({}, once, history);
    for (let i = 0; i < 3; i++) assert.equal(stopped.next().done, false);
    const twice = typedLong(longPasted, 'truly ');
    assert.deepEqual(runSteps(pastePlanFor({}, twice, history)), planPasteCleanup(twice));
    // Overtaken: a move of another version from the same plan runs to its end in between.
    const thrice = typedLong(twice, 'much ');
    const slow = pastePlanFor({}, thrice, history);
    for (let i = 0; i < 3; i++) assert.equal(slow.next().done, false);
    const fast = typedLong(twice, 'so ');
    assert.deepEqual(runSteps(pastePlanFor({}, fast, history)), planPasteCleanup(fast));
    assert.deepEqual(runSteps(slow), planPasteCleanup(thrice), 'the overtaken move is still right for its own text');
    // And the next plans, from the one the finished move left: in the edited line, and in a
    // line of a paragraph pasted without a blank line after it (found by the line index, whose
    // starts after the edit moved; a moved plan rewrites that line's text).
    const after = typedLong(fast, 'yes ');
    assert.deepEqual(runSteps(pastePlanFor({}, after, history)), planPasteCleanup(after));
    const glued = planPasteCleanup(after).paragraphBreaks.flatMap((p) => p.glued).find((l) => l.start > inLongProse && / the /.test(l.text))!;
    const later = glued.start + glued.text.indexOf(' the ') + 1;
    const afterLater = after.slice(0, later) + 'exactly ' + after.slice(later);
    const plan = runSteps(pastePlanFor({}, afterLater, history));
    assert.equal(plan.headings[0], before.headings[0], 'moved, not planned afresh');
    assert.deepEqual(plan, planPasteCleanup(afterLater));
  });
});

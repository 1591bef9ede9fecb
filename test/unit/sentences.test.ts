import assert from 'node:assert/strict';
import { splitSentences } from '../../server/src/core/sentences';

function split(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe('sentence splitting', () => {
  const cases: [string, string[]][] = [
    ['Exercise helps. Sleep matters! Does diet count? Yes.', ['Exercise helps.', 'Sleep matters!', 'Does diet count?', 'Yes.']],
    ['Pedersen et al. showed that IL-6 rises. It falls after.', ['Pedersen et al. showed that IL-6 rises.', 'It falls after.']],
    ['Foods high in fibre, e.g. oats, help. Others, i.e. sweets, do not.', ['Foods high in fibre, e.g. oats, help.', 'Others, i.e. sweets, do not.']],
    ['HIIT vs. steady cardio is debated. Both work.', ['HIIT vs. steady cardio is debated.', 'Both work.']],
    ['As Holloszy, J. O. proposed in 1967, training adds mitochondria. Later work agreed.', ['As Holloszy, J. O. proposed in 1967, training adds mitochondria.', 'Later work agreed.']],
    ['Glucose fell by 0.5 mmol/L. Insulin fell by 1.2 units.', ['Glucose fell by 0.5 mmol/L.', 'Insulin fell by 1.2 units.']],
    ['Take vitamin D. Then walk.', ['Take vitamin D.', 'Then walk.']],
    ['See Fig. 2 for details. Approx. 30 % improved.', ['See Fig. 2 for details.', 'Approx. 30 % improved.']],
    ['Uptake doubles.[3] Later it falls.', ['Uptake doubles.[3]', 'Later it falls.']],
    ['Uptake doubles. [@richter2013exercise] Later it falls.', ['Uptake doubles. [@richter2013exercise]', 'Later it falls.']],
    ['Uptake doubles.^2^ Later it falls.', ['Uptake doubles.^2^', 'Later it falls.']],
    ['"It works." She said so.', ['"It works."', 'She said so.']],
    ['A walk (about 30 min.) helps. Really.', ['A walk (about 30 min.) helps.', 'Really.']],
    ['Steps rose to 8,000. 150 minutes a week is the goal.', ['Steps rose to 8,000.', '150 minutes a week is the goal.']],
    ['Line one\ncontinues here. New one.', ['Line one\ncontinues here.', 'New one.']],
    ['Rich in vitamin\u00a0D. Then walk.', ['Rich in vitamin\u00a0D.', 'Then walk.']],
    ['Take vitamin A. Take vitamin B. Walk.', ['Take vitamin A.', 'Take vitamin B.', 'Walk.']],
    ['Ask Dr Smith J. Then call.', ['Ask Dr Smith J. Then call.']],
    ['J. Then call.', ['J. Then call.']],
    ['Wow?! Really!!! Yes... Fine.', ['Wow?!', 'Really!!!', 'Yes...', 'Fine.']],
    ['It works!!!x And more.', ['It works!!!x And more.']],
    ['', []],
    ['No full stop at the end', ['No full stop at the end']],
  ];
  for (const [input, expected] of cases) {
    it(`splits ${JSON.stringify(input.slice(0, 50))}`, () => assert.deepEqual(split(input), expected));
  }

  it('splits one very long paragraph (a 2 MB run of sentences) in one pass', () => {
    const text = 'Exercise raises GLUT4 by 20 %, e.g. in muscle. '.repeat(45000);
    assert.equal(splitSentences(text).length, 45000);
  });

  it('splits a paragraph of initials and a long run of stops in one pass each (both were quadratic)', () => {
    // Each single capital looked at all the text before it, and each stop of a run at the whole run.
    assert.equal(splitSentences('Take vitamin A. '.repeat(20000)).length, 20000);
    assert.equal(splitSentences(`Wow${'!'.repeat(200000)}x and ${'.'.repeat(200000)}y`).length, 1);
  });
});

import assert from 'node:assert/strict';
import { explainClaim, isClaim, scoreClaim, THRESHOLDS } from '../../server/src/core/claims';

const claim = (text: string, glossaryTerms = 0) => isClaim(scoreClaim({ text, glossaryTerms }), 'medium');

describe('claim scorer', () => {
  it('recognises effects, quantities, comparisons and risk language as claims', () => {
    assert.ok(claim('A single session of exercise raises glucose uptake for up to 48 hours.', 1));
    assert.ok(claim('Sleeping less than six hours is linked to higher mortality.'));
    assert.ok(claim('Resistance training may modestly improve insulin sensitivity in older adults.', 2));
    assert.ok(claim('Walking after meals can cut the glucose spike.'));
  });

  it('does not treat questions, instructions, meta-text, anecdotes or advice as claims', () => {
    assert.ok(!claim('Does exercise lower blood sugar?'));
    assert.ok(!claim('Take a ten-minute walk after dinner.'));
    assert.ok(!claim('If you have osteoporosis, ask a physiotherapist for a programme.'));
    assert.ok(!claim('This section explores how insulin sensitivity changes with training.', 1));
    assert.ok(!claim('I used to sit at my desk for ten hours a day.'));
    assert.ok(!claim('Talk to your doctor before changing your medication.'));
    assert.ok(!claim('Insulin sensitivity is simply how well your body responds to insulin.', 2));
  });

  it('explains why a sentence counts, strongest reasons first', () => {
    const score = scoreClaim({ text: 'Exercise reduces HbA1c by 0.6 % within 12 weeks.', glossaryTerms: 1 });
    assert.equal(explainClaim(score), "states an effect ('reduces'), with a quantity ('0.6 %'), mentions 1 glossary term");
  });

  it('orders thresholds so that higher sensitivity flags more', () => {
    assert.ok(THRESHOLDS.high < THRESHOLDS.medium && THRESHOLDS.medium < THRESHOLDS.low);
    const borderline = scoreClaim({ text: 'Muscle is an endocrine organ.', glossaryTerms: 1 });
    assert.ok(isClaim(borderline, 'high') || !isClaim(borderline, 'low'));
  });
});

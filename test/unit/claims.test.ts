import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { claimFeatures, compileClaimJudge, explainClaim, isClaim, quotePhrase, scoreClaim, scoreClaims } from '../../server/src/core/claims';
import { repoRoot } from '../support/fixtures';
import { bundledJudge } from '../support/lint';

const score = (text: string, glossaryTerms = 0) => scoreClaim({ text, glossaryTerms }, bundledJudge());
const claim = (text: string, glossaryTerms = 0) => isClaim(score(text, glossaryTerms), 'medium');

describe('claim scorer (fitted model)', () => {
  it('recognises effects, quantities, comparisons and risk language as claims', () => {
    assert.ok(claim('A single session of exercise raises glucose uptake for up to 48 hours.', 1));
    assert.ok(claim('Sleeping less than six hours is linked to higher mortality.'));
    assert.ok(claim('Resistance training may modestly improve insulin sensitivity in older adults.', 2));
    assert.ok(claim('Walking after meals can cut the glucose spike.'));
  });

  it('counts attributed claims without a reference as claims', () => {
    assert.ok(claim('According to the NIH, most adults do not get enough vitamin D.'));
    assert.ok(claim('Experts say that intermittent fasting lowers blood pressure.'));
    assert.ok(claim('Research shows that walking improves mood.'));
  });

  it('does not treat questions, instructions, meta-text, anecdotes, advice or disclaimers as claims', () => {
    assert.ok(!claim('Does exercise lower blood sugar?'));
    assert.ok(!claim('Take a ten-minute walk after dinner.'));
    assert.ok(!claim('If you have osteoporosis, ask a physiotherapist for a programme.'));
    assert.ok(!claim('This section explores how insulin sensitivity changes with training.', 1));
    assert.ok(!claim('I used to sit at my desk for ten hours a day.'));
    assert.ok(!claim('Talk to your doctor before changing your medication.'));
    assert.ok(!claim('These statements have not been evaluated by the Food and Drug Administration.'));
    assert.ok(!claim('Add two tablespoons of oats to the blender and stir well.'));
  });

  it('keeps every contribution on request, only the nameable ones by default, and the thresholds ordered', () => {
    const text = 'Exercise reduces HbA1c by 0.6 % within 12 weeks.';
    const all = scoreClaim({ text, glossaryTerms: 1 }, bundledJudge(), true);
    const ids = all.features.map((f) => f.id);
    assert.ok(ids.includes('effect') && ids.includes('quantity'));
    assert.equal(Math.round((all.alone - bundledJudge().data.bias - all.features.filter((f) => f.id !== 'context').reduce((a, f) => a + f.weight, 0)) * 1e6) + 0, 0);
    // What a document keeps per unit: the same score, and the strongest cues and words a message names.
    const kept = score(text, 1);
    assert.equal(kept.score, all.score);
    assert.ok(kept.features.length <= 7 && kept.features.length < all.features.length, `${kept.features.length} of ${all.features.length}`);
    assert.deepEqual(kept.features.slice(0, 2).map((f) => f.id), all.features.filter((f) => f.weight > 0.05).slice(0, 2).map((f) => f.id));
    assert.equal(explainClaim(kept), explainClaim(all));
    const t = bundledJudge().data.thresholds;
    assert.ok(t.high <= t.medium && t.medium <= t.low);
  });

  it('explains a warning with the words that triggered it, never cut inside a word', () => {
    const why = explainClaim(score('Walking after a meal blunts the rise in blood glucose.'));
    assert.match(why, /states an effect \(“blunts”\)/);
    assert.equal(quotePhrase('Physical activity refers to any bodily movement produced by skeletal muscles'), '“Physical activity refers to any bodily…”');
    assert.equal(quotePhrase('short phrase'), '“short phrase”');
  });

  it('extracts the same features the model was trained on (lexical words and pairs)', () => {
    const { values } = claimFeatures({ text: 'Garlic is a natural cure for colds.', glossaryTerms: 0 }, bundledJudge());
    assert.ok(values.has('w:garlic') && values.has('w:natural cure') && values.has('overclaim'));
  });

  it('needs a reason it can name: function words weigh in the score but are never the reason', () => {
    // A toy model over the bundled lexicon, so the test does not move with the fitted weights.
    const overclaims = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'overclaims.json'), 'utf8'));
    const base = bundledJudge().data;
    const judge = compileClaimJudge({ ...base, lexicon: { ...base.lexicon, functionWords: ['it', 'is', 'of'] }, weights: { 'w:of': 1, 'w:is of': 0.4, 'w:tastes': 0.5, 'w:mint': 0.2 }, bias: 0, thresholds: { low: 2, medium: 0.9, high: 0.5 }, minReason: 0.3, context: undefined }, overclaims);
    const tastes = scoreClaim({ text: 'It tastes of mint.', glossaryTerms: 0 }, judge);
    assert.equal(tastes.strongestReason, 0.5);
    assert.ok(isClaim(tastes, 'medium'));
    assert.deepEqual(tastes.features.map((f) => f.id), ['w:tastes', 'w:mint']);
    assert.match(explainClaim(tastes), /“tastes”/);
    assert.doesNotMatch(explainClaim(tastes), /“of”/);
    // Above the threshold on "of" and "is of" alone (the strongest nameable reason, "mint", is under the gate): not a claim.
    const of = scoreClaim({ text: 'It is of mint.', glossaryTerms: 0 }, judge);
    assert.ok(of.score >= of.thresholds.medium, String(of.score));
    assert.equal(of.reasoned, false);
    assert.ok(!isClaim(of, 'high'));
    // Every contribution is still there on request, function words included.
    assert.ok(scoreClaim({ text: 'It is of mint.', glossaryTerms: 0 }, judge, true).features.some((f) => f.id === 'w:of'));
  });

  it('reads a sentence with its paragraph: between two claims it scores higher than alone, and the message says why', () => {
    // A toy model (two words and a context stage), so the test does not move with the fitted weights.
    const overclaims = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'overclaims.json'), 'utf8'));
    const base = bundledJudge().data;
    const context = { bias: 0, self: 1, previous: 0.5, next: 0.5, others: 0, hasPrevious: 0, hasNext: 0, hasOthers: 0 };
    const judge = compileClaimJudge({ ...base, weights: { 'w:soothes': 3, 'w:walk': 0.1 }, bias: -1, thresholds: { low: 1, medium: 0, high: -1 }, minReason: 0, context }, overclaims);
    const claimText = { text: 'Tea soothes sore throats.', glossaryTerms: 0 };
    const walk = { text: 'We walk to the shop.', glossaryTerms: 0 };
    const alone = scoreClaim(walk, judge);
    assert.equal(Math.round(alone.score * 1000), -900);
    assert.ok(!isClaim(alone, 'medium'));
    const [first, between, last] = scoreClaims([claimText, walk, claimText], judge);
    assert.equal(Math.round(between.alone * 1000), -900);
    assert.equal(Math.round(between.score * 1000), 1100); // −0.9 + 0.5 × 2 + 0.5 × 2
    assert.ok(isClaim(between, 'medium'));
    assert.match(explainClaim(between), /its paragraph makes other claims/);
    assert.equal(Math.round(first.score * 1000), 1550); // 2 + 0.5 × −0.9
    assert.equal(Math.round(last.score * 1000), 1550);
    // Without a context stage, a sentence scores the same in a paragraph as alone.
    const plain = compileClaimJudge({ ...judge.data, context: undefined }, overclaims);
    const paragraph = [claimText, walk, claimText];
    assert.deepEqual(scoreClaims(paragraph, plain).map((x) => x.score), paragraph.map((u) => scoreClaim(u, plain).score));
  });
});

import { explainClaim, isClaim } from '../../claims';
import type { Rule } from '../types';

/**
 * HM001: a sentence (or table row) that makes a health claim with no citation. An uncited
 * overclaim ("This tea cures cancer.") is always one, whatever the score.
 */
export const uncitedClaim: Rule = {
  names: ['HM001', 'uncited-claim'],
  description: 'A sentence makes a health claim without a citation from the curated list',
  tags: ['claims', 'citations'],
  defaultSeverity: 'warning',
  unitLocal: true,
  check(model, options, report) {
    if (!model.claimsChecked) return;
    for (const unit of model.units) {
      if (unit.cited || unit.suppressed || unit.foreign) continue;
      const overclaim = unit.score.overclaims[0];
      if (!overclaim && !isClaim(unit.score, options.sensitivity)) continue;
      const why = isClaim(unit.score, options.sensitivity) ? explainClaim(unit.score) : `promises more than evidence can give (“${overclaim.text}”)`;
      report({
        start: unit.start,
        end: unit.end,
        message: `Uncited claim — ${why}.`,
        lazyFixes: { kind: 'cite-claim', claim: unit.text, insertAt: unit.insertAt, afterSentence: unit.afterUnit, ignoreAt: unit.afterUnit },
      });
    }
  },
};

import { explainClaim, isClaim } from '../../claims';
import type { Rule } from '../types';

/** HM001: a sentence (or table row) that makes a health claim with no citation. */
export const uncitedClaim: Rule = {
  names: ['HM001', 'uncited-claim'],
  description: 'A sentence makes a health claim without a citation from the curated list',
  tags: ['claims', 'citations'],
  defaultSeverity: 'warning',
  check(model, options, report) {
    for (const unit of model.units) {
      if (unit.cited || unit.suppressed || !isClaim(unit.score, options.sensitivity)) continue;
      report({
        start: unit.start,
        end: unit.end,
        message: `Uncited claim: ${explainClaim(unit.score)}.`,
        lazyFixes: { kind: 'cite-claim', claim: unit.text, insertAt: unit.insertAt, afterSentence: unit.afterUnit, ignoreAt: unit.afterUnit },
      });
    }
  },
};

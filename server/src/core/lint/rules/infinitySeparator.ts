import { pastePlanFor } from '../../pasteCleanup';
import type { Rule } from '../types';

/**
 * HM015: `∞` standing where a colon or a dash was, as web pages leave it in copied text
 * ("Glucose Uptake ∞ contraction moves GLUT4…", "Muscles, exercise and obesity ∞ skeletal
 * muscle as a secretory organ"). Infinity itself ("→ ∞", "from 0 to ∞") and the "Meaning ∞"
 * of a glossary tooltip (glossary-artifact) are left alone. Two in one sentence are dashes
 * around an aside; one alone is a colon.
 */
export const infinitySeparator: Rule = {
  names: ['HM015', 'infinity-separator'],
  description: '"∞" used as a separator where a colon or a dash was (text pasted from a web page)',
  tags: ['paste-cleanup'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    const plan = yield* pastePlanFor(model, model.text, model.cache, model.blocks);
    for (const s of plan.separators) {
      const what = s.replacement === 'colon' ? 'a colon' : 'a dash';
      report({
        start: s.at,
        end: s.at + 1,
        message: `“∞” stands where ${what} was: a separator pasted from a web page.`,
        fixes: [{ title: `Replace “∞” with ${what}`, edits: s.edits, isPreferred: true }],
      });
    }
  },
};

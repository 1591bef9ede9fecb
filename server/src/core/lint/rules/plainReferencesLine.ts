import { pastePlanFor } from '../../pasteCleanup';
import type { Rule } from '../types';

/**
 * HM016: the reference list follows a plain "References" line (also "**Sources:**" and the
 * like), as pasted text leaves it. Healthmark already reads the list after such a line; in the
 * rendered article, though, the line is glued to the text around it. The fix makes it a
 * heading at the level of the document's sections.
 */
export const plainReferencesLine: Rule = {
  names: ['HM016', 'plain-references-line'],
  description: 'The reference list follows a plain "References" line rather than a heading',
  tags: ['paste-cleanup'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    const plan = yield* pastePlanFor(model, model.text, model.cache, model.blocks);
    for (const r of plan.referenceLabels) {
      const start = r.line.start + /^[ \t]*/.exec(r.line.text)![0].length;
      const markup = `${'#'.repeat(r.level)} ${r.title}`;
      report({
        start,
        end: r.line.start + r.line.text.trimEnd().length,
        message: `“${r.line.text.trim()}” is a plain line, not a heading: the reference list runs on from the text above it.`,
        fixes: [{ title: `Make it a heading: “${markup}”`, edits: r.edits, isPreferred: true }],
      });
    }
  },
};

import { pastePlanFor } from '../../pasteCleanup';
import type { Rule } from '../types';

/**
 * HM013: a line that reads as a heading — short, title-like, no end punctuation, followed by
 * prose — but is plain text, as headings arrive in text pasted from a web page. The level
 * comes from the document's own structure: its first line is the title (when it has no level-1
 * heading), a section name followed directly by a title ("Fundamentals", then "Why Muscle
 * Matters") is a section, and the titles under it are one level deeper.
 */
export const unmarkedHeading: Rule = {
  names: ['HM013', 'unmarked-heading'],
  description: 'A line that reads as a heading (short, title-like, no end punctuation, followed by prose) is plain text',
  tags: ['paste-cleanup'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    const plan = yield* pastePlanFor(model, model.text, model.cache, model.blocks);
    for (const h of plan.headings) {
      const start = h.line.start + /^[ \t]*/.exec(h.line.text)![0].length;
      const markup = `${'#'.repeat(h.level)} ${h.title}`;
      report({
        start,
        end: h.line.start + h.line.text.trimEnd().length,
        message: `“${h.title}” reads as a heading but is plain text: Markdown runs it into the text around it.`,
        fixes: [{ title: `Make it a level-${h.level} heading: “${markup}”`, edits: h.edits, isPreferred: true }],
      });
    }
  },
};

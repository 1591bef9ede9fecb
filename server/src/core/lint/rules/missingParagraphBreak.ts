import { pastePlanFor } from '../../pasteCleanup';
import type { Rule } from '../types';

/**
 * HM012: paragraphs pasted one per line with no blank line between them. Markdown joins such
 * lines into one paragraph (and the lines after a list item into that item, and the lines
 * after a table into its rows). One finding per run of glued paragraphs; the fix inserts the
 * blank lines. Hard-wrapped paragraphs (every line short) are left alone.
 */
export const missingParagraphBreak: Rule = {
  names: ['HM012', 'missing-paragraph-break'],
  description: 'Paragraphs pasted without a blank line between them, which Markdown joins into one',
  tags: ['paste-cleanup'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    const plan = yield* pastePlanFor(model, model.text, model.cache, model.blocks);
    for (const run of plan.paragraphBreaks) {
      const first = run.glued[0];
      const n = run.glued.length;
      report({
        start: first.start + /^[ \t]*/.exec(first.text)![0].length,
        end: first.start + first.text.trimEnd().length,
        message:
          n === 1
            ? 'No blank line before this paragraph: Markdown joins it to the text above.'
            : `${n + 1} paragraphs follow one another without blank lines: Markdown joins them into one.`,
        fixes: [{ title: n === 1 ? 'Insert a blank line before the paragraph' : `Insert ${n} blank lines between the paragraphs`, edits: run.edits, isPreferred: true }],
      });
    }
  },
};

import { pastePlanFor } from '../../pasteCleanup';
import type { Rule } from '../types';

/**
 * HM014: a table pasted with one cell per line, each ending in " |", after a `---|---|---|`
 * line: Markdown shows every cell as a row of its own. The fix rebuilds GFM rows from the
 * header's column count, with the same cells in the same order.
 */
export const brokenTable: Rule = {
  names: ['HM014', 'broken-table'],
  description: 'A table broken into one cell per line, which Markdown shows as one-cell rows',
  tags: ['paste-cleanup'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    const plan = yield* pastePlanFor(model, model.text, model.cache, model.blocks);
    for (const t of plan.tables) {
      const extra = t.cells % t.columns === 0 ? '' : ` (the last row gets ${t.columns - (t.cells % t.columns)} empty cell${t.columns - (t.cells % t.columns) === 1 ? '' : 's'})`;
      report({
        // The header's text, not the indentation before it.
        start: t.first.start + /^[ \t]*/.exec(t.first.text)![0].length,
        end: t.first.start + t.first.text.trimEnd().length,
        message: `Table broken into one cell per line: ${t.cells} cells under a ${t.columns}-column header, which Markdown shows as rows of one cell.`,
        fixes: [{ title: `Rebuild the table: ${t.rows} row${t.rows === 1 ? '' : 's'} of ${t.columns} columns${extra}`, edits: t.edits, isPreferred: true }],
      });
    }
  },
};

import { pacer } from '../../steps';
import type { Rule } from '../types';

/** HM007: a citation of a record the curated list marks as retracted. */
export const retractedCitation: Rule = {
  names: ['HM007', 'retracted-citation'],
  description: 'A citation points to a retracted record',
  tags: ['citations'],
  defaultSeverity: 'warning',
  *check(model, options, report) {
    const pauseDue = pacer(512);
    for (const c of model.citations) {
      if (pauseDue()) yield;
      if (!c.record?.retracted) continue;
      const replacement = c.record.supersededBy ? options.library.byId.get(c.record.supersededBy) : undefined;
      const t = c.item.target;
      report({
        start: c.start,
        end: Math.max(c.end, c.start + 1),
        message: `Retracted source: ${c.record.id} was retracted${replacement ? `; cite ${replacement.id}, which supersedes it` : ''}.`,
        fixes:
          replacement && t.type === 'key'
            ? [{ title: `Replace with @${replacement.id}`, edits: [{ start: c.end - t.value.length, end: c.end, newText: replacement.id }], isPreferred: true }]
            : [],
      });
    }
  },
};

import { pacer } from '../../steps';
import type { Rule } from '../types';

/** HM005: a References entry that nothing in the text cites. */
export const unusedReference: Rule = {
  names: ['HM005', 'unused-reference'],
  description: 'A References entry is never cited in the text',
  tags: ['references'],
  defaultSeverity: 'information',
  *check(model, _options, report) {
    if (model.citations.length === 0) return; // a reading list, not a reference list
    const citedRecords = new Set(model.citations.filter((c) => c.record).map((c) => c.record!.id));
    const citedNumbers = new Set(model.citations.filter((c) => c.item.target.type === 'number').map((c) => (c.item.target as { value: number }).value));
    const pauseDue = pacer(256);
    for (const ref of model.references) {
      if (pauseDue()) yield;
      const used = ref.entry.number !== undefined && model.style === 'numbered' ? citedNumbers.has(ref.entry.number) : ref.match.kind !== 'none' && citedRecords.has(ref.match.record.id);
      if (used || (ref.match.kind === 'none' && ref.entry.number === undefined)) continue;
      report({ start: ref.start, end: ref.end, message: 'Unused reference: nothing in the text cites this entry.' });
    }
  },
};

import { pacer } from '../../steps';
import type { Rule } from '../types';

/** HM003: a footnote marker with no definition, or a number with no References entry. */
export const unresolvedReference: Rule = {
  names: ['HM003', 'unresolved-reference'],
  description: 'A footnote or numbered citation has no definition or References entry',
  tags: ['citations'],
  defaultSeverity: 'error',
  *check(model, _options, report) {
    const pauseDue = pacer(512);
    for (const c of model.citations) {
      if (pauseDue()) yield;
      if (c.status !== 'unresolved') continue;
      const t = c.item.target;
      const message =
        t.type === 'footnote'
          ? `Unresolved reference: footnote [^${t.value}] has no definition.`
          : `Unresolved reference: [${t.type === 'number' ? t.value : ''}] has no entry in the numbered References list (it has ${model.numbered.size}).`;
      report({ start: c.start, end: Math.max(c.end, c.start + 1), message });
    }
  },
};

import { shortLabel } from '../../citations/format';
import type { Rule } from '../types';

/** HM004: a References entry that matches no curated record, or misstates one. */
export const uncuratedReference: Rule = {
  names: ['HM004', 'uncurated-reference'],
  description: 'A References entry matches no curated record, or gets its authors or year wrong',
  tags: ['references'],
  defaultSeverity: 'warning',
  check(model, _options, report) {
    for (const ref of model.references) {
      if (ref.match.kind === 'curated') continue;
      const message =
        ref.match.kind === 'mismatch'
          ? `Uncurated reference: this entry looks like "${ref.match.record.item.title}" (${shortLabel(ref.match.record)}), but its ${ref.match.problems.join('; ')}.`
          : 'Uncurated reference: this entry matches no record in the curated list (by identifier, key or title).';
      report({ start: ref.start, end: ref.end, message });
    }
    for (const f of model.footnotes.values()) {
      if (f.record || !f.looksLikeReference) continue;
      report({ start: f.start, end: f.end, message: `Uncurated reference: footnote [^${f.identifier}] cites a source that matches no curated record.` });
    }
  },
};

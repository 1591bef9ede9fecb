import { aboutRecord, citationFit, sentenceTopics, sharedTopics } from '../../citations/fit';
import { shortLabel } from '../../citations/format';
import { suggestCitations } from '../../citations/suggest';
import type { FixAction } from '../types';
import type { Rule } from '../types';
import type { Fit } from '../../citations/fit';
import { blockMemo } from '../model';

/**
 * HM010: a cited curated record that shares no subject with its sentence and ranks far
 * below the records that fit it. Names what the record is about and offers the best-fitting
 * records instead.
 */
export const citationMismatch: Rule = {
  names: ['HM010', 'citation-mismatch'],
  description: 'A cited record is about another subject than its sentence',
  tags: ['citations'],
  defaultSeverity: 'warning',
  unitLocal: true,
  check(model, options, report) {
    for (const unit of model.units) {
      // Most sentences cite nothing: skipped before their (shared, frozen) empty list is iterated.
      if (unit.suppressed || unit.kind !== 'sentence' || unit.citations.length === 0) continue;
      for (const c of unit.citations) {
        if (!c.record || c.record.retracted) continue;
        // A paragraph-scope citation covers sentences it was not written for: judge it by its
        // own sentence only, the one its marker is in (as sentence scope gives it: citationsWithin).
        if (c.placed !== unit.placed || c.citation.start < unit.proseStart || c.citation.start > unit.proseStart + unit.text.length) continue;
        const record = c.record;
        const fit = blockMemo<Fit>(model, unit.placed.block, `fit\u0000${record.id}`, () => citationFit(unit.text, record, options.library, options.glossary, unit.placed.block.text), unit.text);
        if (fit.fits) continue;
        // The better matches depend on the sentence and the data only: computed once per block.
        const better = blockMemo(model, unit.placed.block, `better\u0000${record.id}`, () => {
          const topics = sentenceTopics(unit.text, options.glossary);
          return suggestCitations(unit.text, options.library, options.glossary, 6)
            .filter((s) => s.record.id !== record.id && sharedTopics(topics, s.record, options.library, options.glossary, true).length > 0)
            .slice(0, 3);
        }, unit.text);
        const t = c.item.target;
        const fixes: FixAction[] =
          t.type === 'key'
            ? better.map((s, i) => ({ title: `Cite ${shortLabel(s.record)} instead — ${s.record.item.title}`, edits: [{ start: c.end - t.value.length, end: c.end, newText: s.record.id }], isPreferred: i === 0 }))
            : [];
        report({
          start: c.start,
          end: Math.max(c.end, c.start + 1),
          message: `Citation mismatch — ${shortLabel(c.record)} is about ${aboutRecord(c.record)}, which shares no subject with this sentence.${better.length ? ` Better matches: ${better.map((s) => shortLabel(s.record)).join('; ')}.` : ' No curated record fits it.'}`,
          fixes,
        });
      }
    }
  },
};

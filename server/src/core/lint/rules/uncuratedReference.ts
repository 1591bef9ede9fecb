import { entryStyle, formatEntry } from '../../citations/entryFields';
import { shortLabel } from '../../citations/format';
import { pacer } from '../../steps';
import type { FixAction, Rule } from '../types';

const STYLE_NAMES = { apa: 'APA', vancouver: 'Vancouver', mla: 'MLA', chicago: 'Chicago', harvard: 'Harvard' } as const;

/** HM004: a References entry that matches no curated record, or misstates one. */
export const uncuratedReference: Rule = {
  names: ['HM004', 'uncurated-reference'],
  description: 'A References entry matches no curated record, or gets its authors or year wrong',
  tags: ['references'],
  defaultSeverity: 'warning',
  *check(model, _options, report) {
    // Entries of a long list each get a rewrite checked: a pause every few.
    const pauseDue = pacer(32);
    for (const ref of model.references) {
      if (pauseDue()) yield;
      if (ref.match.kind === 'curated') continue;
      const message =
        ref.match.kind === 'mismatch'
          ? `Uncurated reference: this entry looks like "${ref.match.record.item.title}" (${shortLabel(ref.match.record)}), but its ${ref.match.problems.join('; ')}.`
          : 'Uncurated reference: this entry matches no record in the curated list (by identifier, key or title).';
      const fixes: FixAction[] = [];
      if (ref.match.kind === 'mismatch') {
        // Rewrite the entry from the record, in the entry's own style, keeping its "[1] " or "1. " label.
        const prefix = /^\s*(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s+)?/.exec(ref.entry.text)![0];
        // An entry is whole lines: replace up to the end of its last source line (a trailing autolink included).
        let end = model.text.indexOf('\n', Math.max(ref.start, ref.end - 1));
        if (end === -1) end = model.text.length;
        while (end > ref.start && /\s/.test(model.text[end - 1])) end--;
        end = Math.max(end, ref.end);
        const source = model.text.slice(ref.start, end);
        const at = prefix && source.startsWith(prefix) ? ref.start + prefix.length : ref.start;
        const style = entryStyle(ref.entry.text);
        const rewritten = formatEntry(ref.match.record, style, /[*_]/.test(source));
        if (model.text.slice(at, end) !== rewritten) {
          fixes.push({ title: `Rewrite the entry from the curated record (${STYLE_NAMES[style]} style)`, edits: [{ start: at, end, newText: rewritten }], isPreferred: true });
        }
      }
      report({ start: ref.start, end: ref.end, message, fixes });
    }
    for (const f of model.footnotes.values()) {
      if (f.record || !f.looksLikeReference) continue;
      report({ start: f.start, end: f.end, message: `Uncurated reference: footnote [^${f.identifier}] cites a source that matches no curated record.` });
    }
  },
};

import { causalWording, evidenceName, humanOutcomeClaim, isMechanisticOnly, isObservationalOnly } from '../../citations/fit';
import type { CuratedRecord } from '../../citations/library';
import { quotePhrase } from '../../claims';
import type { FixAction } from '../types';
import type { Rule } from '../types';
import { blockMemo, type ResolvedCitation } from '../model';

/** "In mice, " for a mouse study: the scope the evidence supports. */
function scopePhrase(records: CuratedRecord[]): string | undefined {
  const e = records[0].evidenceInfo!;
  if (e.design === 'cell') return 'In cell studies, ';
  if (e.design === 'animal' && e.species) return `In ${e.species.split(/\s+and\s+/)[0]}, `;
  return undefined;
}

/**
 * The records a sentence cites, each once (by id, in the order first cited; the last of
 * several objects with one id). A loop over a short list: this runs for every cited sentence
 * on every keystroke.
 */
function citedRecords(citations: readonly ResolvedCitation[]): CuratedRecord[] {
  const records: CuratedRecord[] = [];
  for (const c of citations) {
    const record = c.record;
    if (!record) continue;
    const at = records.findIndex((r) => r.id === record.id);
    if (at === -1) records.push(record);
    else records[at] = record;
  }
  return records;
}

/**
 * HM009: a sentence that promises an outcome in people (prevents, cures, lowers risk, helps
 * people lose weight…) whose only support is animal, cell or mechanistic work; and, as a
 * hint, causal wording ("cuts your risk") resting only on observational studies.
 */
export const weakEvidence: Rule = {
  names: ['HM009', 'weak-evidence'],
  description: 'A claim about people rests only on animal, cell or mechanistic work, or causal wording rests only on observational studies',
  tags: ['citations', 'evidence'],
  defaultSeverity: 'warning',
  unitLocal: true,
  check(model, _options, report) {
    for (const unit of model.units) {
      // Most sentences cite nothing: skip them before building anything.
      if (unit.suppressed || unit.kind !== 'sentence' || unit.citations.length === 0) continue;
      const records = citedRecords(unit.citations);
      if (records.length === 0 || records.some((r) => !r.evidenceInfo)) continue;
      // The wording depends on the sentence only: read once per block.
      const wording = blockMemo(model, unit.placed.block, 'wording', () => ({ outcome: humanOutcomeClaim(unit.text), causal: causalWording(unit.text) }), unit.text);
      const outcome = wording.outcome;
      if (outcome && records.every(isMechanisticOnly)) {
        const names = records.map(evidenceName).join('; ');
        const scope = scopePhrase(records);
        const fixes: FixAction[] = [];
        const first = model.text.slice(unit.start, unit.start + 1);
        if (scope && /\p{Lu}/u.test(first) && !/^\p{Lu}{2}/u.test(model.text.slice(unit.start, unit.start + 2))) {
          fixes.push({ title: `Scope it to the evidence: “${scope}…”`, edits: [{ start: unit.start, end: unit.start + 1, newText: `${scope}${first.toLowerCase()}` }], isPreferred: true });
        }
        report({
          start: unit.start,
          end: unit.end,
          message: `Weak evidence — the sentence promises an outcome in people (${quotePhrase(outcome)}), but the cited evidence is from ${names}. Scope the sentence to that evidence or cite a human trial, cohort, meta-analysis or guideline.`,
          fixes,
        });
        continue;
      }
      const causal = wording.causal;
      if (causal && records.every(isObservationalOnly)) {
        report({
          start: unit.start,
          end: unit.end,
          severity: 'information',
          message: `Causal wording on observational evidence — ${quotePhrase(causal)} says cause, but the cited evidence (${records.map((r) => r.evidenceInfo!.summary).join('; ')}) can show an association, not a cause. Consider “is linked to”.`,
        });
      }
    }
  },
};

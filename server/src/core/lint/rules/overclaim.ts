import { quotePhrase } from '../../claims';
import { findOverclaims, type OverclaimHit } from '../../overclaims';
import { eachInSteps } from '../../steps';
import { absolute, blockMemo, type PlacedBlock } from '../model';
import type { FixAction } from '../types';
import type { Rule } from '../types';

/**
 * HM008: wording that promises more than evidence can give ("cures", "detoxifies",
 * "clinically proven"), and disease claims for foods and supplements. Fires even on a cited
 * sentence: a citation does not make "cures" true. The fix rewords only the matched words.
 */
export const overclaim: Rule = {
  names: ['HM008', 'overclaim'],
  description: 'Wording promises more than evidence can give, or a food or supplement claims to prevent, treat or cure a disease',
  tags: ['claims'],
  defaultSeverity: 'warning',
  *check(model, options, report) {
    if (!model.claimsChecked) return;
    const emit = (placed: PlacedBlock, offset: number, hit: OverclaimHit) => {
      const { start, end } = absolute(placed, offset + hit.start, offset + hit.end);
      const what = hit.kind === 'disease-claim' ? 'Disease claim' : 'Overclaim';
      const fixes: FixAction[] = [];
      const original = model.text.slice(start, end);
      // Reword only when the source holds exactly the words matched (no markup in between).
      if (hit.rewrite && original.toLowerCase() === placed.block.text.slice(offset + hit.start, offset + hit.end).toLowerCase()) {
        fixes.push({ title: `Reword: ${quotePhrase(original)} → ${quotePhrase(hit.rewrite)}`, edits: [{ start, end, newText: hit.rewrite }], isPreferred: true });
      }
      report({ start, end, message: `${what} — ${quotePhrase(hit.text, 60)}: ${hit.why}.`, fixes });
    };
    // Every unit and heading of the document: in steps.
    yield* eachInSteps(
      model.units.length,
      (index) => {
        const unit = model.units[index];
        if (unit.suppressed || unit.foreign) return;
        if (unit.kind === 'sentence') {
          for (const hit of unit.score.overclaims) emit(unit.placed, unit.proseStart ?? 0, hit);
        } else if (unit.score.overclaims.length > 0) {
          for (const cell of unit.cells ?? []) for (const hit of blockMemo(model, cell.block, 'overclaims', () => findOverclaims(cell.block.text, options.claims.overclaims))) emit(cell, 0, hit);
        }
      },
      256,
    );
    yield* eachInSteps(
      model.blocks.length,
      (index) => {
        const placed = model.blocks[index];
        if (placed.block.kind !== 'heading' || placed.inReferences) return;
        for (const hit of blockMemo(model, placed.block, 'overclaims', () => findOverclaims(placed.block.text, options.claims.overclaims))) emit(placed, 0, hit);
      },
      256,
    );
  },
};

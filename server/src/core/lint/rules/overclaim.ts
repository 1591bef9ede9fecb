import { quotePhrase } from '../../claims';
import { findOverclaims, type OverclaimHit } from '../../overclaims';
import { inSteps } from '../../steps';
import { absolute, blockMemo, type DocumentModel, type PlacedBlock } from '../model';
import type { FixAction, LintOptions, Report, Rule } from '../types';

/** What the overclaim passes share (an object literal; the passes are functions defined once: see inSteps in core/steps.ts). */
interface OverclaimPass {
  model: DocumentModel;
  options: LintOptions;
  report: Report;
}

function emit(pass: OverclaimPass, placed: PlacedBlock, offset: number, hit: OverclaimHit): void {
  const { start, end } = absolute(placed, offset + hit.start, offset + hit.end);
  const what = hit.kind === 'disease-claim' ? 'Disease claim' : 'Overclaim';
  const fixes: FixAction[] = [];
  const original = pass.model.text.slice(start, end);
  // Reword only when the source holds exactly the words matched (no markup in between).
  if (hit.rewrite && original.toLowerCase() === placed.block.text.slice(offset + hit.start, offset + hit.end).toLowerCase()) {
    fixes.push({ title: `Reword: ${quotePhrase(original)} → ${quotePhrase(hit.rewrite)}`, edits: [{ start, end, newText: hit.rewrite }], isPreferred: true });
  }
  pass.report({ start, end, message: `${what} — ${quotePhrase(hit.text, 60)}: ${hit.why}.`, fixes });
}

/** Pass: the overclaims of unit `index` (a table row's, cell by cell). */
function unitOverclaims(this: OverclaimPass, index: number): void {
  const { model, options } = this;
  const unit = model.units[index];
  if (unit.suppressed || unit.foreign) return;
  if (unit.kind === 'sentence') {
    for (const hit of unit.score.overclaims) emit(this, unit.placed, unit.proseStart, hit);
  } else if (unit.score.overclaims.length > 0) {
    for (const cell of unit.cells ?? []) for (const hit of blockMemo(model, cell.block, 'overclaims', () => findOverclaims(cell.block.text, options.claims.overclaims))) emit(this, cell, 0, hit);
  }
}

/** Pass: the overclaims of block `index` if it is a heading. */
function headingOverclaims(this: OverclaimPass, index: number): void {
  const { model, options } = this;
  const placed = model.blocks[index];
  if (placed.block.kind !== 'heading' || placed.inReferences) return;
  for (const hit of blockMemo(model, placed.block, 'overclaims', () => findOverclaims(placed.block.text, options.claims.overclaims))) emit(this, placed, 0, hit);
}

/** Steps of unitOverclaims (see inSteps in core/steps.ts): 256 units each. */
function unitsFrom(this: OverclaimPass, from: number): number {
  const end = Math.min(this.model.units.length, from + 256);
  for (let i = from; i < end; i++) unitOverclaims.call(this, i);
  return end;
}

/** Steps of headingOverclaims: 256 blocks each. */
function headingsFrom(this: OverclaimPass, from: number): number {
  const end = Math.min(this.model.blocks.length, from + 256);
  for (let i = from; i < end; i++) headingOverclaims.call(this, i);
  return end;
}

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
    const pass: OverclaimPass = { model, options, report };
    // Every unit and heading of the document: in steps.
    yield* inSteps(model.units.length, unitsFrom, pass);
    yield* inSteps(model.blocks.length, headingsFrom, pass);
  },
};

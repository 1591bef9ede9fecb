/**
 * "Clean up pasted article": every paste-cleanup fix of a document (and the removal of pasted
 * glossary tooltips) as one edit — the `source.fixAll.healthmark` code action and the
 * *Healthmark: Clean up pasted article* command. Only restructures: blank lines, heading and
 * table markup, punctuation for `∞`; the author's words stay in order, and cleaning a cleaned
 * document changes nothing.
 */
import { PASTE_CLEANUP_TAG } from '../pasteCleanup';
import { rules } from './rules';
import type { Finding, OffsetEdit } from './types';

/** The rules whose fixes the clean-up applies: the paste-cleanup tag and the tooltip rule. */
export function cleanupRuleCodes(): Set<string> {
  const codes = new Set<string>();
  for (const r of rules) if (r.tags.includes(PASTE_CLEANUP_TAG) || r.names[1] === 'glossary-artifact') codes.add(r.names[1]);
  return codes;
}

const sameEdit = (a: OffsetEdit, b: OffsetEdit) => a.start === b.start && a.end === b.end && a.newText === b.newText;

/** Two edits that cannot both apply: their ranges share a character, or an insertion falls strictly inside a replaced range. */
function conflicts(a: OffsetEdit, b: OffsetEdit): boolean {
  if (a.start === a.end && b.start === b.end) return false; // insertions at one place: concatenated in order
  if (a.start === a.end) return a.start > b.start && a.start < b.end;
  if (b.start === b.end) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

/** Sorts non-conflicting edits and joins insertions at one offset (in the order given). */
export function normalizeEdits(edits: OffsetEdit[]): OffsetEdit[] {
  const indexed = edits.map((e, i) => ({ e, i }));
  indexed.sort((x, y) => x.e.start - y.e.start || (x.e.end - x.e.start === 0 ? 0 : 1) - (y.e.end - y.e.start === 0 ? 0 : 1) || x.i - y.i);
  const out: OffsetEdit[] = [];
  for (const { e } of indexed) {
    const last = out[out.length - 1];
    if (last && last.start === last.end && e.start === e.end && last.start === e.start) out[out.length - 1] = { ...last, newText: last.newText + e.newText };
    else out.push({ ...e });
  }
  return out;
}

/** Applies sorted, non-overlapping edits. */
export function applyOffsetEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = normalizeEdits(edits);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * The preferred fix of every clean-up finding, merged: identical edits (a blank line two fixes
 * both want) once; a fix that conflicts with one already taken is left for the next round.
 */
export function mergeCleanupFixes(findings: Finding[], codes = cleanupRuleCodes()): { edits: OffsetEdit[]; fixes: number; deferred: number } {
  const taken: OffsetEdit[] = [];
  let fixes = 0;
  let deferred = 0;
  for (const f of findings) {
    if (!codes.has(f.code)) continue;
    const usable = (f.fixes ?? []).filter((x) => !x.disabledReason && x.edits.length > 0);
    const fix = usable.find((x) => x.isPreferred) ?? usable[0];
    if (!fix) continue;
    const fresh = fix.edits.filter((e) => !taken.some((t) => sameEdit(t, e)));
    if (fresh.some((e) => taken.some((t) => conflicts(t, e)))) {
      deferred++;
      continue;
    }
    taken.push(...fresh);
    fixes++;
  }
  return { edits: normalizeEdits(taken), fixes, deferred };
}

/**
 * Composes two rounds of edits into edits of the original text: `first` applies to `text`,
 * `second` to the result. Regions the rounds both touch become one replacement.
 */
export function composeEdits(text: string, first: OffsetEdit[], second: OffsetEdit[]): OffsetEdit[] {
  const a = normalizeEdits(first);
  const b = normalizeEdits(second);
  const middle = applyOffsetEdits(text, a);
  let delta = 0;
  // Where each first-round edit landed in the middle text.
  const images = a.map((e) => {
    const s = e.start + delta;
    delta += e.newText.length - (e.end - e.start);
    return { s, e: s + e.newText.length, change: e.newText.length - (e.end - e.start) };
  });
  const spans = [...images.map((im, i) => ({ s: im.s, e: im.e, image: i })), ...b.map((e) => ({ s: e.start, e: e.end, image: -1 }))].sort((x, y) => x.s - y.s || x.e - y.e);
  const out: OffsetEdit[] = [];
  let before = 0; // size change of the first round before the current cluster
  for (let i = 0; i < spans.length; ) {
    let s = spans[i].s;
    let e = spans[i].e;
    let change = 0;
    let j = i;
    for (; j < spans.length && spans[j].s <= e; j++) {
      e = Math.max(e, spans[j].e);
      s = Math.min(s, spans[j].s);
      if (spans[j].image >= 0) change += images[spans[j].image].change;
    }
    const inner = b.filter((x) => x.start >= s && x.end <= e).map((x) => ({ ...x, start: x.start - s, end: x.end - s }));
    out.push({ start: s - before, end: e - before - change, newText: applyOffsetEdits(middle.slice(s, e), inner) });
    before += change;
    i = j;
  }
  return out;
}

export interface CleanupResult {
  /** Edits of the original text: apply them together, as one edit. */
  edits: OffsetEdit[];
  /** The cleaned text. */
  text: string;
  /** How many fixes were applied. */
  fixes: number;
}

/**
 * Applies every clean-up fix of `findings` (the lint result of `text`) at once. When two fixes
 * touch the same text (a tooltip inside a broken table), the second waits for another round on
 * the result, which `relint` analyses; without `relint` it is left for the next run.
 */
export function cleanUpPastedArticle(text: string, findings: Finding[], relint?: (text: string) => Finding[], maxRounds = 4): CleanupResult {
  const codes = cleanupRuleCodes();
  let current = text;
  let composed: OffsetEdit[] = [];
  let fixes = 0;
  for (let round = 0; round < maxRounds; round++) {
    const merged = mergeCleanupFixes(findings, codes);
    if (merged.edits.length === 0) break;
    const next = applyOffsetEdits(current, merged.edits);
    composed = round === 0 ? merged.edits : composeEdits(text, composed, merged.edits);
    current = next;
    fixes += merged.fixes;
    if (merged.deferred === 0 || !relint) break;
    findings = relint(current);
  }
  return { edits: normalizeEdits(composed), text: current, fixes };
}

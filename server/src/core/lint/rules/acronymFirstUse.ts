import { DEFAULT_UNEXPANDED_ACRONYMS, expansionOf, isAcronym, isSpeltOut } from '../../acronyms';
import type { GlossaryEntry } from '../../glossary';
import type { TermMatch } from '../../termMatcher';
import { absolute, inReferenceLine, type DocumentModel, type PlacedBlock } from '../model';
import { inSteps } from '../../steps';
import type { Rule } from '../types';

interface FirstUse {
  placed: PlacedBlock;
  match: TermMatch;
  written: string;
  /** Offset where the document spells it out later, if it does. */
  speltLater?: number;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** What the pass over the terms shares: the first use of each acronym so far. */
interface AcronymPass {
  model: DocumentModel;
  unexpanded: Set<string>;
  state: Map<GlossaryEntry, FirstUse | 'spelt' | 'skip'>;
}

/** Pass: the glossary terms of block `index`, in order (a function defined once, not a closure per lint: see inSteps in core/steps.ts). */
function readTermsOf(this: AcronymPass, index: number): void {
  const { model, unexpanded, state } = this;
  const placed = model.blocks[index];
  const b = placed.block;
  if (b.kind === 'heading' || placed.inReferences || b.context.footnote !== undefined) return;
  for (const m of placed.terms as TermMatch[]) {
    if (!m.entry) continue;
    const seen = state.get(m.entry);
    // Decided already (spelt out, left alone, or its first use and where it is spelt out both
    // found): nothing later changes it. Most terms of a long article are such repeats.
    if (seen === 'spelt' || seen === 'skip' || (seen !== undefined && seen.speltLater !== undefined)) continue;
    if (inReferenceLine(placed, m.start)) continue;
    const written = b.text.slice(m.start, m.end);
    if (isSpeltOut(written)) {
      if (seen === undefined) state.set(m.entry, 'spelt');
      else if (typeof seen === 'object' && seen.speltLater === undefined) seen.speltLater = absolute(placed, m.start, m.end).start;
      continue;
    }
    if (seen !== undefined || !isAcronym(written)) continue;
    if (unexpanded.has(written) || unexpanded.has(m.alias) || unexpanded.has(m.entry.term)) {
      state.set(m.entry, 'skip');
      continue;
    }
    // "AMPK (AMP-activated protein kinase)", or the author's own "(AMPK)" after a description;
    // any spacing before the bracket (two spaces, a line break).
    const after = b.text.slice(m.end, m.end + 8);
    if (/^\s*\(/.test(after) || (b.text[m.start - 1] === '(' && b.text[m.end] === ')')) {
      state.set(m.entry, 'spelt');
      continue;
    }
    state.set(m.entry, { placed, match: m, written });
  }
}

/** Steps of readTermsOf (see inSteps in core/steps.ts): 256 blocks each. */
function readTermsFrom(this: AcronymPass, from: number): number {
  const end = Math.min(this.model.blocks.length, from + 256);
  for (let i = from; i < end; i++) readTermsOf.call(this, i);
  return end;
}

/**
 * HM017: an acronym from the glossary used before it is spelt out, or never spelt out (AMA
 * style and most health publishers: expand at first use in the text; headings, reference
 * entries and footnotes do not count). The quick fix inserts the glossary's expansion at the
 * first use: "AMP-activated protein kinase (AMPK)". Acronyms readers know (DNA, BMI, HIV…)
 * are left alone: the list is the `healthmark.acronyms.unexpanded` setting. English documents
 * only: the expansions are English.
 */
export const acronymFirstUse: Rule = {
  names: ['HM017', 'acronym-first-use'],
  description: 'An acronym is used before it is spelt out, or never spelt out',
  tags: ['style'],
  defaultSeverity: 'hint',
  *check(model, options, report) {
    if (!model.language.english) return; // the glossary's expansions are English
    const unexpanded = new Set(options.unexpandedAcronyms ?? DEFAULT_UNEXPANDED_ACRONYMS);
    const state = new Map<GlossaryEntry, FirstUse | 'spelt' | 'skip'>();
    // Every term of the document, in order: in steps (a long article has tens of thousands).
    yield* inSteps(model.blocks.length, readTermsFrom, { model, unexpanded, state });
    for (const use of state.values()) {
      if (typeof use !== 'object') continue;
      const expansion = expansionOf(use.match.entry, use.written);
      if (!expansion) continue;
      const { start, end } = absolute(use.placed, use.match.start, use.match.end);
      const spelt = `${expansion} (${use.written})`;
      const fixes = model.text.slice(start, end) === use.written
        ? [{ title: `Spell it out at first use: “${spelt}”`, edits: [{ start, end: start, newText: `${expansion} (` }, { start: end, end, newText: ')' }], isPreferred: true }]
        : [];
      report({
        start,
        end,
        message:
          use.speltLater !== undefined
            ? `“${use.written}” is used before it is spelt out (line ${lineAt(model.text, use.speltLater)}): write “${spelt}” at its first use.`
            : `“${use.written}” is never spelt out: write “${spelt}” at its first use.`,
        fixes,
      });
    }
  },
};

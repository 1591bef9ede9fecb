import { sourceEnd, sourceOffset } from '../../prose';
import { inSteps } from '../../steps';
import type { DocumentModel } from '../model';
import type { Report, Rule } from '../types';

/**
 * HM006: a definition pasted along with the text from a web page's glossary tooltip, as in
 * "… improves GLUT4 GLUT4 Meaning ∞ GLUT4, or Glucose Transporter Type 4, is a protein … .
 * translocation …". The marker "Meaning ∞" (or "Meaning:" after a repeated term) is the tell.
 */
const MARKER = /\s*\bMeaning\s*[∞:]\s*/gu;

function sentenceEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '.' && (i + 1 === text.length || /\s/.test(text[i + 1])) && !/\d/.test(text[i - 1] ?? '') && !/\b(?:e\.g|i\.e|vs|al|approx)$/i.test(text.slice(Math.max(0, i - 6), i))) {
      return i + 1;
    }
  }
  return text.length;
}

/** What the pass over the blocks shares (an object literal). */
interface ArtifactPass {
  model: DocumentModel;
  report: Report;
}

/** Pass: the pasted tooltip definitions in block `index`. */
function artifactsOf(this: ArtifactPass, index: number): void {
  const { model, report } = this;
  const placed = model.blocks[index];
  const text = placed.block.text;
  if (!text.includes('Meaning')) return;
  for (const m of text.matchAll(MARKER)) {
    if (m[0].includes(':') && !m[0].includes('∞')) {
      // "Meaning:" alone is ordinary prose unless the term right before it is repeated.
      const before = text.slice(Math.max(0, m.index! - 80), m.index!);
      if (!/(\b[\p{L}\d-]+(?:\s+[\p{L}\d-]+){0,3})\s+\1$/u.test(before)) continue;
    }
    let start = m.index!;
    // The tooltip repeats the term it explains: "GLUT4 GLUT4 Meaning ∞".
    const before = text.slice(0, start);
    const rep = /(?:^|\s)((?:[\p{L}\d][\p{L}\d'’-]*)(?:\s+[\p{L}\d][\p{L}\d'’-]*){0,4})\s+\1$/u.exec(before);
    if (rep) start = before.length - rep[1].length;
    // Shown from the artifact's first word, also when it starts a line of its block.
    let reportStart = start;
    while (reportStart < text.length && /\s/.test(text[reportStart])) reportStart++;
    while (start > 0 && text[start - 1] === ' ') start--;
    const defStart = m.index! + m[0].length;
    let end = sentenceEnd(text, defStart);
    const o = (i: number) => sourceOffset(placed.block, i);
    // Where prose index i is in the document; at the text's end, after its last character's source.
    const at = (i: number) => (i < text.length ? o(i) : sourceEnd(placed.block, text.length - 1)) + placed.base;
    const docStart = o(start) + placed.base;
    const shownStart = o(reportStart) + placed.base;
    const docEnd = at(end);
    // Keep one space between the words the artifact separated.
    while (end < text.length && text[end] === ' ') end++;
    const removeEnd = at(end);
    const keepSpace = start > 0 && end < text.length ? ' ' : '';
    const term = text.slice(defStart, Math.min(defStart + 40, text.length)).split(/[,.]/)[0];
    report({
      start: shownStart,
      end: docEnd,
      message: `Glossary artifact: a definition of "${term}" pasted from a web page tooltip.`,
      fixes: [{ title: 'Remove the pasted glossary definition', edits: [{ start: docStart, end: removeEnd, newText: keepSpace }], isPreferred: true }],
    });
  }
}

/** Steps of artifactsOf (see inSteps in core/steps.ts): 512 blocks each. */
function artifactsFrom(this: ArtifactPass, from: number): number {
  const end = Math.min(this.model.blocks.length, from + 512);
  for (let i = from; i < end; i++) artifactsOf.call(this, i);
  return end;
}

export const glossaryArtifact: Rule = {
  names: ['HM006', 'glossary-artifact'],
  description: 'Text pasted from a web page glossary tooltip ("Term Meaning ∞ definition")',
  tags: ['content'],
  defaultSeverity: 'warning',
  *check(model, _options, report) {
    // Functions defined once, not closures per lint (see inSteps in core/steps.ts).
    yield* inSteps(model.blocks.length, artifactsFrom, { model, report });
  },
};

// The prose of a document as the chunked analysis gives it and as a parse of the whole document
// gives it, in the same shape, so tests and the fuzz can ask whether the chunks parse as the
// whole does (chunks.test.ts, scripts/fuzz.ts).
import type { DocumentAnalysis } from '../../server/src/core/analysis';
import { parseMarkdown } from '../../server/src/core/markdown';
import { extractProse, proseOffsets, type ProseBlock, type ProseContext } from '../../server/src/core/prose';

export interface BlockProse {
  kind: ProseBlock['kind'];
  text: string;
  start: number;
  /** Every character's offset in the document. */
  offsets: number[];
  /** What the lint reads of the block's place (see placeOf). */
  place: unknown;
  /** Its links (inline, and reference links with their definition's destination): where their text is, and their destination. */
  links: string[];
}

/**
 * What the lint reads of a prose block's place in the document: in a block quote, heading
 * depth, footnote, list item (its number only in an ordered list; the lint reads no other),
 * and a table cell's header flag and row (the row's start moved by `base`; a group of a long
 * table's rows is parsed after the table's head, so the table's own start is not compared).
 */
function placeOf(context: ProseContext, base: number): unknown {
  const { inBlockquote, headingDepth, footnote, listItem: item, table } = context;
  return {
    inBlockquote,
    headingDepth,
    footnote,
    listItem: item && { ordered: item.ordered, number: item.ordered ? item.number : undefined, firstParagraph: item.firstParagraph },
    table: table && { header: table.header, rowStart: table.rowStart + base },
  };
}

function described(b: ProseBlock, base: number): BlockProse {
  return { kind: b.kind, text: b.text, start: b.start + base, offsets: proseOffsets(b).map((o) => o + base), place: placeOf(b.context, base), links: b.links.map((l) => `${l.textStart}-${l.textEnd} ${l.start + base}-${l.end + base} ${l.url}`) };
}

/** The prose blocks of the whole document, parsed in one piece. */
export function wholeProse(text: string): BlockProse[] {
  return extractProse(parseMarkdown(text), text).blocks.map((b) => described(b, 0));
}

/** The prose blocks of a chunked analysis, in document offsets. */
export function chunkedProse(analysis: DocumentAnalysis): BlockProse[] {
  return analysis.chunks.flatMap(({ chunk, analysis: a }) => a.blocks.map((b) => described(b, chunk.start)));
}

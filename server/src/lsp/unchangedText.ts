/**
 * Reading the current text of a document through an older version's analysis or lint, where
 * the edits since left the text alone. `shared` is what the two versions have in common: the
 * older text's first `prefix` and last `suffix` UTF-16 units are the current one's first and
 * last (from the edits, `EditedDocument.unchangedSince`, or by comparing the texts,
 * `commonEnds`); everything edited since lies between them.
 */
export interface SharedEnds {
  prefix: number;
  suffix: number;
}

/** The offset in the older text of an offset of the current one, or undefined where it was edited since. */
export function olderOffset(offset: number, shared: SharedEnds, olderLength: number, currentLength: number): number | undefined {
  if (offset < shared.prefix) return offset;
  return offset >= currentLength - shared.suffix ? offset - (currentLength - olderLength) : undefined;
}

/**
 * Where the range [start, end) of the older text is in the current one, when the text in it is
 * unchanged (what is beside it may not be): a hover's range, read from the older version.
 */
export function currentRange(start: number, end: number, shared: SharedEnds, olderLength: number, currentLength: number): { start: number; end: number } | undefined {
  if (end <= shared.prefix) return { start, end };
  const shift = currentLength - olderLength;
  return start >= olderLength - shared.suffix ? { start: start + shift, end: end + shift } : undefined;
}

/**
 * Where the range [start, end) of the older text is in the current one, with the characters
 * on either side of it: undefined unless all of that is unchanged. An edit computed on the
 * older text (a quick fix) then does the same to the current one; an insertion where an edit
 * since began or ended could belong before or after what was typed there, so it is not moved.
 */
export function movedRange(start: number, end: number, shared: SharedEnds, olderLength: number, currentLength: number): { start: number; end: number } | undefined {
  if (end < shared.prefix) return { start, end };
  const shift = currentLength - olderLength;
  return start > olderLength - shared.suffix ? { start: start + shift, end: end + shift } : undefined;
}

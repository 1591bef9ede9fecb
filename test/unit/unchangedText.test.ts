import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commonEnds } from '../../server/src/core/chunks';
import { EditedDocument } from '../../server/src/lsp/editedDocument';
import { currentRange, movedRange, olderOffset, type SharedEnds } from '../../server/src/lsp/unchangedText';

// While a newer check runs, the server answers hovers and quick fixes from an older version's
// lint, reading the current text through what the edits since left alone. A quick fix moved
// there must do to the current text what it did to the older one: never replace or insert
// next to text that changed since.

const pieces = fc.constantFrom('a', 'B c', ' ', '\n', '\r\n', 'word ', '😀', '[@key]', '.');
const text = fc.array(pieces, { maxLength: 20 }).map((p) => p.join(''));
const change = fc.record({ from: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 0, max: 5 }), insert: text });

/** The older text, the current one after the changes (one version each), and what the document says they share. */
function edited(initial: string, changes: { from: number; length: number; insert: string }[]): { older: string; current: string; shared: SharedEnds } {
  const doc = new EditedDocument('file:///a.md', 'markdown', 1, initial);
  changes.forEach((c, i) => {
    const all = doc.getText();
    const start = Math.floor(c.from * all.length);
    const end = Math.min(all.length, start + c.length);
    doc.update([{ range: { start: doc.positionAt(start), end: doc.positionAt(end) }, text: c.insert }], i + 2);
  });
  return { older: initial, current: doc.getText(), shared: doc.unchangedSince(1)! };
}

/** Every range of the older text moved to the current one replaces the same text, with the same character on either side. */
function movesOnlyUnchanged(older: string, current: string, shared: SharedEnds): number {
  let moved = 0;
  for (let start = 0; start <= older.length; start++) {
    for (let end = start; end <= older.length; end++) {
      const to = movedRange(start, end, shared, older.length, current.length);
      if (!to) continue;
      moved++;
      const where = JSON.stringify({ older, current, shared, start, end, to });
      assert.equal(current.slice(to.start, to.end), older.slice(start, end), where);
      assert.equal(current.slice(Math.max(0, to.start - 1), to.start), older.slice(Math.max(0, start - 1), start), `before: ${where}`);
      assert.equal(current.slice(to.end, to.end + 1), older.slice(end, end + 1), `after: ${where}`);
      assert.equal(to.start === 0, start === 0, `at the start: ${where}`);
      assert.equal(to.end === current.length, end === older.length, `at the end: ${where}`);
    }
  }
  return moved;
}

describe('reading the current text through an older version', () => {
  it('moves a range only where it and the characters beside it are unchanged, and reads a hover\'s range or an offset only where its own text is (random edits, as the document says and as compared)', () => {
    let moved = 0;
    fc.assert(
      fc.property(text, fc.array(change, { minLength: 1, maxLength: 3 }), (initial, changes) => {
        const { older, current, shared } = edited(initial, changes);
        moved += movesOnlyUnchanged(older, current, shared);
        moved += movesOnlyUnchanged(older, current, commonEnds(older, current));
        for (let start = 0; start <= older.length; start++) {
          for (let end = start; end <= older.length; end++) {
            const to = currentRange(start, end, shared, older.length, current.length);
            if (to) assert.equal(current.slice(to.start, to.end), older.slice(start, end), JSON.stringify({ older, current, start, end, to }));
          }
        }
        for (let offset = 0; offset < current.length; offset++) {
          const at = olderOffset(offset, shared, older.length, current.length);
          if (at !== undefined) assert.equal(older[at], current[offset], JSON.stringify({ older, current, offset, at }));
        }
      }),
      { seed: 40, numRuns: 300 },
    );
    assert.ok(moved > 1000, `only ${moved} ranges moved: the property held for almost nothing`);
  });

  it('keeps a fix before an edit where it was, moves one after it by what the edit added, and leaves one that touches it', () => {
    const older = 'Cures colds [@key]. More text here.';
    const current = 'Cures colds [@key]. More new text here.';
    const shared = commonEnds(older, current);
    assert.deepEqual(movedRange(13, 17, shared, older.length, current.length), { start: 13, end: 17 }, 'the key, before the edit');
    assert.deepEqual(movedRange(30, 34, shared, older.length, current.length), { start: 34, end: 38 }, '"here", after it');
    assert.equal(movedRange(20, 25, shared, older.length, current.length), undefined, '"More ", up to where the edit began');
    assert.equal(movedRange(25, 25, shared, older.length, current.length), undefined, 'an insertion where the edit began');
  });
});

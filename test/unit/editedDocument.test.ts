import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { commonEnds } from '../../server/src/core/chunks';
import { EditedDocument } from '../../server/src/lsp/editedDocument';

// The server's open documents (lsp/editedDocument.ts) must read exactly as the library's
// TextDocument after any edits: the same text, positions, offsets, lines and line breaks. And
// what `unchangedSince` says is unchanged must be.

const pieces = fc.constantFrom('a', 'B c', ' ', '\n', '\r\n', '\r', '\n\n', 'word ', '∞', '😀', '— x', '\r\n\r\n');
const text = fc.array(pieces, { maxLength: 30 }).map((p) => p.join(''));
// Texts with LF breaks only, where line ends are found without reading the text.
const lfText = fc.array(fc.constantFrom('a', 'B c', ' ', '\n', '\n\n', 'word ', '😀'), { maxLength: 30 }).map((p) => p.join(''));

/** A change at positions of the current text (by fractions, so they always fall in it), or a full replacement. */
const changeOf = (insert: fc.Arbitrary<string>) =>
  fc.record({
    from: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 0, max: 6 }),
    insert,
    reversed: fc.boolean(),
    full: fc.integer({ min: 0, max: 24 }).map((n) => n === 0),
  });
const change = changeOf(text);
type Change = { from: number; length: number; insert: string; reversed: boolean; full: boolean };

function toEvent(doc: TextDocument, c: Change): TextDocumentContentChangeEvent {
  if (c.full) return { text: c.insert };
  const all = doc.getText();
  const start = Math.floor(c.from * all.length);
  const end = Math.min(all.length, start + c.length);
  const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
  return { range: c.reversed ? { start: range.end, end: range.start } : range, text: c.insert };
}

function assertSame(ours: EditedDocument, theirs: TextDocument, where: string): void {
  const t = theirs.getText();
  assert.equal(ours.getText(), t, where);
  assert.equal(ours.version, theirs.version, where);
  assert.equal(ours.lineCount, theirs.lineCount, where);
  for (let offset = -1; offset <= t.length + 1; offset++) assert.deepEqual(ours.positionAt(offset), theirs.positionAt(offset), `${where}: positionAt(${offset})`);
  for (let line = -1; line <= theirs.lineCount; line++) {
    for (const character of [-1, 0, 1, 2, 3, 5, 100]) assert.equal(ours.offsetAt({ line, character }), theirs.offsetAt({ line, character }), `${where}: offsetAt(${line}:${character})`);
    assert.deepEqual(ours.getLineRange(line), theirs.getLineRange(line), `${where}: getLineRange(${line})`);
    assert.equal(ours.getEOLCharacters(line), theirs.getEOLCharacters(line), `${where}: getEOLCharacters(${line})`);
  }
  const range = { start: theirs.positionAt(1), end: theirs.positionAt(t.length - 1) };
  assert.equal(ours.getText(range), theirs.getText(range), where);
}

/** Applies each version's changes to both documents; after each, they read the same, and `unchangedSince` holds for every earlier version. */
function readsAsTheLibrary(initial: string, versions: Change[][]): void {
  const ours = new EditedDocument('file:///a.md', 'markdown', 1, initial);
  let theirs = TextDocument.create('file:///a.md', 'markdown', 1, initial);
  // Sometimes asked for positions before the first edit (line offsets known), sometimes not.
  if (initial.length % 2 === 0) ours.positionAt(0);
  const texts = new Map<number, string>([[1, initial]]);
  let version = 1;
  for (const changes of versions) {
    version++;
    // Each change of one notification applies to the text the previous one made.
    const events: TextDocumentContentChangeEvent[] = [];
    let scratch = TextDocument.create('file:///a.md', 'markdown', version, theirs.getText());
    for (const c of changes) {
      const e = toEvent(scratch, c);
      events.push(e);
      scratch = TextDocument.update(scratch, [e], version);
    }
    ours.update(events, version);
    theirs = TextDocument.update(theirs, events, version);
    assertSame(ours, theirs, `version ${version}`);
    texts.set(version, theirs.getText());
    // Every earlier version: what is said to be unchanged is, and never more than is.
    for (const [v, old] of texts) {
      const said = ours.unchangedSince(v);
      if (!said) continue;
      const now = theirs.getText();
      assert.ok(said.prefix + said.suffix <= Math.min(old.length, now.length), `since ${v}: ${JSON.stringify(said)}`);
      assert.equal(now.slice(0, said.prefix), old.slice(0, said.prefix), `since ${v}: the prefix is unchanged`);
      assert.equal(now.slice(now.length - said.suffix), old.slice(old.length - said.suffix), `since ${v}: the suffix is unchanged`);
      // One edit since: exactly the ends a comparison finds, up to where they meet.
      const exact = commonEnds(old, now);
      if (v === version - 1 && changes.length === 1 && !changes[0].full) assert.ok(said.prefix + said.suffix >= Math.min(exact.prefix + exact.suffix, old.length, now.length) - changes[0].insert.length - changes[0].length, `since ${v}`);
    }
  }
}

describe('EditedDocument: an open document as the library keeps it', () => {
  it('reads as the library after every change of random edit sequences (CR, LF, CRLF split and joined, reversed ranges, several changes per version, full replacements)', () => {
    fc.assert(
      fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (initial, versions) => {
        readsAsTheLibrary(initial, versions);
      }),
      { seed: 16, numRuns: 300 },
    );
  });

  it('reads as the library in texts with LF breaks only (line ends found without reading the text), and after an edit brings the first CR', () => {
    // Mostly LF-only edits; now and then one that inserts a CR, CRLF or a CR-only text.
    const insert = fc.oneof({ arbitrary: lfText, weight: 6 }, { arbitrary: text, weight: 1 });
    fc.assert(
      fc.property(lfText, fc.array(fc.array(changeOf(insert), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (initial, versions) => {
        readsAsTheLibrary(initial, versions);
      }),
      { seed: 17, numRuns: 300 },
    );
  });

  it('reads as the library when an edit joins a CR and an LF into one line break, or splits one, at either end', () => {
    const cases: [string, number, number, string][] = [
      ['a\rb', 2, 2, '\nc'], // a CR before, an LF typed after it
      ['a\nb', 1, 1, 'c\r'], // a CR typed before an LF
      ['a\r\nb', 2, 2, 'x'], // typed between the two
      ['a\rxb', 2, 3, ''], // what stood between them deleted
      ['a\r\nb', 1, 2, ''], // the CR deleted
    ];
    for (const [initial, from, to, insert] of cases) {
      const ours = new EditedDocument('file:///a.md', 'markdown', 1, initial);
      let theirs = TextDocument.create('file:///a.md', 'markdown', 1, initial);
      const event = { range: { start: theirs.positionAt(from), end: theirs.positionAt(to) }, text: insert };
      ours.update([event], 2);
      theirs = TextDocument.update(theirs, [event], 2);
      assertSame(ours, theirs, JSON.stringify([initial, from, to, insert]));
    }
  });

  it('says what an edit left alone: the text before and after a typed word, back to the version before it', () => {
    const doc = new EditedDocument('file:///a.md', 'markdown', 1, 'One line.\nTwo lines.\nThree lines.\n');
    doc.update([{ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'more ' }], 2);
    assert.equal(doc.getText(), 'One line.\nTwo more lines.\nThree lines.\n');
    assert.deepEqual(doc.unchangedSince(1), { prefix: 14, suffix: 20 });
    doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, text: 'A' }], 3);
    assert.deepEqual(doc.unchangedSince(2), { prefix: 0, suffix: 36 });
    assert.deepEqual(doc.unchangedSince(1), { prefix: 0, suffix: 20 }, 'both edits since version 1');
    assert.deepEqual(doc.unchangedSince(3), { prefix: doc.getText().length, suffix: 0 });
    doc.update([{ text: 'replaced' }], 4);
    assert.equal(doc.unchangedSince(3), undefined, 'a full replacement cannot be compared');
    assert.deepEqual(doc.unchangedSince(4), { prefix: 8, suffix: 0 });
  });

  it('forgets edits beyond the last 256: earlier versions cannot be compared', () => {
    const doc = new EditedDocument('file:///a.md', 'markdown', 1, 'x');
    for (let v = 2; v <= 300; v++) doc.update([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'y' }], v);
    assert.equal(doc.unchangedSince(1), undefined);
    assert.equal(doc.unchangedSince(40), undefined);
    assert.deepEqual(doc.unchangedSince(299), { prefix: 0, suffix: 299 });
  });
});

import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

/**
 * An open document, as `vscode-languageserver-textdocument` keeps it (same text, positions and
 * offsets), with two differences that matter in a long article:
 *
 * - An edit never reads the new text. V8 keeps `before + inserted + after` as a rope and copies
 *   it into one flat string the first time a character of it is read; the library's `update`
 *   reads one at once (to look for a CRLF split by the edit), so every keystroke in a 2.5 MB
 *   article copied 5 MB before the server could answer anything else, a hover sent just after
 *   the keystroke included. Here the text is flattened later, by whatever reads it first (the
 *   analysis, in its own slice); the CRLF check reads the edit's own text and, only when that
 *   cannot tell, the previous text.
 * - It remembers where recent edits fell (`unchangedSince`), so the unchanged prefix and suffix
 *   between an older version and this one need no comparison of the two texts.
 *
 * Line offsets are kept up to date edit by edit, as in the library, whose logic (MIT licence,
 * Microsoft) this follows.
 */
export class EditedDocument implements TextDocument {
  private content: string;
  private lineOffsets: number[] | undefined;
  /**
   * False while the text has no CR: then every line but the last ends in exactly one LF, and
   * where a line ends is known from the line index without reading the text (which, just after
   * an edit, would copy the whole of it: see the class comment). An edit that removes the last
   * CR leaves it true, which only costs that read.
   */
  private mayHaveCR: boolean;
  private currentVersion: number;
  /** Recent edits, oldest first: where each began, and the unchanged text after it, in the text it made. */
  private edits: { version: number; start: number; tail: number }[] = [];
  /** Versions before this one cannot be compared (an edit made after them is forgotten, or the text was replaced). */
  private comparableFrom = -Infinity;

  constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    content: string,
  ) {
    this.currentVersion = version;
    this.content = content;
    this.mayHaveCR = content.includes('\r');
  }

  get version(): number {
    return this.currentVersion;
  }

  getText(range?: Range): string {
    if (!range) return this.content;
    return this.content.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  get lineCount(): number {
    return this.getLineOffsets().length;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.content.length), 0);
    const lineOffsets = this.getLineOffsets();
    let low = 0;
    let high = lineOffsets.length;
    if (high === 0) return { line: 0, character: offset };
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (lineOffsets[mid] > offset) high = mid;
      else low = mid + 1;
    }
    const line = low - 1;
    offset = this.beforeEndOfLine(offset, line);
    return { line, character: offset - lineOffsets[line] };
  }

  offsetAt(position: Position): number {
    const lineOffsets = this.getLineOffsets();
    if (position.line >= lineOffsets.length) return this.content.length;
    if (position.line < 0) return 0;
    const lineOffset = lineOffsets[position.line];
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < lineOffsets.length ? lineOffsets[position.line + 1] : this.content.length;
    return this.beforeEndOfLine(Math.min(lineOffset + position.character, nextLineOffset), position.line);
  }

  getLineRange(line: number): Range {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length) {
      const last = lineOffsets.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.content.length - lineOffsets[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const start = lineOffsets[line];
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeEndOfLine(next, line) - start } };
  }

  getEOLCharacters(line: number): string {
    const lineOffsets = this.getLineOffsets();
    if (line >= lineOffsets.length || line < 0) return '';
    const next = line + 1 < lineOffsets.length ? lineOffsets[line + 1] : this.content.length;
    return this.content.substring(this.beforeEndOfLine(next, line), next);
  }

  /**
   * Applies the client's changes, in order, as the library does, without reading the text
   * they make (see the class comment).
   */
  update(changes: TextDocumentContentChangeEvent[], version: number): void {
    for (const change of changes) {
      if (!('range' in change) || change.range === undefined) {
        this.content = change.text;
        this.mayHaveCR = change.text.includes('\r');
        this.lineOffsets = undefined;
        this.edits = [];
        this.comparableFrom = version;
        continue;
      }
      const range = wellFormed(change.range);
      const startOffset = this.offsetAt(range.start);
      const endOffset = this.offsetAt(range.end);
      const before = this.content;
      const text = change.text;
      if (text.includes('\r')) this.mayHaveCR = true;
      this.content = before.substring(0, startOffset) + text + before.substring(endOffset, before.length);
      const insertedEnd = startOffset + text.length;
      this.remember(version, startOffset, this.content.length - insertedEnd);
      // A CR and an LF brought together (or kept apart) at either end of the edit. The new
      // text around the edit is the inserted text, or the old text on either side of it.
      const charAt = (offset: number): number => {
        if (offset >= startOffset && offset < insertedEnd) return text.charCodeAt(offset - startOffset);
        return offset < startOffset ? before.charCodeAt(offset) : before.charCodeAt(offset - insertedEnd + endOffset);
      };
      // The inserted text's own end characters are looked at first: most edits need no more.
      const crlfAtStart = charAt(startOffset) === LF && charAt(startOffset - 1) === CR;
      const crlfAtEnd = charAt(insertedEnd - 1) === CR && charAt(insertedEnd) === LF;
      if (crlfAtStart || crlfAtEnd) {
        this.lineOffsets = undefined;
        continue;
      }
      const lineOffsets = this.lineOffsets;
      if (!lineOffsets) continue; // computed when first asked for
      const startLine = Math.max(range.start.line, 0);
      const endLine = Math.max(range.end.line, 0);
      const added = computeLineOffsets(text, false, startOffset);
      if (endLine - startLine === added.length) {
        for (let i = 0; i < added.length; i++) lineOffsets[i + startLine + 1] = added[i];
      } else if (added.length < 10000) {
        lineOffsets.splice(startLine + 1, endLine - startLine, ...added);
      } else {
        this.lineOffsets = lineOffsets.slice(0, startLine + 1).concat(added, lineOffsets.slice(endLine + 1));
      }
      const diff = text.length - (endOffset - startOffset);
      if (diff !== 0) {
        const offsets = this.lineOffsets!;
        for (let i = startLine + 1 + added.length; i < offsets.length; i++) offsets[i] += diff;
      }
    }
    this.currentVersion = version;
  }

  /**
   * How much of the text at the start and at the end is the same as in `version`, from the
   * edits made since (at most what a comparison of the two texts would find: an edit undone
   * still counts). Undefined when the edits since `version` are no longer remembered.
   */
  unchangedSince(version: number): { prefix: number; suffix: number } | undefined {
    if (version < this.comparableFrom) return undefined;
    let prefix = this.content.length;
    let suffix = this.content.length;
    for (const e of this.edits) {
      if (e.version <= version) continue;
      prefix = Math.min(prefix, e.start);
      suffix = Math.min(suffix, e.tail);
    }
    return { prefix, suffix: Math.min(suffix, this.content.length - prefix) };
  }

  private remember(version: number, start: number, tail: number): void {
    this.edits.push({ version, start, tail });
    if (this.edits.length > MAX_EDITS) this.comparableFrom = this.edits.shift()!.version;
  }

  private getLineOffsets(): number[] {
    if (this.lineOffsets === undefined) this.lineOffsets = computeLineOffsets(this.content, true);
    return this.lineOffsets;
  }

  /**
   * `offset` moved back over the line break that ends line `line`. Only the last two characters
   * before the next line's start can be part of that break (a CR or an LF inside a line would
   * have started another), so the text is read there only, and not at all without a CR.
   */
  private beforeEndOfLine(offset: number, line: number): number {
    const lineOffsets = this.getLineOffsets();
    const lineOffset = lineOffsets[line];
    const last = line + 1 >= lineOffsets.length;
    const next = last ? this.content.length : lineOffsets[line + 1];
    if (offset < next - 1) return offset;
    // The last line has no break (one would have started another line); any other ends in one LF.
    if (!this.mayHaveCR) return last ? offset : next - 1;
    while (offset > lineOffset && isEndOfLine(this.content.charCodeAt(offset - 1))) offset--;
    return offset;
  }
}

/** Edits remembered for `unchangedSince`: a hover compares with an analysis a few versions old at most. */
const MAX_EDITS = 256;
const CR = 13;
const LF = 10;

function isEndOfLine(ch: number): boolean {
  return ch === CR || ch === LF;
}

function computeLineOffsets(text: string, isAtLineStart: boolean, textOffset = 0): number[] {
  const result = isAtLineStart ? [textOffset] : [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (isEndOfLine(ch)) {
      if (ch === CR && i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      result.push(textOffset + i + 1);
    }
  }
  return result;
}

function wellFormed(range: Range): Range {
  const { start, end } = range;
  return start.line > end.line || (start.line === end.line && start.character > end.character) ? { start: end, end: start } : range;
}

/** The configuration `TextDocuments` takes: open documents are `EditedDocument`s. */
export const editedDocuments = {
  create: (uri: string, languageId: string, version: number, content: string): EditedDocument => new EditedDocument(uri, languageId, version, content),
  update: (document: EditedDocument, changes: TextDocumentContentChangeEvent[], version: number): EditedDocument => {
    document.update(changes, version);
    return document;
  },
};

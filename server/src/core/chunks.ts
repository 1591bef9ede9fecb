/**
 * Splits a Markdown document into top-level chunks that parse the same on their own as they
 * do inside the whole document, so an edit re-parses only the chunk it touched.
 *
 * A chunk boundary is placed only before an unindented line that follows a blank line,
 * outside fenced code, frontmatter and multi-line HTML. When in doubt we do not split:
 * a larger chunk costs time, a wrong split would cost correctness.
 */

import { decodeString } from 'micromark-util-decode-string';

export interface Chunk {
  /** Offset of the chunk's first character in the document. */
  start: number;
  end: number;
  text: string;
  /**
   * Set when the chunk continues a table begun in an earlier chunk: the table's header and
   * delimiter lines, which the chunk is parsed after (its own rows then parse as they do in
   * the whole table), without reporting them. Unset on every other chunk.
   */
  head: string | undefined;
}

/**
 * A fence line: indented at most three spaces (four, or a tab, make it indented code, or the
 * content of a fence already open); a closing one has nothing after it but spaces and tabs.
 */
const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
/** CommonMark's blank line: spaces and tabs only (a no-break space is text; `trim` would drop it). */
const BLANK = /^[ \t]*$/;
/**
 * A line that opens frontmatter when it is a document's first: remark-frontmatter tries it on
 * the first line of any text it parses, so no chunk but the first may start with one (in the
 * whole document it is a thematic break or a setext underline).
 */
const FRONTMATTER_OPEN = /^(?:---|\+\+\+)[ \t]*$/;
/** A line indented four columns or more (a tab reaches four): indented code at the top level. */
const INDENTED = /^(?: {0,3}\t| {4})/;
/** An ordered list item's start number. */
const ORDERED_START = /^(\d{1,9})[.)](?:[ \t]|$)/;
/** A list item with nothing in it. */
const EMPTY_ITEM = /^(?:[-+*]|\d{1,9}[.)])[ \t]*$/;

/**
 * Whether `line` may start a chunk after `lastNonBlank`, the last line before the blank lines
 * before it. micromark reads a list item that could not interrupt a paragraph (an ordered one
 * from another number than 1, an empty one) right after indented code (blank lines between)
 * as a paragraph, as if it interrupted one (CommonMark's reference reads a list), also in a
 * block quote opened there: the whole document has that paragraph, so the chunk must too.
 */
function mayStartChunk(line: string, lastNonBlank: string): boolean {
  // micromark drops a byte order mark that starts its text: in a chunk, one that is text here would go.
  if (FRONTMATTER_OPEN.test(line) || line.charCodeAt(0) === 0xfeff) return false;
  if (!INDENTED.test(lastNonBlank)) return true;
  // The same in a block quote opened there ("> 2) x").
  const item = line.replace(/^(?: {0,3}>[ \t]?)+/, '');
  const ordered = ORDERED_START.exec(item);
  return !((ordered && Number(ordered[1]) !== 1) || EMPTY_ITEM.test(item));
}

/** CommonMark's HTML block of kind 1 (raw text: `<script>`, `<pre>`, `<style>`, `<textarea>`). */
const HTML_RAW_OPEN = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;
/**
 * CommonMark's HTML blocks that a blank line does not end (kinds 1 to 5), each to the line that
 * holds its end: raw text (to any of the four end tags, not only its own), a comment (`<!--`
 * starting a line: in a paragraph a comment cannot span a blank line), a processing
 * instruction, a declaration (`<!` and a letter), CDATA. With each, how far back into its start
 * the end may begin ("<!-->" ends where it starts).
 */
const RUNNING_HTML: [start: RegExp, end: RegExp, back: number][] = [
  [HTML_RAW_OPEN, /<\/(?:script|pre|style|textarea)>/i, 0],
  [/^ {0,3}<!--/, /-->/, 2],
  [/^ {0,3}<\?/, /\?>/, 0],
  [/^ {0,3}<![A-Za-z]/, />/, 0],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/, 0],
];

/**
 * The end still awaited when `text` (a line, or an HTML block's whole source) opens an HTML
 * block that a blank line does not end and does not hold its end; else undefined.
 */
export function runningHtmlEnd(text: string): RegExp | undefined {
  for (const [start, end, back] of RUNNING_HTML) {
    const at = start.exec(text);
    if (at) return end.test(text.slice(at[0].length - back)) ? undefined : end;
  }
  return undefined;
}

/** Whether a fenced code block's source (`text`) has no closing fence: it runs on to what follows. */
export function fenceLeftOpen(text: string): boolean {
  // Only the first and last lines count: a long block is not split into its lines.
  const firstBreak = text.search(/[\r\n]/);
  const open = FENCE.exec(firstBreak === -1 ? text : text.slice(0, firstBreak));
  if (!open) return false; // indented code ends at the next unindented line
  if (firstBreak === -1) return true;
  const close = FENCE.exec(text.slice(Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r')) + 1));
  return !(close && closesFence(close, open[1][0], open[1].length));
}

/** Whether a fence line (FENCE's match) closes a fence of `char` opened `length` long. */
function closesFence(line: RegExpExecArray, char: string, length: number): boolean {
  return line[1][0] === char && line[1].length >= length && BLANK.test(line[2]);
}

/**
 * CommonMark's HTML block of kind 7: a whole open or closing tag alone on its line. It cannot
 * interrupt a paragraph, so only one after a blank line (or a chunk's first line) is taken for
 * one; it runs to the next blank line, like kind 6.
 */
const HTML_BLOCK_LONE_TAG = /^ {0,3}(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;
/**
 * CommonMark's HTML block of kind 6 (a block-level tag): it runs to the next blank line, and
 * what is inside is HTML, not Markdown: a fence line in it opens no fence.
 */
const HTML_BLOCK_TAG =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t]|\/?>|$)/i;

/**
 * A chunk's text as a string of its own. V8 makes a long `slice` a view into the whole text;
 * a chunk outlives its version (unchanged chunks are reused by later versions, and their text
 * keys the parse cache), so a view would keep every old version of the document in memory.
 */
function ownText(slice: string): string {
  return (' ' + slice).slice(1);
}

export function splitIntoChunks(text: string): Chunk[] {
  return scanChunks(text, 0, undefined).chunks;
}

/**
 * A table's rows are split into groups, so typing in a long table re-parses one group, not the
 * table. A table is grouped when its header row starts a chunk at the line's first column, its
 * delimiter row follows, and the two have as many cells (what makes GFM see a table there);
 * its rows are the lines after them that start with "|" (any other line ends the grouping, not
 * the table). A group ends before a row whose hash picks it, once it has MIN_GROUP_ROWS rows,
 * or at MAX_GROUP_ROWS: boundaries chosen by content come back at the same rows after an edit
 * above them, so the scan of an edited table meets the old boundaries again.
 */
const MIN_GROUP_ROWS = 32;
const MAX_GROUP_ROWS = 256;
const GROUP_HASH_MODULUS = 64;
const DELIMITER_CELL = /^\s*:?-+:?\s*$/;

/**
 * The cells of a table line: split at pipes not escaped by a backslash, outer pipes dropped.
 * Not pasteCleanup's `tableCells`, which reads pasted tables loosely: a table found here changes
 * how its rows are parsed, so a backslash escapes the next character as in GFM ("\\|" ends a cell).
 */
function tableCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      cell += c + line[++i];
    } else if (c === '|') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  if (cells.length > 0 && cells[0].trim() === '' && line.trimStart().startsWith('|')) cells.shift();
  if (cells.length > 0 && cells[cells.length - 1].trim() === '' && /\|\s*$/.test(line) && !/\\\|\s*$/.test(line)) cells.pop();
  return cells;
}

/** Whether `header` and `delimiter` start a GFM table (a header of "|" cells, a delimiter row of as many). */
function startsTable(header: string, delimiter: string): boolean {
  // The delimiter row indented less than four columns (a tab would make it code or a continuation).
  if (header[0] !== '|' || !/^ {0,3}[|:-]/.test(delimiter) || !delimiter.includes('-') || !delimiter.includes('|')) return false;
  const cells = tableCells(delimiter);
  return cells.length > 0 && cells.every((c) => DELIMITER_CELL.test(c)) && tableCells(header).length === cells.length;
}

/** FNV-1a of a line: where a group of rows may end depends on the row alone. */
function lineHash(line: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < line.length; i++) h = Math.imul(h ^ line.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * The chunk scanner, startable at any chunk boundary (where no fence, comment or frontmatter
 * is open; `head` when the boundary is between two rows of a grouped table). `stopAt` is asked
 * at each new boundary with the head the chunk starting there would have; when it answers true
 * the scan stops there and `stoppedAt` says where: the caller reuses what follows.
 */
function scanChunks(text: string, from: number, head: string | undefined, stopAt?: (boundary: number, head: string | undefined) => boolean): { chunks: Chunk[]; stoppedAt?: number } {
  const chunks: Chunk[] = [];
  let chunkStart = from;
  let chunkHead = head;
  // The grouped table being scanned (its head, and the rows of the current group).
  let table: { head: string; rows: number } | undefined = head === undefined ? undefined : { head, rows: 0 };
  // The line before, when it could be a table's header row (it starts a chunk with "|"), and where the line after it starts.
  let headerLine: { start: number; line: string; next: number } | undefined;
  let fence: { char: string; length: number } | undefined;
  let rawHtmlClose: RegExp | undefined;
  let inHtmlBlock = false;
  // The frontmatter fence open at the document's start ("---" or "+++"), until the same fence closes it.
  let frontmatter: string | undefined;
  let previousBlank = false;
  let lastNonBlank = '';
  // The ordered list at the margin the scan is in, if any: its delimiter, and the number its next item gets.
  let ordered: { delimiter: string; next: number } | undefined;
  let lineStart = from;

  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    let line = text.charCodeAt(lineEnd - 1) === 13 ? text.slice(lineStart, lineEnd - 1) : text.slice(lineStart, lineEnd);
    // A byte order mark starting the document is not Markdown (micromark drops it).
    if (lineStart === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    const blank = BLANK.test(line);
    // A line the scan reads as inside frontmatter, a fence, raw HTML or a comment ends the
    // grouping of a table's rows (a blank line in it would have ended the table).
    if (frontmatter || fence || rawHtmlClose || inHtmlBlock) table = undefined;

    if (lineStart === 0 && FRONTMATTER_OPEN.test(line)) {
      frontmatter = line.slice(0, 3);
    } else if (frontmatter) {
      if (line.startsWith(frontmatter) && BLANK.test(line.slice(3))) frontmatter = undefined;
    } else if (fence) {
      const m = FENCE.exec(line);
      if (m && closesFence(m, fence.char, fence.length)) fence = undefined;
    } else if (rawHtmlClose) {
      if (rawHtmlClose.test(line)) rawHtmlClose = undefined;
    } else if (inHtmlBlock) {
      if (blank) inHtmlBlock = false;
    } else {
      // An item of an ordered list at the margin: the whole document numbers it from the list's
      // first item on, whatever it says ("1." on every item of a loose list counts 1, 2, 3); a
      // chunk starting there would begin a list of its own at the number written. So the list
      // is split only where the number written is the one the whole document gives.
      const item = line.charCodeAt(0) >= 48 && line.charCodeAt(0) <= 57 ? ORDERED_START.exec(line) : null;
      const delimiter = item ? line[item[1].length] : '';
      const continues = item !== null && ordered?.delimiter === delimiter;
      // An unindented line after a blank one: where a chunk may start, and where a list ends unless it is the list's next item.
      const afterBreak = previousBlank && !blank && line[0] !== ' ' && line[0] !== '\t';
      const canSplit = afterBreak && lineStart > chunkStart && mayStartChunk(line, lastNonBlank) && !(continues && Number(item[1]) !== ordered!.next);
      if (item) ordered = continues ? { delimiter, next: ordered!.next + 1 } : { delimiter, next: Number(item[1]) + 1 };
      else if (afterBreak) ordered = undefined; // the list ended
      if (canSplit) {
        chunks.push({ start: chunkStart, end: lineStart, text: ownText(text.slice(chunkStart, lineStart)), head: chunkHead });
        chunkStart = lineStart;
        chunkHead = undefined;
        table = undefined;
        if (stopAt?.(lineStart, undefined)) return { chunks, stoppedAt: lineStart };
      }
      if (table && line[0] === '|') {
        if (table.rows >= MAX_GROUP_ROWS || (table.rows >= MIN_GROUP_ROWS && lineHash(line) % GROUP_HASH_MODULUS === 0)) {
          chunks.push({ start: chunkStart, end: lineStart, text: ownText(text.slice(chunkStart, lineStart)), head: chunkHead });
          chunkStart = lineStart;
          chunkHead = table.head;
          table.rows = 0;
          if (stopAt?.(lineStart, chunkHead)) return { chunks, stoppedAt: lineStart };
        }
        table.rows++;
        headerLine = undefined;
      } else {
        table = headerLine?.next === lineStart && startsTable(headerLine.line, line) ? { head: ownText(text.slice(headerLine.start, next)), rows: 0 } : undefined;
        headerLine = lineStart === chunkStart && line[0] === '|' ? { start: lineStart, line, next } : undefined;
      }
      const m = FENCE.exec(line);
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
        fence = { char: m[1][0], length: m[1].length };
      } else if (HTML_BLOCK_TAG.test(line) || ((previousBlank || lineStart === chunkStart) && HTML_BLOCK_LONE_TAG.test(line) && !HTML_RAW_OPEN.test(line))) {
        inHtmlBlock = true;
      } else {
        rawHtmlClose = runningHtmlEnd(line);
      }
    }
    previousBlank = blank;
    if (!blank) lastNonBlank = line;
    lineStart = next;
  }
  if (chunkStart < text.length || (chunks.length === 0 && from === 0)) {
    chunks.push({ start: chunkStart, end: text.length, text: ownText(text.slice(chunkStart)), head: chunkHead });
  }
  return { chunks };
}

/**
 * How many UTF-16 units two texts share at the start, and then at the end (the two never
 * overlap). Compared a block at a time first: V8 compares two substrings with memcmp, far
 * faster than a loop of charCodeAt, and every edit and the first hover after it need these
 * two numbers.
 */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix + COMPARE_BLOCK <= max && a.substring(prefix, prefix + COMPARE_BLOCK) === b.substring(prefix, prefix + COMPARE_BLOCK)) prefix += COMPARE_BLOCK;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const la = a.length;
  const lb = b.length;
  let suffix = 0;
  while (suffix + COMPARE_BLOCK <= max - prefix && a.substring(la - suffix - COMPARE_BLOCK, la - suffix) === b.substring(lb - suffix - COMPARE_BLOCK, lb - suffix)) suffix += COMPARE_BLOCK;
  while (suffix < max - prefix && a.charCodeAt(la - 1 - suffix) === b.charCodeAt(lb - 1 - suffix)) suffix++;
  return { prefix, suffix };
}
const COMPARE_BLOCK = 2048;

/**
 * Re-chunks an edited document, reusing the chunks before and after the edit: only the region
 * between the common prefix and suffix of the two texts is scanned again, until the scan meets
 * an old boundary in the unchanged tail (from a clean boundary over identical text, the scan
 * would produce the old chunks again). Equal to `splitIntoChunks(text)`.
 */
export function rechunk(previousText: string, previous: Chunk[], text: string): Chunk[] {
  if (previous.length === 0) return splitIntoChunks(text);
  const { prefix, suffix } = commonEnds(previousText, text);
  if (prefix === previousText.length && prefix === text.length) return previous;
  const delta = text.length - previousText.length;

  // The chunk holding the first change, and the one before it (a removed blank line merges them).
  let first = findChunk(previous, Math.max(0, prefix - 1));
  if (first > 0) first--;
  const scanFrom = previous[first].start;
  const unchangedTail = text.length - suffix;
  const oldStarts = previous.map((c) => c.start);
  let resumeAt = -1;
  const { chunks, stoppedAt } = scanChunks(text, scanFrom, previous[first].head, (boundary, head) => {
    if (boundary < unchangedTail + 1) return false;
    const i = binarySearch(oldStarts, boundary - delta);
    // Resumed only where the old scan was in the same state: a table's rows need its head.
    if (i < 0 || previous[i].head !== head) return false;
    resumeAt = i;
    return true;
  });
  const out = previous.slice(0, first);
  if (stoppedAt === undefined) return out.concat(chunks);
  for (const c of chunks) out.push(c);
  for (let i = resumeAt; i < previous.length; i++) {
    const c = previous[i];
    out.push(delta === 0 ? c : { start: c.start + delta, end: c.end + delta, text: c.text, head: c.head });
  }
  return out;
}

function findChunk(chunks: Chunk[], offset: number): number {
  let lo = 0;
  let hi = chunks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (chunks[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function binarySearch(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else if (sorted[mid] > value) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Link-reference and footnote definitions, which resolve references in other chunks. */
const DEFINITION = /^ {0,3}\[(\^?)((?:[^\]\\\n]|\\.){1,999})\]:/gm;
// A label has no unescaped bracket in it: in "[[foo]]" the label is "foo".
const LABEL_USE = /\[(\^?)((?:[^[\]\\\n]|\\.){1,999})\]/g;

/**
 * A reference label as micromark compares them (its normalizeIdentifier): runs of spaces, tabs
 * and line endings as one space, none at the ends, case folded ("ẞ" and "SS" match).
 */
export function normalizeLabel(label: string): string {
  return label.replace(/[\t\n\r ]+/g, ' ').replace(/^ | $/g, '').toLowerCase().toUpperCase();
}

/**
 * A footnote's key among the reference labels a chunk defines and uses: "^" and its label,
 * after a space, which no link label's key begins with (normalizeLabel trims), so a link label
 * that begins with "^" (`[^a b]`, where a footnote's label cannot have a space) keeps its own.
 */
export function footnoteKey(label: string): string {
  return ' ^' + normalizeLabel(label);
}

function isFootnoteKey(key: string): boolean {
  return key.startsWith(' ^');
}

/**
 * The key of a label read as `[` + `caret` + `label` + `]`: a footnote's when GFM reads it as
 * one (micromark-extension-gfm-footnote: no space, tab or line ending, no unescaped "["), else
 * a link's, the "^" included.
 */
function labelKey(caret: string, label: string): string {
  return caret && !/[ \t\r\n]|(?:^|[^\\])(?:\\\\)*\[/.test(label) ? footnoteKey(label) : normalizeLabel(caret + label);
}

/** Reference labels a chunk defines and uses, normalized (footnotes' as footnoteKey makes them). */
export interface ChunkLabels {
  defined: string[];
  used: string[];
  /**
   * The destinations of the link definitions the line scan read, by label: a reference in
   * another chunk gets its definition with this destination (see foreignDefinitionsFor).
   */
  destinations: Map<string, string>;
}

export function chunkLabels(text: string): ChunkLabels {
  const defined: string[] = [];
  const used: string[] = [];
  const destinations = new Map<string, string>();
  if (text.includes(']:')) {
    for (const m of text.matchAll(DEFINITION)) {
      const key = labelKey(m[1], m[2]);
      defined.push(key);
      const destination = isFootnoteKey(key) ? undefined : destinationAfter(text, m.index! + m[0].length);
      if (destination !== undefined && !destinations.has(key)) destinations.set(key, destination);
    }
  }
  if (text.includes('[')) for (const m of text.matchAll(LABEL_USE)) used.push(labelKey(m[1], m[2]));
  return { defined, used, destinations };
}

/**
 * The destination of a link definition whose "]:" ends at `from`, as the parser reads it (its
 * escapes and character references decoded): on its line, or alone on the next (CommonMark
 * allows either). Its title is left out: copied alone, a title that goes on over lines would
 * make the definition invalid. Undefined when the scan cannot read it (the parse then says:
 * see DocumentAnalyzer.correctDefinitions).
 */
function destinationAfter(text: string, from: number): string | undefined {
  const lineEnd = text.indexOf('\n', from);
  let rest = text.slice(from, lineEnd === -1 ? text.length : lineEnd);
  if (rest.trim() === '' && lineEnd !== -1) {
    const next = text.indexOf('\n', lineEnd + 1);
    rest = text.slice(lineEnd + 1, next === -1 ? text.length : next);
  }
  const m = /^[ \t]*(?:<((?:[^<>\n\\]|\\.)*)>|([^\s<]\S*))(?=\s|$)/.exec(rest);
  if (!m) return undefined;
  if (m[1] !== undefined) return decodeString(m[1]);
  // A bare destination has balanced parentheses (escaped ones aside) and no control characters.
  const bare = m[2];
  let depth = 0;
  for (let i = 0; i < bare.length; i++) {
    const c = bare[i];
    if (c < ' ' || c === '\x7f') return undefined;
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return undefined;
  }
  return depth === 0 ? decodeString(bare) : undefined;
}

/**
 * A destination as Markdown again, to parse with another chunk: in angle brackets, with the
 * characters that would read otherwise escaped, so it parses to the same URL.
 */
function destinationSource(url: string): string {
  return `<${url.replace(/[\\<>&]/g, '\\$&')}>`;
}

/** The destination a definition from another chunk gets when its own could not be read. */
export const FOREIGN_DEFINITION = '#healthmark-foreign-definition';

function foreignDestination(url: string | undefined): string {
  return url === undefined ? FOREIGN_DEFINITION : destinationSource(url);
}

/** Link destinations by label, as a parse lists them: the first definition of each (as references use). */
export function destinationsOf(parsed: [string, string][]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [label, url] of parsed) if (!out.has(label)) out.set(label, url);
  return out;
}

/** Whether a parse read the same link destinations as the line scan (see correctDefinitions). */
export function sameDestinations(parsed: [string, string][], scanned: Map<string, string>): boolean {
  const read = destinationsOf(parsed);
  if (read.size !== scanned.size) return false;
  for (const [label, url] of read) if (scanned.get(label) !== url) return false;
  return true;
}

export interface DefinitionIndex {
  /** Footnote keys (footnoteKey) and link labels, normalized, with the chunk that defines them. */
  labels: Map<string, number>;
  /** The destination of each link label, where its chunk's line scan read one. */
  destinations: Map<string, string>;
}

export function indexDefinitions(labels: ChunkLabels[]): DefinitionIndex {
  const index = new Map<string, number>();
  const destinations = new Map<string, string>();
  for (let i = 0; i < labels.length; i++) {
    for (const key of labels[i].defined) {
      if (index.has(key)) continue;
      index.set(key, i);
      const destination = labels[i].destinations.get(key);
      if (destination !== undefined) destinations.set(key, destination);
    }
  }
  return { labels: index, destinations };
}

/**
 * Definitions from other chunks that this chunk's references need, as Markdown to parse with
 * it (each after a blank line), so `[text][ref]` and `[^1]` resolve as they would in the whole
 * document. A link definition comes with its destination (a citation's DOI, say: the chunk's
 * cache key holds it, so the chunk is read again when it changes); a footnote's content is its
 * own chunk's, and stands in with a placeholder.
 */
export function foreignDefinitionsFor(chunkIndex: number, labels: ChunkLabels, index: DefinitionIndex): string {
  if (index.labels.size === 0 || labels.used.length === 0) return '';
  const needed = new Set<string>();
  for (const key of labels.used) {
    const owner = index.labels.get(key);
    if (owner === undefined || owner === chunkIndex) continue;
    // A link label defined again here still means the first definition, from an earlier chunk
    // (put before this chunk's text, it comes first in its parse too).
    if (!labels.defined.includes(key) || (owner < chunkIndex && !isFootnoteKey(key))) needed.add(key);
  }
  if (needed.size === 0) return '';
  let out = '';
  for (const key of needed) {
    out += isFootnoteKey(key) ? `\n\n[${key.slice(1)}]: healthmark-foreign-definition` : `\n\n[${key}]: ${foreignDestination(index.destinations.get(key))}`;
  }
  return out;
}

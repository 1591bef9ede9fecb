/**
 * Text pasted from a web page or a chat tool into a `.md` file, and how to make it Markdown.
 *
 * What arrives: every paragraph on one line with no blank line between them (Markdown glues
 * them, headings included, into one paragraph); headings as short lines with no end
 * punctuation; tables with one cell per line after a `---|---|---|` line; `∞` where a colon
 * was; a plain "References" line before the reference list. This module reads the raw lines
 * (outside frontmatter, fenced code and HTML) and plans the fixes; the paste-cleanup rules
 * report them, and the fix-all action applies them together. Given where the parse found
 * prose (the rules pass the document model's prose blocks: `ProseRanges`), it reads only lines
 * that hold prose, and `∞` only in prose: a raw line cannot tell code in a list item or a
 * blockquote, inline code or an HTML comment from text, and a fix must never edit those.
 * Every edit only restructures: it inserts blank lines and Markdown markup, rebuilds table
 * rows from the same cells in the same order, or replaces `∞` with the punctuation it stood
 * for. The author's words stay in order, and the plan of a cleaned text is empty (applying the fixes twice changes nothing).
 *
 * Pure: text (and where its prose is) in, plan out; no Markdown parse of its own (the pasted
 * shape is a matter of lines).
 */
import { isReferencesLabel, looksLikeEntry } from './citations/referenceSections';
import type { OffsetEdit } from './lint/types';
import { commonEnds } from './chunks';
import { lastAtOrBefore } from './sortedSearch';
import { inSteps, runSteps, type Steps } from './steps';

export type PasteLineKind =
  | 'blank'
  | 'prose'
  | 'list'
  | 'atx'
  | 'setext'
  | 'rule'
  | 'quote'
  | 'indented'
  | 'definition'
  | 'code'
  | 'html'
  | 'frontmatter'
  | 'delimiter'
  /** A line of a GFM table (header or body), found from its delimiter row. */
  | 'table';

export interface PasteLine {
  index: number;
  /** Offsets of the line's text, without its line ending. */
  start: number;
  end: number;
  text: string;
  kind: PasteLineKind;
}

export interface HeadingFix {
  line: PasteLine;
  level: number;
  /** The heading's text as it will read. */
  title: string;
  edits: OffsetEdit[];
}

export interface TableFix {
  /** First line of the header (a broken header spans several lines) and last body line. */
  first: PasteLine;
  delimiter: PasteLine;
  last: PasteLine;
  columns: number;
  cells: number;
  rows: number;
  edits: OffsetEdit[];
}

export interface ParagraphBreakFix {
  /** The lines that start a paragraph glued onto the one before. */
  glued: PasteLine[];
  edits: OffsetEdit[];
}

export interface SeparatorFix {
  /** Offset of the `∞`. */
  at: number;
  replacement: 'colon' | 'dash';
  edits: OffsetEdit[];
}

export interface ReferencesLabelFix {
  line: PasteLine;
  level: number;
  title: string;
  edits: OffsetEdit[];
}

/**
 * What the paste-cleanup rules report, kept with the document's model until its next version:
 * the lines of the whole text are not kept (only those a fix names), as a long article has
 * tens of thousands.
 */
export interface PastePlan {
  eol: string;
  headings: HeadingFix[];
  tables: TableFix[];
  paragraphBreaks: ParagraphBreakFix[];
  separators: SeparatorFix[];
  referenceLabels: ReferencesLabelFix[];
}

const FENCE = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const ATX = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const ATX_LEVEL = /^ {0,3}(#{1,6})/;
const SETEXT_H1 = /^ {0,3}=+[ \t]*$/;
const SETEXT_H2 = /^ {0,3}-+[ \t]*$/;
const THEMATIC = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const LIST = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const QUOTE = /^ {0,3}>/;
const INDENTED = /^(?: {4}|\t)/;
/** A letter after at most three spaces: every pattern below needs a mark or four spaces first. */
const PROSE_START = /^ {0,3}\p{L}/u;
const DEFINITION = /^ {0,3}\[[^\]]+\]:/;
const HTML_START = /^ {0,3}<(?:!--|\/?[A-Za-z][\w-]*(?:[\s/>]|$)|\?|![A-Z])/;
/** A GFM delimiter row with at least one pipe: `---|---|---|`, `| :-- | --: |`. */
const DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$|^ {0,3}\|[ \t]*:?-+:?[ \t]*\|?[ \t]*$/;
/** A sentence ends the line: terminal punctuation, then closing quotes/brackets and citation markers. */
const SENTENCE_END = /[.!?…]["”’')\]*_]*(?:[ \t]*(?:\[[^\]]*\]|\^\d+\^|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))*[ \t]*$/;
/** A reference entry ends with its identifier: a DOI, URL, PMID or PMCID. */
const ENTRY_END = /(?:https?:\/\/\S+|\bdoi:\s*\S+|\b10\.\d{4,9}\/\S+|\bPMID:?\s*\d+|\bPMC\d+)[ \t]*$/i;
/** A line that starts a sentence or a paragraph: a capital, a digit, an opening quote or bracket. */
const STARTS_PARAGRAPH = /^[ \t]*[*_]{0,2}["“‘'(\[]?[\p{Lu}\d]/u;
/** A sentence ends inside the line and another begins. */
const INNER_SENTENCE_END = /[.!?]["”’')\]]*\s+["“‘(]?\p{Lu}/u;
/** Runs longer than this are pasted text, not a hard-wrapped paragraph. */
const WRAP_WIDTH = 100;

/** Splits a table line into its cells (unescaped pipes; outer pipes dropped). */
export function tableCells(line: string): string[] {
  const t = line.trim();
  if (t === '|') return [''];
  const parts: string[] = [];
  let cell = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (ch === '\\' && t[i + 1] === '|') {
      cell += '\\|';
      i++;
    } else if (ch === '|') {
      parts.push(cell);
      cell = '';
    } else cell += ch;
  }
  parts.push(cell);
  if (t.startsWith('|')) parts.shift();
  if (t.endsWith('|') && !t.endsWith('\\|')) parts.pop();
  return parts.map((p) => p.trim());
}

function hasPipe(line: string): boolean {
  return line.includes('|') && /(?:^|[^\\])\|/.test(line);
}

/** Where `classifyLines` stands between two batches. */
interface ClassifyState {
  start: number;
  index: number;
  fence?: { char: string; length: number };
  inFrontmatter: boolean;
  html?: 'comment' | 'block';
  done: boolean;
  /** Where the parse found prose, if known; `next`: the first range that may meet the next line. */
  prose?: ProseRanges;
  next: number;
}

const LINES_PER_STEP = 512;

/**
 * Splits the text into lines and marks those Markdown reads as something else than text. With
 * `prose`, what the parse found decides which lines are text (`kindWithProse`), where the line
 * scan alone can only guess at fences and HTML blocks outside containers.
 */
function* classifyLines(text: string, prose?: ProseRanges): Steps<PasteLine[]> {
  const lines: PasteLine[] = [];
  const state: ClassifyState = { start: 0, index: 0, inFrontmatter: false, done: false, prose, next: 0 };
  for (;;) {
    classifyMore(text, state, lines, LINES_PER_STEP);
    if (state.done) return lines;
    yield;
  }
}

/**
 * Up to `max` more lines of `classifyLines`. A function of its own, not a generator's loop:
 * V8 optimises a long-running loop while it runs (on-stack replacement) but not inside a
 * generator, so a generator's loop ran unoptimised for the whole first pass over a document.
 */
function classifyMore(text: string, state: ClassifyState, lines: PasteLine[], max: number): void {
  let { start, index, fence, inFrontmatter, html, next } = state;
  const prose = state.prose;
  for (let n = 0; n < max; n++, index++) {
    let nl = text.indexOf('\n', start);
    if (nl === -1) nl = text.length;
    const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const line = text.slice(start, end);
    const blank = line.trim() === '';
    let kind: PasteLineKind;
    if (index === 0 && (line === '---' || line === '+++')) {
      inFrontmatter = true;
      kind = 'frontmatter';
    } else if (inFrontmatter) {
      kind = 'frontmatter';
      if (line === '---' || line === '+++' || line === '...') inFrontmatter = false;
    } else if (prose) {
      while (next < prose.length && prose[next + 1] <= start) next += 2;
      kind = kindWithProse(line, blank, lines.length > 0 && lines[lines.length - 1].kind === 'prose', next < prose.length && prose[next] < end);
    } else if (fence) {
      kind = 'code';
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '') fence = undefined;
    } else if (html) {
      kind = 'html';
      if (html === 'comment' ? line.includes('-->') : blank) html = undefined;
      if (blank) kind = 'blank';
    } else {
      kind = kindOpening(line, blank, lines.length > 0 && lines[lines.length - 1].kind === 'prose');
      if (kind === 'code') {
        const m = FENCE.exec(line)!;
        fence = { char: m[1][0], length: m[1].length };
      } else if (kind === 'html') {
        if (/^ {0,3}<!--/.test(line)) html = line.includes('-->') ? undefined : 'comment';
        else html = 'block';
      }
    }
    lines.push({ index, start, end, text: line, kind });
    if (nl === text.length) {
      state.done = true;
      break;
    }
    start = nl + 1;
  }
  Object.assign(state, { start, index, fence, inFrontmatter, html, next });
}

/**
 * The kind of a line outside frontmatter, fenced code and HTML (where no earlier line left a
 * construct open); `afterProse`: the line before is prose (a `---` under it is a setext
 * underline). A `code` or `html` line opens a fence or an HTML block.
 */
function kindOpening(line: string, blank: boolean, afterProse: boolean): PasteLineKind {
  if (blank) return 'blank';
  // Most lines: a letter first can open none of the constructs below.
  if (PROSE_START.test(line)) return 'prose';
  if (FENCE.test(line)) return 'code';
  if (HTML_START.test(line)) return 'html';
  if (ATX.test(line)) return 'atx';
  if (DELIMITER.test(line)) return 'delimiter';
  if (SETEXT_H1.test(line) || (SETEXT_H2.test(line) && afterProse)) return 'setext';
  if (THEMATIC.test(line)) return 'rule';
  if (INDENTED.test(line)) return 'indented';
  if (LIST.test(line)) return 'list';
  if (QUOTE.test(line)) return 'quote';
  if (DEFINITION.test(line)) return 'definition';
  return 'prose';
}

/** List and quote markers at the start of a line. */
const MARKERS = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*/;
/** A letter or a digit: a line that has one and no prose holds code, HTML or the like. */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * The kind of a line outside frontmatter when the parse says where prose is (`covered`: some
 * of the line's characters, other than white space, are prose). Markdown, not the line's look,
 * decides what is text:
 * - a line of prose, a list item, a quote or a heading with no prose is code (fenced or
 *   indented, in any container: `- ```` opens a fence in a list item), HTML or a comment, or
 *   inline code: `code`, so no fix reads or edits it. Markers alone (`- `, `>`) say nothing;
 * - a line the scan reads as code or HTML that holds prose is text: a paragraph that starts
 *   with inline HTML (`<span>Tip</span> …`), or a fence-like run of backticks that is inline
 *   code. A line indented four spaces or a tab that holds prose (a nested item, a continuation)
 *   stays `indented`: `∞` is read there, but no fix restructures it (a blank line before it
 *   could make it code).
 * No state runs from line to line (but `afterProse`): the parse has found where fences and HTML
 * blocks end, in containers too.
 */
function kindWithProse(line: string, blank: boolean, afterProse: boolean, covered: boolean): PasteLineKind {
  if (blank) return 'blank';
  const kind = kindOpening(line, false, afterProse);
  if (covered) {
    if (kind !== 'code' && kind !== 'html') return kind;
    const inner = kindOpening(line.replace(/^[ \t]+/, ''), false, afterProse);
    return inner === 'code' || inner === 'html' ? 'prose' : inner;
  }
  if (kind === 'atx') return 'code';
  if ((kind === 'prose' || kind === 'list' || kind === 'quote') && WORD_CHAR.test(line.slice(MARKERS.exec(line)![0].length))) return 'code';
  return kind;
}

/**
 * Where the parse found prose: sorted, disjoint source ranges [start, end), flat
 * ([start, end, start, end, …]), of the prose blocks' characters (paragraphs, headings, table
 * cells), white space at the ends of each run of consecutive offsets left out (a placeholder
 * space that stands for inline code lies on the code). Code, HTML, comments and Markdown
 * syntax are not in them.
 */
export type ProseRanges = number[];

/** A prose block as the document model places it (lint/model.ts, PlacedBlock): what the plan reads of it. */
export interface PastedProse {
  block: { text: string; runs: number[]; start: number; end: number };
  base: number;
}

/** Blocks read per step: each a few runs. */
const BLOCKS_PER_STEP = 512;

interface RangesBuild {
  blocks: readonly PastedProse[];
  out: ProseRanges;
  sorted: boolean;
}

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0 || (c > 0x1fff && /\s/.test(String.fromCharCode(c)));
}

/**
 * Appends the prose ranges of one placed block to `out` (see ProseRanges), merging each with the
 * last when they meet; false when one starts before the last (blocks out of order).
 */
function appendBlockRanges(placed: PastedProse, out: ProseRanges): boolean {
  const { block, base } = placed;
  const { runs, text } = block;
  let sorted = true;
  for (let r = 0; r < runs.length; r += 2) {
    let i = runs[r];
    let j = r + 2 < runs.length ? runs[r + 2] : text.length;
    while (i < j && isSpaceCode(text.charCodeAt(i))) i++;
    while (j > i && isSpaceCode(text.charCodeAt(j - 1))) j--;
    if (i >= j) continue;
    const s = base + runs[r + 1] + (i - runs[r]);
    const e = s + (j - i);
    const n = out.length;
    if (n > 0 && s <= out[n - 1]) {
      if (s < out[n - 2]) sorted = false;
      else {
        if (e > out[n - 1]) out[n - 1] = e;
        continue;
      }
    }
    out.push(s, e);
  }
  return sorted;
}

function rangesStep(this: RangesBuild, from: number): number {
  const end = Math.min(this.blocks.length, from + BLOCKS_PER_STEP);
  for (let b = from; b < end; b++) if (!appendBlockRanges(this.blocks[b], this.out)) this.sorted = false;
  return end;
}

/** The prose ranges of one placed block (unsorted blocks are never a concern within one). */
function blockRanges(placed: PastedProse): ProseRanges {
  const out: ProseRanges = [];
  appendBlockRanges(placed, out);
  return out;
}

/** Whether the prose of the blocks that overlap [from, to) meets it. */
function proseInBlocks(blocks: readonly PastedProse[], from: number, to: number): boolean {
  for (const placed of blocks) {
    if (placed.base + placed.block.start >= to || placed.base + placed.block.end <= from) continue;
    if (proseIn(blockRanges(placed), from, to)) return true;
  }
  return false;
}

/** The prose ranges of placed blocks, in steps. */
function* proseRangesSteps(blocks: readonly PastedProse[]): Steps<ProseRanges> {
  const build: RangesBuild = { blocks, out: [], sorted: true };
  yield* inSteps(blocks.length, rangesStep, build);
  if (build.sorted) return build.out;
  // Blocks out of document order (never seen): sort the ranges and merge them.
  const pairs: [number, number][] = [];
  for (let i = 0; i < build.out.length; i += 2) pairs.push([build.out[i], build.out[i + 1]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: ProseRanges = [];
  for (const [s, e] of pairs) {
    if (out.length > 0 && s <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], e);
    else out.push(s, e);
  }
  return out;
}

/** Whether prose ranges meet [from, to). */
export function proseIn(prose: ProseRanges, from: number, to: number): boolean {
  // The first range that ends after `from`.
  let lo = 0;
  let hi = prose.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prose[2 * mid + 1] <= from) lo = mid + 1;
    else hi = mid;
  }
  return lo < prose.length / 2 && prose[2 * lo] < to;
}

/**
 * Whether two versions' prose is the same outside one line: [zone, zoneEnd) in the first, the
 * same line moved to end at `zoneEnd + delta` in the second. A block that is the same object,
 * moved with the text, holds the same prose (only the chunks an edit touches are parsed again),
 * so typing compares a pointer per block; the few blocks parsed again are compared range by
 * range, outside the line (inline code opened on the line may run into the next one).
 */
function sameProseOutside(before: readonly PastedProse[], after: readonly PastedProse[], zone: number, zoneEnd: number, delta: number): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < before.length; i++) {
    const a = before[i];
    const b = after[i];
    if (a.block === b.block && b.base === (a.base + a.block.start >= zoneEnd ? a.base + delta : a.base)) continue;
    if (!sameRangesOutside(blockRanges(a), blockRanges(b), zone, zoneEnd, delta)) return false;
  }
  return true;
}

/** Whether two sets of prose ranges are the same outside one line (as sameProseOutside). */
function sameRangesOutside(before: ProseRanges, after: ProseRanges, zone: number, zoneEnd: number, delta: number): boolean {
  const clipped = (ranges: ProseRanges, end: number, shift: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      const s = ranges[i];
      const e = ranges[i + 1];
      if (s < zone) out.push(s, Math.min(e, zone));
      if (e > end) out.push(Math.max(s, end) - shift, e - shift);
    }
    return out;
  };
  const a = clipped(before, zoneEnd, 0);
  const b = clipped(after, zoneEnd + delta, delta);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Finds GFM tables by their delimiter rows and marks their lines. A table is broken when its
 * body lines do not each hold one row of the header's column count (the pasted shape: one cell
 * per line, each ending in " |"); its header may be broken the same way.
 */
function findTables(lines: PasteLine[], eol: string): TableFix[] {
  const fixes: TableFix[] = [];
  const delimiters = lines.filter((l) => l.kind === 'delimiter');
  // Header lines of each table, found backwards from its delimiter.
  const headers = delimiters.map((d, k) => {
    const columns = tableCells(d.text).length;
    const floor = k > 0 ? delimiters[k - 1].index + 1 : 0;
    let cells = 0;
    let first = d.index;
    for (let i = d.index - 1; i >= floor && cells < columns; i--) {
      const l = lines[i];
      if (l.kind !== 'prose' || !hasPipe(l.text)) break;
      cells += tableCells(l.text).length;
      first = i;
    }
    return { delimiter: d, columns, first, cells };
  });
  headers.forEach((h, k) => {
    if (h.first === h.delimiter.index || h.cells !== h.columns) return; // not a table GFM or we can rebuild
    const next = k + 1 < headers.length ? headers[k + 1].first : lines.length;
    let last = h.delimiter.index;
    for (let i = h.delimiter.index + 1; i < next; i++) {
      const l = lines[i];
      if (l.kind !== 'prose' || !hasPipe(l.text)) break;
      last = i;
    }
    for (let i = h.first; i <= last; i++) if (i !== h.delimiter.index) lines[i].kind = 'table';
    lines[h.delimiter.index].kind = 'delimiter';
    const headerLines = lines.slice(h.first, h.delimiter.index);
    const bodyLines = lines.slice(h.delimiter.index + 1, last + 1);
    const broken = headerLines.length > 1 || bodyLines.some((l) => tableCells(l.text).length !== h.columns);
    if (!broken || bodyLines.length === 0) return;
    const headerCells = headerLines.flatMap((l) => tableCells(l.text));
    const body = bodyLines.flatMap((l) => tableCells(l.text));
    const rows: string[][] = [];
    for (let i = 0; i < body.length; i += h.columns) {
      const row = body.slice(i, i + h.columns);
      while (row.length < h.columns) row.push('');
      rows.push(row);
    }
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`.replace(/ {2}\|/g, ' |');
    const aligns = tableCells(h.delimiter.text).map((a) => a.replace(/\s+/g, ''));
    const rebuilt = [line(headerCells), `|${aligns.join('|')}|`, ...rows.map(line)].join(eol);
    const first = lines[h.first];
    const lastLine = lines[last];
    const edits: OffsetEdit[] = [];
    if (h.first > 0 && lines[h.first - 1].kind !== 'blank') edits.push(blankAfter(lines[h.first - 1], eol));
    edits.push({ start: first.start, end: lastLine.end, newText: rebuilt });
    if (last + 1 < lines.length && lines[last + 1].kind !== 'blank') edits.push(blankAfter(lastLine, eol));
    fixes.push({ first, delimiter: h.delimiter, last: lastLine, columns: h.columns, cells: body.length, rows: rows.length, edits });
  });
  return fixes;
}

function blankAfter(line: PasteLine, eol: string): OffsetEdit {
  return { start: line.end, end: line.end, newText: eol };
}

/** `∞` read as the colon it replaced, for the title checks. */
const asColon = (s: string) => (s.includes('∞') ? s.replace(/\s+∞\s+/g, ': ') : s);

/**
 * A line that reads as a heading: short, starts with a capital or digit, no end punctuation
 * (a question only in title case), no markup, not a reference entry or a References label.
 */
export function looksLikeHeadingText(raw: string): boolean {
  const t = asColon(raw.trim());
  if (!t || t.length > 90 || /[`*_<>[\]|#=]|https?:|\bMeaning\s*[∞:]/.test(t)) return false;
  if (!/^["“‘'(]?[\p{Lu}\d]/u.test(t)) return false;
  if (/[.,;:!…\-–—]["”’')]*$/.test(t)) return false;
  // A title does not end on an article, a conjunction or a verb like "is": the line runs on.
  if (/\b(?:the|a|an|and|or|but|nor|of|that|which|is|are|was|were)$/i.test(t)) return false;
  if (/[.!?;]\s+\p{Lu}/u.test(t)) return false; // two sentences
  const words = t.split(/\s+/);
  if (words.length > 12) return false;
  if (/\?["”’')]*$/.test(t)) {
    const long = words.filter((w) => /^[\p{L}]{4,}/u.test(w.replace(/^["“‘'(]/, '')));
    if (long.length === 0 || long.filter((w) => /^["“‘'(]?\p{Lu}/u.test(w)).length * 2 < long.length) return false;
  }
  if (isReferencesLabel(t) || looksLikeEntry(t)) return false;
  return true;
}

function sentenceEnds(line: string): boolean {
  return SENTENCE_END.test(line);
}

/**
 * Plans every paste cleanup of a document. The plan of its own result is empty.
 */
export function planPasteCleanup(text: string, prose?: ProseRanges): PastePlan {
  return runSteps(planPasteCleanupSteps(text, undefined, prose));
}

/**
 * Where each line of a planned text starts and what `classifyLines` made of it (before tables
 * were found): what `planAfterLineEdit` needs to know of the line an edit falls on.
 */
interface LineIndex {
  starts: Int32Array;
  kinds: Uint8Array;
}

const KIND_CODES: PasteLineKind[] = ['blank', 'prose', 'list', 'atx', 'setext', 'rule', 'quote', 'indented', 'definition', 'code', 'html', 'frontmatter', 'delimiter', 'table'];
const KIND_CODE = new Map(KIND_CODES.map((k, i) => [k, i]));

/**
 * `planPasteCleanup` in steps: its passes over the lines pause every few hundred lines. With
 * `index`, it also fills in the text's line index. Whatever it reads of a line of prose, a list
 * item or a quote must be in `lineFeatures`: `planAfterLineEdit` keeps the plan when none of it
 * changed (test/unit/pastePlanEdits.test.ts edits every line one keystroke from each decision).
 * With `prose` (see ProseRanges), only lines and `∞`s that hold prose are read as text.
 */
function* planPasteCleanupSteps(text: string, index?: { lines?: LineIndex }, prose?: ProseRanges): Steps<PastePlan> {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = yield* classifyLines(text, prose);
  if (index) {
    const starts = new Int32Array(lines.length);
    const kinds = new Uint8Array(lines.length);
    for (let i = 0; i < lines.length; i++) {
      starts[i] = lines[i].start;
      kinds[i] = KIND_CODE.get(lines[i].kind)!;
    }
    index.lines = { starts, kinds };
  }
  const tables = findTables(lines, eol);
  const brokenTableLine = new Set<number>();
  for (const t of tables) for (let i = t.first.index; i <= t.last.index; i++) brokenTableLine.add(i);

  const nonBlankAfter = (i: number) => {
    for (let j = i + 1; j < lines.length; j++) if (lines[j].kind !== 'blank') return lines[j];
    return undefined;
  };

  // ---- headings ----
  const firstContent = lines.find((l) => l.kind !== 'blank' && l.kind !== 'frontmatter');
  const hasH1 = lines.some((l, i) => (l.kind === 'atx' && /^ {0,3}#(?:[ \t]|$)/.test(l.text)) || (l.kind === 'setext' && SETEXT_H1.test(l.text) && i > 0 && lines[i - 1].kind === 'prose'));
  const labelLine = (l: PasteLine) => l.kind === 'prose' && isReferencesLabel(l.text) && !hasPipe(l.text);
  const titleLike: boolean[] = [];
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let i = first; i < end; i++) {
        const l = lines[i];
        titleLike.push(l.kind === 'prose' && !hasPipe(l.text) && looksLikeHeadingText(l.text));
      }
      return end;
    },
  );
  // Three or more heading-like lines in a row are a list that lost its bullets (the title aside).
  const bulletless = lines.map(() => false);
  for (let i = 0; i < lines.length; ) {
    if (!titleLike[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && titleLike[j + 1]) j++;
    const from = lines[i] === firstContent && !hasH1 ? i + 1 : i;
    if (j - from + 1 >= 3) for (let k = from; k <= j; k++) bulletless[k] = true;
    i = j + 1;
  }
  const candidate: boolean[] = lines.map(() => false);
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let i = first; i < end; i++) {
        if (!titleLike[i] || bulletless[i]) continue;
        if (i + 1 < lines.length && lines[i + 1].kind === 'setext') continue;
        const prev = i > 0 ? lines[i - 1] : undefined;
        // After an unfinished line of prose, this line continues its sentence.
        if (prev && prev.kind === 'prose' && !titleLike[i - 1] && !labelLine(prev) && !sentenceEnds(prev.text)) continue;
        const next = nonBlankAfter(i);
        if (!next || !['prose', 'list', 'table', 'quote'].includes(next.kind)) continue;
        if (next.kind === 'prose' && !STARTS_PARAGRAPH.test(next.text)) continue; // a wrapped sentence
        if (next.kind === 'prose' && labelLine(next)) continue;
        candidate[i] = true;
      }
      return end;
    },
  );
  // Levels from the document's own structure: its title, section names directly followed by
  // a title (e.g. "Fundamentals" then "Why Muscle Matters"), and the titles under them.
  const existingDepths = lines.filter((l) => l.kind === 'atx').map((l) => /^ {0,3}(#{1,6})/.exec(l.text)![1].length).filter((d) => d >= 2);
  const section = existingDepths.length > 0 ? existingDepths.reduce((m, d) => Math.min(m, d), 6) : 2;
  const headings: HeadingFix[] = [];
  const referenceLabels: ReferencesLabelFix[] = [];
  // The level of the section name the current titles sit under, if any.
  let groupLevel: number | undefined;
  const wrapEdits = (l: PasteLine, prefix: string, replaceLine?: string): OffsetEdit[] => {
    const edits: OffsetEdit[] = [];
    const i = l.index;
    if (i > 0 && lines[i - 1].kind !== 'blank' && lines[i - 1].kind !== 'frontmatter') edits.push(blankAfter(lines[i - 1], eol));
    const indent = /^[ \t]*/.exec(l.text)![0].length;
    if (replaceLine !== undefined) edits.push({ start: l.start + indent, end: l.end, newText: `${prefix}${replaceLine}` });
    else edits.push({ start: l.start + indent, end: l.start + indent, newText: prefix });
    if (i + 1 < lines.length && lines[i + 1].kind !== 'blank') edits.push(blankAfter(l, eol));
    return edits;
  };
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let i = first; i < end; i++) {
        const l = lines[i];
        if (l.kind === 'atx') {
          const depth = /^ {0,3}(#{1,6})/.exec(l.text)![1].length;
          const next = nonBlankAfter(i);
          // A section whose first content is a title (pasted or a deeper heading) has titles under it.
          const nextDepth = next?.kind === 'atx' ? /^ {0,3}(#{1,6})/.exec(next.text)![1].length : 0;
          if (depth >= 2 && next && (candidate[next.index] || nextDepth > depth)) groupLevel = depth;
          else if (groupLevel !== undefined && depth <= groupLevel) groupLevel = undefined;
          continue;
        }
        if (labelLine(l)) {
          const title = l.text.replace(/[*_]/g, '').replace(/\s*:\s*$/, '').trim();
          const next = nonBlankAfter(i);
          if (!next) continue;
          referenceLabels.push({ line: l, level: section, title, edits: wrapEdits(l, `${'#'.repeat(section)} `, title === l.text.trim() ? undefined : title) });
          groupLevel = undefined;
          continue;
        }
        if (!candidate[i]) continue;
        let level: number;
        if (l === firstContent && !hasH1) level = 1;
        else {
          const next = nonBlankAfter(i)!;
          const group = candidate[next.index];
          if (group) {
            level = section;
            groupLevel = section;
          } else level = groupLevel !== undefined ? Math.min(groupLevel + 1, 6) : section;
        }
        headings.push({ line: l, level, title: l.text.trim(), edits: wrapEdits(l, `${'#'.repeat(level)} `) });
      }
      return end;
    },
  );

  // ---- paragraphs glued without a blank line ----
  const owned = (i: number) => candidate[i] || labelLine(lines[i]) || brokenTableLine.has(i);
  const paragraphBreaks: ParagraphBreakFix[] = [];
  let segment: { glued: PasteLine[]; edits: OffsetEdit[]; long: boolean } | undefined;
  // Hard-wrapped text (every line short) and one sentence per line have sentence ends at line
  // ends; pasted text has a paragraph per line. A run of lines counts as pasted when one of
  // them is a long line of several sentences (a whole paragraph), or when the document has
  // several such lines.
  const pastedParagraph = (l: PasteLine) => l.kind === 'prose' && l.text.length > WRAP_WIDTH && INNER_SENTENCE_END.test(l.text);
  let pasted = 0;
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let i = first; i < end; i++) {
        if (pastedParagraph(lines[i])) pasted++;
      }
      return end;
    },
  );
  const unwrapped = pasted >= 3;
  const flush = () => {
    if (segment && (segment.long || unwrapped) && segment.glued.length > 0) paragraphBreaks.push({ glued: segment.glued, edits: segment.edits });
    segment = undefined;
  };
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let i = first; i < end; i++) {
        const l = lines[i];
        const text = l.kind === 'prose' || l.kind === 'list' || l.kind === 'table';
        if (!text || owned(i)) {
          flush();
          continue;
        }
        segment ??= { glued: [], edits: [], long: false };
        if (pastedParagraph(l)) segment.long = true;
        const prev = i > 0 ? lines[i - 1] : undefined;
        if (!prev || owned(i - 1)) continue;
        let glued = false;
        if (l.kind === 'prose' && (prev.kind === 'prose' || prev.kind === 'list') && STARTS_PARAGRAPH.test(l.text)) {
          // A sentence ends the line above, or a reference entry ends with its identifier and the next begins.
          glued = sentenceEnds(prev.text) || (ENTRY_END.test(prev.text) && looksLikeEntry(prev.text) && looksLikeEntry(l.text));
        }
        // Text after a table's last row becomes another row.
        const afterTable = (prev.kind === 'table' || (prev.kind === 'delimiter' && i >= 2 && lines[i - 2].kind === 'table')) && l.kind !== 'table';
        if (afterTable) glued = true;
        if (glued) {
          segment.glued.push(l);
          segment.edits.push(blankAfter(prev, eol));
          if (afterTable) segment.long = true;
        }
      }
      return end;
    },
  );
  flush();

  // ---- ∞ where a colon or a dash was ----
  const separators: SeparatorFix[] = [];
  yield* inSteps(
    lines.length,
    (first) => {
      const end = Math.min(lines.length, first + LINES_PER_STEP);
      for (let index = first; index < end; index++) {
        const l = lines[index];
        if (!l.text.includes('∞')) continue;
        // Where the parse found prose, a line indented as code that holds prose is text too
        // (a nested item, a continuation), and only an `∞` that is prose counts (not one in
        // inline code or a comment).
        if (!['prose', 'list', 'table', 'quote'].includes(l.kind) && !(prose && l.kind === 'indented')) continue;
        const t = l.text;
        // The definition after a glossary tooltip's "Meaning ∞" is removed by glossary-artifact.
        const skip: [number, number][] = [];
        for (const m of t.matchAll(/\bMeaning\s*∞/gu)) {
          const from = m.index!;
          const stop = /[.!?]["”’)]*(?=\s|$)/g;
          stop.lastIndex = from + m[0].length;
          const e = stop.exec(t);
          skip.push([from, e ? e.index + e[0].length : t.length]);
        }
        const found: number[] = [];
        for (let i = t.indexOf('∞'); i !== -1; i = t.indexOf('∞', i + 1)) {
          if (skip.some(([a, b]) => i >= a && i < b)) continue;
          const before = t.slice(0, i);
          const after = t.slice(i + 1);
          if (!/\S\s+$/.test(before) || !/^\s+\S/.test(after)) continue;
          // Infinity itself: "x → ∞", "from 0 to ∞", "(−∞, 0]".
          if (/(?:[=<>≤≥→+\-−±~≈(\[,]|\b(?:to|towards|approaches|is|equals|and)\b)\s*$/i.test(before) || /^\s*[)\]]/.test(after)) continue;
          if (prose && !proseIn(prose, l.start + i, l.start + i + 1)) continue;
          found.push(i);
        }
        // Two in one sentence are a pair of dashes around an aside; one stands for a colon.
        for (const i of found) {
          const pair = found.some((j) => j !== i && !/[.!?]\s/.test(t.slice(Math.min(i, j), Math.max(i, j))));
          const at = l.start + i;
          if (pair) separators.push({ at, replacement: 'dash', edits: [{ start: at, end: at + 1, newText: '—' }] });
          else {
            let s = i;
            while (s > 0 && /[ \t]/.test(t[s - 1])) s--;
            separators.push({ at, replacement: 'colon', edits: [{ start: l.start + s, end: at + 1, newText: ':' }] });
          }
        }
      }
      return end;
    },
  );

  return { eol, headings, tables, paragraphBreaks, separators, referenceLabels };
}

/** The tag of the paste-cleanup rules: `healthmark.severity: { "paste-cleanup": "off" }` turns them all off. */
export const PASTE_CLEANUP_TAG = 'paste-cleanup';

const plans = new WeakMap<object, PastePlan>();

/**
 * The last plan made for a document (keyed by its model cache), with its text and line index
 * (five bytes a line: a long article's lines themselves are not kept).
 */
const latest = new WeakMap<object, { text: string; plan: PastePlan; lines: LineIndex; blocks?: readonly PastedProse[] }>();

/**
 * The plan of a document, computed once per lint run (keyed by the run's document model) by
 * whichever paste-cleanup rule runs first, in steps. With `history` (the document's model
 * cache, which lives from one version to the next), an edit within one line of prose that
 * changes nothing the plan reads of that line only moves the previous plan's offsets: typing
 * in a long article does not re-read its every line (`planAfterLineEdit`).
 *
 * The move is in steps too (a long article's plan has thousands of fixes), and changes the
 * document's line index only in its last step, and only if no other run moved the plan from
 * the same version meanwhile: a run stopped half-way, or overtaken, leaves the index as the
 * last finished run left it.
 *
 * With `blocks` (the document model's prose blocks, which the rules pass), the plan reads only
 * the lines and `∞`s that hold prose (see ProseRanges); a plan is then moved only when the
 * prose outside the edited line is where it was (an edit that opens inline code or a fence
 * elsewhere is planned afresh).
 */
export function* pastePlanFor(key: object, text: string, history?: object, blocks?: readonly PastedProse[]): Steps<PastePlan> {
  let plan = plans.get(key);
  if (plan) return plan;
  const previous = history ? latest.get(history) : undefined;
  const moved = previous && !previous.blocks === !blocks ? yield* planAfterLineEdit(previous.text, previous.plan, previous.lines, text, previous.blocks, blocks) : undefined;
  if (moved) {
    plan = moved.plan;
    // The same step as the move's last: nothing runs in between.
    if (latest.get(history!) === previous) {
      const { starts } = previous!.lines;
      for (let i = moved.linesAfter; i < starts.length; i++) starts[i] += moved.delta;
      latest.set(history!, { text, plan, lines: previous!.lines, blocks });
    }
  } else {
    // Where the whole document's prose is: only for a plan made afresh.
    const prose = blocks ? yield* proseRangesSteps(blocks) : undefined;
    const index: { lines?: LineIndex } = {};
    plan = yield* planPasteCleanupSteps(text, history ? index : undefined, prose);
    if (history) latest.set(history, { text, plan, lines: index.lines!, blocks });
  }
  plans.set(key, plan);
  return plan;
}

/**
 * A copy of a line that keeps no reference to the document it was sliced from: V8 keeps the
 * whole text behind a slice alive, and a plan moved from version to version would keep one
 * text per edited line (megabytes each in a long article).
 */
function detached(line: string): string {
  return JSON.parse(JSON.stringify(line)) as string;
}

/** What the plan reads of a line of prose, a list item or a quote, as one comparable key. */
function lineFeatures(text: string, kind: PasteLineKind): string {
  const prose = kind === 'prose';
  const pipe = hasPipe(text);
  return [
    kind,
    pipe ? tableCells(text).length : -1,
    prose && !pipe && looksLikeHeadingText(text),
    prose && !pipe && isReferencesLabel(text),
    prose && text.length > WRAP_WIDTH && INNER_SENTENCE_END.test(text),
    sentenceEnds(text),
    STARTS_PARAGRAPH.test(text),
    ENTRY_END.test(text),
    looksLikeEntry(text),
  ].join(' ');
}

/**
 * The plan of `text` from the plan of `before` (with its line index), when the two differ only
 * within one line that is prose, a list item or a quote in both, and every feature the plan
 * reads of that line (`lineFeatures`) is the same: then every decision of the plan is the same,
 * and only the offsets after the line move. Undefined when that cannot be shown (a line break
 * or `∞` edited, a line the plan's fixes name or edit, the first line, a setext underline): the
 * caller plans afresh. Reads `lines` and never changes it: with the plan it returns which
 * line starts move, and by how much (`linesAfter`, `delta`), for the caller to apply. With the
 * prose blocks of both texts (`blocksBefore`, `blocks`), their prose must be the same outside
 * the line (sameProseOutside), and the line's kind is read with the new ones.
 */
function* planAfterLineEdit(before: string, plan: PastePlan, lines: LineIndex, text: string, blocksBefore?: readonly PastedProse[], blocks?: readonly PastedProse[]): Steps<MovedPlan | undefined> {
  const { prefix, suffix } = commonEnds(before, text);
  if (prefix === before.length && prefix === text.length) return { plan, linesAfter: lines.starts.length, delta: 0 };
  const oldEnd = before.length - suffix;
  const newEnd = text.length - suffix;
  const delta = text.length - before.length;
  // No line break edited, and no CRLF made or unmade beside the edit.
  if (/[\r\n∞]/.test(before.slice(prefix, oldEnd)) || /[\r\n∞]/.test(text.slice(prefix, newEnd))) return undefined;
  // The line the edit falls on.
  const index = lastAtOrBefore(lines.starts, prefix);
  if (index === 0) return undefined;
  const kind = KIND_CODES[lines.kinds[index]];
  if (kind !== 'prose' && kind !== 'list' && kind !== 'quote' && kind !== 'atx' && kind !== 'definition') return undefined;
  const lineStart = lines.starts[index];
  let lineEnd = before.indexOf('\n', oldEnd);
  if (lineEnd === -1) lineEnd = before.length;
  if (before.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  const oldLine = before.slice(lineStart, lineEnd);
  const newLine = text.slice(lineStart, lineEnd + delta);
  if (oldLine.includes('∞') || newLine.includes('∞') || SETEXT_H1.test(newLine) || SETEXT_H2.test(newLine)) return undefined;
  const afterProse = KIND_CODES[lines.kinds[index - 1]] === 'prose';
  const newKind = blocks ? kindWithProse(newLine, newLine.trim() === '', afterProse, proseInBlocks(blocks, lineStart, lineEnd + delta)) : kindOpening(newLine, newLine.trim() === '', afterProse);
  if (newKind !== kind) return undefined;
  if (blocks && blocksBefore) {
    const zoneEnd = index + 1 < lines.starts.length ? lines.starts[index + 1] : before.length;
    if (!sameProseOutside(blocksBefore, blocks, lineStart, zoneEnd, delta)) return undefined;
  }
  // Of a heading the plan reads its level (and whether it is the title); of a definition,
  // nothing but its kind; of the others, their features.
  if (kind === 'atx' ? ATX_LEVEL.exec(oldLine)![1] !== ATX_LEVEL.exec(newLine)![1] : kind !== 'definition' && lineFeatures(oldLine, kind) !== lineFeatures(newLine, kind)) return undefined;
  // Comparing the texts and reading the line took a step; the fixes are read in the next.
  yield;
  // No fix may edit the line but by inserting a blank line at its end (which moves with it),
  // and none may name it but a paragraph break, as a glued line (which then reads as edited).
  // Every offset after the line moves by the edit's length.
  const touches = (from: number, to: number) => from <= lineEnd && to >= lineStart;
  const named = (l: PasteLine) => touches(l.start, l.end);
  const atLineEnd = (e: OffsetEdit) => e.start === lineEnd && e.end === lineEnd;
  const edited = (edits: OffsetEdit[]) => edits.some((e) => touches(e.start, e.end) && !atLineEnd(e));
  if (
    plan.headings.some((h) => named(h.line) || edited(h.edits)) ||
    plan.tables.some((t) => touches(t.first.start, t.last.end) || edited(t.edits)) ||
    plan.paragraphBreaks.some((p) => edited(p.edits)) ||
    plan.separators.some((x) => touches(x.at, x.at) || edited(x.edits)) ||
    plan.referenceLabels.some((r) => named(r.line) || edited(r.edits))
  ) {
    return undefined;
  }
  const linesAfter = index + 1;
  if (delta === 0 && !plan.paragraphBreaks.some((p) => p.glued.some(named))) return { plan, linesAfter, delta };
  // Fixes before the line are kept as they are; the others get their offsets after it moved.
  const line = (l: PasteLine): PasteLine =>
    l.start > lineEnd ? { ...l, start: l.start + delta, end: l.end + delta } : l.start === lineStart ? { ...l, end: l.end + delta, text: detached(newLine) } : l;
  const edits = (list: OffsetEdit[]) => list.map((e) => (e.start > lineEnd || atLineEnd(e) ? { ...e, start: e.start + delta, end: e.end + delta } : e));
  /** Whether a fix lies wholly before the line (its edits and the lines it names). */
  const precedes = (list: OffsetEdit[], names: PasteLine[]) => list.every((e) => e.end < lineStart) && names.every((l) => l.end < lineStart);
  const headings = yield* moveInSteps(plan.headings, (h) => precedes(h.edits, [h.line]), (h) => ({ ...h, line: line(h.line), edits: edits(h.edits) }));
  const tables = yield* moveInSteps(plan.tables, (t) => precedes(t.edits, [t.last]), (t) => ({ ...t, first: line(t.first), delimiter: line(t.delimiter), last: line(t.last), edits: edits(t.edits) }));
  const paragraphBreaks = yield* moveInSteps(plan.paragraphBreaks, (p) => precedes(p.edits, p.glued), (p) => ({ glued: p.glued.map(line), edits: edits(p.edits) }));
  const separators = yield* moveInSteps(plan.separators, (x) => precedes(x.edits, []), (x) => ({ ...x, at: x.at > lineEnd ? x.at + delta : x.at, edits: edits(x.edits) }));
  const referenceLabels = yield* moveInSteps(plan.referenceLabels, (r) => precedes(r.edits, [r.line]), (r) => ({ ...r, line: line(r.line), edits: edits(r.edits) }));
  return { plan: { eol: plan.eol, headings, tables, paragraphBreaks, separators, referenceLabels }, linesAfter, delta };
}

/** A plan moved by `planAfterLineEdit`, and the line starts that move with it: from line `linesAfter` on, by `delta`. */
interface MovedPlan {
  plan: PastePlan;
  linesAfter: number;
  delta: number;
}

/** Fixes moved per step: a long article's plan has thousands, each a few objects to copy. */
const FIXES_PER_STEP = 256;

/**
 * A list of fixes, each kept or moved, in steps. A loop in the generator itself: the work per
 * fix is in `kept` and `moved`, and a plan has thousands of fixes, not a document's blocks.
 */
function* moveInSteps<T>(fixes: T[], kept: (fix: T) => boolean, moved: (fix: T) => T): Steps<T[]> {
  const out: T[] = [];
  for (let i = 0; i < fixes.length; i++) {
    if (i > 0 && i % FIXES_PER_STEP === 0) yield;
    out.push(kept(fixes[i]) ? fixes[i] : moved(fixes[i]));
  }
  return out;
}

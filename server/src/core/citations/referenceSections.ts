/**
 * Where reference lists are, as writers actually leave them: under a heading of any level; after
 * a line or paragraph that is only "References" (also bold, with a colon, any case) — which,
 * in text pasted without blank lines, Markdown glues onto the end of the paragraph before it;
 * or as a trailing run of bibliography-looking lines with no label at all. Works line by line
 * inside blocks, because pasted text also glues the next section's lines onto the last list
 * item (lazy continuation): an entry ends at its own line, and the prose after it is prose.
 */

import { inSteps, runSteps, type Steps } from '../steps';

/** A line of a block's prose text, by prose offsets [from, to). */
export interface LineSpan {
  from: number;
  to: number;
}

export type ReferenceLineKind = 'label' | 'entry';

export interface ReferenceLine extends LineSpan {
  kind: ReferenceLineKind;
}

/** A whole line that introduces references: "References", "**Sources:**", "Works cited". */
const LABEL = /^\s*(?:\d+\.?\s*)?(?:references?|bibliography|sources|works cited|literature cited|further reading|citations|reference list|notes and references|selected references|key references|studies cited)\s*:?\s*$/i;

const IDENTIFIER = /\b10\.\d{4,9}\/\S+|\bPMID:?\s*\d{4,9}\b|\bPMC\d{4,9}\b|https?:\/\/\S+|\bdoi:\s*\S+/i;
const YEAR = /\b(?:19|20)\d{2}[a-z]?\b/;
/** "Richter, E. A.", "Richter EA,", "Richter E,", "López-Otín C", "Smith et al.", "[3] Smith, J." */
const AUTHOR_START =
  /^\s*(?:\[\d{1,3}\]\s*|\d{1,3}[.)]\s*|[-*•]\s*)?(?:(?:van|von|de|der|den|da|di|du|le|la)\s+)?\p{Lu}[\p{L}'’-]+(?:\s+(?:van|von|de|der|den|da|di|du|le|la)\s+\p{Lu}[\p{L}'’-]+)*(?:,\s*(?:\p{Lu}\.?\s*[-‐]?\s*){1,3}(?:[,.&]|\s+and\b|$)|\s+\p{Lu}{1,3}(?:,|\.|\s+\p{Lu}|$)|,\s+\p{Lu}[\p{Ll}]+(?:\s+\p{Lu}\.)?[,.]|\s+et al\.?|,\s*\p{Lu}\p{Ll}+\s+\p{Lu}\.)/u;
/** Volume(issue):pages and its relatives: "93(3), 993-1017", "2013;93(3):993", "vol. 93, no. 3", "pp. 12–19". */
const CONTAINER = /\b\d{1,4}\s*\(\s*\d{1,4}(?:[-–]\d{1,4})?\s*\)\s*[:,]?\s*e?\d+|\b(?:19|20)\d{2}\s*;\s*\d+|\bvol\.\s*\d+|\bpp?\.\s*\d+|\b\d+\s*[:,]\s*e?\d{1,5}\s*[-–]\s*e?\d{1,5}\b|\bno\.\s*\d+/i;
const QUOTED_TITLE = /["“][^"”]{12,}["”]/;
/** A line that ends an entry: with a full stop, or with its link or DOI. */
const ENTRY_ENDED = /(?:\.|https?:\/\/\S+|\bdoi:\s*\S+|\b10\.\d{4,9}\/\S+)\s*$/i;

/** One line of a block: "\n" separates lines (soft breaks are kept in prose text). */
export function blockLines(text: string): LineSpan[] {
  const out: LineSpan[] = [];
  let from = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text[i] === '\n') {
      if (text.slice(from, i).trim()) out.push({ from, to: i });
      from = i + 1;
    }
  }
  return out;
}

export function isReferencesLabel(line: string): boolean {
  // Emphasis marks are dropped only when there are some: most lines have none, and this runs on every line.
  return LABEL.test(line.includes('*') || line.includes('_') ? line.replace(/[*_]/g, '') : line);
}

/** A line that reads as a bibliographic entry (or the start of one). */
export function looksLikeEntry(line: string): boolean {
  if (IDENTIFIER.test(line)) return true;
  const author = AUTHOR_START.test(line);
  if (!YEAR.test(line)) return author && (CONTAINER.test(line) || QUOTED_TITLE.test(line));
  return author || CONTAINER.test(line) || QUOTED_TITLE.test(line) || /\bet al\b/.test(line);
}

/** A continuation of a wrapped entry: journal, volume, pages, identifiers — no running prose. */
function looksLikeEntryPart(line: string): boolean {
  if (looksLikeEntry(line) || CONTAINER.test(line) || IDENTIFIER.test(line)) return true;
  const words = line.trim().split(/\s+/);
  // "Physiological Reviews." / "Nat Rev Endocrinol." : a short run of capitalised words ending in a period.
  return words.length <= 6 && /[.,;]$/.test(line.trim()) && words.every((w) => /^[\p{Lu}&(]/u.test(w) || /^(?:of|and|the|in|for|de|la)$/i.test(w));
}

/**
 * A line that starts something new after a list: a glued heading ("Key Signals": short, no
 * end punctuation) or a sentence of prose (starts with a capital, ends with a full stop, no
 * year or number). Wrapped entry lines rarely do either: they start mid-title or hold numbers.
 */
export function looksLikeNewProse(line: string): boolean {
  const t = line.trim();
  const words = t.split(/\s+/);
  if (/\d/.test(t)) return false;
  if (words.length <= 8 && !/[.!?:;,]$/.test(t) && /^\p{Lu}/u.test(t)) return true;
  return words.length >= 5 && /^["“]?\p{Lu}/u.test(t) && /[.!?]["”]?$/.test(t);
}

export interface BlockInfo {
  /** Prose text of the block. */
  text: string;
  kind: 'heading' | 'paragraph' | 'other';
  /** The block is under a References heading (until the next heading of that level or higher). */
  underHeading: boolean;
}

/**
 * A paragraph's lines and which of them are References labels, memoised by its text: after an
 * edit only the edited paragraph is looked at again (recent texts only).
 */
const lineMemo = new Map<string, ParagraphLines>();
interface ParagraphLines {
  lines: ReturnType<typeof blockLines>;
  labels: boolean[];
  /**
   * What `scanParagraph` found, by the two things besides the text it depends on (bit 1: under
   * a References heading; bit 0: a plain label's list open before it). A reference list of a
   * thousand entries is then not read line by line again on every keystroke elsewhere.
   */
  scans: (ParagraphScan | undefined)[];
}
interface ParagraphScan {
  /** The paragraph's label and entry lines; shared by every version that scans it alike: never mutated. */
  lines: ReferenceLine[] | undefined;
  /** Whether a plain label's list is still open after the paragraph. */
  labelledAfter: boolean;
}
function linesOf(text: string): ParagraphLines {
  let m = lineMemo.get(text);
  if (!m) {
    if (lineMemo.size > 50000) lineMemo.clear();
    const lines = blockLines(text);
    lineMemo.set(text, (m = { lines, labels: lines.map((span) => isReferencesLabel(text.slice(span.from, span.to))), scans: [] }));
  }
  return m;
}

/** A paragraph's label and entry lines, given whether it is under a References heading and whether a plain label's list is open. */
function scanParagraph(text: string, underHeading: boolean, labelledBefore: boolean): ParagraphScan {
  const memo = linesOf(text);
  const key = (underHeading ? 2 : 0) | (labelledBefore ? 1 : 0);
  const kept = memo.scans[key];
  if (kept) return kept;
  const { lines, labels } = memo;
  let labelled = labelledBefore;
  let out: ReferenceLine[] | undefined;
  let inEntry = false;
  for (let i = 0; i < lines.length; i++) {
    const span = lines[i];
    if (labels[i]) {
      (out ??= []).push({ ...span, kind: 'label' });
      labelled = true;
      inEntry = false;
      continue;
    }
    const listed = underHeading || labelled;
    if (!listed) continue;
    if (i === 0 && underHeading) {
      (out ??= []).push({ ...span, kind: 'entry' });
      inEntry = true;
      continue;
    }
    const line = text.slice(span.from, span.to);
    // An entry wrapped before its year ("Paluch AE, … Daily steps and all-cause mortality:"
    // then "a meta-analysis … 2022."): its first line starts with authors, and with the next
    // line it reads as an entry.
    const next = i + 1 < lines.length ? text.slice(lines[i + 1].from, lines[i + 1].to) : undefined;
    const entryLike = looksLikeEntry(line) || (next !== undefined && AUTHOR_START.test(line) && looksLikeEntry(`${line} ${next}`));
    // Within an entry, a line that looks like one on its own (its journal, year and pages, or
    // its DOI) starts another only if it starts like one: with authors, or with a capital
    // after a line that ended an entry. Otherwise it is the entry wrapped.
    if (entryLike && (!inEntry || AUTHOR_START.test(line) || (ENTRY_ENDED.test(text.slice(lines[i - 1].from, lines[i - 1].to)) && /^\s*\p{Lu}/u.test(line)))) {
      (out ??= []).push({ ...span, kind: 'entry' });
      inEntry = true;
      continue;
    }
    // Under a References heading a block holds entries only: a wrapped title ("Circadian rhythm
    // and sleep disruption: causes, …") is not prose.
    if (inEntry && out && (underHeading || entryLike || looksLikeEntryPart(line) || !looksLikeNewProse(line))) {
      out[out.length - 1].to = span.to; // a wrapped entry
      continue;
    }
    // Prose again: the rest of this block is prose, and a plain label's list has ended.
    inEntry = false;
    labelled = false;
  }
  return (memo.scans[key] = { lines: out, labelledAfter: labelled });
}

/**
 * Labels and entries per block, in document order. Blocks under a References heading keep the
 * old rule (each block's first line is an entry); a plain "References" line starts a run of
 * entry-like lines that ends at the first line that is not one; a trailing run of two or
 * more entry-like lines at the end of the document is a list too.
 */
export function findReferenceLines(blocks: BlockInfo[]): ReferenceLine[][] {
  return runSteps(findReferenceLinesSteps(blocks));
}

const NO_LINES: ReferenceLine[] = Object.freeze([]) as unknown as ReferenceLine[];

/** What the pass over the blocks shares: whether a label line is still open, and the lines found. */
interface ReferenceScan {
  blocks: BlockInfo[];
  result: ReferenceLine[][];
  labelled: boolean;
}

/** Pass: the reference lines of block `index` (a function defined once, not a closure per scan: see inSteps in core/steps.ts). */
function scanBlock(this: ReferenceScan, index: number): boolean {
  const b = this.blocks[index];
  if (b.kind === 'heading') {
    this.labelled = false;
    return false;
  }
  if (b.kind !== 'paragraph') return false;
  const fresh = !lineMemo.has(b.text);
  const scan = scanParagraph(b.text, b.underHeading, this.labelled);
  this.labelled = scan.labelledAfter;
  const out = scan.lines;
  if (out) this.result[index] = out;
  return fresh;
}

/** Steps of scanBlock (see inSteps in core/steps.ts): up to 128 blocks, or up to a paragraph read for the first time. */
function scanBlocks(this: ReferenceScan, from: number): number {
  const end = Math.min(this.blocks.length, from + 128);
  for (let i = from; i < end; ) if (scanBlock.call(this, i++)) return i;
  return end;
}

/** `findReferenceLines` in steps: it pauses every 128 blocks, and sooner, just after a paragraph it reads for the first time (see core/steps.ts). */
export function* findReferenceLinesSteps(blocks: BlockInfo[]): Steps<ReferenceLine[][]> {
  // Most blocks have no reference line: they share one frozen empty list (this runs on every
  // keystroke, over every block of the document).
  const result: ReferenceLine[][] = new Array(blocks.length).fill(NO_LINES);
  yield* inSteps(blocks.length, scanBlocks, { blocks, result, labelled: false });
  // A trailing run of entry-like lines with no label or heading.
  const trailing: { index: number; span: LineSpan }[] = [];
  for (let index = blocks.length - 1; index >= 0; index--) {
    const b = blocks[index];
    if (b.kind === 'other') continue;
    if (b.kind === 'heading' || result[index].length > 0) break;
    const lines = blockLines(b.text);
    let stop = false;
    for (let i = lines.length - 1; i >= 0; i--) {
      if (!looksLikeEntry(b.text.slice(lines[i].from, lines[i].to))) {
        stop = true;
        break;
      }
      trailing.push({ index, span: lines[i] });
    }
    if (stop) break;
  }
  if (trailing.length >= 2) {
    for (const t of trailing.reverse()) {
      if (result[t.index] === NO_LINES) result[t.index] = [];
      result[t.index].push({ ...t.span, kind: 'entry' });
    }
  }
  return result;
}

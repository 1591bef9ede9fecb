import type { Nodes, Root, RootContent, PhrasingContent } from 'mdast';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import { FOREIGN_DEFINITION, footnoteKey, normalizeLabel } from './chunks';

/** Where a prose block sits in the document's structure. */
export interface ProseContext {
  inBlockquote: boolean;
  inList: boolean;
  inFootnoteDefinition: boolean;
  /** Set for headings. */
  headingDepth?: number;
  /** Set for table cells: which table (its source start), row and column. */
  table?: {
    tableStart: number;
    row: number;
    column: number;
    header: boolean;
    /** Where the cell's row starts (source offset). */
    rowStart: number;
    /** Set when the table began in an earlier chunk (a group of its rows: `Chunk.head`); `tableStart` is then 0. */
    continued: boolean;
  };
  /** Set for paragraphs in list items: whether the list is ordered, the item's number, and whether it is the item's first paragraph. */
  listItem?: { ordered: boolean; number: number; firstParagraph: boolean };
  /** Set inside a footnote definition: its identifier. */
  footnote?: string;
}

/** A link or autolink inside a block; its text is prose, its destination is not. */
export interface ProseLink {
  url: string;
  /** Prose indices of the link text. */
  textStart: number;
  textEnd: number;
  /** Source range of the whole link. */
  start: number;
  end: number;
}

/** A GFM footnote reference (`[^id]`) that resolved to a definition. */
export interface ProseFootnoteRef {
  identifier: string;
  /** Prose index where the marker stood (it leaves no text behind). */
  at: number;
  start: number;
  end: number;
}

/** Inline HTML such as `<!-- healthmark-ignore -->`. */
export interface ProseHtml {
  value: string;
  at: number;
  start: number;
  end: number;
}

/**
 * One block of prose: the words a reader sees, with exact source offsets.
 * `sourceOffset(block, i)` is the source offset of `text[i]` (and, at `i = text.length`, where
 * the text ends); code, HTML, URLs and Markdown syntax are left out of `text`, so matching and
 * sentence splitting never see them.
 */
export interface ProseBlock {
  kind: 'paragraph' | 'heading' | 'tableCell';
  text: string;
  /**
   * Where the prose comes from, as runs of prose indices whose source offsets are consecutive:
   * flat [proseIndex, sourceOffset, …] pairs, the first at index 0. A paragraph has a run or
   * two where one offset per character would take four bytes a character (`sourceOffset`).
   */
  runs: number[];
  /**
   * Characters that stand for a longer source span (an entity reference such as `&nbsp;`, a
   * backslash escape such as `\*`): flat [proseIndex, spanStart, spanEnd] triples, in order.
   * `sourceOffset` stays the reference's `&` (an escape's character); `sourceRange` covers the
   * whole span, so a fix that replaces a range never leaves half a reference behind.
   */
  wide: number[];
  /** Source range of the block node. */
  start: number;
  end: number;
  context: ProseContext;
  links: ProseLink[];
  footnoteRefs: ProseFootnoteRef[];
  html: ProseHtml[];
}

/** A block-level HTML node or comment between blocks (suppression comments live here). */
export interface BlockHtml {
  value: string;
  start: number;
  end: number;
}

export interface FootnoteDefinitionInfo {
  identifier: string;
  label: string;
  start: number;
  end: number;
}

export interface ProseExtraction {
  blocks: ProseBlock[];
  htmlBlocks: BlockHtml[];
  footnoteDefinitions: FootnoteDefinitionInfo[];
  /**
   * Labels of the link-reference and footnote definitions before `limit` (footnotes as footnoteKey makes them),
   * normalised as `normalizeLabel` does: what the text defines for the rest of the document, as
   * the parser read it (a line scan cannot see a definition in a list item, or that a
   * definition-like line is inside an HTML block).
   */
  definitions: string[];
  /** The link definitions among them with their destinations (label as in `definitions`, URL as parsed). */
  destinations: [string, string][];
}

/**
 * Walks an mdast tree and returns its prose blocks: headings, paragraphs (including those in
 * list items, blockquotes and footnote definitions) and table cells. Nodes at or beyond
 * `limit` (text appended after a chunk to resolve references) are ignored.
 *
 * The walk is iterative (an explicit stack, not recursion): `'>'.repeat(5000)` nests 5,000
 * blockquotes, and a recursive walk overflowed the call stack on such input.
 */
export function extractProse(tree: Root, source: string, limit = source.length): ProseExtraction {
  const out: ProseExtraction = { blocks: [], htmlBlocks: [], footnoteDefinitions: [], definitions: [], destinations: [] };
  const references: ReferenceLink[] = [];
  walkBlocks(tree, source, limit, contextWith(undefined, { inBlockquote: false, inList: false, inFootnoteDefinition: false }), out, references);
  if (references.length > 0) linkReferences(tree, references);
  return out;
}

/** A reference-style link (`[text][label]`, `[label][]`, `[label]`) and its block's links, until its definition is known. */
interface ReferenceLink {
  link: ProseLink;
  identifier: string;
  links: ProseLink[];
}

/**
 * Gives each reference-style link the destination of its definition, as an inline link has
 * its own: a citation is a citation however its link is written (`[study][3]` with
 * `[3]: https://doi.org/…` below). Definitions from other chunks come with the chunk (see
 * foreignDefinitionsFor); one whose destination the line scan could not read stands in with a
 * placeholder, and its links stay out (as before, where no reference link was read at all).
 */
function linkReferences(tree: Root, references: ReferenceLink[]): void {
  // The whole tree, not only what the walk read: the walk leaves out what was put before or
  // after the chunk's text, where the definitions from other chunks are.
  const destinations = new Map<string, string>();
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    // The first definition of a label is the one references use (CommonMark).
    if (node.type === 'definition' && !destinations.has(node.identifier)) destinations.set(node.identifier, node.url);
    // Definitions are blocks: no need to go into paragraphs, headings or tables.
    else if ('children' in node && node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'table') for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as Nodes);
  }
  for (const { link, identifier, links } of references) {
    const url = destinations.get(identifier);
    if (url === undefined || url === FOREIGN_DEFINITION) continue;
    link.url = url;
    links.push(link);
  }
  // In the order of their text, as the block's inline links are.
  for (const links of new Set(references.map((r) => r.links))) links.sort(byTextStart);
}

function byTextStart(a: ProseLink, b: ProseLink): number {
  return a.textStart - b.textStart || a.start - b.start;
}

/** A node's source range, clamped into its parent's [lo, hi]: never inverted, never outside. */
function rangeOf(node: Nodes, lo: number, hi: number): { start: number; end: number } {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  const start = s === undefined ? lo : Math.min(Math.max(s, lo), hi);
  const end = e === undefined ? hi : Math.min(Math.max(e, start), hi);
  return { start, end };
}

function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

interface BlockFrame {
  nodes: RootContent[];
  i: number;
  context: ProseContext;
  /** The parent's source range: children without a position fall back to it. */
  lo: number;
  hi: number;
  /** Set when `nodes` are the items of a list. */
  list?: { ordered: boolean; first: number };
  /** Runs when the frame's nodes are done. */
  done?: () => void;
}

/**
 * `base` with `changes`, as a context with every field present (unset ones undefined), in one
 * order. Every block's context then has one hidden class: the passes over a document's blocks
 * (several per keystroke) read them at one shape instead of thousands (spread copies did not share one).
 */
function contextWith(base: ProseContext | undefined, changes: Partial<ProseContext>): ProseContext {
  // Every field first, in order; then the base's values and the changes over them (no new fields: no new shape).
  const context: ProseContext = { inBlockquote: false, inList: false, inFootnoteDefinition: false, headingDepth: undefined, table: undefined, listItem: undefined, footnote: undefined };
  return Object.assign(context, base, changes);
}

function walkBlocks(
  tree: Root,
  source: string,
  limit: number,
  context: ProseContext,
  out: ProseExtraction,
  references: ReferenceLink[],
): void {
  const root = rangeOf(tree, 0, source.length);
  const stack: BlockFrame[] = [{ nodes: tree.children, i: 0, context, lo: root.start, hi: root.end }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.i >= frame.nodes.length) {
      stack.pop();
      frame.done?.();
      continue;
    }
    const index = frame.i++;
    const node = frame.nodes[index];
    // Text appended after the chunk, or put before it (then at offsets below 0), is not its own.
    if (startOf(node) >= limit || (node.position?.end.offset ?? 1) <= 0) continue;
    const { start, end } = rangeOf(node, frame.lo, frame.hi);
    if (frame.list) {
      // A list item: once its content is walked, its paragraphs learn their list and number.
      const list = frame.list;
      const before = out.blocks.length;
      const children = (node as { children?: RootContent[] }).children ?? [];
      stack.push({
        nodes: children,
        i: 0,
        context: frame.context,
        lo: start,
        hi: end,
        done: () => {
          for (let b = before; b < out.blocks.length; b++) {
            const block = out.blocks[b];
            if (block.kind !== 'paragraph' || block.context.listItem) continue;
            block.context.listItem = { ordered: list.ordered, number: list.first + index, firstParagraph: b === before };
          }
        },
      });
      continue;
    }
    const ctx = frame.context;
    switch (node.type) {
      case 'heading':
        out.blocks.push(buildBlock('heading', node, source, start, end, contextWith(ctx, { headingDepth: node.depth }), references));
        break;
      case 'paragraph':
        out.blocks.push(buildBlock('paragraph', node, source, start, end, contextWith(ctx, {}), references));
        break;
      case 'blockquote':
        stack.push({ nodes: node.children, i: 0, context: contextWith(ctx, { inBlockquote: true }), lo: start, hi: end });
        break;
      case 'list':
        stack.push({
          nodes: node.children as RootContent[],
          i: 0,
          context: contextWith(ctx, { inList: true }),
          lo: start,
          hi: end,
          list: { ordered: !!node.ordered, first: node.start ?? 1 },
        });
        break;
      case 'listItem':
        stack.push({ nodes: node.children, i: 0, context: ctx, lo: start, hi: end });
        break;
      // The identifier, not the label: the label has its escapes decoded ("ref\\[" is "ref["),
      // the identifier is the source's label normalised, as references are matched.
      case 'definition': {
        const label = normalizeLabel(node.identifier);
        out.definitions.push(label);
        out.destinations.push([label, node.url]);
        break;
      }
      case 'footnoteDefinition':
        out.definitions.push(footnoteKey(node.identifier));
        out.footnoteDefinitions.push({ identifier: node.identifier, label: node.label ?? node.identifier, start, end });
        stack.push({ nodes: node.children, i: 0, context: contextWith(ctx, { inFootnoteDefinition: true, footnote: node.identifier }), lo: start, hi: end });
        break;
      case 'table': {
        // A group of a table's rows parsed after its header (moved before the chunk): the
        // header is not the chunk's to report.
        const continued = (node.position?.start.offset ?? 0) < 0;
        node.children.forEach((row, r) => {
          if (continued && (row.position?.end.offset ?? 1) <= 0) return;
          const rowRange = rangeOf(row, start, end);
          row.children.forEach((cell, c) => {
            const cellRange = rangeOf(cell, rowRange.start, rowRange.end);
            out.blocks.push(
              buildBlock(
                'tableCell',
                cell,
                source,
                cellRange.start,
                cellRange.end,
                contextWith(ctx, { table: { tableStart: start, row: r, column: c, header: r === 0 && !continued, rowStart: rowRange.start, continued } }),
                references,
              ),
            );
          });
        });
        break;
      }
      case 'html':
        out.htmlBlocks.push({ value: node.value, start, end });
        break;
      default:
        // code, yaml/toml frontmatter, definitions, thematic breaks: not prose.
        break;
    }
  }
}

const WHITE_SPACE = /\s/;

class BlockBuilder {
  text = '';
  /** See ProseBlock.runs. */
  runs: number[] = [];
  /** How many offsets have been pushed, and the last one. */
  count = 0;
  last = 0;
  /**
   * Whether the text ends in white space, kept as it grows: testing the text itself each time
   * (a string built by appending) went through all of it, quadratic in a paragraph of inline HTML.
   */
  private endsInSpace = false;
  /** See ProseBlock.wide. */
  wide: number[] = [];
  links: ProseLink[] = [];
  footnoteRefs: ProseFootnoteRef[] = [];
  html: ProseHtml[] = [];
  /** Source offset up to which inline nodes have been consumed. */
  cursor: number;
  /** Offsets stay within [lo, hi) of the block and never decrease, whatever the tree says. */
  private readonly maxOffset: number;
  constructor(
    readonly source: string,
    readonly lo: number,
    readonly hi: number,
  ) {
    this.cursor = lo;
    this.maxOffset = Math.max(lo, hi - 1);
  }

  /**
   * Appends a text node's value, aligning each character with the source. The value differs
   * from the source where Markdown removed container prefixes ("> ", list indentation),
   * backslash escapes or entity references; a greedy forward scan skips the prefixes, and a
   * reference or escape maps to its whole source span.
   */
  appendAligned(value: string, start: number, end: number): void {
    const source = this.source;
    if (end - start === value.length && source.startsWith(value, start)) {
      // Common case: the value is the source verbatim.
      const previous = this.count > 0 ? this.last : this.lo;
      if (start >= previous && start + value.length - 1 <= this.maxOffset) {
        this.text += value;
        if (value.length > 0) {
          this.endsInSpace = WHITE_SPACE.test(value[value.length - 1]);
          this.pushOffset(start);
          this.count += value.length - 1;
          this.last = start + value.length - 1;
        }
      } else {
        for (let i = 0; i < value.length; i++) this.push(value[i], start + i);
      }
      return;
    }
    let p = start;
    for (let i = 0; i < value.length; ) {
      const c = value[i];
      const window = Math.min(end, p + 24);
      let q = p;
      for (; q < window; q++) {
        const code = source.charCodeAt(q);
        // A reference or escape is tried before a literal match: "&amp;" stands for "&" but starts with one.
        if ((code === 38 || code === 92) /* & or \ */ && referenceAt(source, q, end, value, i)) break;
        if (source[q] === c) break;
      }
      if (q < window && referenceSpan.count > 0) {
        const count = referenceSpan.count;
        for (let k = 0; k < count; k++) this.pushWide(value[i + k], referenceSpan.at, q, referenceSpan.end);
        referenceSpan.count = 0;
        i += count;
        p = referenceSpan.end;
      } else if (q < window) {
        this.push(c, q);
        p = q + 1;
        i++;
      } else {
        // Not found (a reference the scan does not know): map it to where the source resumes.
        this.push(c, Math.min(p, Math.max(start, end - 1)));
        i++;
      }
    }
  }

  /** Pushes a character at `offset` that stands for the source span [spanStart, spanEnd). */
  private pushWide(c: string, offset: number, spanStart: number, spanEnd: number): void {
    this.push(c, offset);
    this.wide.push(this.count - 1, Math.min(spanStart, this.last), Math.max(Math.min(spanEnd, this.hi), this.last + 1));
  }

  /** Where the source of the last prose character ends. */
  endOfLast(): number {
    const w = this.wide;
    return w.length > 0 && w[w.length - 3] === this.count - 1 ? w[w.length - 1] : this.last + 1;
  }

  push(c: string, offset: number): void {
    const previous = this.count > 0 ? this.last : this.lo;
    this.text += c;
    this.endsInSpace = WHITE_SPACE.test(c);
    this.pushOffset(Math.min(Math.max(offset, previous), this.maxOffset));
  }

  /** The source offset of the next prose character: it extends the last run when it follows it. */
  pushOffset(offset: number): void {
    if (this.count === 0 || offset !== this.last + 1) this.runs.push(this.count, offset);
    this.count++;
    this.last = offset;
  }

  /** Stands in for content that is not prose (inline code, images) so words stay apart. */
  placeholder(offset: number): void {
    if (this.text.length > 0 && !this.endsInSpace) this.push(' ', offset);
  }
}

/** What `referenceAt` found: how many value characters the reference stands for, their offset, where its source ends. */
const referenceSpan = { count: 0, at: 0, end: 0 };

const REFERENCE = /&(?:#[xX]([\dA-Fa-f]{1,6})|#(\d{1,7})|([A-Za-z][A-Za-z\d]{0,31}));/y;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * Whether the backslash escape or character reference at `source[at]` is what the parser
 * decoded into `value` at `i`; if so, fills `referenceSpan`. A reference is decoded with the
 * parser's own decoders, so what it became (one or two UTF-16 units, or nothing: an unknown
 * name stays as written) is known, not guessed.
 */
function referenceAt(source: string, at: number, end: number, value: string, i: number): boolean {
  if (source.charCodeAt(at) === 92) {
    if (at + 1 >= end || source[at + 1] !== value[i] || !ASCII_PUNCTUATION.test(value[i])) return false;
    return setSpan(1, at + 1, at + 2);
  }
  REFERENCE.lastIndex = at;
  const m = REFERENCE.exec(source);
  if (!m || at + m[0].length > end) return false;
  const decoded = decodeReference(m[1], m[2], m[3]);
  return decoded !== false && value.startsWith(decoded, i) && setSpan(decoded.length, at, at + m[0].length);
}

/** A character reference's value (hex, decimal or name: REFERENCE's groups), with the parser's decoders; false for an unknown name. */
function decodeReference(hex: string | undefined, decimal: string | undefined, name: string | undefined): string | false {
  return name === undefined ? decodeNumericCharacterReference(hex ?? decimal!, hex ? 16 : 10) : decodeNamedCharacterReference(name);
}

function setSpan(count: number, at: number, end: number): true {
  referenceSpan.count = count;
  referenceSpan.at = at;
  referenceSpan.end = end;
  return true;
}

function isAutolinkText(url: string, children: PhrasingContent[]): boolean {
  if (children.length !== 1 || children[0].type !== 'text') return false;
  const value = children[0].value;
  return value === url || url === `http://${value}` || url === `https://${value}` || url === `mailto:${value}`;
}

interface InlineFrame {
  nodes: PhrasingContent[];
  i: number;
  /** End of the parent node: children never reach past it. */
  hi: number;
  /** Index of the next sibling at or after `i` that has a position (cached scan). */
  nextKnown: number;
  /** Set when the frame is a link's text: the link, completed when the frame ends. */
  link?: ProseLink;
  /** Set when that link is a reference link: its label's identifier (see linkReferences). */
  reference?: string;
}

/**
 * The source range of an inline node, between the builder's cursor and the parent's end.
 * remark-gfm's autolink literals (and the text split around them) have no `position`: such a
 * node is found by its text between the cursor and the next sibling that has one, so ranges
 * stay monotone and inside the block (a fallback to offset 0 once gave inverted ranges).
 */
function inlineRange(b: BlockBuilder, frame: InlineFrame, node: PhrasingContent): { start: number; end: number } {
  const cursor = Math.min(b.cursor, frame.hi);
  if (node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
    const start = Math.min(Math.max(node.position.start.offset, cursor), frame.hi);
    return { start, end: Math.min(Math.max(node.position.end.offset, start), frame.hi) };
  }
  if (frame.nextKnown < frame.i) {
    let j = frame.i;
    while (j < frame.nodes.length && frame.nodes[j].position?.start.offset === undefined) j++;
    frame.nextKnown = j;
  }
  const next = frame.nodes[frame.nextKnown]?.position?.start.offset;
  let bound = next === undefined ? frame.hi : Math.min(Math.max(next, cursor), frame.hi);
  const probe = probeOf(node);
  if (probe) {
    const at = foundBetween(b.source, probe, cursor, bound);
    if (at !== -1) return { start: at, end: at + probe.length };
  }
  if (node.type !== 'text') return { start: cursor, end: cursor };
  // Text not found as written (a continuation line's indent is not in its value): it ends
  // where the next node without a position is found, not at the parent's end, which would
  // leave that node (an autolink literal) no room and place it at the end.
  const following = frame.i + 1 < frame.nodes.length && frame.nodes[frame.i + 1].position === undefined ? probeOf(frame.nodes[frame.i + 1]) : '';
  if (following) {
    const at = foundBetween(b.source, following, cursor, bound);
    if (at !== -1) bound = at;
  }
  return { start: cursor, end: bound };
}

/** Where `text` first lies wholly between `from` and `to` in `source`, or −1 (no copy of the source made). */
function foundBetween(source: string, text: string, from: number, to: number): number {
  const at = source.indexOf(text, from);
  return at !== -1 && at + text.length <= to ? at : -1;
}

/** What an inline node without a position is found by in the source: its text, or a link's one text. */
function probeOf(node: PhrasingContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'link' && node.children.length === 1 && node.children[0].type === 'text') return node.children[0].value;
  return '';
}

/** Appends a block's inline content. Iterative: emphasis can nest thousands deep. */
function appendInline(b: BlockBuilder, children: PhrasingContent[], references: ReferenceLink[]): void {
  const stack: InlineFrame[] = [{ nodes: children, i: 0, hi: b.hi, nextKnown: -1 }];
  /** An HTML link opened and not yet closed (see htmlLinkUrl). */
  let anchor: ProseLink | undefined;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    if (frame.i >= frame.nodes.length) {
      stack.pop();
      if (frame.link) {
        frame.link.textEnd = b.text.length;
        // A reference link joins the block's links once its definition gives it a destination.
        if (frame.reference === undefined) b.links.push(frame.link);
        else references.push({ link: frame.link, identifier: frame.reference, links: b.links });
      }
      if (stack.length > 0) b.cursor = Math.max(b.cursor, frame.hi);
      continue;
    }
    const node = frame.nodes[frame.i];
    const { start, end } = inlineRange(b, frame, node);
    frame.i++;
    b.cursor = start;
    switch (node.type) {
      case 'text':
        b.appendAligned(node.value, start, end);
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        stack.push({ nodes: node.children, i: 0, hi: end, nextKnown: -1 });
        continue;
      case 'linkReference': {
        const link: ProseLink = { url: '', textStart: b.text.length, textEnd: b.text.length, start, end };
        stack.push({ nodes: node.children, i: 0, hi: end, nextKnown: -1, link, reference: node.identifier });
        continue;
      }
      case 'link': {
        if (isAutolinkText(node.url, node.children)) {
          // A bare URL is an address, not prose.
          b.links.push({ url: node.url, textStart: b.text.length, textEnd: b.text.length, start, end });
          b.placeholder(start);
          break;
        }
        const link: ProseLink = { url: node.url, textStart: b.text.length, textEnd: b.text.length, start, end };
        stack.push({ nodes: node.children, i: 0, hi: end, nextKnown: -1, link });
        continue;
      }
      case 'footnoteReference':
        b.footnoteRefs.push({ identifier: node.identifier, at: b.text.length, start, end });
        break;
      case 'break':
        b.push('\n', start);
        break;
      case 'html': {
        b.html.push({ value: node.value, at: b.text.length, start, end });
        // An HTML link is a link: its text, up to its closing tag, is what it links.
        if (anchor && CLOSING_ANCHOR.test(node.value)) {
          anchor.textEnd = b.text.length;
          anchor.end = end;
          b.links.push(anchor);
          anchor = undefined;
        }
        b.placeholder(start);
        const url = anchor ? undefined : htmlLinkUrl(node.value);
        if (url !== undefined) anchor = { url, textStart: b.text.length, textEnd: b.text.length, start, end };
        break;
      }
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      default:
        b.placeholder(start);
        break;
    }
    b.cursor = end;
  }
}

/** An opening `<a …>` tag with an `href`: its value (quoted or not), as a group each way. */
const OPENING_ANCHOR = /^<a\s[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))[^>]*>$/i;
const CLOSING_ANCHOR = /^<\/a\s*>$/i;
/** Every character reference of a text (REFERENCE's pattern, not sticky). */
const CHARACTER_REFERENCE = new RegExp(REFERENCE.source, 'g');

/** The URL of an inline `<a href="…">` tag, its character references decoded as a browser would; undefined for any other HTML. */
function htmlLinkUrl(html: string): string | undefined {
  const m = OPENING_ANCHOR.exec(html);
  if (!m) return undefined;
  return (m[1] ?? m[2] ?? m[3]).trim().replace(CHARACTER_REFERENCE, (reference: string, hex?: string, decimal?: string, name?: string) => {
    const decoded = decodeReference(hex, decimal, name);
    return decoded === false ? reference : decoded;
  });
}

function buildBlock(kind: ProseBlock['kind'], node: Nodes & { children: PhrasingContent[] }, source: string, start: number, end: number, context: ProseContext, references: ReferenceLink[]): ProseBlock {
  const b = new BlockBuilder(source, start, end);
  appendInline(b, node.children, references);
  // One more offset, at text.length: where the text ends.
  b.pushOffset(b.count > 0 ? Math.min(b.endOfLast(), Math.max(end, start)) : start);
  return {
    kind,
    text: b.text,
    runs: b.runs,
    wide: b.wide,
    start,
    end,
    context,
    links: b.links,
    footnoteRefs: b.footnoteRefs,
    html: b.html,
  };
}

/** Source range [start, end) of prose indices [from, to). */
export function sourceRange(block: ProseBlock, from: number, to: number): { start: number; end: number } {
  if (to <= from) {
    const at = sourceOffset(block, from);
    return { start: at, end: at };
  }
  const first = wideAt(block, from);
  const last = wideAt(block, to - 1);
  return { start: first < 0 ? sourceOffset(block, from) : block.wide[first + 1], end: last < 0 ? sourceOffset(block, to - 1) + 1 : block.wide[last + 2] };
}

/** Where the source of prose character `i` ends: after a whole entity reference or escape. */
export function sourceEnd(block: Pick<ProseBlock, 'runs' | 'wide'>, i: number): number {
  const w = wideAt(block, i);
  return w < 0 ? sourceOffset(block, i) + 1 : block.wide[w + 2];
}

/** Where prose index `i`'s triple is in `block.wide`, or −1 (binary search; most blocks have none). */
function wideAt(block: Pick<ProseBlock, 'wide'>, i: number): number {
  const wide = block.wide;
  if (wide === undefined) return -1; // blocks made by hand (tests)
  let lo = 0;
  let hi = wide.length / 3 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = wide[mid * 3];
    if (at === i) return mid * 3;
    if (at < i) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The source offset of prose index `i` of a block (0 ≤ i ≤ text.length). */
export function sourceOffset(block: Pick<ProseBlock, 'runs'>, i: number): number {
  const runs = block.runs;
  // The last run that starts at or before i (most blocks have one or two; a block of entity
  // references has one per character).
  let lo = 0;
  let hi = (runs.length >> 1) - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (runs[mid * 2] <= i) lo = mid;
    else hi = mid - 1;
  }
  return runs[lo * 2 + 1] + (i - runs[lo * 2]);
}

/** Every prose index's source offset, text.length + 1 of them (tests, debugging). */
export function proseOffsets(block: Pick<ProseBlock, 'runs' | 'text'>): number[] {
  return Array.from({ length: block.text.length + 1 }, (_, i) => sourceOffset(block, i));
}

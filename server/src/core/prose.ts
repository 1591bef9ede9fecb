import type { Nodes, Parents, Root, RootContent, PhrasingContent } from 'mdast';

/** Where a prose block sits in the document's structure. */
export interface ProseContext {
  inBlockquote: boolean;
  inList: boolean;
  inFootnoteDefinition: boolean;
  /** Set for headings. */
  headingDepth?: number;
  /** Set for table cells: which table (its source start), row and column. */
  table?: { tableStart: number; row: number; column: number; header: boolean };
  /** Text of the nearest heading above, e.g. to recognise a References section. */
  section?: string;
  /** Set for paragraphs in list items: the list (its source start), whether it is ordered, the item's number. */
  listItem?: { listStart: number; ordered: boolean; number: number; firstParagraph: boolean };
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
 * `offsets[i]` is the source offset of `text[i]`; code, HTML, URLs and Markdown syntax are
 * left out of `text`, so matching and sentence splitting never see them.
 */
export interface ProseBlock {
  kind: 'paragraph' | 'heading' | 'tableCell';
  text: string;
  offsets: Int32Array;
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
}

/**
 * Walks an mdast tree and returns its prose blocks: headings, paragraphs (including those in
 * list items, blockquotes and footnote definitions) and table cells. Nodes at or beyond
 * `limit` (text appended after a chunk to resolve references) are ignored.
 */
export function extractProse(tree: Root, source: string, limit = source.length): ProseExtraction {
  const out: ProseExtraction = { blocks: [], htmlBlocks: [], footnoteDefinitions: [] };
  const state = { section: undefined as string | undefined };
  walkBlocks(tree, source, limit, { inBlockquote: false, inList: false, inFootnoteDefinition: false }, out, state);
  return out;
}

function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}
function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

function walkBlocks(
  parent: Parents,
  source: string,
  limit: number,
  context: ProseContext,
  out: ProseExtraction,
  state: { section: string | undefined },
): void {
  for (const node of parent.children as RootContent[]) {
    if (startOf(node) >= limit) continue;
    switch (node.type) {
      case 'heading': {
        const block = buildBlock('heading', node, source, { ...context, headingDepth: node.depth });
        out.blocks.push(block);
        state.section = block.text.trim();
        break;
      }
      case 'paragraph':
        out.blocks.push(buildBlock('paragraph', node, source, { ...context, section: state.section }));
        break;
      case 'blockquote':
        walkBlocks(node, source, limit, { ...context, inBlockquote: true }, out, state);
        break;
      case 'list': {
        const first = node.start ?? 1;
        node.children.forEach((item, i) => {
          if (startOf(item) >= limit) return;
          const before = out.blocks.length;
          walkBlocks(item, source, limit, { ...context, inList: true }, out, state);
          for (let b = before; b < out.blocks.length; b++) {
            const block = out.blocks[b];
            if (block.kind !== 'paragraph' || block.context.listItem) continue;
            block.context.listItem = { listStart: startOf(node), ordered: !!node.ordered, number: first + i, firstParagraph: b === before };
          }
        });
        break;
      }
      case 'listItem':
        walkBlocks(node, source, limit, context, out, state);
        break;
      case 'footnoteDefinition':
        out.footnoteDefinitions.push({ identifier: node.identifier, label: node.label ?? node.identifier, start: startOf(node), end: endOf(node) });
        walkBlocks(node, source, limit, { ...context, inFootnoteDefinition: true, footnote: node.identifier }, out, state);
        break;
      case 'table': {
        const tableStart = startOf(node);
        node.children.forEach((row, r) => {
          row.children.forEach((cell, c) => {
            out.blocks.push(
              buildBlock('tableCell', cell, source, {
                ...context,
                section: state.section,
                table: { tableStart, row: r, column: c, header: r === 0 },
              }),
            );
          });
        });
        break;
      }
      case 'html':
        out.htmlBlocks.push({ value: node.value, start: startOf(node), end: endOf(node) });
        break;
      default:
        // code, yaml/toml frontmatter, definitions, thematic breaks: not prose.
        break;
    }
  }
}

class BlockBuilder {
  text = '';
  offsets: number[] = [];
  links: ProseLink[] = [];
  footnoteRefs: ProseFootnoteRef[] = [];
  html: ProseHtml[] = [];
  constructor(readonly source: string) {}

  /**
   * Appends a text node's value, aligning each character with the source. The value differs
   * from the source where Markdown removed container prefixes ("> ", list indentation),
   * backslash escapes or entity references; a greedy forward scan skips those.
   */
  appendAligned(value: string, start: number, end: number): void {
    const source = this.source;
    if (end - start === value.length && source.startsWith(value, start)) {
      // Common case: the value is the source verbatim.
      this.text += value;
      for (let i = 0; i < value.length; i++) this.offsets.push(start + i);
      return;
    }
    let p = start;
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (p < end && source[p] === c) {
        this.push(c, p++);
        continue;
      }
      let q = p;
      const window = Math.min(end, p + 24);
      while (q < window && source[q] !== c) q++;
      if (q < window) {
        this.push(c, q);
        p = q + 1;
      } else {
        // Decoded character (an entity such as &amp;): map it to where the reference starts.
        this.push(c, Math.min(p, Math.max(start, end - 1)));
      }
    }
  }

  push(c: string, offset: number): void {
    this.text += c;
    this.offsets.push(offset);
  }

  /** Stands in for content that is not prose (inline code, images) so words stay apart. */
  placeholder(offset: number): void {
    if (this.text.length > 0 && !/\s$/.test(this.text)) this.push(' ', offset);
  }
}

function isAutolinkText(url: string, children: PhrasingContent[]): boolean {
  if (children.length !== 1 || children[0].type !== 'text') return false;
  const value = children[0].value;
  return value === url || url === `http://${value}` || url === `https://${value}` || url === `mailto:${value}`;
}

function appendInline(b: BlockBuilder, nodes: PhrasingContent[]): void {
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
        b.appendAligned(node.value, startOf(node), endOf(node));
        break;
      case 'emphasis':
      case 'strong':
      case 'delete':
        appendInline(b, node.children);
        break;
      case 'link': {
        if (isAutolinkText(node.url, node.children)) {
          // A bare URL is an address, not prose.
          b.links.push({ url: node.url, textStart: b.text.length, textEnd: b.text.length, start: startOf(node), end: endOf(node) });
          b.placeholder(startOf(node));
          break;
        }
        const textStart = b.text.length;
        appendInline(b, node.children);
        b.links.push({ url: node.url, textStart, textEnd: b.text.length, start: startOf(node), end: endOf(node) });
        break;
      }
      case 'linkReference':
        appendInline(b, node.children);
        break;
      case 'footnoteReference':
        b.footnoteRefs.push({ identifier: node.identifier, at: b.text.length, start: startOf(node), end: endOf(node) });
        break;
      case 'break':
        b.push('\n', startOf(node));
        break;
      case 'html':
        b.html.push({ value: node.value, at: b.text.length, start: startOf(node), end: endOf(node) });
        b.placeholder(startOf(node));
        break;
      case 'inlineCode':
      case 'image':
      case 'imageReference':
      default:
        b.placeholder(startOf(node));
        break;
    }
  }
}

function buildBlock(kind: ProseBlock['kind'], node: Nodes & { children: PhrasingContent[] }, source: string, context: ProseContext): ProseBlock {
  const b = new BlockBuilder(source);
  appendInline(b, node.children);
  const end = endOf(node);
  const offsets = new Int32Array(b.offsets.length + 1);
  offsets.set(b.offsets);
  offsets[b.offsets.length] = b.offsets.length > 0 ? b.offsets[b.offsets.length - 1] + 1 : startOf(node);
  return {
    kind,
    text: b.text,
    offsets,
    start: startOf(node),
    end,
    context,
    links: b.links,
    footnoteRefs: b.footnoteRefs,
    html: b.html,
  };
}

/** Source range [start, end) of prose indices [from, to). */
export function sourceRange(block: ProseBlock, from: number, to: number): { start: number; end: number } {
  if (to <= from) return { start: block.offsets[from], end: block.offsets[from] };
  return { start: block.offsets[from], end: block.offsets[to - 1] + 1 };
}

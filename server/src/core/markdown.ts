import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import type { Nodes, Root } from 'mdast';
import type { Construct, Extension as MicromarkExtension } from 'micromark-util-types';
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { gfmFromMarkdown } from 'mdast-util-gfm';

type FromMarkdownExtension = ReturnType<typeof gfmFromMarkdown>[number];

/**
 * Markdown text → mdast, with GFM (tables, footnotes, autolinks, strikethrough, task lists) and
 * YAML/TOML frontmatter: the tree `unified().use(remarkParse).use(remarkGfm)` gives, built by
 * a parser that only carries the GFM constructs the text can contain.
 *
 * Why: remark-gfm's micromark extensions made a parse of article prose much slower than a
 * CommonMark parse (development measurements). The email autolink literal is tried at the start
 * of every word (the tokenizer also stops its runs of plain text there), the table at the start
 * of every line, and the autolink transform walks every text node afterwards. Each GFM construct
 * cannot exist without certain characters (below), so a text without them parses to the same
 * tree without that construct. `test/unit/markdown.test.ts` checks that the trees are equal,
 * positions included, on every CommonMark and GFM spec example, on every Markdown file of the
 * project (whole and chunk by chunk), on the claim corpus's web pages and on random texts made
 * of the constructs' own characters.
 */
export function parseMarkdown(text: string): Root {
  const tree = processorFor(gfmNeeds(text)).parse(text) as Root;
  // micromark drops a byte order mark that starts its text and counts offsets after it: the
  // offsets of the tree count in `text`, the mark included.
  if (text.charCodeAt(0) === 0xfeff) shiftPositions(tree, -1);
  return tree;
}

/**
 * Moves every node's offsets `by` characters back (new position objects: the parser may share
 * points between nodes). Iterative: a tree can be thousands of levels deep.
 */
export function shiftPositions(tree: Root, by: number): void {
  const stack: Nodes[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const p = node.position;
    if (p) node.position = { start: { ...p.start, offset: (p.start.offset ?? 0) - by }, end: { ...p.end, offset: (p.end.offset ?? 0) - by } };
    if ('children' in node) for (const child of node.children) stack.push(child);
  }
}

/** Bits of `gfmNeeds`: which GFM constructs a text could contain. */
export const GFM = {
  /** `a@b.co` needs an `@`. */
  emailAutolink: 1,
  /** `https://…` needs `http://` or `https://`, in any case. */
  protocolAutolink: 2,
  /** `www.…` needs `www.`, in any case. */
  wwwAutolink: 4,
  /**
   * mdast-util-gfm-autolink-literal's transform finds the three above in text values, where a
   * character reference may have made them (`a&#64;b.co`): it also runs when there is a `&`.
   */
  autolinkTransform: 8,
  /**
   * A table's delimiter row has a `|`, or a `:` next to its dashes (`:--`, `--:`): a row of
   * dashes with neither is a thematic break or a setext underline.
   */
  table: 16,
  strikethrough: 32,
  /** Calls and definitions both open with `[^`. */
  footnote: 64,
  /** `[ ]`, `[x]` at the start of a list item: a `[` at least. */
  taskListItem: 128,
} as const;

export function gfmNeeds(text: string): number {
  let needs = 0;
  if (text.includes('@')) needs |= GFM.emailAutolink;
  if (/https?:\/\//i.test(text)) needs |= GFM.protocolAutolink;
  if (/www\./i.test(text)) needs |= GFM.wwwAutolink;
  if (needs !== 0 || text.includes('&')) needs |= GFM.autolinkTransform;
  if (text.includes('|') || text.includes(':-') || text.includes('-:')) needs |= GFM.table;
  if (text.includes('~')) needs |= GFM.strikethrough;
  if (text.includes('[')) {
    needs |= GFM.taskListItem;
    if (text.includes('[^')) needs |= GFM.footnote;
  }
  return needs;
}

// One frozen processor per combination met (a handful in practice), built once, not per block.
const processors = new Map<number, Processor>();

function processorFor(needs: number): Processor {
  let processor = processors.get(needs);
  if (!processor) {
    processor = unified().use(remarkParse).use(gfmOnly, needs).use(remarkFrontmatter, ['yaml', 'toml']).freeze() as unknown as Processor;
    processors.set(needs, processor);
  }
  return processor;
}

/** remark-gfm's plugin, with only the constructs in `needs`, in remark-gfm's order. */
function gfmOnly(this: Processor, needs: number): void {
  const data = this.data() as { micromarkExtensions?: MicromarkExtension[]; fromMarkdownExtensions?: Array<FromMarkdownExtension | FromMarkdownExtension[]> };
  const has = (bit: number) => (needs & bit) !== 0;
  const micromark: MicromarkExtension[] = [
    autolinkLiterals(needs),
    ...(has(GFM.footnote) ? [gfmFootnote()] : []),
    ...(has(GFM.strikethrough) ? [gfmStrikethrough()] : []),
    ...(has(GFM.table) ? [gfmTable()] : []),
    ...(has(GFM.taskListItem) ? [gfmTaskListItem()] : []),
  ];
  // Only the autolink literal's mdast extension has a transform (a test checks it); the
  // others only turn tokens into nodes, and a token that is never made costs nothing.
  const fromMarkdown = gfmFromMarkdown().map((extension) => (extension.transforms && !has(GFM.autolinkTransform) ? { ...extension, transforms: [] } : extension));
  (data.micromarkExtensions ??= []).push(...micromark);
  (data.fromMarkdownExtensions ??= []).push(fromMarkdown);
}

const AUTOLINK_NEEDS: Record<string, number> = { emailAutolink: GFM.emailAutolink, protocolAutolink: GFM.protocolAutolink, wwwAutolink: GFM.wwwAutolink };

/** micromark-extension-gfm-autolink-literal's text hooks, keeping only the constructs needed. */
function autolinkLiterals(needs: number): MicromarkExtension {
  const text: Record<number, Construct[]> = {};
  for (const [code, hooked] of Object.entries(gfmAutolinkLiteral().text ?? {})) {
    const constructs = (Array.isArray(hooked) ? hooked : [hooked]).filter((construct): construct is Construct => {
      if (!construct) return false;
      const bit = AUTOLINK_NEEDS[construct.name ?? ''];
      return bit === undefined || (needs & bit) !== 0; // one this module does not know is kept
    });
    if (constructs.length > 0) text[Number(code)] = constructs;
  }
  return { text };
}

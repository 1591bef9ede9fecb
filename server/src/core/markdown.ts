import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkFrontmatter from 'remark-frontmatter';
import type { Root } from 'mdast';

// Built once: freezing a unified processor compiles the micromark extensions, which costs
// far more than a small parse.
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).freeze();

/** Markdown text → mdast, with GFM (tables, footnotes, autolinks) and YAML/TOML frontmatter. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text) as Root;
}

/**
 * Splits a Markdown document into top-level chunks that parse the same on their own as they
 * do inside the whole document, so an edit re-parses only the chunk it touched.
 *
 * A chunk boundary is placed only before an unindented line that follows a blank line,
 * outside fenced code, frontmatter and multi-line HTML. When in doubt we do not split:
 * a larger chunk costs time, a wrong split would cost correctness.
 */
export interface Chunk {
  /** Offset of the chunk's first character in the document. */
  start: number;
  end: number;
  text: string;
}

const FENCE = /^[ \t]*(`{3,}|~{3,})(.*)$/;
const HTML_RAW_OPEN = /^ {0,3}<(script|pre|style|textarea)(?:\s|>|$)/i;

export function splitIntoChunks(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let fence: { char: string; length: number } | undefined;
  let rawHtmlClose: RegExp | undefined;
  let inComment = false;
  let inFrontmatter = false;
  let previousBlank = false;
  let lineStart = 0;
  let lineIndex = 0;

  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : lineEnd;
    const line = text.charCodeAt(lineEnd - 1) === 13 ? text.slice(lineStart, lineEnd - 1) : text.slice(lineStart, lineEnd);
    const blank = line.trim() === '';

    if (lineIndex === 0 && (line === '---' || line === '+++')) {
      inFrontmatter = true;
    } else if (inFrontmatter) {
      if (line === '---' || line === '+++' || line === '...') inFrontmatter = false;
    } else if (fence) {
      const m = FENCE.exec(line);
      if (m && m[1][0] === fence.char && m[1].length >= fence.length && m[2].trim() === '') fence = undefined;
    } else if (rawHtmlClose) {
      if (rawHtmlClose.test(line)) rawHtmlClose = undefined;
    } else if (inComment) {
      if (line.includes('-->')) inComment = false;
    } else {
      const canSplit = previousBlank && !blank && line[0] !== ' ' && line[0] !== '\t' && lineStart > chunkStart;
      if (canSplit) {
        chunks.push({ start: chunkStart, end: lineStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      }
      const m = FENCE.exec(line);
      if (m && !(m[1][0] === '`' && m[2].includes('`'))) {
        fence = { char: m[1][0], length: m[1].length };
      } else {
        const raw = HTML_RAW_OPEN.exec(line);
        if (raw && !new RegExp(`</${raw[1]}>`, 'i').test(line)) rawHtmlClose = new RegExp(`</${raw[1]}>`, 'i');
        const open = line.lastIndexOf('<!--');
        if (open !== -1 && line.indexOf('-->', open + 4) === -1) inComment = true;
      }
    }
    previousBlank = blank;
    lineStart = next;
    lineIndex++;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ start: chunkStart, end: text.length, text: text.slice(chunkStart) });
  }
  return chunks;
}

/** Link-reference and footnote definitions, which resolve references in other chunks. */
const DEFINITION = /^ {0,3}\[(\^?)((?:[^\]\\\n]|\\.){1,999})\]:/gm;
const LABEL_USE = /\[(\^?)((?:[^\]\\\n]|\\.){1,999})\]/g;

export function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface DefinitionIndex {
  /** footnote labels ("^" prefixed) and link labels, normalized, with the chunk that defines them. */
  labels: Map<string, number>;
}

export function indexDefinitions(chunks: Chunk[]): DefinitionIndex {
  const labels = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    if (!chunk.text.includes(']:')) return;
    for (const m of chunk.text.matchAll(DEFINITION)) {
      const key = m[1] + normalizeLabel(m[2]);
      if (!labels.has(key)) labels.set(key, i);
    }
  });
  return { labels };
}

/**
 * Definitions from other chunks that this chunk's references need, as Markdown to append
 * after it, so `[text][ref]` and `[^1]` resolve as they would in the whole document.
 */
export function foreignDefinitionsFor(chunkIndex: number, chunk: Chunk, index: DefinitionIndex): string {
  if (index.labels.size === 0 || !chunk.text.includes('[')) return '';
  const needed = new Set<string>();
  for (const m of chunk.text.matchAll(LABEL_USE)) {
    const key = m[1] + normalizeLabel(m[2]);
    const owner = index.labels.get(key);
    if (owner !== undefined && owner !== chunkIndex) needed.add(key);
  }
  if (needed.size === 0) return '';
  let out = '';
  for (const key of needed) {
    out += key.startsWith('^') ? `\n\n[${key}]: healthmark-foreign-definition` : `\n\n[${key}]: #healthmark-foreign-definition`;
  }
  return out;
}

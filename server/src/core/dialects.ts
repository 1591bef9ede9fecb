/**
 * MDX and Quarto: what is never prose, blanked out before the Markdown analysis.
 *
 * The analysis reads CommonMark. An `.mdx` or `.qmd` file is made into Markdown of exactly the
 * same length by replacing what is not prose with spaces (line breaks kept), so every offset,
 * line and column the analysis reports is the original file's, and a fix applies to it as is.
 *
 * - MDX: `import`/`export` statements, JSX tags (`<Chart data={…} />`, `<Callout>` — the
 *   children between tags stay prose), expressions `{…}` and `{/* comments *\/}`. A comment
 *   `{/* healthmark-ignore *\/}` (or `-disable …`) becomes the `<!-- … -->` suppression comment.
 * - Quarto: `:::` div fences (their content stays prose), `{{< shortcodes >}}`, attributes
 *   `{#id .class}` after headings and spans, and cross-references `@fig-…`, `@tbl-…`, `@sec-…`
 *   (which would otherwise read as citation keys). Chunk options (`#| echo: false`) are inside
 *   code chunks, which are code already.
 *
 * Fenced code blocks and code spans are left alone in both. Pure: text in, text out.
 */

export type Dialect = 'markdown' | 'mdx' | 'quarto';

/** The dialect of a file, by its extension. */
export function dialectOf(fileName: string): Dialect {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.mdx')) return 'mdx';
  if (lower.endsWith('.qmd')) return 'quarto';
  return 'markdown';
}

/** Replaces [start, end) with spaces, keeping line breaks. */
function blank(chars: string[], start: number, end: number): void {
  for (let i = start; i < end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
}

/** Ranges of fenced code blocks and code spans, which no dialect rule touches. */
function codeRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  const fence = /^( {0,3})(`{3,}|~{3,})[^\n]*$/gm;
  let m: RegExpExecArray | null;
  let from = 0;
  while ((m = fence.exec(text))) {
    if (m.index < from) continue;
    const marker = m[2];
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'gm');
    close.lastIndex = m.index + m[0].length + 1;
    const c = close.exec(text);
    const end = c ? c.index + c[0].length : text.length;
    ranges.push([m.index, end]);
    from = end;
    fence.lastIndex = end;
  }
  // Code spans outside fences: a run of backticks closed by the same run.
  const span = /(`+)([\s\S]*?[^`])\1(?!`)/g;
  while ((m = span.exec(text))) {
    const s = m.index;
    if (ranges.some(([a, b]) => s >= a && s < b)) continue;
    ranges.push([s, s + m[0].length]);
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** The range holding `at`, by binary search over sorted, non-overlapping ranges. */
function inRanges(ranges: [number, number][], at: number): [number, number] | undefined {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < ranges[mid][0]) hi = mid - 1;
    else if (at >= ranges[mid][1]) lo = mid + 1;
    else return ranges[mid];
  }
  return undefined;
}

/** End (exclusive) of a balanced `{…}` starting at `start`, skipping strings; -1 when unbalanced. */
function braceEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'" || ch === '`') quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** End (exclusive) of a JSX tag starting at `<`, honouring quotes and `{…}`; -1 when it is not one. */
function jsxTagEnd(text: string, start: number): number {
  const head = /^<\/?(?:[A-Za-z][\w.:-]*)?(?=[\s/>{])|^<>|^<\/>/.exec(text.slice(start, start + 200));
  if (!head) return -1;
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') {
      const end = braceEnd(text, i);
      if (end === -1) return -1;
      i = end - 1;
    } else if (ch === '>') return i + 1;
    else if (ch === '<') return -1;
  }
  return -1;
}

function maskMdx(text: string, chars: string[], code: [number, number][]): void {
  // ESM: import/export at the start of a line, up to the next blank line.
  const esm = /^(?:import|export)\b[^\n]*(?:\n(?![ \t]*\n)[^\n]*)*/gm;
  let m: RegExpExecArray | null;
  while ((m = esm.exec(text))) {
    if (inRanges(code, m.index)) continue;
    blank(chars, m.index, m.index + m[0].length);
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '{' && ch !== '<') continue;
    const r = inRanges(code, i);
    if (r) {
      i = r[1] - 1;
      continue;
    }
    if (chars[i] === ' ') continue; // already blanked (ESM)
    if (ch === '{') {
      const end = braceEnd(text, i);
      if (end === -1) continue;
      const comment = /^\{\/\*(\s*healthmark-[\s\S]*?)\*\/\}$/.exec(text.slice(i, end));
      blank(chars, i, end);
      if (comment && /^\s/.test(comment[1])) {
        // {/* healthmark-ignore */} → <!--healthmark-ignore -->, same length.
        const inner = comment[1].slice(1);
        const replacement = `<!--${inner}-->`;
        for (let k = 0; k < replacement.length; k++) chars[i + k] = replacement[k];
      }
      i = end - 1;
    } else if (ch === '<' && text[i + 1] !== '!') {
      const end = jsxTagEnd(text, i);
      if (end === -1) continue;
      blank(chars, i, end);
      i = end - 1;
    }
  }
}

const CROSS_REF = /(^|[^\w@])(@(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem)-[\w-]*\w)/g;

function maskQuarto(text: string, chars: string[], code: [number, number][]): void {
  const patterns: RegExp[] = [
    /^[ \t]*:{3,}[^\n]*$/gm, // div fences: "::: {.callout-note}", ":::"
    /\{\{<[\s\S]*?>\}\}/g, // shortcodes
    /\{[#.=][^{}\n]*\}/g, // attributes: {#sec-intro}, {.smaller}, {=html}
  ];
  for (const re of patterns) {
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      if (inRanges(code, m.index)) continue;
      blank(chars, m.index, m.index + m[0].length);
    }
  }
  let m: RegExpExecArray | null;
  while ((m = CROSS_REF.exec(text))) {
    const at = m.index + m[1].length;
    if (inRanges(code, at)) continue;
    blank(chars, at, at + m[2].length);
  }
}

/**
 * The text the Markdown analysis should read for a document of this dialect: the same length,
 * what is never prose replaced by spaces. Markdown is returned unchanged.
 */
export function maskDialect(text: string, dialect: Dialect): string {
  if (dialect === 'markdown') return text;
  const chars = text.split(''); // UTF-16 code units: the same offsets as the analysis
  // Frontmatter is YAML either way: leave it to remark-frontmatter.
  const front = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  const code = codeRanges(text).filter(([a]) => !front || a >= front[0].length);
  if (front) code.unshift([0, front[0].length]);
  if (dialect === 'mdx') maskMdx(text, chars, code);
  else maskQuarto(text, chars, code);
  return chars.join('');
}

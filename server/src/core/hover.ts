import type { Glossary, GlossaryEntry } from './glossary';

/** How a hover is written: Markdown, or plain text for clients whose `contentFormat` prefers it. */
export type HoverFormat = 'markdown' | 'plaintext';

/** The client's preferred hover format: the first of its `contentFormat` we can write (default Markdown). */
export function preferredHoverFormat(contentFormat: readonly string[] | undefined): HoverFormat {
  for (const f of contentFormat ?? []) if (f === 'markdown' || f === 'plaintext') return f;
  return 'markdown';
}

const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
// At either end of the text the neighbour is unknown (a wrapping `**` or `*`): not a space.
const space = (c: string | undefined) => c !== undefined && /\s/.test(c);
const alnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Escapes text (a glossary file's, possibly untrusted; a reference) for a Markdown hover so
 * that it shows as written and can inject neither raw HTML nor links such as `command:` URIs —
 * and escapes nothing else: clients that show Markdown source (eglot with markdown-mode, many
 * terminal clients) show every backslash. No HTML entities: `&` stays `&` unless it would
 * start one; `<` becomes `\<` where it could open a tag. Emphasis characters (and `~` when
 * paired) are escaped unless they cannot open or close emphasis (`a * b`, `snake_case`); `[`
 * always (no link can open), `]` before `(` or `[`; block markers only where the text starts
 * (`# `, `> `, `- `, `1. `). Newlines become spaces; the ends are trimmed (so a wrapping `**` still closes).
 */
export function escapeMarkdown(text: string): string {
  const s = text.replace(/\r\n?|\n/g, ' ').trim();
  const tildes = [...s.matchAll(/~/g)].filter((m) => !(space(s[m.index - 1]) && space(s[m.index + 1]))).length;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const prev = s[i - 1];
    const next = s[i + 1];
    let escape = false;
    switch (c) {
      case '\\':
        // Before punctuation it would escape it; at the end, the wrapper's `*` or `_`.
        escape = next === undefined || PUNCTUATION.test(next);
        break;
      case '`':
      case '[':
        escape = true;
        break;
      case '<':
        // A tag, a comment or an autolink (`<a@b.org>` too) starts `<` + non-space; `< 18.5` cannot.
        escape = next !== undefined && !/\s/.test(next);
        break;
      case ']':
        escape = next === '(' || next === '[';
        break;
      case '&':
        escape = ENTITY.test(s.slice(i));
        break;
      case '*':
        escape = !(space(prev) && space(next));
        break;
      case '~':
        // Strikethrough needs a pair: a lone `~30 %` stays as written.
        escape = tildes > 1 && !(space(prev) && space(next));
        break;
      case '_':
        escape = !((space(prev) && space(next)) || (alnum(prev) && alnum(next)));
        break;
    }
    out += escape ? `\\${c}` : c;
  }
  // Block syntax where the text starts a line: heading, quote, list item, thematic break.
  if (/^([-*_])(?:\s*\1){2,}\s*$/.test(out)) return `\\${out}`;
  if (/^(?:#{1,6}|[>+\-*])(?:\s|$)/.test(out) || out.startsWith('>')) return `\\${out}`;
  return out.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
}

/** Writes hover parts in one format: Markdown markup, or the plain words for plain text. */
export interface HoverWriter {
  format: HoverFormat;
  text(s: string): string;
  bold(s: string): string;
  italic(s: string): string;
  link(label: string, url: string): string;
}

export function hoverWriter(format: HoverFormat): HoverWriter {
  if (format === 'plaintext') {
    const text = (s: string) => s.replace(/\r\n?|\n/g, ' ').trim();
    return { format, text, bold: text, italic: text, link: (label, url) => `${text(label)}: ${url}` };
  }
  return {
    format,
    text: escapeMarkdown,
    bold: (s) => `**${escapeMarkdown(s)}**`,
    italic: (s) => `*${escapeMarkdown(s)}*`,
    link: (label, url) => `[${escapeMarkdown(label)}](${url.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)})`,
  };
}

/** The hover for a glossary term: bold term, definition, details, aliases and related terms. */
export function renderGlossaryHover(entry: GlossaryEntry, glossary?: Glossary, format: HoverFormat = 'markdown'): string {
  const w = hoverWriter(format);
  const parts: string[] = [];
  parts.push(`${w.bold(entry.term)} · ${w.italic(entry.category)}`);
  parts.push(w.text(entry.definition));
  if (entry.details) parts.push(w.italic(entry.details));
  if (entry.aliases.length > 0) parts.push(`Also called: ${entry.aliases.map(w.text).join(', ')}`);
  const related = entry.related.map((r) => glossary?.byTerm.get(r.toLowerCase())?.term ?? r);
  if (related.length > 0) parts.push(`Related: ${related.map(w.text).join(', ')}`);
  return parts.join('\n\n');
}

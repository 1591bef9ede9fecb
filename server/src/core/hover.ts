import type { Glossary, GlossaryEntry } from './glossary';

/**
 * Escapes glossary text for a Markdown hover: every Markdown punctuation character is
 * backslash-escaped and angle brackets become entities, so a glossary file (a workspace's,
 * possibly untrusted) can inject neither raw HTML nor links such as `command:` URIs.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

/** The hover for a glossary term: bold term, definition, details, aliases and related terms. */
export function renderGlossaryHover(entry: GlossaryEntry, glossary?: Glossary): string {
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(entry.term)}** · _${escapeMarkdown(entry.category)}_`);
  parts.push(escapeMarkdown(entry.definition));
  if (entry.details) parts.push(`_${escapeMarkdown(entry.details)}_`);
  if (entry.aliases.length > 0) parts.push(`Also called: ${entry.aliases.map(escapeMarkdown).join(', ')}`);
  const related = entry.related.map((r) => glossary?.byTerm.get(r.toLowerCase())?.term ?? r);
  if (related.length > 0) parts.push(`Related: ${related.map(escapeMarkdown).join(', ')}`);
  return parts.join('\n\n');
}

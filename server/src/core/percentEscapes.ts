/**
 * Text with its URL escapes (`%2F`, `%C3%A9`) decoded, where they are well formed. Decoded
 * run by run: a `%` that starts no escape is the writer's own character (a DOI typed just
 * before "%" in prose, a file name with a "%" in it), and `decodeURIComponent` would throw on
 * the whole text; a run that is not UTF-8 (a lone `%e9`) is kept as written.
 */
export function decodePercentEscapes(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

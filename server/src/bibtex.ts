import type { CitationSource } from './core/citations/library';

/**
 * A BibTeX file's entries as CSL-JSON, converted by citation-js. `forceType` makes it parse
 * the text as BibTeX and never treat it as a URL or identifier to fetch: Healthmark makes no
 * network calls. citation-js loads on first use: most workspaces have no BibTeX, and start-up
 * should not pay for it. Shared by the desktop server (files) and the web server (workspace.fs).
 */
export function parseBibtex(text: string, name: string): CitationSource {
  try {
    const { Cite } = require('@citation-js/core') as typeof import('@citation-js/core');
    require('@citation-js/plugin-bibtex');
    const items = new Cite(text, { forceType: '@biblatex/text' }).data.map((item) => {
      const { _graph, ...rest } = item as Record<string, unknown>;
      void _graph;
      return rest;
    });
    if (items.length === 0) return { name, error: `${name} holds no BibTeX entries.` };
    return { name, data: items };
  } catch (e) {
    return { name, error: `${name} is not valid BibTeX: ${(e as Error).message}` };
  }
}

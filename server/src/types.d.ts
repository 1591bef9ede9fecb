declare module '@citation-js/core' {
  export class Cite {
    constructor(data: unknown, options?: { forceType?: string });
    data: Record<string, unknown>[];
    format(kind: string, options?: Record<string, unknown>): string | [string, string][];
  }
}
declare module '@citation-js/plugin-csl';
declare module '@citation-js/plugin-bibtex';

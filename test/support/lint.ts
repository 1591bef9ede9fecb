import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { buildCitationLibrary, type CitationLibrary } from '../../server/src/core/citations/library';
import { citeClaimFixes } from '../../server/src/core/lint/citeFix';
import { defaultLintOptions, lintDocument, type FixAction, type Finding, type LintOptions, type OffsetEdit } from '../../server/src/core/lint';
import { bundledClaimJudge } from '../../server/src/dataFiles';
import type { ClaimJudge } from '../../server/src/core/claims';
import { bundledGlossary, repoRoot } from './fixtures';

let library: CitationLibrary | undefined;
export function bundledLibrary(): CitationLibrary {
  if (!library) {
    const data = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'citations.json'), 'utf8'));
    const built = buildCitationLibrary([{ name: 'bundled', data }]);
    if (built.problems.length) throw new Error(built.problems.map((p) => p.message).join('\n'));
    library = built.library;
  }
  return library;
}

let judge: ClaimJudge | undefined;
/** The bundled claim model and overclaim patterns, as the server loads them. */
export function bundledJudge(): ClaimJudge {
  return (judge ??= bundledClaimJudge(path.join(repoRoot, 'server', 'data')));
}

export function options(overrides: Partial<LintOptions> = {}): LintOptions {
  return { ...defaultLintOptions(bundledLibrary(), bundledGlossary(), bundledJudge()), ...overrides };
}

export function lint(text: string, o: LintOptions = options()) {
  const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!;
  return lintDocument(analysis, o);
}

export function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Applies offset edits (all against the same text). */
export function applyEdits(text: string, edits: OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The quick fixes a user would see for a finding (citation suggestions included). */
export function fixesFor(text: string, finding: Finding, o: LintOptions = options()): FixAction[] {
  if (!finding.lazyFixes) return finding.fixes ?? [];
  const { model } = lint(text, o);
  return citeClaimFixes(model, finding.lazyFixes, o);
}

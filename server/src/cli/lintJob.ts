import { DocumentAnalyzer } from '../core/analysis';
import { buildCitationLibrary, type CitationLibrary, type CitationSource } from '../core/citations/library';
import type { ClaimJudge, Sensitivity } from '../core/claims';
import { dialectOf, maskDialect } from '../core/dialects';
import { buildGlossary, type Glossary, type GlossarySource } from '../core/glossary';
import { lintDocument, type Finding, type LintOptions } from '../core/lint';
import { citationReport, type CitationReport } from '../core/report';
import { bundledCitationSource, bundledClaimJudge, bundledGlossarySource, readCitationSource, readJsonSource } from '../dataFiles';

/**
 * One article's check, as plain data: what `healthmark check` (or `report`) needs done for a
 * file, and what comes back. The same function runs it on the main thread or in a worker
 * (cli/pool.ts), so both paths give the same findings.
 */
export interface LintJob {
  /** Absolute path (the dialect comes from its extension). */
  file: string;
  text: string;
  /** Data files of the file's `.healthmark/` folder, then the command line's. */
  glossaryFiles: string[];
  citationFiles: string[];
  settings: {
    sensitivity: Sensitivity;
    scope: 'sentence' | 'paragraph';
    severities: LintOptions['severities'];
    allLanguages: boolean;
    acronyms?: string[];
  };
  /** The citation report instead of findings (`healthmark report`), under this name. */
  reportAs?: string;
}

export interface LintJobResult {
  /** Findings without their fixes (the CLI prints, it does not fix). */
  findings: Finding[];
  report?: CitationReport;
}

interface Data {
  glossary: Glossary;
  library: CitationLibrary;
}

/** Data built once per set of files, and the claim model once, per thread. */
export class LintContext {
  private readonly data = new Map<string, Data>();
  private claims: ClaimJudge | undefined;

  dataFor(glossaryFiles: string[], citationFiles: string[], label: (file: string) => string = (f) => f): Data & { problems: { source: string; message: string }[] } {
    const key = JSON.stringify([glossaryFiles, citationFiles]);
    const cached = this.data.get(key);
    if (cached) return { ...cached, problems: [] };
    const g = buildGlossary([bundledGlossarySource(), ...glossaryFiles.map((f) => readJsonSource(f, label(f)))] as GlossarySource[]);
    const c = buildCitationLibrary([bundledCitationSource(), ...citationFiles.map((f) => readCitationSource(f, label(f)))] as CitationSource[]);
    const data = { glossary: g.glossary, library: c.library };
    this.data.set(key, data);
    return { ...data, problems: [...g.problems, ...c.problems] };
  }

  options(job: LintJob): LintOptions {
    const { glossary, library } = this.dataFor(job.glossaryFiles, job.citationFiles);
    this.claims ??= bundledClaimJudge();
    const s = job.settings;
    return {
      library,
      glossary,
      claims: this.claims,
      sensitivity: s.sensitivity,
      citationScope: s.scope,
      severities: s.severities,
      checkAllLanguages: s.allLanguages,
      ...(s.acronyms ? { unexpandedAcronyms: s.acronyms } : {}),
    };
  }

  run(job: LintJob): LintJobResult {
    const options = this.options(job);
    // A fresh analyzer per file: its chunk cache is for one document's versions, not a whole run.
    // MDX and Quarto are read as Markdown of the same length with what is never prose blanked out.
    const analysis = new DocumentAnalyzer({ glossary: options.glossary }).analyze(maskDialect(job.text, dialectOf(job.file)))!;
    const { findings, model } = lintDocument(analysis, options);
    if (job.reportAs !== undefined) return { findings: [], report: citationReport(model, options, job.reportAs) };
    return { findings: findings.map(({ fixes: _fixes, lazyFixes: _lazy, ...f }) => f) };
  }
}

import { buildCitationLibrary, validateCitationData, type CitationLibrary, type CitationSource } from './core/citations/library';
import { buildGlossary, validateGlossaryData, type Glossary, type GlossarySource } from './core/glossary';
import { bundledCitationSource, bundledGlossarySource, readCitationSource, readJsonSource } from './dataFiles';

/**
 * The glossary and curated list for each set of data files (issue 14): every workspace folder
 * and every `.healthmark/` root gets the data built from its own files — `glossaryFiles` and
 * `citationFiles` of its resolved configuration — over the bundled data. One build per set of
 * files, shared by every document that uses it.
 *
 * A data file is read once and kept until `invalidate()` (a watched file changed). When a new
 * version of a file cannot be read, is not JSON/BibTeX or breaks its schema, the last good
 * version of that file stays in use and the problem is reported; a file that no longer exists
 * is dropped.
 */
export interface BuiltData {
  glossary: Glossary;
  library: CitationLibrary;
}

export interface DataProblem {
  source: string;
  message: string;
}

type Source = GlossarySource | CitationSource;

interface FileState {
  /** What the build uses: the current version when it is good, else the last good one, else the bad one (so the build reports it). */
  effective: Source;
  /** The last version that read and validated. */
  good?: Source;
  stale: boolean;
}

type Kind = 'glossary' | 'citations';

export class WorkspaceData {
  private readonly files = new Map<string, FileState>();
  private readonly built = new Map<string, BuiltData>();
  private bundledGlossary?: GlossarySource;
  private bundledCitations?: CitationSource;

  constructor(private readonly report: (kind: Kind, problems: DataProblem[]) => void) {}

  /** Forgets the builds and marks every file for re-reading (keeping its last good version). */
  invalidate(): void {
    this.built.clear();
    for (const state of this.files.values()) state.stale = true;
  }

  /** The data built from the bundled files and these files (absolute paths, in order: later entries override earlier ones). */
  dataFor(glossaryFiles: string[], citationFiles: string[]): BuiltData {
    const key = JSON.stringify([glossaryFiles, citationFiles]);
    let data = this.built.get(key);
    if (data) return data;
    this.bundledGlossary ??= bundledGlossarySource();
    this.bundledCitations ??= bundledCitationSource();
    const g = buildGlossary([this.bundledGlossary, ...glossaryFiles.map((f) => this.source(f, 'glossary') as GlossarySource)]);
    const c = buildCitationLibrary([this.bundledCitations, ...citationFiles.map((f) => this.source(f, 'citations') as CitationSource)]);
    data = { glossary: g.glossary, library: c.library };
    this.built.set(key, data);
    this.report('glossary', g.problems);
    this.report('citations', c.problems);
    return data;
  }

  private source(file: string, kind: Kind): Source {
    const key = `${kind}:${file}`;
    const state = this.files.get(key);
    if (state && !state.stale) return state.effective;
    const current = kind === 'glossary' ? readJsonSource(file) : readCitationSource(file);
    const missing = current.error?.endsWith('does not exist.');
    const problem = missing ? undefined : (current.error ?? (kind === 'glossary' ? validateGlossaryData : validateCitationData)(current.data).join('; '));
    let next: FileState;
    if (missing || !problem) next = { effective: current, good: missing ? undefined : current, stale: false };
    else if (state?.good) {
      next = { effective: state.good, good: state.good, stale: false };
      this.report(kind, [{ source: file, message: `${problem.replace(`${file} `, '')} — the previous version stays in use until it is fixed.` }]);
    } else next = { effective: current, stale: false };
    this.files.set(key, next);
    return next.effective;
  }
}

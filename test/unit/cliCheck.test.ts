import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import type { Log } from 'sarif';
import { rules } from '../../server/src/core/lint';
import { repoRoot } from '../support/fixtures';

// `healthmark check` as CI runs it (issue 14): folders, globs, stdin, the repository's
// .healthmark/ configuration and data, --format sarif validated against the SARIF 2.1.0 schema,
// --output, every exit code, a closed pipe, progress on a terminal, and baselines surviving
// edits. Spawns `node bin/healthmark.js` on the built bundle (`npm run build` first).

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const bin = path.join(repoRoot, 'bin', 'healthmark.js');
const sarifSchemaFile = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

const WARN = '# Steps\n\nTaking more daily steps is linked to lower all-cause mortality.\n';
const CLEAN = '# Walking\n\nDo you walk after dinner?\n';
const ERROR = 'Irisin rises after exercise [@smith2019irisin].\n';
const SCOPE = 'Walking after meals lowers blood glucose by 20 %. Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n';
const BIB = `@article{doe2021walking,
  author = {Doe, Jane and Roe, Richard},
  title = {Daily walking and all-cause mortality in older adults: a cohort study},
  journal = {Journal of Walking Research},
  year = {2021},
  volume = {12},
  pages = {1--10},
  doi = {10.1234/jwr.2021.001},
  note = {evidence: cohort (12,000 adults)}
}
`;
const CITED = 'Taking more daily steps is associated with lower all-cause mortality [@doe2021walking].\n';

/** The repository the tests run in (a `.git` folder marks its root for `.gitignore`). */
const REPO: Record<string, string> = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  '.gitignore': '# build output\nignored/\n*.tmp.md\n',
  '.healthmark/config.json': '{\n  // repository settings, read by the editor and the CLI alike\n  "severity": { "unused-reference": "off" },\n  "exclude": ["drafts/**"],\n}\n',
  '.healthmark/references.bib': BIB,
  'articles/a.md': WARN,
  'articles/b.md': CLEAN,
  'articles/cited.md': CITED,
  'articles/error.md': ERROR,
  'articles/notes.txt': WARN,
  'articles/scratch.tmp.md': WARN,
  'drafts/d.md': WARN,
  'ignored/i.md': WARN,
  // A nested folder with its own .healthmark/: its config wins for its files.
  'site/.healthmark/config.json': '{ "severity": { "uncited-claim": "off" } }',
  'site/s.md': WARN,
  'scoped/.healthmark/config.json': '{ "citations": { "scope": "paragraph" }, "include": ["*.md"] }',
  'scoped/scope.md': SCOPE,
  'broken/.healthmark/config.json': '{ "claims": { "sensitivity": "low" } ',
  'broken/x.md': WARN,
  'badrule/.healthmark/config.json': '{ "severity": { "uncited-claims": "off" } }',
  'badrule/x.md': WARN,
  'baddata/.healthmark/citations.json': '[{ "id": "x", ',
  'baddata/x.md': CLEAN,
  'pages/walking.mdx': "import { Chart } from './Chart'\n\n# Walking {props.title}\n\n<Chart data={[{ x: 1, label: 'cures all' }]} />\n\nWalking after meals blunts the rise in blood glucose.\n",
  'pages/steps.qmd': '## Steps {#sec-steps}\n\n::: {.callout-note}\nTaking more daily steps is linked to lower all-cause mortality [@paluch2022daily], see [@fig-steps].\n:::\n',
  'pages/notes.txt': WARN,
  // Files found and not checked: binary data, and a folder whose config.json turns Healthmark off.
  'skipped/bin.md': `Walking lowers blood pressure.\u0000\u0001${WARN}`,
  'skipped/ok.md': WARN,
  'off/.healthmark/config.json': '{ "enable": false }',
  'off/x.md': WARN,
};

const ENTRIES = ['articles/a.md', 'articles/b.md', 'articles/cited.md', 'articles/error.md'];

/** Every invocation, started together at most two at a time; each test awaits its own. */
const INVOCATIONS: Record<string, { args: string[]; stdin?: string; cwd?: string }> = {
  folder: { args: ['check', '--format', 'json', '.'] },
  folderText: { args: ['check', 'articles'] },
  glob: { args: ['check', '--format', 'json', 'articles/*.md'] },
  globAll: { args: ['check', '--format', 'json', '**/*.md', '!**/b.md'] },
  globNone: { args: ['check', 'nothing/**/*.md'] },
  excludedNamed: { args: ['check', 'drafts/d.md'] },
  ignoredNamed: { args: ['check', 'ignored/i.md'] },
  nestedConfig: { args: ['check', 'site/s.md'] },
  bibAccepted: { args: ['check', '--format', 'json', 'articles/cited.md'] },
  stdinOutside: { args: ['check', '--format', 'json', '-', '--stdin-filename', path.join(os.tmpdir(), 'healthmark-nowhere', 'x.md')], stdin: CITED },
  stdinSite: { args: ['check', '-', '--stdin-filename', 'site/new.md'], stdin: WARN },
  stdinRepo: { args: ['check', '-', '--stdin-filename', 'articles/new.md'], stdin: WARN },
  stdinPlain: { args: ['check', '-'], stdin: WARN },
  scopeConfig: { args: ['check', '--format', 'json', 'scoped'] },
  scopeFlag: { args: ['check', '--format', 'json', '--scope', 'sentence', 'scoped/scope.md'] },
  dialects: { args: ['check', '--format', 'json', 'pages'] },
  clean: { args: ['check', 'articles/b.md'] },
  warn: { args: ['check', 'articles/a.md'] },
  missing: { args: ['check', 'articles/b.md', 'no-such-file.md'] },
  missingFailOnNone: { args: ['check', '--fail-on', 'none', 'no-such-file.md'] },
  brokenConfig: { args: ['check', 'broken/x.md', 'articles/b.md'] },
  badRule: { args: ['check', 'badrule/x.md'] },
  badData: { args: ['check', 'baddata/x.md'] },
  badFormat: { args: ['check', '--format', 'xml', 'articles/b.md'] },
  badFailOn: { args: ['check', '--fail-on', 'sometimes', 'articles/b.md'] },
  badScope: { args: ['check', '--scope', 'chapter', 'articles/b.md'] },
  badMaxWarnings: { args: ['check', '--max-warnings', 'many', 'articles/b.md'] },
  missingValue: { args: ['check', 'articles/b.md', '--format'] },
  stdinNameWithoutDash: { args: ['check', '--stdin-filename', 'x.md', 'articles/b.md'] },
  maxWarningsOk: { args: ['check', '--max-warnings', '1', 'articles/a.md'] },
  maxWarningsOver: { args: ['check', '--max-warnings', '0', 'articles/a.md'] },
  maxWarningsError: { args: ['check', '--max-warnings', '5', 'articles/error.md'] },
  sarif: { args: ['check', '--format', 'sarif', ...ENTRIES, 'no-such-file.md'] },
  json: { args: ['check', '--format', 'json', ...ENTRIES] },
  outputSarif: { args: ['check', '--format', 'sarif', '--output', 'reports/healthmark.sarif', ...ENTRIES] },
  outputText: { args: ['check', '--output', 'reports/out.txt', 'articles/a.md'] },
  help: { args: ['--help'] },
  skippedText: { args: ['check', 'skipped', 'off/x.md'] },
  skippedJson: { args: ['check', '--format', 'json', 'skipped', 'off/x.md'] },
  skippedSarif: { args: ['check', '--format', 'sarif', 'skipped', 'off/x.md'] },
};

describe('CLI: healthmark check on a repository (issue 14)', function () {
  this.timeout(120000);
  let dir: string;
  const runs: Record<string, Promise<Run>> = {};
  const run = (name: string) => runs[name];

  function spawnCli(args: string[], options: { stdin?: string; cwd?: string } = {}): Promise<Run> {
    return new Promise((resolve) => {
      const child = execFile(process.execPath, [bin, ...args], { cwd: options.cwd ?? dir, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      });
      child.stdin!.end(options.stdin ?? '');
    });
  }

  before(() => {
    if (!existsSync(path.join(repoRoot, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` first');
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-check-'));
    for (const [name, text] of Object.entries(REPO)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    let free = 2;
    const waiting: (() => void)[] = [];
    const limited = async (inv: { args: string[]; stdin?: string }): Promise<Run> => {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await spawnCli(inv.args, inv);
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    };
    for (const [name, inv] of Object.entries(INVOCATIONS)) runs[name] = limited(inv);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const files = (r: Run) => (JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file);
  const codes = (r: Run) => (JSON.parse(r.stdout) as { findings: { code: string }[] }[]).flatMap((f) => f.findings.map((x) => x.code));

  describe('paths: folders, globs, stdin', () => {
    it('a folder: its Markdown articles, without excluded (config), git-ignored, other-language or node_modules files', async () => {
      const r = await run('folder');
      assert.equal(r.code, 2, 'broken/ has a malformed config.json');
      const found = files(r);
      for (const f of [...ENTRIES, 'site/s.md', 'scoped/scope.md', 'baddata/x.md']) assert.ok(found.includes(f), `${f} in ${found}`);
      for (const f of ['drafts/d.md', 'ignored/i.md', 'articles/notes.txt', 'articles/scratch.tmp.md']) assert.ok(!found.includes(f), `${f} not in ${found}`);
      assert.match(r.stderr, /broken\/\.healthmark\/config\.json: is not valid JSON/);
    });

    it('a folder in text format: one line per finding, paths relative to the working directory', async () => {
      const r = await run('folderText');
      assert.equal(r.code, 1);
      assert.match(r.stdout, /^articles\/a\.md:3:1: warning uncited-claim: /m);
      assert.match(r.stdout, /^articles\/error\.md:1:30: error unknown-citation: /m);
      assert.match(r.stderr, /in 4 files\n$/);
    });

    it('a folder picks up MDX and Quarto files too, whose JSX, imports, fences and cross-references are never prose', async () => {
      const r = await run('dialects');
      const out = JSON.parse(r.stdout) as { file: string; findings: { code: string; line: number; column: number }[] }[];
      assert.deepEqual(out.map((f) => f.file), ['pages/steps.qmd', 'pages/walking.mdx']);
      assert.deepEqual(out[0].findings, []);
      assert.deepEqual(out[1].findings.map((f) => `${f.code} ${f.line}:${f.column}`), ['uncited-claim 7:1']);
    });

    it('a quoted glob is expanded by healthmark; !GLOB excludes; a glob honours .gitignore and exclude', async () => {
      assert.deepEqual(files(await run('glob')), ENTRIES, 'articles/scratch.tmp.md is git-ignored');
      const all = files(await run('globAll'));
      assert.ok(all.includes('articles/a.md') && all.includes('site/s.md'));
      for (const f of ['articles/b.md', 'drafts/d.md', 'ignored/i.md', 'articles/scratch.tmp.md']) assert.ok(!all.includes(f), f);
    });

    it('a glob that matches nothing is an error (2)', async () => {
      const r = await run('globNone');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /nothing\/\*\*\/\*\.md: no files match this pattern/);
    });

    it('a named file excluded by config.json is skipped with a note; a named git-ignored file is checked', async () => {
      const excluded = await run('excludedNamed');
      assert.equal(excluded.code, 0);
      assert.match(excluded.stderr, /drafts\/d\.md: skipped: excluded by \.healthmark\/config\.json/);
      const ignored = await run('ignoredNamed');
      assert.equal(ignored.code, 1);
      assert.match(ignored.stdout, /^ignored\/i\.md:3:1: warning uncited-claim/);
    });

    it('- reads standard input, named by --stdin-filename for the output, the configuration and the data', async () => {
      const site = await run('stdinSite');
      assert.equal(site.code, 0, 'site/.healthmark/config.json turns uncited-claim off');
      const repo = await run('stdinRepo');
      assert.equal(repo.code, 1);
      assert.match(repo.stdout, /^articles\/new\.md:3:1: warning uncited-claim: /);
      const plain = await run('stdinPlain');
      assert.equal(plain.code, 1);
      assert.match(plain.stdout, /^<stdin>:3:1: warning uncited-claim: /);
    });
  });

  describe("the repository's .healthmark/ folder", () => {
    it('a key from .healthmark/references.bib is accepted, as in the editor; outside the repository it is unknown', async () => {
      const inRepo = await run('bibAccepted');
      assert.equal(inRepo.code, 0, inRepo.stdout + inRepo.stderr);
      assert.deepEqual(codes(inRepo), []);
      const outside = await run('stdinOutside');
      assert.ok(codes(outside).includes('unknown-citation'), outside.stdout);
    });

    it("the nearest config.json wins: site/'s turns off a rule the root's keeps", async () => {
      assert.equal((await run('nestedConfig')).code, 0);
      assert.equal((await run('warn')).code, 1);
    });

    it('config settings apply (citations.scope) and command-line options win over them', async () => {
      const byConfig = codes(await run('scopeConfig'));
      assert.ok(!byConfig.includes('uncited-claim'), `paragraph scope from config.json: ${byConfig}`);
      const byFlag = codes(await run('scopeFlag'));
      assert.ok(byFlag.includes('uncited-claim'), `--scope sentence wins: ${byFlag}`);
    });
  });

  describe('exit codes', () => {
    it('0 clean, 1 findings', async () => {
      const clean = await run('clean');
      assert.equal(clean.code, 0);
      assert.equal(clean.stderr, 'healthmark: 0 findings in 1 file\n');
      assert.equal((await run('warn')).code, 1);
    });

    it('2 for a missing file, also beside clean files and under --fail-on none', async () => {
      const r = await run('missing');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no-such-file\.md: ENOENT/);
      assert.equal((await run('missingFailOnNone')).code, 2);
    });

    it('2 for a malformed config.json (other files are still checked), an unknown rule name in it, a malformed data file', async () => {
      const broken = await run('brokenConfig');
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /broken\/\.healthmark\/config\.json: is not valid JSON: \w+ at line 1, column \d+/);
      assert.match(broken.stderr, /0 findings in 1 file; 1 file not checked \(above\)\n$/);
      const badRule = await run('badRule');
      assert.equal(badRule.code, 2);
      assert.match(badRule.stderr, /\/severity\/uncited-claims is not a rule/);
      const badData = await run('badData');
      assert.equal(badData.code, 2);
      assert.match(badData.stderr, /baddata\/\.healthmark\/citations\.json is not valid JSON/);
    });

    it('2 for an unknown option value, a missing value, --stdin-filename without -', async () => {
      for (const [name, pattern] of [
        ['badFormat', /--format must be text, json or sarif, not "xml"/],
        ['badFailOn', /--fail-on must be error, warning, information, hint or none, not "sometimes"/],
        ['badScope', /--scope must be sentence or paragraph, not "chapter"/],
        ['badMaxWarnings', /--max-warnings must be a whole number/],
        ['missingValue', /--format/],
        ['stdinNameWithoutDash', /--stdin-filename needs - among the paths/],
      ] as const) {
        const r = await run(name);
        assert.equal(r.code, 2, `${name}: ${r.stderr}`);
        assert.match(r.stderr, pattern, name);
        assert.equal(r.stdout, '', name);
      }
    });

    it('--max-warnings N: 1 only above N warnings (errors still fail)', async () => {
      assert.equal((await run('maxWarningsOk')).code, 0);
      const over = await run('maxWarningsOver');
      assert.equal(over.code, 1);
      assert.match(over.stderr, /1 warnings, more than --max-warnings 0/);
      assert.equal((await run('maxWarningsError')).code, 1);
    });

    it('--help names every option', async () => {
      const r = await run('help');
      for (const o of ['--format text|json|sarif', '--output', '--max-warnings', '--stdin-filename', '--no-baseline', 'healthmark baseline']) assert.ok(r.stdout.includes(o), o);
    });
  });

  describe('--format sarif and --output', () => {
    let validate: ReturnType<AjvDraft04['compile']>;
    before(() => {
      // The OASIS SARIF 2.1.0 schema (draft-04) as shipped in @microsoft/jest-sarif; its language
      // pattern is not a valid Unicode regular expression, hence unicodeRegExp: false.
      const schema = JSON.parse(readFileSync(sarifSchemaFile, 'utf8'));
      validate = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
    });

    it('is valid SARIF 2.1.0, with every rule, the same findings as JSON, and regions that point at them', async () => {
      const r = await run('sarif');
      assert.equal(r.code, 2, 'the missing file');
      const log = JSON.parse(r.stdout) as Log;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      assert.equal(log.version, '2.1.0');
      const [sarifRun] = log.runs;
      assert.deepEqual(
        sarifRun.tool.driver.rules!.map((x) => x.id),
        rules.map((x) => x.names[1]),
      );
      for (const rule of sarifRun.tool.driver.rules!) assert.match(rule.helpUri!, new RegExp(`/docs/rules/${rule.id}\\.md$`));
      const json = JSON.parse((await run('json')).stdout) as { file: string; findings: { code: string; line: number; column: number; severity: string }[] }[];
      const expected = json.flatMap((f) => f.findings.map((x) => `${f.file} ${x.line}:${x.column} ${x.code}`));
      const got = sarifRun.results!.map((x) => {
        const loc = x.locations![0].physicalLocation!;
        return `${loc.artifactLocation!.uri} ${loc.region!.startLine}:${loc.region!.startColumn} ${x.ruleId}`;
      });
      assert.deepEqual(got, expected);
      const error = sarifRun.results!.find((x) => x.ruleId === 'unknown-citation')!;
      assert.equal(error.level, 'error');
      assert.equal(error.locations![0].physicalLocation!.artifactLocation!.uriBaseId, '%SRCROOT%');
      assert.equal(sarifRun.tool.driver.rules![error.ruleIndex!].id, 'unknown-citation');
      assert.match(Object.values(error.partialFingerprints!)[0], /^[0-9a-f]{32}$/);
      assert.equal(sarifRun.invocations![0].executionSuccessful, false);
      assert.match(sarifRun.invocations![0].toolExecutionNotifications![0].message.text!, /no-such-file\.md/);
    });

    it('a file found but not checked (binary data, or turned off by its config.json) is said in every format, and not counted as checked', async () => {
      const text = await run('skippedText');
      assert.equal(text.code, 1, 'skipped/ok.md has a warning; a skipped file is not an error');
      assert.match(text.stderr, /^skipped\/bin\.md: Healthmark skips this document: it looks like binary data, not Markdown\.$/m);
      assert.match(text.stderr, /^healthmark: off\/x\.md: skipped: "enable": false in off\/\.healthmark\/config\.json$/m);
      assert.match(text.stderr, /healthmark: 1 finding in 1 file; 2 files not checked \(above\)\n$/);

      const json = JSON.parse((await run('skippedJson')).stdout) as { file: string; findings: unknown[]; skipped?: string }[];
      assert.deepEqual(
        json.map((f) => [f.file, f.findings.length, f.skipped]),
        [
          ['skipped/ok.md', 1, undefined],
          ['skipped/bin.md', 0, 'Healthmark skips this document: it looks like binary data, not Markdown.'],
          ['off/x.md', 0, '"enable": false in off/.healthmark/config.json'],
        ],
      );

      const sarif = await run('skippedSarif');
      const log = JSON.parse(sarif.stdout) as Log;
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const [invocation] = log.runs[0].invocations!;
      assert.equal(invocation.executionSuccessful, true);
      assert.deepEqual(
        invocation.toolExecutionNotifications!.map((n) => [n.level, n.locations![0].physicalLocation!.artifactLocation!.uri, n.message.text]),
        [
          ['warning', 'skipped/bin.md', 'skipped/bin.md: not checked: Healthmark skips this document: it looks like binary data, not Markdown.'],
          ['warning', 'off/x.md', 'off/x.md: not checked: "enable": false in off/.healthmark/config.json'],
        ],
      );
      assert.deepEqual(
        log.runs[0].results!.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri),
        ['skipped/ok.md'],
      );
    });

    it('--output FILE writes the report there (folders created) and nothing to standard output', async () => {
      const r = await run('outputSarif');
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      const log = JSON.parse(readFileSync(path.join(dir, 'reports', 'healthmark.sarif'), 'utf8'));
      assert.ok(validate(log), JSON.stringify(validate.errors));
      assert.ok(log.runs[0].results.length > 0);
      const text = await run('outputText');
      assert.equal(text.stdout, '');
      assert.match(readFileSync(path.join(dir, 'reports', 'out.txt'), 'utf8'), /^articles\/a\.md:3:1: warning uncited-claim: /);
      assert.match(text.stderr, /1 finding in 1 file/);
    });
  });

  describe('pipes and terminals', () => {
    let many: string;
    before(() => {
      many = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-many-'));
      const article = readFileSync(path.join(repoRoot, 'examples', 'exercise-and-metabolic-health.md'), 'utf8');
      for (let i = 0; i < 40; i++) writeFileSync(path.join(many, `a${String(i).padStart(2, '0')}.md`), article);
    });
    after(() => rmSync(many, { recursive: true, force: true }));

    it('a closed pipe (`| head -1`) ends the run early and quietly: no EPIPE, no stack trace', async () => {
      const r = await new Promise<{ status: string; stderr: string; stdout: string; ms: number }>((resolve) => {
        const started = Date.now();
        execFile('bash', ['-c', `node ${JSON.stringify(bin)} check . 2>"$1" | head -1; echo "status=\${PIPESTATUS[0]}"; cat "$1"`, 'sh', path.join(many, 'stderr.txt')], { cwd: many }, (_e, stdout) => {
          const [first, status, ...rest] = stdout.split('\n');
          resolve({ stdout: first, status, stderr: rest.join('\n'), ms: Date.now() - started });
        });
      });
      assert.match(r.stdout, /^a00\.md:\d+:\d+: /);
      assert.equal(r.status, 'status=1', 'findings were reported before the pipe closed');
      assert.doesNotMatch(r.stderr, /EPIPE|Error|at /);
    });

    it('progress is shown on a terminal (stderr a TTY), never in a pipe', async function () {
      if (!existsSync('/usr/bin/script')) this.skip();
      const out = path.join(many, 'report.json');
      const typescript = path.join(many, 'typescript');
      const r = await new Promise<string>((resolve) => {
        execFile('script', ['-qec', `node ${JSON.stringify(bin)} check --format json --output ${JSON.stringify(out)} .`, typescript], { cwd: many }, () => resolve(readFileSync(typescript, 'utf8')));
      });
      assert.match(r, /healthmark: \d+\/40 files/);
      assert.match(r, /\r\x1b\[K/, 'the progress line is cleared');
      assert.equal(JSON.parse(readFileSync(out, 'utf8')).length, 40);
      assert.equal((await run('json')).stderr, '', 'no progress when stderr is a pipe');
    });

    it('--jobs: worker threads give exactly the output of one thread, in file order; --jobs 0 is a usage error', async () => {
      // Distinct articles (different lengths), so findings differ from file to file.
      const dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-jobs-'));
      const article = readFileSync(path.join(repoRoot, 'examples', 'exercise-and-metabolic-health.md'), 'utf8').split('\n\n');
      for (let i = 0; i < 16; i++) writeFileSync(path.join(dir, `j${String(i).padStart(2, '0')}.md`), article.slice(i, i + 6 + (i % 5)).join('\n\n') + '\n');
      const cli = (args: string[]) =>
        new Promise<Run>((resolve) => execFile(process.execPath, [bin, ...args], { cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr })));
      try {
        const one = await cli(['check', '--jobs', '1', '--format', 'json', '.']);
        const two = await cli(['check', '--jobs', '2', '--format', 'json', '.']);
        assert.equal(two.code, one.code);
        assert.equal(two.stdout, one.stdout);
        assert.equal(JSON.parse(one.stdout).length, 16);
        const text = await cli(['check', '--jobs', '2', '.']);
        assert.equal(text.stdout, (await cli(['check', '--jobs', '1', '.'])).stdout);
        const bad = await cli(['check', '--jobs', '0', '.']);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /--jobs must be a whole number of 1 or more/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('CLI: healthmark baseline', function () {
  this.timeout(60000);
  let dir: string;
  const article = [
    '# Tea and walking',
    'This tea cures cancer and lowers blood pressure in adults.',
    'Walking after meals blunts the rise in blood glucose.',
    'Irisin rises after exercise [@smith2019irisin].',
  ].join('\n\n');

  const cli = (args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }));
    });

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-baseline-'));
    mkdirSync(path.join(dir, 'articles'));
    writeFileSync(path.join(dir, 'articles', 'tea.md'), article + '\n');
    writeFileSync(path.join(dir, 'articles', 'clean.md'), CLEAN);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('`healthmark baseline` writes .healthmark/baseline.json; `check` then reports nothing and exits 0', async () => {
    const before = await cli(['check', 'articles']);
    assert.equal(before.code, 1);
    const written = await cli(['baseline']);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /wrote \.healthmark\/baseline\.json: \d+ findings in 2 files/);
    const baseline = JSON.parse(readFileSync(path.join(dir, '.healthmark', 'baseline.json'), 'utf8'));
    assert.equal(baseline.version, 1);
    assert.deepEqual(Object.keys(baseline.files), ['articles/tea.md']);
    assert.ok(baseline.files['articles/tea.md'].some((e: { rule: string; text: string }) => e.rule === 'overclaim' && e.text === 'cures'));
    const after = await cli(['check', 'articles']);
    assert.equal(after.code, 0, after.stdout);
    assert.equal(after.stdout, '');
    assert.match(after.stderr, /0 findings in 2 files \(\d+ more in the baseline\)/);
  });

  it('edits that move a paragraph, add text above and fix another finding resurrect nothing; a new claim is reported', async () => {
    const paragraphs = article.split('\n\n');
    const edited = ['---\ntitle: Tea\n---', '# Tea, walking and more', 'Do you walk after dinner?', paragraphs[2], paragraphs[3], paragraphs[1].replace('cures', 'may help with')].join('\n\n') + '\n';
    writeFileSync(path.join(dir, 'articles', 'tea.md'), edited);
    const quiet = await cli(['check', 'articles']);
    assert.equal(quiet.code, 0, quiet.stdout);
    writeFileSync(path.join(dir, 'articles', 'tea.md'), edited + '\nTaking more daily steps is linked to lower all-cause mortality.\n');
    const fresh = await cli(['check', '--format', 'json', 'articles/tea.md']);
    assert.equal(fresh.code, 1);
    const [report] = JSON.parse(fresh.stdout);
    assert.deepEqual(
      report.findings.map((f: { code: string; line: number }) => `${f.code} ${f.line}`),
      [`uncited-claim ${edited.split('\n').length + 1}`],
    );
    assert.ok(report.baselined > 0);
  });

  it('--no-baseline reports every finding; stdin is matched by its --stdin-filename', async () => {
    const all = await cli(['check', '--no-baseline', '--format', 'json', 'articles/tea.md']);
    const [report] = JSON.parse(all.stdout);
    assert.ok(report.findings.some((f: { code: string }) => f.code === 'unknown-citation'));
    assert.equal(report.baselined, undefined);
    const viaStdin = await new Promise<Run>((resolve) => {
      const child = execFile(process.execPath, [bin, 'check', '-', '--stdin-filename', 'articles/clean.md'], { cwd: dir }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
      child.stdin!.end(CLEAN + '\nWalking after meals blunts the rise in blood glucose.\n');
    });
    assert.equal(viaStdin.code, 1, 'clean.md had no baselined finding');
  });

  it('a baseline of some files keeps the entries of the others; a malformed baseline is an error (2)', async () => {
    writeFileSync(path.join(dir, 'articles', 'clean.md'), CLEAN + '\nWalking after meals blunts the rise in blood glucose.\n');
    const partial = await cli(['baseline', 'articles/clean.md']);
    assert.equal(partial.code, 0, partial.stderr);
    const baseline = JSON.parse(readFileSync(path.join(dir, '.healthmark', 'baseline.json'), 'utf8'));
    assert.deepEqual(Object.keys(baseline.files).sort(), ['articles/clean.md', 'articles/tea.md']);
    writeFileSync(path.join(dir, '.healthmark', 'baseline.json'), '{ "version": 1, "files": [');
    const bad = await cli(['check', 'articles/clean.md']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.healthmark\/baseline\.json: /);
  });

  it('a file that cannot be read: nothing is written, exit 2', async () => {
    const r = await cli(['baseline', 'articles', 'missing.md']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the baseline was not written/);
  });
});

describe('CLI: healthmark report', function () {
  this.timeout(60000);
  let dir: string;
  const cli = (args: string[]) =>
    new Promise<Run>((resolve) => {
      execFile(process.execPath, [bin, ...args], { cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }));
    });

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cli-report-'));
    mkdirSync(path.join(dir, 'articles'));
    writeFileSync(path.join(dir, 'articles', 'steps.md'), WARN);
    writeFileSync(path.join(dir, 'articles', 'walking.md'), '# Walking\n\nWalking after meals lowers blood glucose by 20 % [@kanaley2022exercise].\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the citation report of the articles as Markdown, least cited first, and exits 0 even with uncited claims', async () => {
    const r = await cli(['report', 'articles']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# Citation report: /m);
    assert.match(r.stdout, /^2 articles, \*\*2 claims found, 1 cited \(50 %\)\*\*, 1 uncited\.$/m);
    assert.ok(r.stdout.indexOf('articles/steps.md') < r.stdout.indexOf('articles/walking.md'), 'least cited first');
    assert.match(r.stdout, /^\| .*Kanaley.* \| guideline \| 1 \| /m);
  });

  it('--format json gives the data; one article gets its own report with its sections', async () => {
    const r = await cli(['report', '--format', 'json', 'articles/walking.md']);
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.claims, 1);
    assert.equal(data.cited, 1);
    assert.deepEqual(data.sections.map((s: { heading: string }) => s.heading), ['Walking']);
  });

  it('refuses SARIF, and says so when there is nothing to report on (exit 2)', async () => {
    assert.equal((await cli(['report', '--format', 'sarif', 'articles'])).code, 2);
    mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const none = await cli(['report', 'empty']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no articles/);
  });
});

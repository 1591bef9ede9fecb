import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// Issue 15: Healthmark in real LSP clients, headless, against the built server — Debian's
// Neovim 0.7.2 (vim.lsp.start_client) and Emacs 28 with eglot 1.9. Each editor loads the
// README's snippet (test/clients/neovim/init.lua, test/clients/emacs/init.el) as its user
// config with `healthmark-language-server` on the PATH, opens a copy of the example article,
// and a driver (check.lua, check.el) does what a writer does through the editor's own
// functions, waiting on conditions with timeouts; it writes what it saw as JSON, asserted here.
//
// Without the editor: skipped with a message, except under CI=true (.ci/run installs them),
// where that fails.

const root = path.resolve(__dirname, '..', '..');
const clients = path.join(root, 'test', 'clients');
const ARTICLE = 'exercise-and-metabolic-health.md';
const CLAIM = 'Even a short walk after a meal blunts the rise in blood glucose that follows it';
const CLAIM_LINE = 26;
const CLAIM_COLUMN = 34; // inside "blunts"
const TERM = 'GLUT4';
const INFORMATION = 3;
const HINT = 4;
const RUN_TIMEOUT_MS = 120_000;

const glossary = JSON.parse(readFileSync(path.join(root, 'server', 'data', 'glossary.json'), 'utf8')) as { entries: { term: string; definition: string }[] };
const definition = glossary.entries.find((e) => e.term === TERM)!.definition;

interface Seen {
  steps: { name: string; ok: boolean; ms: number }[];
  failed?: string;
  error?: string;
  diagnostics?: { line: number; code: string; severity: number; message?: string }[];
  severities_initial?: number[];
  hover?: string | string[];
  actions?: string[];
  fixed_line?: string;
  after_fix?: { line: number; code: string; severity: number }[];
  severities_before_change?: number[];
  severities_after_change?: number[];
  warnings?: string[];
  [key: string]: unknown;
}

function which(cmd: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Skips (locally) or fails (under CI=true) when an editor is missing. */
function requireEditor(ctx: Mocha.Context, what: string, missing: string | undefined): void {
  if (!missing) return;
  const message = `${what} is not installed (${missing}): apt-get install neovim emacs-nox elpa-eglot`;
  if (process.env.CI === 'true') throw new Error(`${message} — CI must run the editor tests (.ci/run installs them)`);
  console.log(`      skipped: ${message}`);
  ctx.skip();
}

/** A workspace with the article, a home of its own, and `healthmark-language-server` on the PATH. */
function makeSandbox(): { dir: string; workspace: string; env: NodeJS.ProcessEnv; results: string } {
  if (!existsSync(path.join(root, 'dist', 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-editor-'));
  const bin = path.join(dir, 'bin');
  const home = path.join(dir, 'home');
  const workspace = path.join(dir, 'ws');
  for (const d of [bin, home, workspace]) mkdirSync(d, { recursive: true });
  symlinkSync(path.join(root, 'bin', 'healthmark-language-server.js'), path.join(bin, 'healthmark-language-server'));
  copyFileSync(path.join(root, 'examples', ARTICLE), path.join(workspace, ARTICLE));
  const results = path.join(dir, 'results.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local', 'share'),
    XDG_STATE_HOME: path.join(home, '.local', 'state'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    HEALTHMARK_RESULTS: results,
    HEALTHMARK_CLAIM_LINE: String(CLAIM_LINE),
    HEALTHMARK_CLAIM_COLUMN: String(CLAIM_COLUMN),
    HEALTHMARK_TERM: TERM,
  };
  return { dir, workspace, env, results };
}

/** Runs an editor to completion (it quits by itself) and returns what its driver saw. */
function runEditor(cmd: string, args: string[], sandbox: ReturnType<typeof makeSandbox>, extraEnv: NodeJS.ProcessEnv = {}): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: sandbox.workspace, env: { ...sandbox.env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} did not finish within ${RUN_TIMEOUT_MS} ms; output:\n${output.slice(-4000)}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (!existsSync(sandbox.results)) return reject(new Error(`${cmd} exited (${code}) without results; output:\n${output.slice(-4000)}`));
      const seen = JSON.parse(readFileSync(sandbox.results, 'utf8')) as Seen;
      seen.output = output;
      resolve(seen);
    });
  });
}

/** Asserts that the driver's step `name` completed, with what was seen when it did not. */
function stepDone(seen: Seen, name: string): void {
  const step = seen.steps.find((s) => s.name === name);
  assert.ok(step?.ok, `step "${name}" did not complete${seen.error ? `: ${seen.error}` : ''} (steps: ${JSON.stringify(seen.steps)}; output: ${String(seen.output).slice(-2000)})`);
}

const claimsOn = (list: { line: number; code: string }[] | undefined, line: number) => (list ?? []).filter((d) => d.code === 'uncited-claim' && d.line === line);
const hoverText = (seen: Seen) => (Array.isArray(seen.hover) ? seen.hover.join('\n') : (seen.hover ?? ''));
const citedLine = new RegExp(`^${CLAIM} \\[@[^\\]\\s]+\\]\\.$`);

/** The checks every client must pass, on what its driver saw. */
function clientChecks(getSeen: () => Seen, settingsWay: string, changeWay: string): void {
  it('diagnostics arrive: the uncited claim of the article is reported on its line', () => {
    const seen = getSeen();
    stepDone(seen, 'diagnostics');
    assert.equal(claimsOn(seen.diagnostics, CLAIM_LINE).length, 1, JSON.stringify(seen.diagnostics));
    assert.ok((seen.diagnostics ?? []).filter((d) => d.code === 'uncited-claim').length >= 5, JSON.stringify(seen.diagnostics));
  });

  it(`settings given ${settingsWay} change the result (uncited claims as information, not warnings)`, () => {
    const seen = getSeen();
    stepDone(seen, 'settings applied');
    assert.deepEqual(seen.severities_initial, [INFORMATION]);
  });

  it(`a hover on ${TERM} returns its glossary definition`, () => {
    const seen = getSeen();
    stepDone(seen, 'hover');
    const text = hoverText(seen).replace(/\s+/g, ' ');
    assert.ok(text.includes(TERM), text);
    assert.ok(text.includes(definition), `the definition is shown as written: ${text}`);
    assert.ok(!/&amp;|\\[.\-()]/.test(text), `no entities, no needless backslashes: ${text}`);
  });

  it("a quick fix applied through the client's own edit function inserts a citation and clears the warning", () => {
    const seen = getSeen();
    stepDone(seen, 'quick fix applied');
    assert.ok(seen.actions?.some((a) => a.startsWith('Cite ')), JSON.stringify(seen.actions));
    assert.match(seen.fixed_line ?? '', citedLine);
    stepDone(seen, 'warning cleared');
    assert.deepEqual(claimsOn(seen.after_fix, CLAIM_LINE), []);
  });

  it(`settings changed ${changeWay} apply at once (uncited claims as hints)`, () => {
    const seen = getSeen();
    stepDone(seen, 'settings change');
    assert.deepEqual(seen.severities_before_change, [INFORMATION]);
    assert.deepEqual(seen.severities_after_change, [HINT]);
  });
}

describe('real editors: Neovim 0.7 (vim.lsp.start_client), headless', function () {
  this.timeout(RUN_TIMEOUT_MS + 10_000);
  let seen: Seen;
  let sandbox: ReturnType<typeof makeSandbox> | undefined;

  before(async function () {
    const nvim = which('nvim');
    requireEditor(this, 'Neovim', nvim ? undefined : 'no nvim on the PATH');
    sandbox = makeSandbox();
    seen = await runEditor(
      nvim!,
      ['--headless', '-n', '-i', 'NONE', '-u', path.join(clients, 'neovim', 'init.lua'), ARTICLE, '-c', `luafile ${path.join(clients, 'neovim', 'check.lua')}`],
      sandbox,
    );
  });

  after(() => {
    if (sandbox) rmSync(sandbox.dir, { recursive: true, force: true });
  });

  it('is Neovim 0.7 or later, with the server attached', () => {
    stepDone(seen, 'attach');
    const v = seen.version as { major: number; minor: number };
    assert.ok(v.major > 0 || v.minor >= 7, JSON.stringify(v));
  });

  clientChecks(() => seen, 'as `settings = { healthmark = … }`', 'in `client.config.settings` with a workspace/didChangeConfiguration push');
});

describe('real editors: Emacs with eglot, batch mode', function () {
  this.timeout(2 * RUN_TIMEOUT_MS + 10_000);
  const runs: { seen?: Seen; sandbox?: ReturnType<typeof makeSandbox> } = {};
  const viaOptions: { seen?: Seen; sandbox?: ReturnType<typeof makeSandbox> } = {};
  let emacs: string | undefined;

  before(async function () {
    emacs = which('emacs');
    requireEditor(this, 'Emacs', emacs ? undefined : 'no emacs on the PATH');
    const eglot = execFileSync(emacs!, ['--batch', '-q', '--eval', '(progn (require (quote package)) (package-activate-all) (princ (or (locate-library "eglot") "")))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    requireEditor(this, 'eglot', eglot ? undefined : 'Emacs cannot find eglot');
    runs.sandbox = makeSandbox();
    runs.seen = await runEditor(emacs!, ['--batch', '-q', '-l', path.join(clients, 'emacs', 'check.el'), ARTICLE], runs.sandbox, { HEALTHMARK_INIT: path.join(clients, 'emacs', 'init.el') });
  });

  after(() => {
    for (const r of [runs, viaOptions]) if (r.sandbox) rmSync(r.sandbox.dir, { recursive: true, force: true });
  });

  it('connects with languageId "markdown" and eglot shows no warning (no registration it did not offer)', () => {
    const seen = runs.seen!;
    stepDone(seen, 'attach');
    assert.equal(seen.languageId, 'markdown');
    assert.deepEqual(seen.warnings, []);
  });

  clientChecks(() => runs.seen!, 'in `eglot-workspace-configuration`', 'in `eglot-workspace-configuration` with `eglot-signal-didChangeConfiguration`');

  describe('settings as eglot :initializationOptions (eglot then answers null to workspace/configuration)', () => {
    before(async () => {
      viaOptions.sandbox = makeSandbox();
      viaOptions.seen = await runEditor(emacs!, ['--batch', '-q', '-l', path.join(clients, 'emacs', 'check.el'), ARTICLE], viaOptions.sandbox, {
        HEALTHMARK_INIT: path.join(clients, 'emacs', 'init.el'),
        HEALTHMARK_EGLOT_MODE: 'initializationOptions',
      });
    });

    it('keeps the initializationOptions settings (uncited claims as information)', () => {
      stepDone(viaOptions.seen!, 'settings applied');
      assert.deepEqual(viaOptions.seen!.severities_initial, [INFORMATION]);
      assert.deepEqual(viaOptions.seen!.warnings, []);
    });
  });
});

describe("real editors: the README's snippets are the tested configurations", () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  // Each config file starts with two comment lines for maintainers; the rest is the snippet.
  for (const file of ['neovim/init.lua', 'emacs/init.el']) {
    it(`README.md shows test/clients/${file} verbatim`, () => {
      const body = readFileSync(path.join(clients, file), 'utf8').split('\n').slice(2).join('\n').trimEnd();
      assert.ok(readme.includes(body), `README.md's "Other editors" section must contain test/clients/${file} (after its two header lines):\n${body}`);
    });
  }
});

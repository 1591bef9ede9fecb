// Extension-host API tests under code-server, for test/vscode/run.mjs.
//
// The test-only helper extension test/vscode/api-runner is packaged (vsce) and installed into
// the profile like Healthmark itself; code-server is started with HEALTHMARK_API_TESTS (test/vscode/api/index.js),
// HEALTHMARK_API_RESULTS and HEALTHMARK_API_WORKSPACE in its environment, which it passes on
// to its extension hosts. Opening a workbench page on HEALTHMARK_API_WORKSPACE starts an
// extension host for that window; the helper activates (onStartupFinished), runs the mocha
// suite test/vscode/api/suite.js with the real `vscode` API and writes the results file,
// which runApiSuite() polls. Other windows of the same server (the UI tests' folder) are
// left alone by the helper.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openWorkbench } from './helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(path.dirname(here));
export const API_RUNNER_DIR = path.join(here, 'api-runner');
export const API_ENTRY = path.join(here, 'api', 'index.js');
const runnerManifest = JSON.parse(readFileSync(path.join(API_RUNNER_DIR, 'package.json'), 'utf8'));
export const API_RUNNER_ID = `${runnerManifest.publisher}.${runnerManifest.name}`;

/**
 * Packages the helper extension as a VSIX with vsce (as scripts/package.mjs does for
 * Healthmark) into `outFile`; install it with `code-server --install-extension`. (A folder
 * merely copied into the extensions dir is not enough: VS Code marks extensions missing from
 * the dir's extensions.json as removed.)
 */
export function packageApiRunner(outFile, { log = () => {} } = {}) {
  mkdirSync(path.dirname(outFile), { recursive: true });
  rmSync(outFile, { force: true });
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', outFile];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: API_RUNNER_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && existsSync(outFile)) {
        log(`packaged ${path.basename(outFile)} (${API_RUNNER_ID} ${runnerManifest.version})`);
        resolve(outFile);
      } else reject(new Error(`vsce package of ${API_RUNNER_DIR} failed (exit ${code}):\n${output.slice(-3000)}`));
    });
  });
}

/** Environment for code-server: run the API suite in the window of `workspace`. */
export function apiEnv({ resultsFile, workspace, grep }) {
  const env = { HEALTHMARK_API_TESTS: API_ENTRY, HEALTHMARK_API_RESULTS: resultsFile, HEALTHMARK_API_WORKSPACE: workspace };
  if (grep) env.HEALTHMARK_API_GREP = grep;
  return env;
}

function readResults(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Opens a workbench page on `workspace` (starting its extension host) and waits until the
 * helper has written a complete results file. Resolves to { results, page }; on timeout,
 * rejects with an error whose `partial` holds the last results seen (or null).
 * `onTest(test)` is called once for each finished test as soon as it appears in the file.
 */
export async function runApiSuite({ context, server, workspace, resultsFile, timeout = 180_000, onTest = () => {}, log = () => {} }) {
  rmSync(resultsFile, { force: true });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
  const t = Date.now();
  try {
    await openWorkbench(page, server.folderUrl(workspace));
  } catch (err) {
    Object.assign(err, { page, consoleLines, partial: null });
    throw err;
  }
  log(`API window ready (${Date.now() - t} ms); waiting for ${path.basename(resultsFile)}`);
  const deadline = t + timeout;
  let reported = 0;
  let last = null;
  let announced = false;
  for (;;) {
    const r = readResults(resultsFile);
    if (r) {
      last = r;
      if (!announced) {
        announced = true;
        log(`API suite started in the extension host (VS Code ${r.vscodeVersion}, ${r.appHost}, trusted: ${r.workspaceTrusted})`);
      }
      const tests = r.tests ?? [];
      while (reported < tests.length) onTest(tests[reported++]);
      if (r.done) return { results: r, page, consoleLines };
    }
    if (Date.now() > deadline) {
      const err = new Error(
        last
          ? `the API suite did not finish within ${timeout} ms (${(last.tests ?? []).length} test(s) done; running: ${last.current ?? '?'})`
          : `no results file ${resultsFile} within ${timeout} ms: the helper extension ${API_RUNNER_ID} did not run` +
            ` (is it installed and enabled? is HEALTHMARK_API_WORKSPACE the window's folder?)`,
      );
      err.partial = last;
      err.page = page;
      err.consoleLines = consoleLines;
      throw err;
    }
    await new Promise((res) => setTimeout(res, 200));
  }
}


// The extension-host API suite (test/vscode/api/suite.js) under @vscode/test-electron:
// desktop VS Code with Healthmark loaded from this repository (--extensionDevelopmentPath)
// on a temporary copy of examples/.
//
//   node test/vscode/electron.mjs [--optional]
//
// Desktop VS Code is downloaded (once, into .vscode-test/electron/) by @vscode/test-electron.
// Where it cannot be downloaded (no internet, e.g. these build machines) this fails fast with
// a clear message -- exit 1, or exit 0 with --optional. The same suite runs in code-server
// with `npm run test:vscode`.
//
// Environment: HEALTHMARK_VSCODE_EXECUTABLE=path (use this VS Code, no download),
// HEALTHMARK_VSCODE_VERSION=1.91.0|stable|insiders (default: the newest matching
// engines.vscode), HEALTHMARK_API_GREP=text (run only tests whose title contains it).
// On Linux without a display, run it under xvfb-run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const optional = process.argv.includes('--optional');
const cachePath = path.join(root, '.vscode-test', 'electron');
const DOWNLOAD_LIMIT_MS = 60_000; // the whole version lookup + download, per attempt idle timeout below
const log = (s) => process.stderr.write(`[test:electron] ${s}\n`);
const out = (s = '') => process.stdout.write(`${s}\n`);

const UNAVAILABLE =
  'desktop VS Code could not be downloaded here; the same suite runs in code-server via npm run test:vscode';

async function resolveVSCode() {
  const given = process.env.HEALTHMARK_VSCODE_EXECUTABLE;
  if (given) {
    if (!existsSync(given)) throw Object.assign(new Error(`HEALTHMARK_VSCODE_EXECUTABLE does not exist: ${given}`), { unavailable: true });
    return given;
  }
  let timer;
  try {
    return await Promise.race([
      downloadAndUnzipVSCode({
        version: process.env.HEALTHMARK_VSCODE_VERSION || undefined, // undefined: newest matching engines.vscode
        extensionDevelopmentPath: root,
        cachePath,
        timeout: 10_000,
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no VS Code after ${DOWNLOAD_LIMIT_MS / 1000} s`)), DOWNLOAD_LIMIT_MS);
      }),
    ]);
  } catch (err) {
    throw Object.assign(new Error(`${UNAVAILABLE} (${err.message})`), { unavailable: true, cause: err });
  } finally {
    clearTimeout(timer);
  }
}

async function main() {
  const started = Date.now();
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await resolveVSCode();
  } catch (err) {
    if (!err.unavailable) throw err;
    out(`${optional ? 'skipped' : 'error'}: ${err.message}`);
    return optional ? 0 : 1;
  }
  log(`VS Code: ${vscodeExecutablePath}`);

  // The development extension runs from dist/: build it as `npm run build` does.
  log('node scripts/build.mjs');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });

  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    log('warning: no DISPLAY; desktop VS Code needs one (run this under `xvfb-run -a`)');
  }

  const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-electron-'));
  cpSync(path.join(root, 'examples'), workspace, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'test', 'vscode', 'api', 'index.js'),
      extensionTestsEnv: process.env.HEALTHMARK_API_GREP ? { HEALTHMARK_API_GREP: process.env.HEALTHMARK_API_GREP } : {},
      // A fresh profile (user data and extensions dirs under .vscode-test/electron/) is the default.
      launchArgs: [workspace, '--disable-telemetry', '--skip-welcome', '--skip-release-notes'],
      cachePath,
    });
    out(`API suite passed under @vscode/test-electron (${Math.round((Date.now() - started) / 1000)}s)`);
    return 0;
  } catch (err) {
    out(`API suite failed under @vscode/test-electron: ${err.message ?? err}`);
    return 1;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

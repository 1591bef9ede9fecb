// Test-only helper extension: runs an extension-host API suite inside a real VS Code
// (code-server) and writes its results to a JSON file. Installed only into the throw-away
// profiles of `npm run test:vscode` (test/vscode/api.mjs); never shipped.
//
// Environment (code-server passes its own environment to the extension host):
//   HEALTHMARK_API_TESTS      JS file to require. It exports runSuite({ onProgress, log }) that
//                             resolves to { tests: [{ title, state, durationMs, error? }], ... },
//                             or (the @vscode/test-electron convention) run() that rejects on failure.
//   HEALTHMARK_API_RESULTS    where to write the results (JSON, rewritten after each test).
//   HEALTHMARK_API_WORKSPACE  optional: run only in the window whose first workspace folder is
//                             this directory (other windows of the same server stay untouched).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

let running = false;

function realpath(p) {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function writeJson(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n');
  fs.renameSync(tmp, file); // atomic: the driver never reads a half-written file
}

function errorInfo(err) {
  return { message: String(err && err.message ? err.message : err), stack: err && err.stack ? String(err.stack) : undefined };
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  const testsFile = process.env.HEALTHMARK_API_TESTS;
  const resultsFile = process.env.HEALTHMARK_API_RESULTS;
  if (!testsFile || !resultsFile || running) return;
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const only = process.env.HEALTHMARK_API_WORKSPACE;
  if (only && (!folder || folder.uri.scheme !== 'file' || realpath(folder.uri.fsPath) !== realpath(only))) return;
  running = true;

  const channel = vscode.window.createOutputChannel('Healthmark API tests');
  context.subscriptions.push(channel);
  const log = (msg) => {
    channel.appendLine(msg);
    console.log(`[healthmark-api] ${msg}`);
  };

  const started = Date.now();
  const base = {
    testsFile,
    workspace: folder ? folder.uri.fsPath : null,
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    appHost: vscode.env.appHost,
    remoteName: vscode.env.remoteName ?? null,
    workspaceTrusted: vscode.workspace.isTrusted,
    nodeVersion: process.version,
    extensionHostPid: process.pid,
    healthmarkInstalled: Boolean(vscode.extensions.getExtension('healthmark.healthmark')),
    startedAt: new Date(started).toISOString(),
  };
  const write = (partial, done) => {
    try {
      const tests = partial.tests || [];
      writeJson(resultsFile, {
        ...base,
        ...partial,
        done,
        durationMs: Date.now() - started,
        passes: tests.filter((t) => t.state === 'passed').length,
        failures: tests.filter((t) => t.state === 'failed').length,
        pending: tests.filter((t) => t.state === 'pending').length,
      });
    } catch (err) {
      log(`could not write ${resultsFile}: ${err && err.stack}`);
    }
  };

  // Run after activation has returned: activation itself must not wait for the suite.
  setImmediate(async () => {
    log(`running ${testsFile} in ${base.workspace} (VS Code ${vscode.version}, trusted: ${base.workspaceTrusted})`);
    write({ tests: [] }, false);
    let final;
    try {
      const mod = require(testsFile);
      if (typeof mod.runSuite === 'function') {
        final = await mod.runSuite({ onProgress: (r) => write(r, false), log });
      } else if (typeof mod.run === 'function') {
        const t = Date.now();
        try {
          await mod.run();
          final = { tests: [{ title: path.basename(testsFile), state: 'passed', durationMs: Date.now() - t }] };
        } catch (err) {
          final = { tests: [{ title: path.basename(testsFile), state: 'failed', durationMs: Date.now() - t, error: errorInfo(err) }] };
        }
      } else {
        throw new Error(`${testsFile} exports neither runSuite() nor run()`);
      }
    } catch (err) {
      log(`suite crashed: ${err && err.stack}`);
      final = { tests: [{ title: `loading and running ${path.basename(testsFile)}`, state: 'failed', durationMs: Date.now() - started, error: errorInfo(err) }] };
    }
    write(final, true);
    log(`done: ${final.tests.filter((t) => t.state === 'passed').length} passed, ${final.tests.filter((t) => t.state === 'failed').length} failed`);
  });
}

function deactivate() {}

module.exports = { activate, deactivate };

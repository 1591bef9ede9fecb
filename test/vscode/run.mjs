// `npm run test:vscode`: Healthmark in a real VS Code (code-server) driven by Chromium.
//
// 1. packages healthmark-<version>.vsix (skipped when HEALTHMARK_VSIX names an existing VSIX),
// 2. installs Node 24 + code-server once under .vscode-test/ (scripts/vscode-env.mjs),
// 3. for each mode -- trusted (--disable-workspace-trust) and Restricted Mode (folder not
//    trusted) -- installs the VSIX into a fresh profile, opens a temporary copy of examples/ in
//    code-server, and runs the checks of test/vscode/tests.mjs in headless Chromium,
// 4. then, in the same code-server, opens a second window on another copy of examples/ where
//    the test-only helper extension test/vscode/api-runner runs the extension-host API suite
//    test/vscode/api/suite.js (real `vscode` API: diagnostics, hover, code actions, applyEdit,
//    completion); each of its tests is reported like the others (test/vscode/api.mjs).
//
// Prints mocha-like output ending with "N passed, M failed"; exits non-zero on any failure.
// On failure: a screenshot, the page console and the VS Code logs go to test-results/.
//
// Environment: HEALTHMARK_VSIX=path (use this VSIX), HEALTHMARK_VSCODE_MODES=trusted,restricted,
// HEALTHMARK_VSCODE_GREP=text (run only tests whose name contains it; for the API suite, whose
// full title contains it, e.g. "API"), HEALTHMARK_VSCODE_API=0 (skip the API suite).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CODE_SERVER_VERSION, ensureVSCodeEnv, installExtension, root, startCodeServer } from '../../scripts/vscode-env.mjs';
import { apiEnv, packageApiRunner, runApiSuite } from './api.mjs';
import { openWorkbench } from './helpers.mjs';
import { tests } from './tests.mjs';

const MODES = [
  { name: 'trusted', trusted: true, title: 'trusted workspace (--disable-workspace-trust)' },
  { name: 'restricted', trusted: false, title: 'Restricted Mode (folder not trusted)' },
];
const DEFAULT_TIMEOUT = 60_000;
const API_TIMEOUT = 180_000; // the whole API suite, from opening its window to the last test
const resultsDir = path.join(root, 'test-results');
const runDir = path.join(root, '.vscode-test', 'test-run');

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const c = (code, s) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const out = (s = '') => process.stdout.write(`${s}\n`);
const log = (s) => process.stderr.write(c(90, `[test:vscode] ${s}`) + '\n');
const ms = (t) => Date.now() - t;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

const cleanups = [];
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${sig}: cleaning up`);
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    process.exit(130);
  });
}

function withTimeout(promise, timeout, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Timeout of ${timeout} ms exceeded (${what})`)), timeout);
    }),
  ]).finally(() => clearTimeout(timer));
}

function npmRunPackage() {
  return new Promise((resolve, reject) => {
    // vsce output goes to stderr so stdout stays the test report.
    const child = spawn('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run package failed (exit ${code})`))));
  });
}

async function resolveVsix() {
  const given = process.env.HEALTHMARK_VSIX;
  if (given && existsSync(path.resolve(given))) {
    log(`using HEALTHMARK_VSIX=${given}`);
    return path.resolve(given);
  }
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `healthmark-${version}.vsix`);
  const t = Date.now();
  log('npm run package');
  await npmRunPackage();
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${path.basename(vsix)}`);
  log(`packaged ${path.basename(vsix)} (${ms(t)} ms)`);
  return vsix;
}

/** Saves a screenshot, the page console and the VS Code logs of a failure into test-results/. */
async function saveArtifacts(ctx, label) {
  mkdirSync(resultsDir, { recursive: true });
  const saved = [];
  const base = path.join(resultsDir, label);
  if (ctx.page) {
    try {
      await ctx.page.screenshot({ path: `${base}.png`, timeout: 10_000 });
      saved.push(`${base}.png`);
    } catch {}
  }
  if (ctx.consoleLines?.length) {
    writeFileSync(`${base}.console.log`, ctx.consoleLines.join('\n') + '\n');
    saved.push(`${base}.console.log`);
  }
  if (ctx.userDataDir && !ctx.logsSaved) {
    const dest = path.join(resultsDir, `${ctx.mode.name}-vscode-logs`);
    rmSync(dest, { recursive: true, force: true });
    for (const [from, to] of [
      [path.join(ctx.userDataDir, 'logs'), dest],
      [path.join(ctx.userDataDir, 'code-server.log'), path.join(dest, 'code-server.log')],
    ]) {
      try {
        if (existsSync(from)) cpSync(from, to, { recursive: true });
      } catch {}
    }
    if (existsSync(dest)) saved.push(`${dest}/`);
    ctx.logsSaved = true;
  }
  return saved;
}

let apiRunnerVsix; // Promise of the helper extension's VSIX, packaged once per run

async function setUpMode(mode, ctx, env, vsix, browser, { api, grep }) {
  const modeDir = path.join(runDir, mode.name);
  rmSync(modeDir, { recursive: true, force: true });
  ctx.userDataDir = path.join(modeDir, 'user-data');
  ctx.extensionsDir = path.join(modeDir, 'extensions');
  await installExtension({ ...env, vsix, userDataDir: ctx.userDataDir, extensionsDir: ctx.extensionsDir, log });

  ctx.workspace = mkdtempSync(path.join(os.tmpdir(), `healthmark-ws-${mode.name}-`));
  cpSync(path.join(root, 'examples'), ctx.workspace, { recursive: true });
  cleanups.push(async () => rmSync(ctx.workspace, { recursive: true, force: true }));

  // The API suite gets its own copy of examples/ (it edits the article) and its own window.
  let serverEnv = {};
  if (api) {
    apiRunnerVsix ??= packageApiRunner(path.join(runDir, 'healthmark-api-runner.vsix'), { log });
    await installExtension({ ...env, vsix: await apiRunnerVsix, userDataDir: ctx.userDataDir, extensionsDir: ctx.extensionsDir, log });
    ctx.apiWorkspace = mkdtempSync(path.join(os.tmpdir(), `healthmark-api-${mode.name}-`));
    cpSync(path.join(root, 'examples'), ctx.apiWorkspace, { recursive: true });
    cleanups.push(async () => rmSync(ctx.apiWorkspace, { recursive: true, force: true }));
    ctx.apiResults = path.join(modeDir, 'api-results.json');
    serverEnv = apiEnv({ resultsFile: ctx.apiResults, workspace: ctx.apiWorkspace, grep });
  }

  ctx.server = await startCodeServer({
    ...env,
    port: 0,
    workspace: ctx.workspace,
    userDataDir: ctx.userDataDir,
    extensionsDir: ctx.extensionsDir,
    disableWorkspaceTrust: mode.trusted,
    env: serverEnv,
    // Tests hover programmatically; a short delay keeps retries quick.
    settings: { 'editor.hover.delay': 300 },
    log,
  });
  cleanups.push(() => ctx.server.stop());

  ctx.context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  cleanups.push(() => ctx.context.close());
  ctx.page = await ctx.context.newPage();
  ctx.consoleLines = [];
  ctx.page.on('console', (m) => ctx.consoleLines.push(`[${m.type()}] ${m.text()}`));
  ctx.page.on('pageerror', (e) => ctx.consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
  const t = Date.now();
  await openWorkbench(ctx.page, ctx.server.url);
  log(`${mode.name}: workbench ready (${ms(t)} ms)`);
}

async function tearDownMode(ctx) {
  await ctx.context?.close().catch(() => {});
  await ctx.server?.stop().catch(() => {});
  if (ctx.workspace) rmSync(ctx.workspace, { recursive: true, force: true });
  if (ctx.apiWorkspace) rmSync(ctx.apiWorkspace, { recursive: true, force: true });
}

async function main() {
  const started = Date.now();
  const modeFilter = process.env.HEALTHMARK_VSCODE_MODES?.split(',').map((s) => s.trim()).filter(Boolean);
  const grep = process.env.HEALTHMARK_VSCODE_GREP;
  const modes = MODES.filter((m) => !modeFilter || modeFilter.includes(m.name));
  const api = !/^(0|false|no|off)$/i.test(process.env.HEALTHMARK_VSCODE_API ?? '');
  let passed = 0;
  let failed = 0;
  const failures = [];
  const fail = (title, err, artifacts = []) => {
    failed++;
    failures.push({ title, err, artifacts });
    return failures.length;
  };

  let vsix;
  let env;
  let browser;
  try {
    vsix = await resolveVsix();
    const t = Date.now();
    env = await ensureVSCodeEnv({ log });
    log(`VS Code environment ready (${ms(t)} ms)`);
    browser = await chromium.launch({
      executablePath: env.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
  } catch (err) {
    out();
    out(`  ${c(31, `1) setting up VS Code`)}`);
    fail('setting up VS Code', err);
  }

  if (browser) {
    for (const mode of modes) {
      const selected = tests.filter((t) => (!t.modes || t.modes.includes(mode.name)) && (!grep || t.name.includes(grep)));
      if (!selected.length && !api) continue;
      out();
      out(`  Healthmark in VS Code (code-server ${CODE_SERVER_VERSION}): ${mode.title}`);
      const ctx = { mode };
      try {
        await withTimeout(setUpMode(mode, ctx, env, vsix, browser, { api, grep }), 180_000, 'before all');
      } catch (err) {
        const artifacts = await saveArtifacts(ctx, `${mode.name}-before-all`);
        const n = fail(`${mode.title} "before all" hook`, err, artifacts);
        out(`    ${c(31, `${n}) "before all" hook`)}`);
        await tearDownMode(ctx);
        continue;
      }
      for (const test of selected) {
        const t = Date.now();
        const timeout = test.timeout ?? DEFAULT_TIMEOUT;
        try {
          await withTimeout(
            test.fn({ page: ctx.page, workspace: ctx.workspace, mode, root, server: ctx.server, log: (m) => log(`${mode.name}: ${m}`) }),
            timeout,
            test.name,
          );
          passed++;
          const d = ms(t);
          out(`    ${c(32, '✔')} ${c(90, test.name)}${d > 75 ? c(d > 1000 ? 31 : 33, ` (${d}ms)`) : ''}`);
        } catch (err) {
          const artifacts = await saveArtifacts(ctx, `${mode.name}-${slug(test.name)}`);
          const n = fail(`${mode.title} ${test.name}`, err, artifacts);
          out(`    ${c(31, `${n}) ${test.name}`)}`);
        }
      }
      if (api) {
        out(`    extension-host API (test/vscode/api/suite.js)`);
        // Logs are copied again (the API window's extension host logs come after the UI tests').
        const apiCtx = { mode, userDataDir: ctx.userDataDir, logsSaved: false };
        const apiFailures = [];
        const report = (t) => {
          if (t.state === 'passed') {
            passed++;
            const d = t.durationMs ?? 0;
            out(`      ${c(32, '✔')} ${c(90, t.title)}${d > 75 ? c(d > 1000 ? 31 : 33, ` (${d}ms)`) : ''}`);
          } else if (t.state === 'failed') {
            const err = new Error(t.error?.message ?? 'failed');
            err.stack = t.error?.stack ?? err.message;
            const n = fail(`${mode.title} API: ${t.title}`, err);
            apiFailures.push(failures[n - 1]);
            out(`      ${c(31, `${n}) ${t.title}`)}`);
          } else {
            out(`      ${c(36, `- ${t.title}`)}`);
          }
        };
        try {
          const { results, page, consoleLines } = await runApiSuite({
            context: ctx.context,
            server: ctx.server,
            workspace: ctx.apiWorkspace,
            resultsFile: ctx.apiResults,
            timeout: API_TIMEOUT,
            onTest: report,
            log: (m) => log(`${mode.name}: ${m}`),
          });
          if (!results.tests?.length && !grep) {
            const n = fail(`${mode.title} API suite`, new Error(`the API suite ran no tests: ${JSON.stringify(results).slice(0, 2000)}`));
            out(`      ${c(31, `${n}) API suite`)}`);
          }
          log(`${mode.name}: API suite: ${results.passes} passed, ${results.failures} failed in the extension host with ${results.runner ?? '?'} (${results.durationMs} ms)`);
          if (apiFailures.length) {
            const artifacts = await saveArtifacts({ ...apiCtx, page, consoleLines }, `${mode.name}-api`);
            for (const f of apiFailures) f.artifacts.push(...artifacts);
          }
          await page.close().catch(() => {});
        } catch (err) {
          const artifacts = await saveArtifacts({ ...apiCtx, page: err.page, consoleLines: err.consoleLines }, `${mode.name}-api`);
          const n = fail(`${mode.title} API suite`, err, artifacts);
          out(`      ${c(31, `${n}) API suite`)}`);
        }
      }
      await tearDownMode(ctx);
    }
  }
  await browser?.close().catch(() => {});

  out();
  out(c(32, `  ${passed} passing`) + c(90, ` (${Math.round(ms(started) / 1000)}s)`));
  if (failed) out(c(31, `  ${failed} failing`));
  failures.forEach(({ title, err, artifacts }, i) => {
    out();
    out(`  ${i + 1}) ${title}:`);
    out(c(31, `     ${String(err?.stack ?? err).split('\n').join('\n     ')}`));
    for (const a of artifacts) out(`     saved: ${path.relative(root, a)}`);
  });
  out();
  out(`${passed} passed, ${failed} failed`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    out('0 passed, 1 failed');
    process.exit(1);
  },
);

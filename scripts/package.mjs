// Builds production bundles and packages healthmark-<version>.vsix with vsce.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `healthmark-${version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['scripts/build.mjs', '--production']);

// vsce walks the whole folder (the test VS Code under .vscode-test/ is hundreds of MB): skip it
// when nothing that goes into the VSIX changed since the last package.
const stamp = `${out}.sha1`;
function contentHash() {
  const h = createHash('sha1');
  const files = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore']
    .concat(['dist', 'bin', 'server/data', 'server/schemas', 'syntaxes', 'images'].flatMap((d) => listFiles(d)))
    .sort();
  for (const f of files) h.update(f).update('\u0000').update(readFileSync(path.join(root, f))).update('\u0000');
  return h.digest('hex');
}
function listFiles(dir) {
  const abs = path.join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : e.name.endsWith('.map') ? [] : [path.join(dir, e.name)]));
}
const hash = contentHash();
if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) {
  console.log(`${path.basename(out)} is up to date (${(statSync(out).size / 1024).toFixed(1)} KiB)`);
} else {
  // --no-dependencies: everything the extension needs is in the bundles; .vscodeignore is a whitelist.
  run(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', out]);
  writeFileSync(stamp, `${hash}\n`);
  console.log(`packaged ${path.basename(out)}: ${(statSync(out).size / 1024).toFixed(1)} KiB`);
}

// Builds production bundles and packages healthmark-<version>.vsix with vsce.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, `healthmark-${version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['scripts/build.mjs', '--production']);
// --no-dependencies: everything the extension needs is in the bundles; .vscodeignore is a whitelist.
run(process.execPath, [path.join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', out]);
console.log(`packaged ${path.basename(out)}: ${(statSync(out).size / 1024).toFixed(1)} KiB`);

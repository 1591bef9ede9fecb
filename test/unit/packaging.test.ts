import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/fixtures';

// The VSIX ships what .vscodeignore whitelists. A bundle that loads a neighbour at run time
// (the server's parse worker, the CLI's worker threads, citation-js on first use) breaks only
// in the installed extension if that neighbour is left out, so check it here, on the build.
describe('packaging: the built bundles (every bundle a shipped bundle loads is shipped too)', () => {
  const dist = path.join(repoRoot, 'dist');
  const whitelist = readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('!dist/'))
    .map((l) => l.slice('!dist/'.length).trim());

  it('finds the build', () => {
    if (!existsSync(path.join(dist, 'server.js'))) throw new Error('dist/server.js is missing: run `npm run build` first');
  });

  it('whitelists the neighbours of every whitelisted Node bundle', () => {
    const bundles = readdirSync(dist).filter((f) => f.endsWith('.js'));
    const missing: string[] = [];
    let references = 0;
    for (const shipped of whitelist.filter((f) => f.endsWith('.js') && !f.startsWith('browser'))) {
      const text = readFileSync(path.join(dist, shipped), 'utf8');
      for (const name of bundles) {
        if (name === shipped) continue;
        // A neighbour is named in a string literal: require("./citationJs.js"), "cliWorker.js".
        if (!new RegExp(`["'](?:\\./)?${name.replace('.', '\\.')}["']`).test(text)) continue;
        references++;
        if (!whitelist.includes(name)) missing.push(`${shipped} loads ${name}`);
      }
    }
    assert.deepEqual(missing, []);
    // server → analysisWorker and citationJs, cli → cliWorker and citationJs, extension → server …
    assert.ok(references >= 5, `only ${references} references found: the pattern no longer matches the bundles`);
  });

  it('keeps the server bundle free of dynamic import(), which dist/start.js could not run', () => {
    // start.js compiles server.js through vm.Script (the code cache), which has no loader for import().
    assert.ok(!/[^\w.$]import\(/.test(readFileSync(path.join(dist, 'server.js'), 'utf8')));
    assert.match(readFileSync(path.join(dist, 'start.js'), 'utf8'), /server\.js/);
  });

  it('builds every bundle in ASCII (V8 holds a script with one character above U+00FF at twice its size), with its patterns unchanged', () => {
    const wide = readdirSync(dist)
      .filter((f) => f.endsWith('.js'))
      .filter((f) => /[^\x00-\x7f]/.test(readFileSync(path.join(dist, f), 'utf8')));
    assert.deepEqual(wide, []);
    // The sources do have such characters in regular expressions (esbuild leaves those as
    // written): the server bundle holds them escaped, and they still match what they did.
    const server = readFileSync(path.join(dist, 'server.js'), 'utf8');
    assert.match(server, /\/\[;:\\u2014\\u2013\]/);
    const dashes = new RegExp(/\[;:\\u2014\\u2013\]/.exec(server)![0]);
    assert.ok(dashes.test('a — b') && dashes.test('a – b') && !dashes.test('a - b'));
  });

  it('keeps citation-js out of the server bundle, which must start fast', () => {
    const server = readFileSync(path.join(dist, 'server.js'), 'utf8');
    assert.ok(!server.includes('citeproc'), 'citeproc is bundled into dist/server.js');
    assert.ok(readFileSync(path.join(dist, 'citationJs.js'), 'utf8').includes('citeproc'));
  });
});

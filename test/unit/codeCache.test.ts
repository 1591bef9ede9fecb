import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CodeCacheUse } from '../../server/src/codeCache';

const codeCache = path.join(__dirname, '..', '..', 'server', 'src', 'codeCache.ts');

/**
 * One start, in a fresh Node process as the server has (in one process V8 would answer a
 * second compile of the same source from memory, whatever the cache file holds): what it used,
 * what the bundle exported, and whether the cache was then written.
 */
function start(file: string, directory: string | undefined): { use: CodeCacheUse; exports: any; written: boolean } {
  const program = `const { runWithCodeCache } = require(${JSON.stringify(codeCache)});
const run = runWithCodeCache(${JSON.stringify(file)}, { directory: ${JSON.stringify(directory)}, writeAfterMs: 0 });
run.written.then((written) => process.stdout.write(JSON.stringify({ use: run.use, exports: run.exports, written })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', program], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Issue 16 (start-up): the server bundle runs with V8's code cache of an earlier start. */
describe('code cache (dist/start.js)', function () {
  this.timeout(20000);
  let dir: string;
  let file: string;
  const bundle = (value: number) => `exports.value = ${value}; exports.dir = __dirname; exports.file = __filename; exports.joined = require('node:path').join('a', 'b'); module.exports.same = module.exports === exports;\n`;
  const run = () => start(file, path.join(dir, 'cache'));
  const caches = () => readdirSync(path.join(dir, 'cache')).filter((f) => f.endsWith('.v8cache'));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-codecache-'));
    file = path.join(dir, 'server.js');
    writeFileSync(file, bundle(42));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs the bundle as a CommonJS module, writes the cache after the first start, and uses it on the next', () => {
    const first = run();
    assert.equal(first.use, 'absent');
    assert.deepEqual(first.exports, { value: 42, dir, file, joined: path.join('a', 'b'), same: true });
    assert.equal(first.written, true);
    assert.equal(caches().length, 1);
    const second = run();
    assert.equal(second.use, 'used');
    assert.deepEqual(second.exports, first.exports);
    assert.equal(second.written, false); // nothing to write
  });

  it('never reads the cache of another build: a changed bundle gets its own, and the old one is removed', () => {
    run();
    const [old] = caches();
    writeFileSync(file, bundle(43)); // same length: V8 alone would not tell them apart
    const changed = run();
    assert.equal(changed.use, 'absent');
    assert.equal(changed.exports.value, 43);
    assert.equal(changed.written, true);
    assert.equal(caches().length, 1);
    assert.notEqual(caches()[0], old);
    assert.equal(run().use, 'used');
  });

  it('runs as usual on a corrupt cache, and replaces it', () => {
    run();
    writeFileSync(path.join(dir, 'cache', caches()[0]), 'not a code cache');
    const corrupt = run();
    assert.equal(corrupt.use, 'rejected');
    assert.equal(corrupt.exports.value, 42);
    assert.equal(corrupt.written, true);
    assert.equal(run().use, 'used');
  });

  it('is off without a directory, and skipped when the directory cannot be written', () => {
    const off = start(file, undefined);
    assert.equal(off.use, 'off');
    assert.equal(off.written, false);
    writeFileSync(path.join(dir, 'blocked'), 'a file where the cache folder would be');
    const blocked = start(file, path.join(dir, 'blocked', 'cache'));
    assert.equal(blocked.use, 'absent');
    assert.equal(blocked.exports.value, 42);
    assert.equal(blocked.written, false);
    assert.ok(!existsSync(path.join(dir, 'blocked', 'cache')));
  });
});

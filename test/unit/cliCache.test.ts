import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/fixtures';

// `healthmark check --cache` (issue 16): an unchanged article costs a hash, and the cache
// never changes a result. Spawns the built CLI (`npm run build` first).
const bin = path.join(repoRoot, 'bin', 'healthmark.js');

function check(cwd: string, ...args: string[]): { stdout: string; code: number } {
  try {
    return { stdout: execFileSync(process.execPath, [bin, 'check', '--format', 'json', ...args, '.'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), code: 0 };
  } catch (e) {
    const err = e as { stdout: string; status: number };
    return { stdout: err.stdout, code: err.status };
  }
}

describe('CLI: --cache', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-cache-'));
    writeFileSync(path.join(dir, 'a.md'), '# Steps\n\nTaking more daily steps is linked to lower all-cause mortality.\n');
    writeFileSync(path.join(dir, 'b.md'), '# Walking\n\nDo you walk after dinner?\n');
  });

  it('gives the same report from the cache as from a fresh check, and records every file', () => {
    const fresh = check(dir);
    const first = check(dir, '--cache');
    const second = check(dir, '--cache');
    assert.equal(first.stdout, fresh.stdout);
    assert.equal(second.stdout, fresh.stdout);
    assert.equal(second.code, fresh.code);
    const cache = JSON.parse(readFileSync(path.join(dir, '.healthmarkcache'), 'utf8'));
    assert.deepEqual(Object.keys(cache.entries).map((f) => path.basename(f)).sort(), ['a.md', 'b.md']);
  });

  it('re-checks a file whose text, settings or data changed', () => {
    check(dir, '--cache');
    writeFileSync(path.join(dir, 'b.md'), '# Walking\n\nWalking after meals lowers blood glucose by 20 %.\n');
    const changed = JSON.parse(check(dir, '--cache').stdout) as { file: string; findings: unknown[] }[];
    assert.ok(changed.find((f) => f.file.endsWith('b.md'))!.findings.length > 0);
    const low = check(dir, '--cache', '--sensitivity', 'low');
    assert.equal(low.stdout, check(dir, '--sensitivity', 'low').stdout);
    writeFileSync(path.join(dir, 'glossary.json'), JSON.stringify({ version: 1, entries: [{ term: 'daily steps', definition: 'The number of steps a person takes in a day.', category: 'general health' }] }));
    const withGlossary = check(dir, '--cache', '--glossary', 'glossary.json');
    assert.equal(withGlossary.stdout, check(dir, '--glossary', 'glossary.json').stdout);
  });

  it('ignores an unreadable cache and writes a good one', () => {
    writeFileSync(path.join(dir, 'cache.json'), '{ not json');
    const run = check(dir, '--cache', '--cache-location', 'cache.json');
    assert.equal(run.stdout, check(dir).stdout);
    assert.equal(JSON.parse(readFileSync(path.join(dir, 'cache.json'), 'utf8')).format, 1);
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../support/fixtures';

function evaluate(set: string): { precision: number; recall: number; top3: number } {
  const out = execFileSync(process.execPath, ['--import=tsx', path.join(repoRoot, 'scripts', 'evaluate.ts'), `--set=${set}`], { cwd: repoRoot, encoding: 'utf8' });
  const m = /precision ([\d.]+), recall ([\d.]+)/.exec(out)!;
  const t = /top-3 accuracy ([\d.]+)/.exec(out)!;
  return { precision: Number(m[1]), recall: Number(m[2]), top3: Number(t[1]) };
}

describe('claim detection quality (regression guard for the README figures)', () => {
  it('meets the targets on the labelled evaluation set: recall ≥ 0.90, precision ≥ 0.85', () => {
    const r = evaluate('test/fixtures/eval');
    assert.ok(r.recall >= 0.9, `recall ${r.recall}`);
    assert.ok(r.precision >= 0.85, `precision ${r.precision}`);
    assert.ok(r.top3 >= 0.8, `top-3 ${r.top3}`);
  });

  it('stays useful on the held-out articles', () => {
    const r = evaluate('test/fixtures/heldout');
    assert.ok(r.recall >= 0.85 && r.precision >= 0.75, JSON.stringify(r));
  });
});

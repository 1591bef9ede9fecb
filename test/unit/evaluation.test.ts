import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/fixtures';

/** Runs `npm run evaluate` and reads one row of its table: [precision, recall]. */
function evaluate(split: string): string {
  return execFileSync(process.execPath, ['--import=tsx', path.join(repoRoot, 'scripts', 'evaluate.ts'), `--split=${split}`], { cwd: repoRoot, encoding: 'utf8' });
}
function row(out: string, section: string, name: string): { precision: number; recall: number } {
  const part = out.split(/\n(?=TRAIN|DEV|TEST)/).find((p) => p.startsWith(section))!;
  const m = new RegExp(`^${name}\\s+\\d+\\s+\\d+\\s+([\\d.]+)\\s+([\\d.]+)`, 'm').exec(part);
  assert.ok(m, `no row ${name} in ${section}`);
  return { precision: Number(m[1]), recall: Number(m[2]) };
}

describe('claim detection quality (floors under the README figures)', function () {
  this.timeout(120_000);
  let out = '';
  before(() => (out = evaluate('train,dev,test')));

  // History, not evidence: the weights were fitted on these. A drop means the model or the
  // pipeline feeding it changed, not that it generalises worse.
  it('fits its training data: the team articles and the train pages', () => {
    const team = row(out, 'TRAIN', 'team-eval');
    assert.ok(team.recall >= 0.95 && team.precision >= 0.95, JSON.stringify(team));
    const pages = row(out, 'TRAIN', 'all real pages');
    assert.ok(pages.recall >= 0.95 && pages.precision >= 0.8, JSON.stringify(pages));
    // The suggestions a user is offered, ranked among 205 curated records, reading each
    // sentence in its document (0.884 with 64 records; 0.798 when the list grew to 205, before
    // context; 0.944 with it). Topic articles: one per topic of the list.
    const top3 = Number(/\(team-eval\): top-3 accuracy ([\d.]+)/.exec(out)![1]);
    assert.ok(top3 >= 0.93, `top-3 ${top3}`);
    const topics = Number(/per topic \(test\/fixtures\/topics\): top-3 ([\d.]+)/.exec(out)![1]);
    assert.ok(topics >= 0.95, `topics top-3 ${topics}`);
    // Citation checks never flag the team's well-cited sentences (the bound: < 2 %).
    const alarms = /false alarms citation-mismatch ([\d.]+) %.*weak-evidence ([\d.]+) %/.exec(out)!;
    assert.ok(Number(alarms[1]) < 2 && Number(alarms[2]) < 2, alarms[0]);
  });

  // Dev pages are fitted on too (the choices were made by cross-validation over train and
  // dev): history, like train.
  it('fits the dev pages it was fitted on', () => {
    const dev = row(out, 'DEV', 'all real pages');
    assert.ok(dev.recall >= 0.95 && dev.precision >= 0.78, JSON.stringify(dev));
  });

  // The shipped thresholds were chosen for recall 0.90 on pages each fold's fit had not seen;
  // the training script records the held-out figures it chose them by.
  it('was chosen for recall 0.90 on held-out pages, by page-grouped cross-validation', () => {
    const model = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'claim-model.json'), 'utf8'));
    assert.match(model.trainedOn.selection, /cross-validation .* grouped by page/);
    assert.ok(model.trainedOn.heldOutRecall >= 0.9 && model.trainedOn.heldOutRecall < 0.95, JSON.stringify(model.trainedOn));
    assert.ok(model.minReason >= 0 && model.thresholds.low > model.thresholds.medium && model.thresholds.medium > model.thresholds.high, JSON.stringify(model.thresholds));
  });

  // Unseen text: floors a little under the figures reported once in the README.
  it('holds its reported figures on the test pages, which tuning never saw', () => {
    const test = row(out, 'TEST', 'all real pages');
    assert.ok(test.recall >= TEST_FLOOR.recall && test.precision >= TEST_FLOOR.precision, JSON.stringify(test));
  });
});

// Reported in the README: test precision 0.856, recall 0.915 at medium (the ninth and tenth
// rounds of pages, 100 in all, each read once after the model was chosen by cross-validation).
const TEST_FLOOR = { recall: 0.89, precision: 0.83 };

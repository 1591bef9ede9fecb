import assert from 'node:assert/strict';
import path from 'node:path';
import { LintContext, type LintJob } from '../../server/src/cli/lintJob';
import { LintPool } from '../../server/src/cli/pool';
import { readFixture } from '../support/fixtures';

// The CLI's worker threads (issue 16): the same findings as this thread, and a worker that dies
// loses no file (its jobs run here instead).
describe('CLI worker pool', function () {
  this.timeout(60000);
  const job = (name: string, text: string): LintJob => ({
    file: path.join('/articles', name),
    text,
    glossaryFiles: [],
    citationFiles: [],
    settings: { sensitivity: 'medium', scope: 'sentence', severities: {}, allLanguages: false },
  });
  const context = new LintContext();
  const articles = ['consumer-blog.md', 'listicle.md', 'newsletter.md'].map((f) => job(f, readFixture('eval', f)));
  const brief = (r: { findings: { code: string; start: number; end: number; message: string }[] }) => r.findings.map((f) => `${f.code} ${f.start}-${f.end} ${f.message}`);

  it('workers give exactly the findings of this thread', async () => {
    const pool = new LintPool(2, (j) => context.run(j));
    try {
      const results = await Promise.all(articles.map((a) => pool.run(a)));
      results.forEach((r, i) => assert.deepEqual(brief(r), brief(context.run(articles[i]))));
      assert.ok(results.every((r) => r.findings.length > 0));
    } finally {
      await pool.close();
    }
  });

  it('a worker that dies mid-job loses nothing: the job runs on this thread', async () => {
    let fellBack = 0;
    const pool = new LintPool(1, (j) => (fellBack++, context.run(j)));
    try {
      const pending = articles.map((a) => pool.run(a));
      await (pool as unknown as { slots: { worker: { terminate(): Promise<number> } }[] }).slots[0].worker.terminate();
      const results = await Promise.all(pending);
      results.forEach((r, i) => assert.deepEqual(brief(r), brief(context.run(articles[i]))));
      assert.ok(fellBack > 0, 'the jobs of the dead worker ran here');
      assert.deepEqual(brief(await pool.run(articles[0])), brief(context.run(articles[0])), 'and later jobs too');
    } finally {
      await pool.close();
    }
  });
});

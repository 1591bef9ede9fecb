import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { lintDocument, lintSteps } from '../../server/src/core/lint';
import { createModelCache } from '../../server/src/core/lint/model';
import { AnalysisStore } from '../../server/src/lsp/documents';
import { readFixture } from '../support/fixtures';
import { options } from '../support/lint';

// Issue 16: the document pass (model + rules) runs in steps, so the server can spread a large
// document over several turns of its event loop and answer requests in between.
const article = readFixture('eval', 'consumer-blog.md');
const large = Array.from({ length: 12 }, (_, i) => article.replace(/\.$/gm, ` (part ${i}).`)).join('\n\n');

describe('the document pass in steps', () => {
  it('stepping to the end gives exactly what lintDocument gives, after many pauses', () => {
    const o = options();
    const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(large)!;
    const steps = lintSteps(analysis, o);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    const whole = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(large)!, o);
    assert.ok(pauses > 100, `only ${pauses} pauses`);
    assert.deepEqual(
      r.value.findings.map((f) => [f.code, f.start, f.end, f.message]),
      whole.findings.map((f) => [f.code, f.start, f.end, f.message]),
    );
  });

  it('the sliced lint lets other work run between its slices, and gives the same findings', async () => {
    const o = options();
    const doc = TextDocument.create('file:///large.md', 'markdown', 1, large);
    const store = new AnalysisStore(o.glossary);
    store.get(doc); // analysed now (no parse worker here); linting is what is sliced
    let done = false;
    let ranBetween = false;
    const linting = store.lintSliced(doc, o).then((r) => ((done = true), r));
    setImmediate(() => (ranBetween = !done));
    const result = await linting;
    assert.ok(ranBetween, 'a callback scheduled after the lint started ran before it finished');
    const sync = new AnalysisStore(o.glossary).lint(doc, o)!;
    assert.equal(result!.findings.length, sync.findings.length);
    assert.equal(store.lintIfReady(doc, o), result, 'the result is kept for hovers');
  });

  it('a newer version abandons a sliced lint of an older one', async () => {
    const o = options();
    const store = new AnalysisStore(o.glossary);
    const v1 = TextDocument.create('file:///large.md', 'markdown', 1, large);
    store.get(v1);
    const first = store.lintSliced(v1, o);
    const v2 = TextDocument.update(v1, [{ text: 'x' }], 2);
    store.get(v2);
    const second = await store.lintSliced(v2, o);
    assert.equal(await first, undefined);
    assert.equal(second!.version, 2);
  });

  it('after a one-character edit, it re-reads only what changed: fewer pauses, the same reference entries, the same findings as afresh', () => {
    const o = options();
    const summary = readFixture('eval', 'clinical-summary.md');
    // Prose first, then the summary with its numbered References list at the end.
    const text = `${large}\n\n${summary}`;
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const cache = createModelCache();
    const pausesOf = (steps: ReturnType<typeof lintSteps>) => {
      let pauses = 0;
      let r = steps.next();
      while (!r.done) {
        pauses++;
        r = steps.next();
      }
      return { pauses, result: r.value };
    };
    const cold = pausesOf(lintSteps(analyzer.analyze(text)!, o, cache));
    const at = text.indexOf(' the ', Math.floor(text.length / 3)) + 2;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const warm = pausesOf(lintSteps(analyzer.analyze(edited)!, o, cache));
    const blocks = warm.result.model.blocks.length;
    assert.ok(cold.pauses > blocks, `cold: ${cold.pauses} pauses for ${blocks} blocks`);
    // A pause after each block with new work, and after every 16 that only look up what they kept.
    assert.ok(warm.pauses * 4 < cold.pauses, `after one edit: ${warm.pauses} pauses, against ${cold.pauses} on opening`);
    // The References entries, parsed and matched once, are the same objects after the edit.
    assert.ok(warm.result.model.references.length >= 5);
    warm.result.model.references.forEach((r, i) => assert.equal(r.entry, cold.result.model.references[i].entry));
    assert.equal(warm.result.model.references[0].start, cold.result.model.references[0].start + 1);
    const fresh = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(edited)!, o);
    const shape = (fs: typeof fresh.findings) => fs.map((f) => [f.code, f.start, f.end, f.message]);
    assert.deepEqual(shape(warm.result.findings), shape(fresh.findings));
    assert.deepEqual(
      warm.result.model.citations.map((c) => [c.start, c.end, c.status, c.record?.id]),
      fresh.model.citations.map((c) => [c.start, c.end, c.status, c.record?.id]),
    );
  });
});

import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer, parseChunk } from '../../server/src/core/analysis';
import { lintDocument, lintSteps } from '../../server/src/core/lint';
import { buildDocumentModel, createModelCache, prepareBlockSteps, rememberedOf } from '../../server/src/core/lint/model';
import { SCORED_PER_STEP } from '../../server/src/core/claims';
import { rules } from '../../server/src/core/lint/rules';
import { AnalysisStore } from '../../server/src/lsp/documents';
import { readFixture } from '../support/fixtures';
import { options } from '../support/lint';

// Issue 16: the document pass (model + rules) runs in steps, so the server can spread a large
// document over several turns of its event loop and answer requests in between.
const article = readFixture('eval', 'consumer-blog.md');
const large = Array.from({ length: 12 }, (_, i) => article.replace(/\.$/gm, ` (part ${i}).`)).join('\n\n');

/** A long cited article: 600 paragraphs citing a numbered list of 300 entries. */
function longCitedArticle(): string {
  const paragraphs = Array.from({ length: 600 }, (_, i) => `Brisk walking lowered fasting glucose in group ${i} of adults with prediabetes [${(i % 300) + 1}]. AMPK activity rose during each session.`);
  const entries = Array.from({ length: 300 }, (_, i) => `${i + 1}. Walker J, Stride K. Walking and glucose control, part ${i + 1}. J Everyday Health. 2019;${i + 1}:1-9.`);
  return `# Walking and glucose\n\n${paragraphs.join('\n\n')}\n\n## References\n\n${entries.join('\n')}\n`;
}

/**
 * Lint options whose claim judge counts the sentences it scores: the scorer asks its list of
 * instruction verbs once or twice per sentence (`scored.count`, which a test may reset).
 */
function countingScorer() {
  const base = options();
  const scored = { count: 0 };
  const imperatives = new (class extends Set<string> {
    has(word: string): boolean {
      scored.count++;
      return super.has(word);
    }
  })(base.claims.imperatives);
  return { base, counting: { ...base, claims: { ...base.claims, imperatives } }, scored };
}

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
    // A pause after each block with new work, and after every 16 that only look up what they
    // kept (the passes over every block or line pause as often either way).
    assert.ok(warm.pauses * 2 < cold.pauses, `after one edit: ${warm.pauses} pauses, against ${cold.pauses} on opening`);
    // Only the edited paragraph's sentences are scored again: every other unit keeps its score.
    const coldScores = new Set(cold.result.model.units.map((u) => u.score));
    const rescored = warm.result.model.units.filter((u) => !coldScores.has(u.score));
    assert.ok(rescored.length >= 1 && rescored.length <= 10, `${rescored.length} units scored again`);
    assert.ok(rescored.every((u) => u.placed.block.text.includes('txhe') || u.text.includes('txhe')), 'only the edited paragraph');
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

  it('every rule that goes over the whole document pauses as it goes (issue 16: hovers wait at most one slice)', () => {
    const o = options();
    const model = buildDocumentModel(new DocumentAnalyzer({ glossary: o.glossary }).analyze(longCitedArticle())!, o, createModelCache());
    assert.ok(model.citations.length >= 600 && model.references.length >= 300, `${model.citations.length} citations, ${model.references.length} entries`);
    for (const rule of rules) {
      // Unit-local rules are sliced by the engine; language-not-checked reports once, reading nothing.
      if (rule.unitLocal || rule.names[1] === 'language-not-checked') continue;
      // A model and a cache of its own: the paste-cleanup rules share one plan per model, made
      // by the first, and a document's next plan starts from its last (pastePlanFor).
      const steps = rule.check({ ...model, cache: createModelCache() }, o, () => {});
      assert.ok(steps, `${rule.names[1]} runs in one stretch`);
      let pauses = 0;
      for (let r = steps.next(); !r.done; r = steps.next()) pauses++;
      assert.ok(pauses > 0, `${rule.names[1]} never pauses`);
    }
  });

  it('planning an analysis pauses too, and a run stopped while planning commits nothing', async () => {
    const o = options();
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const text = longCitedArticle();
    const parse = async (source: string, limit: number, _isCancelled: () => boolean, skip?: number) => parseChunk(source, limit, skip);
    let pauses = 0;
    const counted = async <T>(steps: Generator<void, T>) => {
      for (let r = steps.next(); ; r = steps.next()) {
        if (r.done) return r.value;
        pauses++;
      }
    };
    const first = (await analyzer.analyzeAsync(text, parse, () => false, counted))!;
    assert.ok(pauses > 0, 'the plan over every chunk never paused');
    const edited = text.replace('group 5 ', 'group five ');
    const stopped = await analyzer.analyzeAsync(edited, parse, () => false, async (steps) => (steps.next(), undefined));
    assert.equal(stopped, undefined);
    // The next analysis of the edited text is whole, and reuses the chunks the edit left alone.
    const again = (await analyzer.analyzeAsync(edited, parse))!;
    assert.equal(again.text, edited);
    assert.equal(again.chunks[0].analysis, first.chunks[0].analysis, 'an unchanged chunk is the one analysed before');
  });

  it('a paragraph of thousands of sentences is scored a batch a step, in the lint and when prepared ahead', () => {
    // One block of 2,000 sentences: scored in one step, it kept the server from answering for
    // about a second (12,000 such sentences in the robustness protocol test).
    const sentences = 2000;
    const text = `${'GLUT4 and AMPK raise insulin sensitivity, as Smith and Jones (2020) showed. '.repeat(sentences)}\n`;
    // A count of sentences scored, read at every pause.
    const { base, counting: o, scored } = countingScorer();
    /** The most sentences scored between two pauses of a stepwise computation. */
    const mostPerStep = (steps: Generator<void, unknown>) => {
      let most = 0;
      for (;;) {
        scored.count = 0;
        const done = steps.next().done;
        most = Math.max(most, scored.count);
        if (done) return most;
      }
    };
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const analysis = analyzer.analyze(text)!;
    assert.equal(analysis.chunks.length, 1);
    assert.equal(analysis.chunks[0].analysis.blocks.length, 1);
    const inLint = mostPerStep(lintSteps(analysis, o));
    assert.ok(inLint > 0 && inLint <= 2 * SCORED_PER_STEP, `the lint scored up to ${inLint / 2}–${inLint} sentences in a step`);

    const prepared = new DocumentAnalyzer({ glossary: o.glossary });
    const a = prepared.analyze(text)!.chunks[0].analysis;
    const cache = createModelCache();
    const ahead = mostPerStep(prepareBlockSteps(a, 0, prepared, cache, o));
    assert.ok(ahead > 0 && ahead <= 2 * SCORED_PER_STEP, `the preparation scored up to ${ahead / 2}–${ahead} sentences in a step`);
    assert.equal(rememberedOf(a.blocks[0], cache)?.templates?.length, sentences);
    assert.deepEqual(
      lintDocument(prepared.analyze(text)!, o, cache).findings.map((f) => [f.code, f.start, f.end, f.message]),
      lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!, base).findings.map((f) => [f.code, f.start, f.end, f.message]),
    );
  });

  it('a long block the lint finds not prepared is split and matched a pass a step, and passes never share a step', () => {
    // In the server the lint can reach a long block before the preparation of parsed chunks
    // does. Its sentences and glossary matches, found together with its placing, and its
    // citations, found in the same step as the next pass's first scoring (the last step of one
    // pass ran on into the first of the next), made some of the longest steps in a paragraph
    // of hundreds of kilobytes (development traces of the server).
    const { counting: o, scored } = countingScorer();
    const long = 'GLUT4 and AMPK raise insulin sensitivity, as Smith and Jones (2020) showed. '.repeat(400);
    const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(`GLUT4 comes first.\n\n${long}\n`)!;
    const chunk = analysis.chunks.map((c) => c.analysis).find((a) => a.blocks.some((b) => b.text.length > 20000))!;
    const i = chunk.blocks.findIndex((b) => b.text.length > 20000);
    const cache = createModelCache();
    const firstStep: Record<string, number> = {};
    const seen = (what: string, done: boolean, step: number) => {
      if (done && firstStep[what] === undefined) firstStep[what] = step;
    };
    const steps = lintSteps(analysis, o, cache);
    for (let step = 0; ; step++) {
      const done = steps.next().done;
      seen('sentences', chunk.sentences[i] !== undefined, step);
      seen('terms', chunk.terms[i] !== undefined, step);
      seen('citations', rememberedOf(chunk.blocks[i], cache)?.citations !== undefined, step);
      seen('scored', scored.count > 0, step);
      if (done) break;
    }
    assert.ok(firstStep.sentences < firstStep.terms, JSON.stringify(firstStep));
    assert.ok(firstStep.citations < firstStep.scored, JSON.stringify(firstStep));
  });
});

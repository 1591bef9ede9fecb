import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyzer, parseChunk, type ChunkParse } from '../../server/src/core/analysis';
import type { Glossary } from '../../server/src/core/glossary';
import { lintDocument } from '../../server/src/core/lint';
import { createModelCache, prepareBlockSteps, rememberedOf, type PreparedSections } from '../../server/src/core/lint/model';
import { AnalysisStore } from '../../server/src/lsp/documents';
import { runSteps } from '../../server/src/core/steps';
import { readFixture } from '../support/fixtures';
import { options } from '../support/lint';

// Issue 16, opening a document: the block-level work of the lint (sentences, glossary matches,
// citation markers, claim scores) is done for each chunk as the parse worker returns it, while
// the worker parses the next ones; the lint then finds it done.
const text = ['consumer-blog.md', 'academic-review.md', 'faq.md', 'clinical-summary.md']
  .map((f) => readFixture('eval', f))
  .join('\n\n');

const shape = (findings: ReturnType<typeof lintDocument>['findings']) => findings.map((f) => [f.code, f.start, f.end, f.severity, f.message]);

describe('chunks prepared for the lint as they are parsed', () => {
  it('a prepared chunk leaves the lint nothing to redo, and the findings are the same', () => {
    const o = options();
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const analysis = analyzer.analyze(text)!;
    const cache = createModelCache();
    for (const { analysis: a } of analysis.chunks) for (let i = 0; i < a.blocks.length; i++) runSteps(prepareBlockSteps(a, i, analyzer, cache, o));
    // What the preparation left: the sentence templates (with their claim scores) of every block that can hold a claim.
    const prepared = new Map<object, unknown>();
    for (const { analysis: a } of analysis.chunks) {
      a.blocks.forEach((b, i) => {
        if (b.context.footnote !== undefined) return;
        assert.ok(a.sentences[i] && a.terms[i], 'sentences and glossary matches are kept with the chunk');
        assert.ok(rememberedOf(b, cache)?.citations, 'citation markers are found');
        if (b.kind === 'heading' || b.kind === 'tableCell') return;
        assert.ok(rememberedOf(b, cache)?.templates, `a ${b.kind} is scored`);
        prepared.set(b, rememberedOf(b, cache)!.templates);
      });
    }
    assert.ok(prepared.size > 50, `${prepared.size} blocks prepared`);
    const result = lintDocument(analysis, o, cache);
    // The lint used what was prepared: the same template lists, not new ones.
    const sentenceUnits = result.model.units.filter((u) => u.kind === 'sentence');
    assert.ok(sentenceUnits.length > 100);
    for (const u of sentenceUnits) {
      const templates = rememberedOf(u.placed.block, cache)?.templates;
      assert.equal(templates, prepared.get(u.placed.block), 'a unit read the prepared templates');
      assert.ok(templates!.some((t) => t.score === u.score), 'and took its score from them');
    }
    // Blocks that turned out to be reference entries were prepared for nothing: not kept.
    const entries = result.model.blocks.filter((p) => p.inReferences);
    assert.ok(entries.length >= 5, `${entries.length} blocks in reference lists`);
    for (const p of entries) assert.ok(!rememberedOf(p.block, cache)?.templates && !rememberedOf(p.block, cache)?.citations, 'nothing kept for a reference entry');
    const unprepared = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!, o, createModelCache());
    assert.deepEqual(shape(result.findings), shape(unprepared.findings));
  });

  it('prepared in order, entries under a References heading are not scored ahead: an entry is never a claim unit', () => {
    const o = options();
    const prepareAll = (sections: PreparedSections, text: string) => {
      const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
      const analysis = analyzer.analyze(text)!;
      const cache = createModelCache();
      const scoredAhead = new Set<object>();
      for (const { analysis: a } of analysis.chunks) {
        for (let i = 0; i < a.blocks.length; i++) {
          runSteps(prepareBlockSteps(a, i, analyzer, cache, o, sections));
          if (rememberedOf(a.blocks[i], cache)?.templates) scoredAhead.add(a.blocks[i]);
        }
      }
      const result = lintDocument(analysis, o, cache);
      const units = result.model.units.filter((u) => u.kind === 'sentence');
      return { result, units, late: units.filter((u) => !scoredAhead.has(u.placed.block)), scoredAhead };
    };
    const unprepared = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!, o, createModelCache());

    const { result, units, late, scoredAhead } = prepareAll({}, text);
    const entries = result.model.blocks.filter((p) => p.inReferences);
    assert.ok(entries.length >= 5, `${entries.length} blocks in reference lists`);
    for (const p of entries) assert.ok(!scoredAhead.has(p.block), `not scored ahead: ${p.block.text.slice(0, 40)}`);
    assert.deepEqual(late, [], 'every claim unit was scored ahead');
    assert.ok(units.length > 100);
    assert.deepEqual(shape(result.findings), shape(unprepared.findings));

    // A wrong guess (a References heading in a chunk that was not prepared) costs time only:
    // the lint scores the prose that was not scored ahead, up to the next top-level heading.
    const short = 'Walking after meals lowers blood glucose in adults with type 2 diabetes.\n\nStrength training improves insulin sensitivity within weeks.\n\n# Sleep\n\nShort sleep raises evening cortisol and blood pressure.\n';
    const guessed = prepareAll({ referencesDepth: 1 }, short);
    assert.deepEqual(guessed.late.map((u) => u.text), ['Walking after meals lowers blood glucose in adults with type 2 diabetes.', 'Strength training improves insulin sensitivity within weeks.']);
    assert.equal(guessed.units.length, 3);
    const fresh = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(short)!, o, createModelCache());
    assert.deepEqual(shape(guessed.result.findings), shape(fresh.findings));
    assert.equal(guessed.result.findings.filter((f) => f.code === 'uncited-claim').length, 3, 'each sentence is an uncited claim');
  });

  it('the server prepares each chunk while later ones are still being parsed, and nothing ahead of a keystroke', async () => {
    const o = options();
    // Every block text the analyzer matches glossary terms in: preparation is what asks first.
    const matched: string[] = [];
    const matcher = Object.create(o.glossary.matcher);
    matcher.match = (t: string) => (matched.push(t), o.glossary.matcher.match(t));
    const glossary: Glossary = { ...o.glossary, matcher };
    // A parse worker that answers when told to: the first chunk now, the rest later.
    const pending: { source: string; limit: number; skip?: number; resolve: (r: ChunkParse) => void }[] = [];
    const parse = (source: string, limit: number, _isCancelled: () => boolean, skip?: number) => new Promise<ChunkParse | undefined>((resolve) => pending.push({ source, limit, skip, resolve }));
    const store = new AnalysisStore(glossary, parse);
    const doc = TextDocument.create('file:///prepared.md', 'markdown', 1, text);
    const analysed = store.analyze(doc, () => false, o);
    while (pending.length === 0) await new Promise((r) => setImmediate(r));
    assert.ok(pending.length > 10, `${pending.length} chunks to parse`);
    // The first chunks, up to one with prose (frontmatter has none), parsed; the rest not yet.
    const released: string[] = [];
    while (released.length === 0) {
      const next = pending.shift()!;
      const parsed = parseChunk(next.source, next.limit, next.skip);
      next.resolve(parsed);
      released.push(...parsed.blocks.filter((b) => b.context.footnote === undefined).map((b) => b.text));
    }
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.ok(pending.length > 10);
    assert.deepEqual(matched, released, 'the chunks parsed so far were prepared, while the rest were still being parsed');
    for (const p of pending.splice(0)) p.resolve(parseChunk(p.source, p.limit, p.skip));
    assert.ok(await analysed);
    const result = await store.lintSliced(doc, o);
    const sync = new AnalysisStore(o.glossary).lint(doc, o)!;
    assert.deepEqual(shape(result!.findings), shape(sync.findings));
    // A keystroke re-parses one chunk: nothing else is being parsed meanwhile, nothing is prepared ahead.
    const at = text.indexOf(' the ', text.length / 2) + 2;
    const edited = TextDocument.update(doc, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at) }, text: 'x' }], 2);
    matched.length = 0;
    const reanalysed = store.analyze(edited, () => false, o);
    while (pending.length === 0) await new Promise((r) => setImmediate(r));
    assert.equal(pending.length, 1, 'one chunk to parse');
    const only = pending.shift()!;
    only.resolve(parseChunk(only.source, only.limit, only.skip));
    assert.ok(await reanalysed);
    assert.deepEqual(matched, [], 'nothing prepared ahead of the lint');
    const relinted = await store.lintSliced(edited, o);
    assert.ok(matched.length > 0, 'the lint matched the edited paragraph itself');
    assert.deepEqual(shape(relinted!.findings), shape(new AnalysisStore(o.glossary).lint(edited, o)!.findings));
  });
});

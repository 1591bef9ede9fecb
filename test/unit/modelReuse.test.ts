import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildCitationLibrary } from '../../server/src/core/citations/library';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { lintDocument, type Finding, type LintOptions } from '../../server/src/core/lint';
import { createModelCache, type DocumentModel } from '../../server/src/core/lint/model';
import { readFixture, repoRoot } from '../support/fixtures';
import { options } from '../support/lint';

// Issue 16 (typing costs what the edit costs): a block that stays where it was keeps the last
// version's placed form, resolved citations and claim units, and those objects are shared by
// both versions, so neither may change them.

const article = readFixture('eval', 'consumer-blog.md');
/** The article three times, its paragraphs told apart, with a cited numbered list at the end. */
const long = `${[0, 1, 2].map((i) => article.replace(/\.$/gm, ` (part ${i}).`)).join('\n\n')}\n\nBrisk walking lowered fasting glucose in adults with prediabetes [1].\n\n## References\n\n1. Walker J, Stride K. Walking and glucose control. J Everyday Health. 2019;3:1-9.\n`;

const shape = (f: Finding[]) => f.map((x) => [x.code, x.start, x.end, x.message, x.severity, JSON.stringify(x.fixes ?? null), JSON.stringify(x.lazyFixes ?? null)]);

/** Lints each version with one analyzer and cache, as an editor's document is; checks each against a fresh lint. */
function versions(texts: string[], o: LintOptions = options()): DocumentModel[] {
  const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
  const cache = createModelCache();
  return texts.map((text, i) => {
    const { findings, model } = lintDocument(analyzer.analyze(text)!, o, cache);
    const fresh = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!, o);
    assert.deepEqual(shape(findings), shape(fresh.findings), `version ${i + 1}: not what a fresh analysis finds`);
    return model;
  });
}

describe('the model of the next version reuses what did not move', () => {
  it('before a keystroke: the same placed blocks (those that occur once), units and citations; after it: new ones', () => {
    const at = long.indexOf(' the ', Math.floor(long.length / 2)) + 2;
    const [before, after] = versions([long, long.slice(0, at) + 'x' + long.slice(at)]);
    const split = (m: DocumentModel) => m.blocks.findIndex((p) => p.base + p.block.end > at);
    const edited = split(before);
    assert.ok(edited > 10 && edited < before.blocks.length - 10, `edit in block ${edited} of ${before.blocks.length}`);
    // A block whose chunk occurs more than once (the article's headings, repeated three times)
    // is one object at several places: it is placed afresh each time.
    const once = (i: number) => before.blocks.filter((p) => p.block === before.blocks[i].block).length === 1;
    let kept = 0;
    for (let i = 0; i < edited - 1; i++) {
      if (!once(i)) continue;
      assert.equal(after.blocks[i], before.blocks[i], `block ${i} before the edit`);
      kept++;
    }
    assert.ok(kept > 10, `only ${kept} blocks kept`);
    for (let i = edited + 1; i < before.blocks.length; i++) assert.notEqual(after.blocks[i], before.blocks[i], `block ${i} after the edit`);
    const single = new Set(before.blocks.filter((_, i) => once(i)).map((p) => p.block));
    // Sentences of such blocks (table rows are built afresh in every version).
    const unitsBefore = (m: DocumentModel) => m.units.filter((u) => u.kind === 'sentence' && single.has(u.placed.block) && u.end < before.blocks[edited - 1].base);
    assert.ok(unitsBefore(before).length > 20);
    unitsBefore(before).forEach((u, k) => assert.equal(unitsBefore(after)[k], u));
    assert.ok(after.units.filter((u) => u.start > at).every((u) => !before.units.includes(u)));
    const cited = (m: DocumentModel) => m.citations.filter((c) => single.has(c.placed.block) && c.end < at);
    assert.ok(cited(before).length > 0, 'no citation before the edit');
    cited(before).forEach((c, k) => assert.equal(cited(after)[k], c));
  });

  it('a unit silenced in one version is a copy: the version before and the one after see it unsilenced', () => {
    // A comment on its own line silences the next paragraph. Swapping one letter of it keeps
    // every offset, so the paragraph after it is reused in all three versions.
    const off = '<!-- healthmark-ignorX -->';
    const on = '<!-- healthmark-ignore -->';
    const para = 'Brisk walking lowers blood pressure in adults with hypertension and improves insulin sensitivity.';
    const text = (comment: string) => `# Walking\n\nA short introduction to walking for health.\n\n${comment}\n\n${para}\n\nWalking also helps people sleep better and reduces anxiety in older adults.\n`;
    const [v1, v2, v3] = versions([text(off), text(on), text(off)]);
    const target = (m: DocumentModel) => m.units.filter((u) => u.text === para);
    assert.equal(target(v1).length, 1);
    assert.equal(target(v1)[0].placed, target(v2)[0].placed, 'the paragraph was not reused');
    assert.equal(target(v1)[0].suppressed, false);
    assert.equal(target(v2)[0].suppressed, true);
    assert.notEqual(target(v2)[0], target(v1)[0]);
    assert.equal(target(v1)[0].suppressed, false, 'version 1 changed by version 2');
    assert.equal(target(v3)[0].suppressed, false);
    assert.equal(target(v3)[0], target(v1)[0], 'the unsilenced unit was not reused');
  });

  it('a block whose citations resolve anew (a numbered list added after it) gets new units', () => {
    // "[1]" is a citation only once the document has a numbered list: the paragraph stays where
    // it is, its citations change, and its claim must no longer read as uncited.
    const claim = 'Brisk walking lowers blood pressure in adults with hypertension [1].';
    const text = (refs: string) => `# Walking\n\n${claim}\n\nWalking also helps people sleep better and reduces anxiety in older adults.\n${refs}`;
    const [v1, v2] = versions([text(''), text('\n## References\n\n1. Walker J, Stride K. Walking and blood pressure. J Everyday Health. 2019;3:1-9.\n')]);
    const unit = (m: DocumentModel) => m.units.find((u) => u.text === claim)!;
    assert.equal(unit(v1).placed, unit(v2).placed, 'the paragraph was not reused');
    assert.equal(unit(v1).cited, false);
    assert.equal(unit(v2).cited, true);
  });

  it('a citation whose entry changes (after the block) is resolved anew, and so are its units', () => {
    const claim = 'Exercise moves GLUT4 to the muscle cell surface and raises glucose uptake [1].';
    const text = (entry: string) => `# Exercise\n\n${claim}\n\nWalking also helps people sleep better.\n\n## References\n\n1. ${entry}\n`;
    const [v1, v2] = versions([
      text('Walker J, Stride K. Walking and blood pressure. J Everyday Health. 2019;3:1-9.'),
      text('Richter EA, Hargreaves M. Exercise, GLUT4, and skeletal muscle glucose uptake. Physiol Rev. 2013;93(3):993-1017.'),
    ]);
    const cite = (m: DocumentModel) => m.citations.find((c) => c.citation.style === 'numbered')!;
    assert.equal(cite(v1).placed, cite(v2).placed, 'the paragraph was not reused');
    assert.equal(cite(v1).record, undefined);
    assert.equal(cite(v2).record?.id, 'richter2013exercise');
    assert.equal(v2.units.find((u) => u.text === claim)!.citations[0], cite(v2));
  });

  it('a change of citation scope rebuilds the units of blocks that did not move', () => {
    const at = long.indexOf(' the ', Math.floor(long.length / 2)) + 2;
    const o = options();
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const cache = createModelCache();
    lintDocument(analyzer.analyze(long)!, o, cache);
    const edited = long.slice(0, at) + 'x' + long.slice(at);
    const paragraph = { ...o, citationScope: 'paragraph' as const };
    const { findings } = lintDocument(analyzer.analyze(edited)!, paragraph, cache);
    const fresh = lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(edited)!, paragraph);
    assert.deepEqual(shape(findings), shape(fresh.findings));
  });
});

// The passes over a document read these by the thousand; objects built with the same fields in
// the same order share one hidden class in V8 (which this cannot see: it checks the fields).
describe('what a block remembers belongs to the cache that wrote it', () => {
  it('a new cache with new data (a curated list without the cited records) reads none of it, and the old data is read afresh after', () => {
    // The curated list less the records the article cites by author and year: with it, its citations are unknown.
    const cited = ['richter2013exercise', 'hardie2012ampk', 'bostrom2012irisin', 'ekelund2016sitting'];
    const records = (JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'citations.json'), 'utf8')) as { id: string }[]).filter((r) => !cited.some((id) => r.id.startsWith(id.slice(0, 8))));
    const fewer = options({ library: buildCitationLibrary([{ name: 'fewer', data: records }]).library });
    const full = options();
    const analysis = new DocumentAnalyzer({ glossary: full.glossary }).analyze(long)!;
    const fresh = (o: LintOptions) => shape(lintDocument(new DocumentAnalyzer({ glossary: o.glossary }).analyze(long)!, o).findings);
    const first = lintDocument(analysis, full, createModelCache());
    assert.deepEqual(shape(first.findings), fresh(full));
    // The same blocks (one analysis), each data set with its own new cache, as the server does when the data changes.
    const unknown = lintDocument(analysis, fewer, createModelCache());
    assert.deepEqual(shape(unknown.findings), fresh(fewer));
    const count = (f: Finding[]) => f.filter((x) => x.code === 'unknown-citation').length;
    assert.ok(count(unknown.findings) > count(first.findings), `${count(unknown.findings)} unknown citations with the shorter list, ${count(first.findings)} with the whole`);
    assert.deepEqual(shape(lintDocument(analysis, full, createModelCache()).findings), fresh(full));
  });
});

describe('objects the passes read by the thousand list the same fields in the same order', () => {
  it('every block context lists the same fields in the same order', () => {
    const model = versions([long])[0];
    const kinds = new Set(model.blocks.map((p) => Object.keys(p.block.context).join()));
    assert.equal(kinds.size, 1, [...kinds].join('\n'));
    assert.ok(model.blocks.some((p) => p.block.context.listItem) && model.blocks.some((p) => p.block.context.headingDepth));
  });

  it('placed blocks, units and citations each list the same fields in the same order', () => {
    const model = versions([long])[0];
    for (const [name, list] of [
      ['placed blocks', model.blocks],
      ['units', model.units],
      ['citations', model.citations],
    ] as const) {
      const kinds = new Set((list as readonly object[]).map((x) => Object.keys(x).join()));
      assert.equal(kinds.size, 1, `${name}: ${[...kinds].join(' / ')}`);
    }
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { baseDocuments, checkText, contexts, editArbitrary, fixProblems, incrementalMismatch, inContext, rangeProblems, specExamples } from '../../scripts/fuzz';
import { options } from '../support/lint';

// A short, seeded slice of `npm run fuzz` (scripts/fuzz.ts): the same checks, a few seconds.

describe('fuzz: the CommonMark and GFM spec examples through the analysis core', function () {
  this.timeout(60000);
  const o = options();
  const examples = specExamples();

  /**
   * Checks every `every`-th example in a context, applying the quick fixes of the findings on
   * the example, and of all findings for every `allFixesEvery`-th example (the context's own
   * claims then get fixed with the example in between).
   */
  function sweep(contextName: string, every = 1, allFixesEvery = Infinity): { problems: string[]; findings: number; fixes: number } {
    const out = { problems: [] as string[], findings: 0, fixes: 0 };
    examples.forEach((ex, i) => {
      if (i % every !== 0) return;
      const { text, region } = inContext(ex.markdown, contexts[contextName]);
      const all = contextName === 'raw' || i % allFixesEvery === 0;
      const r = checkText(text, o, (f) => all || (f.start <= region[1] && f.end >= region[0]));
      out.findings += r.findings;
      out.fixes += r.fixesApplied;
      for (const p of r.problems) out.problems.push(`${ex.id} (${contextName}): ${p}; example ${JSON.stringify(ex.markdown.slice(0, 120))}`);
    });
    return out;
  }

  it('has all 1,329 examples (652 CommonMark 0.31, 677 GFM)', () => {
    assert.equal(examples.length, 1329);
    assert.equal(examples.filter((e) => e.id.startsWith('cm-')).length, 652);
    assert.ok(examples.some((e) => e.markdown.includes('\t')), 'tabs restored from →');
  });

  it('alone: never throws, every range inside the text with start ≤ end, every quick fix applies and lints again', () => {
    const r = sweep('raw');
    assert.deepEqual(r.problems.slice(0, 20), []);
  });

  it('every eighth example between health paragraphs citing in four styles: the same, for the findings on the example', () => {
    const r = sweep('health', 8, 40);
    assert.deepEqual(r.problems.slice(0, 20), []);
    assert.ok(r.fixes > 30, `only ${r.fixes} quick fixes applied: the health context no longer yields fixable findings`);
  });

  it('as a References section and inline in a claim (every eighth example): the same', () => {
    const problems = [...sweep('references', 8).problems, ...sweep('inline', 8).problems];
    assert.deepEqual(problems.slice(0, 20), []);
  });

  it('in a CRLF article (every twentieth example): no quick fix inserts a bare LF', () => {
    const r = sweep('crlf', 20, 40);
    assert.deepEqual(r.problems.slice(0, 20), []);
    assert.ok(r.fixes > 30, `only ${r.fixes} quick fixes applied in the CRLF context`);
  });

  it('the checker itself reports an inverted range, a bare LF in a CRLF fix and overlapping edits', () => {
    const text = 'Steps lower mortality.\r\n';
    const finding = { code: 'x', message: 'm', severity: 'warning' as const, start: 5, end: 2 };
    assert.match(rangeProblems(text, [finding], new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!).join(), /inverted range 5–2/);
    assert.match(fixProblems(text, { title: 't', edits: [{ start: 24, end: 24, newText: '\n[^1]: x\r\n' }] }, o).problems.join(), /bare LF/);
    assert.match(fixProblems(text, { title: 't', edits: [{ start: 0, end: 5, newText: 'a' }, { start: 3, end: 6, newText: 'b' }] }, o).problems.join(), /overlapping/);
    assert.deepEqual(fixProblems(text, { title: 't', edits: [{ start: 24, end: 24, newText: '\r\n[^1]: x\r\n' }] }, o).problems, []);
  });
});

describe('fuzz: incremental analysis equals a fresh analysis (fast-check, seeded)', function () {
  this.timeout(60000);
  const o = options();
  const bases = baseDocuments();

  it('random edit sequences on every rule fixture: same findings, fixes and glossary terms after every edit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(editArbitrary, { minLength: 1, maxLength: 20 }), (b, edits) => {
        const mismatch = incrementalMismatch(bases[b].text, edits, o);
        if (mismatch) throw new Error(`${bases[b].name}: ${mismatch}`);
      }),
      { seed: 16, numRuns: 20 },
    );
  });

  it('typing eight characters one at a time at one place (chunk boundaries move under the edits)', () => {
    const article = bases.find((b) => b.name === 'constructs')!.text;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: article.length }), fc.constantFrom('\n', 'x', '`', '|', '>', '[', ']', '-', '#'), (offset, ch) => {
        const edits = Array.from({ length: 8 }, (_, k) => ({ at: 0, offset: offset + k, remove: 0, insert: ch }));
        const mismatch = incrementalMismatch(article, edits, o);
        if (mismatch) throw new Error(mismatch);
      }),
      { seed: 1616, numRuns: 6 },
    );
  });

  it('the same in a long table parsed in groups of rows (group boundaries move under the edits)', () => {
    const article = bases.find((b) => b.name === 'long table')!.text;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: article.length }), fc.constantFrom('\n', 'x', '|', '\\', '-', '\n\n', '| a |\n'), (offset, ch) => {
        const edits = Array.from({ length: 8 }, (_, k) => ({ at: 0, offset: offset + k, remove: 0, insert: ch }));
        const mismatch = incrementalMismatch(article, edits, o);
        if (mismatch) throw new Error(mismatch);
      }),
      { seed: 1717, numRuns: 12 },
    );
  });
});

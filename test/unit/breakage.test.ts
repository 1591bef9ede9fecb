import assert from 'node:assert/strict';
import { citeClaimFixes } from '../../server/src/core/lint/citeFix';
import type { LazyFix } from '../../server/src/core/lint';
import { applyEdits, fixesFor, lint, options } from '../support/lint';

// Behaviour that deliberate breakages of the core once left the whole suite green for (issue 16).

const bareLF = /(^|[^\r])\n/;

describe('quick fixes keep a CRLF document CRLF', () => {
  const styles: Record<string, string> = {
    'footnote (marker and definition)':
      'Muscle releases IL-6 during exercise.[^1]\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n[^1]: Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. 2008.\n',
    'footnote, no final line break':
      'Muscle releases IL-6 during exercise.[^1]\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n[^1]: Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. 2008.',
    'numbered, References as a list':
      'Muscle releases IL-6 during exercise [1].\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n## References\n\n1. Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiol Rev. 2008.\n',
    'numbered, References as [n] paragraphs':
      'Muscle releases IL-6 during exercise [1].\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n## References\n\n[1] Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiol Rev. 2008.\n',
    'author–year with a References section':
      'Muscle releases IL-6 during exercise (Pedersen & Febbraio, 2008).\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n## References\n\nPedersen, B. K., & Febbraio, M. A. (2008). Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiological Reviews.\n',
    'Pandoc keys with a bulleted References section':
      'Muscle releases IL-6 during exercise [@pedersen2008muscle].\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n## References\n\n- Pedersen, B. K., & Febbraio, M. A. (2008). Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiological Reviews.\n',
  };

  /** The preferred "Cite …" fix of the first uncited claim, applied. */
  function cite(text: string): { fixed: string; inserted: string[] } {
    const finding = lint(text).findings.find((f) => f.code === 'uncited-claim');
    assert.ok(finding, 'expected an uncited claim');
    const fix = fixesFor(text, finding).find((f) => f.title.startsWith('Cite '));
    assert.ok(fix, 'expected a Cite fix');
    return { fixed: applyEdits(text, fix.edits), inserted: fix.edits.map((e) => e.newText) };
  }

  for (const [style, lf] of Object.entries(styles)) {
    it(`${style}: inserts CRLF where it adds lines, never a bare LF, and gives the LF result with CRLF`, () => {
      const crlf = lf.replace(/\n/g, '\r\n');
      const fromLf = cite(lf);
      const fromCrlf = cite(crlf);
      assert.ok(fromLf.inserted.some((t) => t.includes('\n')), `this style should add lines: ${JSON.stringify(fromLf.inserted)}`);
      for (const t of fromCrlf.inserted) assert.doesNotMatch(t, bareLF, `bare LF inserted: ${JSON.stringify(t)}`);
      assert.ok(fromCrlf.inserted.some((t) => t.includes('\r\n')), JSON.stringify(fromCrlf.inserted));
      assert.doesNotMatch(fromCrlf.fixed, bareLF);
      assert.equal(fromCrlf.fixed, fromLf.fixed.replace(/\n/g, '\r\n'));
      for (const t of fromLf.inserted) assert.ok(!t.includes('\r'), `CR inserted into an LF document: ${JSON.stringify(t)}`);
      assert.deepEqual(lint(fromCrlf.fixed).findings.map((f) => f.code), lint(fromLf.fixed).findings.map((f) => f.code));
      assert.ok(!lint(fromCrlf.fixed).findings.some((f) => f.code === 'uncited-claim'), 'the claim is cited after the fix');
    });
  }
});

describe('citation suggestions never offer what the sentence already cites', () => {
  const titles = (text: string, fix: LazyFix) => {
    const o = options();
    return citeClaimFixes(lint(text, o).model, fix, o).map((f) => f.title);
  };
  /** The lazy fix the uncited-claim rule would attach to the first unit of the text. */
  const lazyFor = (text: string): LazyFix => {
    const unit = lint(text).model.units[0];
    return { kind: 'cite-claim', claim: unit.text, insertAt: unit.insertAt, afterSentence: unit.afterUnit, ignoreAt: unit.afterUnit };
  };

  it('the best match is offered for the bare sentence …', () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality.\n';
    const offered = titles(text, lazyFor(text)).filter((t) => t.startsWith('Cite '));
    assert.equal(offered.length, 3);
    assert.match(offered[0], /^Cite Paluch et al\. 2022/);
  });

  it('… but not once the sentence cites it; the other suggestions stay', () => {
    const bare = 'Taking more daily steps is linked to lower all-cause mortality.\n';
    const others = titles(bare, lazyFor(bare)).filter((t) => t.startsWith('Cite ')).slice(1);
    const text = 'Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n';
    const offered = titles(text, lazyFor(text)).filter((t) => t.startsWith('Cite '));
    assert.ok(!offered.some((t) => t.includes('Paluch')), offered.join('\n'));
    for (const t of others) assert.ok(offered.includes(t), `${t} missing from\n${offered.join('\n')}`);
  });

  it('a citation right after the sentence (narrative, next line) counts as citing it', () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality. @paluch2022daily says so.\n';
    const finding = lint(text).findings.find((f) => f.code === 'uncited-claim');
    assert.ok(finding, 'the first sentence is still an uncited claim');
    const offered = fixesFor(text, finding).map((f) => f.title);
    assert.ok(!offered.some((t) => t.includes('Paluch')), offered.join('\n'));
    assert.ok(offered.includes('Not a claim — ignore this sentence'));
  });

  it('a footnote after the full stop counts too', () => {
    const text =
      'Taking more daily steps is linked to lower all-cause mortality.[^1]\n\n[^1]: Paluch AE, et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. 2022.\n';
    const offered = titles(text, lazyFor(text)).filter((t) => t.startsWith('Cite '));
    assert.ok(!offered.some((t) => t.includes('Paluch')), offered.join('\n'));
  });
});

import assert from 'node:assert/strict';
import { applyEdits, fixesFor, lint } from '../support/lint';

/** Applies the first "Cite …" fix of the first uncited claim. */
function citeFirstClaim(text: string): { text: string; title: string } {
  const finding = lint(text).findings.find((f) => f.code === 'uncited-claim');
  assert.ok(finding, 'expected an uncited claim');
  const fix = fixesFor(text, finding).find((f) => f.title.startsWith('Cite '))!;
  return { text: applyEdits(text, fix.edits), title: fix.title };
}

describe('quick fix: cite a claim in the document’s own style', () => {
  it('Pandoc by default, before the final full stop, titled with author, year and title', () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality.\n';
    const { text: fixed, title } = citeFirstClaim(text);
    assert.equal(fixed, 'Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].\n');
    assert.equal(title, 'Cite Paluch et al. 2022 — Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts');
    assert.equal(lint(fixed).findings.length, 0);
  });

  it('footnote style adds the marker and its definition', () => {
    const text = 'Muscle releases IL-6 during exercise.[^1]\n\nTaking more daily steps is linked to lower all-cause mortality.\n\n[^1]: Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. 2008.\n';
    const { text: fixed } = citeFirstClaim(text);
    assert.match(fixed, /is linked to lower all-cause mortality\.\[\^2\]\n/);
    assert.match(fixed, /\n\[\^2\]: Paluch, A\. E\., .*Daily steps and all-cause mortality/);
    assert.deepEqual(lint(fixed).findings.filter((f) => f.code !== 'acronym-first-use').map((f) => f.code), []);
  });

  it('numbered style extends the References list', () => {
    const text = [
      'Muscle releases IL-6 during exercise [1].',
      '',
      'Taking more daily steps is linked to lower all-cause mortality.',
      '',
      '## References',
      '',
      '1. Pedersen BK, Febbraio MA. Muscle as an endocrine organ: focus on muscle-derived interleukin-6. Physiol Rev. 2008.',
      '',
    ].join('\n');
    const { text: fixed } = citeFirstClaim(text);
    assert.match(fixed, /is linked to lower all-cause mortality \[2\]\./);
    assert.match(fixed, /\n2\. Paluch, A\. E\./);
    assert.deepEqual(lint(fixed).findings.filter((f) => f.code !== 'acronym-first-use').map((f) => f.code), []);
  });

  it('author–year style inserts "(Author et al., year)"', () => {
    const text = 'Muscle releases IL-6 during exercise (Pedersen & Febbraio, 2008).\n\nTaking more daily steps is linked to lower all-cause mortality.\n';
    const { text: fixed } = citeFirstClaim(text);
    assert.match(fixed, /is linked to lower all-cause mortality \(Paluch et al\., 2022\)\./);
    assert.deepEqual(lint(fixed).findings.filter((f) => f.code !== 'acronym-first-use').map((f) => f.code), []);
  });

  it('link style inserts a doi.org link', () => {
    const text = 'Muscle releases IL-6 during exercise ([Pedersen 2008](https://doi.org/10.1152/physrev.90100.2007)).\n\nTaking more daily steps is linked to lower all-cause mortality.\n';
    const { text: fixed } = citeFirstClaim(text);
    assert.match(fixed, /is linked to lower all-cause mortality \(\[Paluch et al\. 2022\]\(https:\/\/doi\.org\/10\.1016\/S2468-2667\(21\)00302-9\)\)\./);
  });

  it('offers "Not a claim" with a suppression comment that silences the warning', () => {
    const text = 'Taking more daily steps is linked to lower all-cause mortality.\n';
    const finding = lint(text).findings[0];
    const ignore = fixesFor(text, finding).find((f) => f.title.startsWith('Not a claim'))!;
    const fixed = applyEdits(text, ignore.edits);
    assert.equal(fixed, 'Taking more daily steps is linked to lower all-cause mortality. <!-- healthmark-ignore -->\n');
    assert.equal(lint(fixed).findings.length, 0);
  });

  it('never offers a record the sentence already cites, nor a retracted one', () => {
    const text = 'A Mediterranean diet lowers cardiovascular risk.\n';
    const titles = fixesFor(text, lint(text).findings[0]).map((f) => f.title);
    assert.ok(!titles.some((t) => t.includes('Estruch et al. 2013')), titles.join('\n'));
  });
});

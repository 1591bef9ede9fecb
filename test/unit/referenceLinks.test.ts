import assert from 'node:assert/strict';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { lintDocument } from '../../server/src/core/lint';
import { createModelCache } from '../../server/src/core/lint/model';
import { chunkedProse, wholeProse } from '../support/chunking';
import { lint, options } from '../support/lint';

// A reference-style link (`[text][label]`, `[label][]`, `[label]`, with `[label]: URL` elsewhere
// in the document) cites what its definition points at, as an inline link to the same URL
// does: numbered citations written as `[1]` with `[1]: https://doi.org/…` below were read as no
// citation at all (every such sentence an uncited claim, its DOI never checked). The same for
// an HTML link in the Markdown, `<a href="https://doi.org/…">…</a>`.

const o = options();
const PALUCH = 'https://doi.org/10.1016/S2468-2667(21)00302-9'; // paluch2022daily in the curated list
const UNKNOWN_PMID = 'https://pubmed.ncbi.nlm.nih.gov/12345678/';

const STEPS = 'Taking more daily steps is linked to lower all-cause mortality';
const GLUCOSE = 'Walking after meals blunts the rise in blood glucose';

/** What a document's citations resolve to, in order: the record, or the unknown target. */
function cited(text: string): string[] {
  return lint(text, o).model.citations.map((c) => c.record?.id ?? `unknown ${c.item.target.type} ${c.item.target.type === 'author-year' ? c.item.target.text : c.item.target.value}`);
}

function codes(text: string): string[] {
  return lint(text, o).findings.map((f) => `${f.code} ${JSON.stringify(text.slice(f.start, f.end))}`);
}

/** Paragraphs between the sentences and the definitions: the definitions are in another chunk. */
const filler = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} describes a walk in the park on day ${i}.`).join('\n\n');

describe('links written other ways than [text](url) as citations: reference-style, HTML', () => {
  it('a numbered reference written as a shortcut link ([1] with [1]: URL below) cites its DOI or PMID', () => {
    const text = `# Walking\n\n${STEPS} [1].\n\n${GLUCOSE} [2].\n\n## References\n\n[1]: ${PALUCH}\n[2]: ${UNKNOWN_PMID}\n`;
    assert.deepEqual(cited(text), ['paluch2022daily', 'unknown pmid 12345678']);
    assert.deepEqual(
      codes(text).filter((c) => !c.startsWith('uncurated')),
      ['unknown-citation "2"'],
      'neither sentence is an uncited claim; the unknown PMID is reported on its marker',
    );
  });

  it('full, collapsed and shortcut references cite as the inline link to the same URL does, whatever the case of the label', () => {
    const inline = `${STEPS} ([Paluch and colleagues](${PALUCH})).\n\n${GLUCOSE} ([a trial](${UNKNOWN_PMID})).\n`;
    const expected = cited(inline);
    assert.deepEqual(expected, ['paluch2022daily', 'unknown pmid 12345678']);
    for (const [uses, definitions] of [
      ['([Paluch and colleagues][steps])', '([a trial][Trial])'],
      ['([steps][])', '([trial][])'],
      ['([Steps])', '([TRIAL])'],
    ]) {
      const text = `${STEPS} ${uses}.\n\n${GLUCOSE} ${definitions}.\n\n[steps]: ${PALUCH}\n[trial]: ${UNKNOWN_PMID}\n`;
      assert.deepEqual(cited(text), expected, text);
      assert.ok(!codes(text).some((c) => c.startsWith('uncited-claim')), text);
    }
  });

  it('reads a definition in another part of the document, written every way CommonMark allows; the first definition of a label wins', () => {
    const definitions = [
      `[1]:\n  ${PALUCH}`, // on the next line
      `[2]: <${UNKNOWN_PMID}> "A title"`, // in angle brackets, with a title
      '[3]: https://doi.org/10.1016/S2468\\-2667(21)00302&#45;9', // an escape and a character reference
      `[1]: ${UNKNOWN_PMID}`, // a second definition of [1]: not the one [1] means
    ].join('\n\n');
    const text = `${STEPS} [1].\n\n${GLUCOSE} [2].\n\nBrisk walking lowers blood pressure in adults [3].\n\n${filler}\n\n${definitions}\n`;
    const analysis = new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!;
    assert.ok(analysis.chunks.length > 10, 'the definitions are chunks away from the references');
    assert.deepEqual(cited(text), ['paluch2022daily', 'unknown pmid 12345678', 'paluch2022daily']);
  });

  it('an edit to a definition far below re-reads the paragraphs that use it (the same as a fresh analysis)', () => {
    const before = `${STEPS} [1].\n\n${filler}\n\n[1]: ${UNKNOWN_PMID}\n`;
    const after = before.replace(UNKNOWN_PMID, PALUCH);
    const analyzer = new DocumentAnalyzer({ glossary: o.glossary });
    const cache = createModelCache();
    const first = lintDocument(analyzer.analyze(before)!, o, cache);
    assert.deepEqual(
      first.model.citations.map((c) => c.status),
      ['unknown'],
    );
    const edited = lintDocument(analyzer.analyze(after)!, o, cache);
    assert.deepEqual(
      edited.model.citations.map((c) => c.record?.id),
      ['paluch2022daily'],
    );
    assert.deepEqual(
      edited.findings.map((f) => [f.code, f.start, f.end, f.message]),
      lint(after, o).findings.map((f) => [f.code, f.start, f.end, f.message]),
    );
  });

  it('a reference link to a page that is not a source is no citation, as an inline one is not; an undefined label is text', () => {
    const text = `${GLUCOSE} ([the park's page][park]).\n\n${STEPS} [4].\n\n[park]: https://example.org/park\n`;
    assert.deepEqual(cited(text), []);
    assert.deepEqual(
      codes(text).filter((c) => c.startsWith('uncited-claim')).length,
      codes(`${GLUCOSE} ([the park's page](https://example.org/park)).\n\n${STEPS} [4].\n`).filter((c) => c.startsWith('uncited-claim')).length,
    );
  });

  it('an HTML link in the Markdown (<a href="…">…</a>) cites what it points at, as a Markdown link does', () => {
    for (const anchor of [
      `<a href="${PALUCH}">Paluch and colleagues</a>`,
      `<a class="ref" href='${PALUCH}' target="_blank">Paluch and colleagues</a>`,
      `<A HREF="${PALUCH}">Paluch and colleagues</A>`,
      // A character reference in the URL is decoded, as a browser decodes it.
      `<a href="https://doi.org/10.1016&#x2F;S2468-2667(21)00302-9">Paluch and colleagues</a>`,
    ]) {
      const text = `${STEPS} (${anchor}).\n`;
      assert.deepEqual(cited(text), ['paluch2022daily'], text);
      assert.deepEqual(codes(text), [], text);
    }
    const unknown = `${GLUCOSE} (<a href="${UNKNOWN_PMID}">a trial</a>).\n`;
    assert.deepEqual(cited(unknown), ['unknown pmid 12345678']);
    // Its text is the link's: the finding is on "a trial", as on an inline link's text.
    assert.deepEqual(codes(unknown).filter((c) => c.startsWith('unknown-citation')), ['unknown-citation "a trial"']);
    for (const text of [
      `${STEPS} (<a href="https://example.org/steps">a page</a>).\n`, // not a source
      `${STEPS} (<a name="steps">Paluch and colleagues</a>).\n`, // no href
      `${STEPS} (<a href="${PALUCH}">Paluch and colleagues).\n`, // never closed
    ]) {
      assert.deepEqual(cited(text), [], text);
    }
  });

  it('a link label that begins with "^" but cannot be a footnote\'s (a space in it) is a link in every chunk, as in the whole document', () => {
    // `[^a b]` has a space, which a GFM footnote label cannot: the whole document reads it as a
    // link label. Before, the chunks read it as a footnote's, and a reference to it from
    // another chunk got a footnote's placeholder for its URL: its DOI went unchecked.
    for (const [uses, definition] of [
      ['([the cohort][^steps 2022])', '[^steps 2022]'],
      ['([^steps\t2022])', '[^steps\t2022]'],
      ['([^steps 2022][])', '[^Steps 2022]'],
    ]) {
      const text = `# Walking\n\nA note on method.[^1]\n\n${STEPS} ${uses}.\n\n${filler}\n\n[^1]: Counted by pedometer.\n\n${definition}: ${PALUCH}\n`;
      assert.deepEqual(chunkedProse(new DocumentAnalyzer({ glossary: o.glossary }).analyze(text)!), wholeProse(text), text);
      assert.deepEqual(cited(text), ['paluch2022daily'], text);
    }
  });
});

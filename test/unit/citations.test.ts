import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findInlineCitations, expandNumbers } from '../../server/src/core/citations/inline';
import { buildCitationLibrary, normalizeDoi } from '../../server/src/core/citations/library';
import { matchReferenceEntry, parseReferenceEntry } from '../../server/src/core/citations/referenceList';
import { DESIGN_BOOST, designFit, suggestCitations } from '../../server/src/core/citations/suggest';
import { formatReference, shortLabel } from '../../server/src/core/citations/format';
import { parseMarkdown } from '../../server/src/core/markdown';
import { extractProse, type ProseBlock } from '../../server/src/core/prose';
import { readCitationSource } from '../../server/src/dataFiles';
import { bundledGlossary, repoRoot } from '../support/fixtures';
import { suggestionContext } from '../../server/src/core/lint/citeFix';
import { bundledLibrary, lint } from '../support/lint';

function block(markdown: string): ProseBlock {
  return extractProse(parseMarkdown(markdown), markdown).blocks[0];
}

function cited(markdown: string) {
  const b = block(markdown);
  return findInlineCitations(b).map((c) => ({ style: c.style, targets: c.items.map((i) => i.target), text: b.text.slice(c.start, c.end) }));
}

describe('inline citations', () => {
  it('reads Pandoc brackets with several keys, locators and suppressed authors', () => {
    const found = cited('Muscle secretes IL-6 [@pedersen2008muscle; @severinsen2020muscle, p. 598] and irisin [-@bostrom2012pgc1].');
    assert.deepEqual(found.map((f) => f.targets.map((t) => (t as { value: string }).value)), [['pedersen2008muscle', 'severinsen2020muscle'], ['bostrom2012pgc1']]);
    assert.equal(found[0].style, 'pandoc');
  });

  it('reads narrative @key but not e-mail addresses or social handles', () => {
    const found = cited('@herzig2018ampk showed it; write to team@example.org or follow @healthmark.');
    assert.deepEqual(found.map((f) => f.text), ['@herzig2018ampk', '@healthmark']);
  });

  it('reads numbered markers: [3], [2, 3], [1-3], ^4^ and superscripts', () => {
    const found = cited('A [3]. B [2, 3]. C [1–3]. D.^4^ E¹².');
    assert.deepEqual(found.map((f) => f.targets.map((t) => (t as { value: number }).value)), [[3], [2, 3], [1, 2, 3], [4], [12]]);
    assert.deepEqual(expandNumbers('1-3,5'), [1, 2, 3, 5]);
  });

  it('reads author–year citations, parenthetical and narrative', () => {
    const found = cited('Sleep matters (Spiegel, Leproult & Van Cauter, 1999; Cappuccio et al., 2010). Pedersen and Febbraio (2008) agreed.');
    const targets = found.flatMap((f) => f.targets) as { family: string; year: number }[];
    assert.deepEqual(targets.map((t) => [t.family, t.year]), [['Spiegel', 1999], ['Cappuccio', 2010], ['Pedersen', 2008]]);
  });

  it('does not take dates for author–year citations', () => {
    assert.deepEqual(cited('Released (Sep 2024), updated (June 2022), in Spring (2020).'), []);
  });

  it('treats links to doi.org, PubMed and PMC as citations, and other links not', () => {
    const found = cited('[a](https://doi.org/10.1152/physrev.00038.2012) [b](https://pubmed.ncbi.nlm.nih.gov/35247352/) [c](https://pmc.ncbi.nlm.nih.gov/articles/PMC9289978/) [d](https://example.org/blog)');
    assert.deepEqual(found.map((f) => f.targets[0].type), ['doi', 'pmid', 'pmcid']);
  });

  it('sees GFM footnote references, and unresolved [^n] left as text', () => {
    const md = 'Claim one.[^1] Claim two.[^9]\n\n[^1]: A note.\n';
    const b = extractProse(parseMarkdown(md), md).blocks[0];
    const found = findInlineCitations(b);
    assert.deepEqual(found.map((f) => [f.style, (f.items[0].target as { resolved: boolean }).resolved]), [['footnote', true], ['footnote', false]]);
  });
});

describe('curated library', () => {
  it('loads the bundled CSL-JSON and indexes DOIs, PMIDs, PMCIDs and author–year', () => {
    const lib = bundledLibrary();
    assert.equal(lib.records.length, 205); // issue 17: at least 200, every one with a source page
    assert.equal(lib.byDoi.get(normalizeDoi('https://doi.org/10.1152/PHYSREV.00038.2012'))?.id, 'richter2013exercise');
    assert.equal(lib.byPmid.get('35247352')?.id, 'paluch2022daily');
    assert.equal(lib.byPmcid.get('PMC9289978')?.id, 'paluch2022daily');
    assert.equal(lib.byAuthorYear.get('jager|2007')?.[0].id, 'jager2007amp');
    const estruch = lib.byId.get('estruch2013primary')!;
    assert.equal(estruch.retracted, true);
    assert.equal(estruch.supersededBy, 'estruch2018primary');
    assert.equal(lib.byId.get('paluch2022daily')!.evidence, 'meta-analysis');
  });

  it('reads a DOI with escapes as written in a link, and one followed by a stray "%" without failing', () => {
    assert.equal(normalizeDoi('https://doi.org/10.1016%2FS2468-2667(21)00302-9'), '10.1016/s2468-2667(21)00302-9');
    assert.equal(normalizeDoi('https://doi.org/10.1016/S2468-2667(21)00302-9%'), '10.1016/s2468-2667(21)00302-9%');
    assert.equal(normalizeDoi('10.1000/caf%C3%A9%'), '10.1000/café%');
    assert.equal(normalizeDoi('10.1000/a%e9b'), '10.1000/a%e9b', 'not UTF-8: kept as written');
  });

  it('reports invalid citation files without throwing', () => {
    const { library, problems } = buildCitationLibrary([
      { name: 'bad.json', data: [{ id: 'x', type: 'article-journal' }] },
      { name: 'doi.json', data: [{ id: 'y', type: 'article-journal', title: 'T', DOI: 'not-a-doi' }] },
    ]);
    assert.equal(library.records.length, 0);
    assert.equal(problems.length, 2);
    assert.match(problems[0].message, /title/);
  });

  it('reads BibTeX through citation-js, offline', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hm-bib-'));
    const file = path.join(dir, 'refs.bib');
    writeFileSync(file, '@article{doe2021, author={Doe, Jane}, title={A trial of walking}, journal={J Ex}, year={2021}, doi={10.1234/abc}}');
    const source = readCitationSource(file);
    assert.equal(source.error, undefined);
    const { library, problems } = buildCitationLibrary([source]);
    assert.deepEqual(problems, []);
    assert.equal(library.byDoi.get('10.1234/abc')?.id, 'doe2021');
    writeFileSync(file, 'https://doi.org/10.1234/abc');
    assert.ok(readCitationSource(file).error, 'a URL is not fetched, it is an error');
  });

  it('formats references in APA style and labels them briefly', () => {
    const r = bundledLibrary().byId.get('richter2013exercise')!;
    assert.equal(shortLabel(r), 'Richter & Hargreaves 2013');
    assert.equal(formatReference(r), 'Richter, E. A., & Hargreaves, M. (2013). Exercise, GLUT4, and skeletal muscle glucose uptake. Physiological Reviews, 93(3), 993–1017. https://doi.org/10.1152/physrev.00038.2012');
  });
});

describe('References entries', () => {
  const lib = () => bundledLibrary();
  const entry = (text: string) => parseReferenceEntry(block(text));

  it('matches APA and Vancouver entries to curated records', () => {
    const apa = entry('Richter, E. A., & Hargreaves, M. (2013). Exercise, GLUT4, and skeletal muscle glucose uptake. *Physiological Reviews*, 93(3), 993–1017.');
    assert.deepEqual([apa.firstAuthor, apa.year], ['Richter', 2013]);
    assert.equal(matchReferenceEntry(apa, lib()).kind, 'curated');
    const vancouver = entry('Knowler WC, Barrett-Connor E, Fowler SE, et al. Reduction in the incidence of type 2 diabetes with lifestyle intervention or metformin. N Engl J Med. 2002;346(6):393-403.');
    const m = matchReferenceEntry(vancouver, lib());
    assert.equal(m.kind, 'curated');
  });

  it('flags a real title under the wrong authors and year', () => {
    const m = matchReferenceEntry(entry('Shaw, R. J., & Herzig, S. (2016). AMPK: guardian of metabolism and mitochondrial homeostasis. Nature Reviews Molecular Cell Biology.'), lib());
    assert.equal(m.kind, 'mismatch');
    assert.deepEqual(m.kind === 'mismatch' && m.problems, ['first author is Shaw, not Herzig', 'year is 2016, not 2018']);
  });

  it('matches by DOI even with a garbled title, and reports no match for an unknown work', () => {
    assert.equal(matchReferenceEntry(entry('Paluch AE et al. Daily steps and all-cause mortality: a meta-analysis of 15 international cohorts. 2022. doi:10.1016/S2468-2667(21)00302-9.'), lib()).kind, 'curated');
    const garbled = matchReferenceEntry(entry('Paluch AE et al. Walking and health. 2022. doi:10.1016/S2468-2667(21)00302-9.'), lib());
    assert.deepEqual(garbled.kind === 'mismatch' && garbled.problems, ['its title differs from the curated record']);
    assert.equal(matchReferenceEntry(entry('Greenfield, A. (2019). Ten secrets of the fat-burning hormone. Wellness Today.'), lib()).kind, 'none');
  });
});

describe('the bundled curated list', () => {
  // The server and the CLI trust the shipped file (no schema check at start-up): this is the check.
  it('is valid against citations.schema.json, every record of it', () => {
    const data = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'citations.json'), 'utf8'));
    const { library, problems } = buildCitationLibrary([{ name: 'bundled', data }]);
    assert.deepEqual(problems, []);
    assert.equal(library.records.length, data.length);
  });
});

describe('citation suggestions', () => {
  it('ranks records by relevance to the claim, glossary-aware', () => {
    const top = (claim: string) => suggestCitations(claim, bundledLibrary(), bundledGlossary(), 3).map((s) => s.record.id);
    const glut4 = ['richter2013exercise', 'floresopazo2020exercise', 'richter2021glut4', 'goodyear1998exercise'];
    assert.ok(top('Contracting muscle moves the glucose transporter type 4 to the cell surface.').every((id) => glut4.includes(id)));
    assert.equal(top('Sleeping less than six hours is linked to higher mortality.')[0], 'cappuccio2010sleep');
    assert.ok(top('Irisin is cleaved from FNDC5 and browns white fat in mice.').includes('bostrom2012pgc1'));
    assert.ok(!top('A Mediterranean diet prevents heart disease.').includes('estruch2013primary'));
  });

  it('reads the sentence in its document: the headings above it and the records cited elsewhere, never its own', () => {
    const text = [
      '# Exercise in type 2 diabetes',
      '',
      '## Sitting',
      '',
      'Guidelines ask for breaks in sitting [@colberg2016physical].',
      '',
      '### After meals',
      '',
      'A short walk helps [@kanaley2022exercise].',
      '',
      '## Sleep',
      '',
      'Short sleep worsens glucose tolerance.',
      '',
    ].join('\n');
    const { model } = lint(text);
    const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
    const walk = at('A short walk helps [@kanaley2022exercise].');
    const inWalk = suggestionContext(model, walk.start, walk.end);
    assert.deepEqual(inWalk.headings, ['Exercise in type 2 diabetes', 'Sitting', 'After meals']);
    assert.deepEqual([...inWalk.citedElsewhere!], ['colberg2016physical']);
    const sleep = at('Short sleep worsens glucose tolerance.');
    const inSleep = suggestionContext(model, sleep.start, sleep.end);
    assert.deepEqual(inSleep.headings, ['Exercise in type 2 diabetes', 'Sleep'], 'a heading of the same depth closes the section');
    assert.deepEqual([...inSleep.citedElsewhere!].sort(), ['colberg2016physical', 'kanaley2022exercise']);
  });

  it('a record cited elsewhere in the document, and one of the design the sentence asks for, rank higher', () => {
    const library = bundledLibrary();
    const rank = (claim: string, id: string, context?: Parameters<typeof suggestCitations>[4]) =>
      suggestCitations(claim, library, bundledGlossary(), library.records.length, context).findIndex((s) => s.record.id === id);
    const claim = 'Breaking up sitting with a few minutes of walking can cut the glucose spike after a meal.';
    const alone = rank(claim, 'davies2022management');
    const familiar = rank(claim, 'davies2022management', { citedElsewhere: new Set(['davies2022management']) });
    assert.ok(alone > 0 && familiar < alone, `${alone} → ${familiar}`);
    // What the sentence asks for: a recommendation a guideline, a finding in mice an animal study.
    const record = (id: string) => library.byId.get(id)!;
    assert.equal(designFit('Adults should do muscle-strengthening activity on two or more days a week.', record('bull2020who')), DESIGN_BOOST);
    assert.equal(designFit('Muscle-strengthening activity is linked to lower mortality.', record('bull2020who')), 1);
    assert.equal(designFit('In mice, irisin browns white fat.', record('bostrom2012pgc1')), DESIGN_BOOST);
    assert.equal(designFit('In mice, irisin browns white fat.', record('bull2020who')), 1);
  });
});

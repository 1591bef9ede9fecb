import assert from 'node:assert/strict';
import { bar, citationReport, combineReports, reportMarkdown } from '../../server/src/core/report';
import { count } from '../../common/protocol';
import { lint, options } from '../support/lint';

// Issue 14: the citation report — claims found, share cited, coverage per section, evidence
// mix, references used — per document and per folder.
const ARTICLE = [
  '# Walking and blood sugar',
  '',
  'Walking after meals lowers blood glucose by 20 % [@kanaley2022exercise].',
  '',
  '## Why it works',
  '',
  'Contracting muscle takes up glucose without insulin [@richter2013exercise].',
  'Taking more daily steps is linked to lower all-cause mortality.',
  '',
  '## Evidence',
  '',
  'Regular exercise lowers HbA1c in type 2 diabetes [@umpierre2011physical; @kanaley2022exercise].',
  'This tea cures diabetes.',
  '',
  'Our walking group meets on Sundays.',
  '',
].join('\n');

describe('citation report', () => {
  const report = () => citationReport(lint(ARTICLE).model, options(), 'walking.md');

  it('counts the claims and the cited ones, as the uncited-claim rule sees them', () => {
    const r = report();
    const uncited = lint(ARTICLE).findings.filter((f) => f.code === 'uncited-claim').length;
    assert.equal(r.claims - r.cited, uncited, 'every uncited claim the rule reports, and no other');
    assert.equal(r.cited, 3);
    assert.equal(r.claims, 5);
    assert.equal(r.overclaims, 1);
  });

  it('covers each section (the headings under the title), with its line', () => {
    assert.deepEqual(
      report().sections.map((s) => [s.heading, s.line, s.claims, s.cited]),
      [
        ['Walking and blood sugar', 1, 1, 1],
        ['Why it works', 5, 2, 1],
        ['Evidence', 10, 2, 1],
      ],
    );
  });

  it('sums the evidence designs and the references used, most cited first', () => {
    const r = report();
    assert.deepEqual(r.references.map((x) => [x.id, x.count]), [
      ['kanaley2022exercise', 2],
      ['richter2013exercise', 1],
      ['umpierre2011physical', 1],
    ]);
    assert.equal(Object.values(r.evidence).reduce((a, b) => a + b, 0), 4);
    assert.equal(r.evidence.guideline, 2, JSON.stringify(r.evidence));
  });

  it('renders a page with a chart, tables that survive pipes in headings, and singulars', () => {
    const md = reportMarkdown(report());
    assert.match(md, /^# Citation report: walking\.md$/m);
    assert.match(md, /\*\*5 claims found, 3 cited \(60 %\)\*\*, 2 uncited; 1 overclaim\./);
    assert.match(md, /^cited {4}█{12}░{8} 3$/m);
    assert.match(md, /^\| Why it works \| 5 \| 2 \| 1 \| 50 % \|$/m);
    assert.match(md, /^\| .*Kanaley.* \| guideline \| 2 \| /m);
    const piped = citationReport(lint('# A | B\n\nWalking lowers blood pressure.\n').model, options(), 'x.md');
    assert.match(reportMarkdown(piped), /^\| A \\\| B \| 1 \| 1 \| 0 \| 0 % \|$/m);
    assert.equal(bar(0, 0, 4), '░░░░');
    assert.equal(bar(1, 2, 4), '██░░');
  });

  it('a folder report adds the articles up and lists them least cited first', () => {
    const other = citationReport(lint('Taking more daily steps is linked to lower all-cause mortality.\n').model, options(), 'steps.md');
    const folder = combineReports('articles', [report(), other]);
    assert.equal(folder.articles, 2);
    assert.equal(folder.claims, 6);
    assert.equal(folder.cited, 3);
    assert.deepEqual(folder.perArticle!.map((a) => a.name), ['steps.md', 'walking.md']);
    assert.match(reportMarkdown(folder), /^2 articles, \*\*6 claims found, 3 cited \(50 %\)\*\*/m);
  });
});

describe('counted nouns (status bar tooltip, report)', () => {
  it('says "1 citation problem" and "2 citation problems"', () => {
    assert.equal(count(1, 'citation problem'), '1 citation problem');
    assert.equal(count(2, 'citation problem'), '2 citation problems');
    assert.equal(count(0, 'glossary entry', 'glossary entries'), '0 glossary entries');
  });
});

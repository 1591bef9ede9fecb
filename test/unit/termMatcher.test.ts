import assert from 'node:assert/strict';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { buildGlossary } from '../../server/src/core/glossary';
import { numberForms } from '../../server/src/core/termMatcher';
import { bundledGlossary, readFixture } from '../support/fixtures';

interface Expected {
  text: string;
  term: string;
}

function termsIn(text: string, glossary = bundledGlossary()) {
  const analysis = new DocumentAnalyzer({ glossary }).analyze(text)!;
  return [...analysis.terms()].map((t) => ({ text: text.slice(t.start, t.end), term: t.match.entry.term }));
}

const tiny = (entries: object[]) => buildGlossary([{ name: 'test', data: { version: 1, entries } }]).glossary;

describe('glossary term matching', () => {
  it('finds exactly the expected terms in matching/terms.md', () => {
    const expected: Expected[] = JSON.parse(readFixture('matching', 'terms.expected.json'));
    assert.deepEqual(termsIn(readFixture('matching', 'terms.md')), expected);
  });

  it('matches acronyms case-sensitively and words case-insensitively', () => {
    const g = tiny([
      { term: 'ATP', aliases: ['adenosine triphosphate'], definition: 'The energy currency of cells.', category: 'cell biology' },
      { term: 'insulin', definition: 'A hormone from the pancreas.', category: 'endocrinology' },
    ]);
    assert.deepEqual(termsIn('ATP, atp, Atp, Adenosine Triphosphate, INSULIN, Insulin', g).map((t) => t.text), ['ATP', 'Adenosine Triphosphate', 'INSULIN', 'Insulin']);
  });

  it('prefers the longest match and never matches inside a word', () => {
    const g = tiny([
      { term: 'adipose tissue', definition: 'Fat tissue of the body.', category: 'body composition' },
      { term: 'white adipose tissue', definition: 'Fat tissue that stores energy.', category: 'body composition' },
      { term: 'GLUT4', definition: 'A glucose transporter protein.', category: 'metabolism' },
      { term: 'GLUT4 protein', definition: 'The GLUT4 molecule itself.', category: 'metabolism' },
    ]);
    assert.deepEqual(termsIn('white adipose tissue; the GLUT4 protein; GLUT4; xGLUT4; GLUT45; GLUT4x', g).map((t) => t.text), [
      'white adipose tissue',
      'GLUT4 protein',
      'GLUT4',
    ]);
  });

  it('matches plurals, irregular plurals and possessives', () => {
    const g = tiny([
      { term: 'mitochondrion', definition: 'The powerhouse organelle of a cell.', category: 'cell biology' },
      { term: 'myokine', definition: 'A signalling molecule from muscle.', category: 'exercise physiology' },
      { term: 'BMI', definition: 'Body mass index, weight over height squared.', category: 'body composition' },
      { term: 'artery', definition: 'A vessel carrying blood from the heart.', category: 'cardiometabolic' },
    ]);
    assert.deepEqual(termsIn("mitochondria, the mitochondrion's, myokines, BMIs, arteries", g).map((t) => t.text), [
      'mitochondria',
      'mitochondrion',
      'myokines',
      'BMIs',
      'arteries',
    ]);
  });

  it('derives number forms of words', () => {
    assert.deepEqual(numberForms('myokine').sort(), ['myokine', 'myokines']);
    assert.deepEqual(numberForms('mitochondrion').sort(), ['mitochondria', 'mitochondrion', 'mitochondrions']);
    assert.ok(numberForms('triglycerides').includes('triglyceride'));
  });

  it('reports an alias claimed by two entries instead of silently choosing', () => {
    const { problems } = buildGlossary([
      {
        name: 'test',
        data: {
          version: 1,
          entries: [
            { term: 'cardio', definition: 'Aerobic exercise, colloquially.', category: 'exercise physiology' },
            { term: 'aerobic exercise', aliases: ['cardio'], definition: 'Sustained rhythmic exercise.', category: 'exercise physiology' },
          ],
        },
      },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /"cardio" .* also a name of "cardio"/);
  });
});

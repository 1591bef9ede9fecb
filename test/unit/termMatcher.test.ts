import assert from 'node:assert/strict';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { buildGlossary } from '../../server/src/core/glossary';
import { abbreviationDefinitions, longFormOf, numberForms } from '../../server/src/core/termMatcher';
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

describe('sense-aware matching', () => {
  const texts = (text: string, g: ReturnType<typeof tiny>) => termsIn(text, g).map((t) => `${t.text}=${t.term}`);

  it('notAfter and notBefore rule out a match next to a phrase, never across punctuation', () => {
    const g = tiny([
      { term: 'stroke', definition: 'Loss of blood supply to part of the brain.', category: 'cardiometabolic', senses: { notAfter: ['swimming', 'breast'], notBefore: ['of luck'] } },
    ]);
    assert.deepEqual(texts('A swimming stroke, a breast-stroke, a stroke of luck.', g), []);
    assert.deepEqual(texts('After swimming, stroke risk; breast. Stroke.', g), ['stroke=stroke', 'Stroke=stroke']);
    assert.deepEqual(texts('She had a stroke; strokes of luck.', g), ['stroke=stroke']);
  });

  it('"#" stands for any number, and % + between the number and the term still counts as next to it', () => {
    const g = tiny([
      { term: 'UPF', definition: 'Ultra-processed food, in the NOVA sense.', category: 'nutrition', senses: { notBefore: ['#', 'rating'] } },
      { term: 'VAT', definition: 'Visceral adipose tissue, deep belly fat.', category: 'body composition', senses: { notAfter: ['#'] } },
    ]);
    assert.deepEqual(texts('UPF 50+ shirts, a UPF rating, 20% VAT, £3 + VAT.', g), []);
    assert.deepEqual(texts('UPF intake and VAT area fell; in 2020, VAT fell.', g), ['UPF=UPF', 'VAT=VAT', 'VAT=VAT']);
  });

  it('notWithin rules out a match inside a longer phrase, wherever it sits', () => {
    const g = tiny([
      { term: 'sleep restriction', definition: 'Sleeping less than needed, in experiments.', category: 'sleep and circadian', senses: { notWithin: ['sleep restriction therapy', 'chronic sleep restriction therapy'] } },
      { term: 'hypertrophy', definition: 'Growth of muscle fibres with training.', category: 'exercise physiology', senses: { notWithin: ['left ventricular hypertrophy of the heart'] } },
    ]);
    assert.deepEqual(texts('Sleep restriction therapy works; chronic sleep-restriction therapy too.', g), []);
    assert.deepEqual(texts('Left ventricular hypertrophy of the heart; left ventricular hypertrophy after training.', g), ['hypertrophy=hypertrophy']);
    assert.deepEqual(texts('Sleep restriction raised appetite.', g), ['Sleep restriction=sleep restriction']);
  });

  it('requireNearby keeps a match only with one of its words within 25 words', () => {
    const g = tiny([
      { term: 'VAT', definition: 'Visceral adipose tissue, deep belly fat.', category: 'body composition', senses: { requireNearby: ['fat', 'adipose tissue'] } },
    ]);
    assert.deepEqual(texts('Prices include VAT.', g), []);
    assert.deepEqual(texts('VAT is deep belly fat.', g), ['VAT=VAT']);
    assert.deepEqual(texts('Adipose tissue in the abdomen, called VAT.', g), ['VAT=VAT']);
    const far = `Fats ${'word '.repeat(30)}and VAT.`;
    assert.deepEqual(texts(far, g), []);
    assert.deepEqual(texts(`Fats ${'word '.repeat(20)}and VAT.`, g), ['VAT=VAT']);
  });

  it('appliesTo limits the rules to some names of the entry, and must name real names', () => {
    const entries = [
      {
        term: 'visceral fat', aliases: ['VAT', 'visceral adipose tissue'], definition: 'Fat deep inside the abdomen.', category: 'body composition',
        senses: { appliesTo: ['VAT'], requireNearby: ['waist'] },
      },
    ];
    assert.deepEqual(texts('Visceral adipose tissue; VAT.', tiny(entries)), ['Visceral adipose tissue=visceral fat']);
    const { problems } = buildGlossary([{ name: 'bad', data: { version: 1, entries: [{ ...entries[0], senses: { appliesTo: ['VATT'], notAfter: ['x'] } }] } }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /"VATT", which is not one of its names/);
  });

  it('a ruled-out name leaves the place to a shorter one', () => {
    const g = tiny([
      { term: 'sleep', definition: 'The recurring state of rest.', category: 'sleep and circadian' },
      { term: 'sleep restriction', definition: 'Sleeping less than needed.', category: 'sleep and circadian', senses: { notBefore: ['therapy'] } },
    ]);
    assert.deepEqual(texts('Sleep restriction therapy; sleep restriction.', g), ['Sleep=sleep', 'sleep restriction=sleep restriction']);
  });

  it('never matches an abbreviation in shouted text: an all-capitals line or a run of three capitalised words', () => {
    const g = tiny([
      { term: 'MET', definition: 'Metabolic equivalent of task, a unit of intensity.', category: 'exercise physiology' },
      { term: 'LDL', definition: 'Low-density lipoprotein cholesterol.', category: 'cardiometabolic' },
      { term: 'HDL', definition: 'High-density lipoprotein cholesterol.', category: 'cardiometabolic' },
      { term: 'insulin', definition: 'A hormone from the pancreas.', category: 'endocrinology' },
    ]);
    assert.deepEqual(texts('GOALS MET', g), []);
    assert.deepEqual(texts('Our weekly target: ALL GOALS MET today.', g), []);
    assert.deepEqual(texts('INSULIN AND MET', g), ['INSULIN=insulin']);
    // Only abbreviations of the glossary, or a mixed-case line: still matched.
    assert.deepEqual(texts('LDL HDL', g), ['LDL=LDL', 'HDL=HDL']);
    assert.deepEqual(texts('Brisk walking is about 4 MET; the banner said THE GOALS MET.', g), ['MET=MET']);
    assert.deepEqual(texts('Walking (3 MET)\nGOALS MET', g), ['MET=MET']);
  });

  it('does not match an abbreviation the text defines as something else ("Long Name (ACR)" and "ACR (Long Name)")', () => {
    const g = tiny([
      { term: 'myocardial infarction', aliases: ['MI', 'heart attack'], definition: 'Death of heart muscle from a blocked artery.', category: 'cardiometabolic' },
      { term: 'visceral fat', aliases: ['VAT', 'visceral adipose tissue'], definition: 'Fat deep inside the abdomen.', category: 'body composition' },
      { term: 'MET', aliases: ['metabolic equivalent of task'], definition: 'A unit of exercise intensity.', category: 'exercise physiology' },
    ]);
    assert.deepEqual(texts('Counsellors used motivational interviewing (MI). MI helped.', g), []);
    assert.deepEqual(texts('MI (motivational interviewing) helped; MI sessions were short.', g), []);
    assert.deepEqual(texts('Value added tax (VAT; 20 %) applies. VAT is charged.', g), []);
    // Defined as the glossary's own sense, or not defined at all: matched.
    assert.deepEqual(texts('Myocardial infarction (MI) is an emergency; MI kills.', g), ['Myocardial infarction=myocardial infarction', 'MI=myocardial infarction', 'MI=myocardial infarction']);
    assert.deepEqual(texts('Visceral adipose tissue (VAT) and VAT area.', g), ['Visceral adipose tissue=visceral fat', 'VAT=visceral fat', 'VAT=visceral fat']);
    assert.deepEqual(texts('A metabolic equivalent (MET) is a unit.', g), ['MET=MET']);
    assert.deepEqual(texts('After the heart attack (MI) he recovered.', g), ['heart attack=myocardial infarction', 'MI=myocardial infarction']);
  });

  it('finds long forms of abbreviations (Schwartz & Hearst)', () => {
    assert.equal(longFormOf('MI', 'counsellors used motivational interviewing'), 'motivational interviewing');
    assert.equal(longFormOf('VAT', 'the visceral adipose tissue'), 'visceral adipose tissue');
    assert.equal(longFormOf('IGF-1', 'insulin-like growth factor 1'), 'insulin-like growth factor 1');
    assert.equal(longFormOf('MI', 'after the heart attack'), undefined);
    assert.deepEqual(abbreviationDefinitions('Use motivational interviewing (MI) or MI (motivational interviewing); BMI (kg/m2).'), [
      { short: 'MI', long: 'motivational interviewing' },
      { short: 'MI', long: 'motivational interviewing' },
    ]);
  });

  it('matches names written with a bracket, and takes the closing bracket', () => {
    const g = tiny([
      { term: 'lipoprotein', definition: 'A particle carrying fat in the blood.', category: 'cardiometabolic' },
      { term: 'lipoprotein(a)', aliases: ['Lp(a)'], definition: 'An inherited LDL-like particle.', category: 'cardiometabolic' },
    ]);
    assert.deepEqual(texts('Lp(a), lipoprotein (a) and lipoprotein (LDL).', g), ['Lp(a)=lipoprotein(a)', 'lipoprotein (a)=lipoprotein(a)', 'lipoprotein=lipoprotein']);
  });

  it('stays linear on large shouted, bracketed and sense-heavy text', function () {
    this.timeout(20000);
    const g = bundledGlossary();
    const unit = 'GOALS MET ATP BMI. Value Added Tax (VAT) and (MI); a swimming stroke, VAT 20%, UPF 50+ and zone 2 pace. ';
    const time = (copies: number) => {
      const text = unit.repeat(copies);
      const t = performance.now();
      g.matcher.match(text);
      return performance.now() - t;
    };
    time(200);
    const small = time(1000);
    const large = time(10000);
    assert.ok(large < small * 25, `10× the text took ${(large / small).toFixed(1)}× the time`);
  });
});

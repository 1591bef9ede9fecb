import assert from 'node:assert/strict';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { bundledGlossary, readFixture } from '../support/fixtures';

/** The glossary terms a Markdown text hovers, as "text=term". */
function hovers(markdown: string): string[] {
  const analysis = new DocumentAnalyzer({ glossary: bundledGlossary() }).analyze(markdown)!;
  return [...analysis.terms()].map((t) => `${markdown.slice(t.start, t.end)}=${t.match.entry.term}`);
}

/** Whether any word of `markdown` hovers the entry `term`. */
const hoversTerm = (markdown: string, term: string) => hovers(markdown).some((h) => h.endsWith(`=${term}`));

/** Misleading contexts: [text, the health sense it must NOT hover]. */
const MISLEADING: [string, string][] = [
  ['She switched from a swimming stroke to a slow breast stroke.', 'stroke'],
  ['Front crawl and back stroke both train the shoulders.', 'stroke'],
  ['Toast browning produces acrylamide.', 'browning'],
  ['The browning of onions adds sweetness.', 'browning'],
  ['Smoking meat over oak adds flavour.', 'smoking'],
  ['Sugar alcohols such as xylitol are used in gum.', 'alcohol'],
  ['Wipe the skin with rubbing alcohol first.', 'alcohol'],
  ['Left ventricular hypertrophy is common in hypertension.', 'muscle hypertrophy'],
  ['Cardiac hypertrophy followed the drug in rodents.', 'muscle hypertrophy'],
  ['Counsellors used motivational interviewing (MI) with drinkers. MI sessions were brief.', 'myocardial infarction'],
  ['Counsellors used MI (motivational interviewing) with drinkers.', 'myocardial infarction'],
  ['Soft drinks carry 20% VAT.', 'visceral fat'],
  ['All prices are shown with VAT included.', 'visceral fat'],
  ['Choose UPF 50+ clothing for the beach.', 'ultra-processed food'],
  ['Insulin-like growth factor rises with protein intake.', 'insulin'],
  ['Sleep restriction therapy is a core part of CBT-I.', 'sleep deprivation'],
  ['# GOALS MET', 'MET'],
  ['Our board read: ALL WEEKLY GOALS MET.', 'MET'],
  ['The ATP Tour finals start today.', 'ATP'],
  ['Pumping iron twice a week builds strength.', 'iron'],
  ['A creatine kinase test showed muscle damage.', 'creatine'],
  ['Exercise caution when you start.', 'exercise'],
];

/** Health senses that must still match: [text, matched words, term]. */
const HEALTH: [string, string, string][] = [
  ['He had a stroke at 58.', 'stroke', 'stroke'],
  ['Stroke risk doubles with hypertension.', 'Stroke', 'stroke'],
  ['Visceral adipose tissue (VAT) is deep belly fat; VAT fell with training.', 'VAT', 'visceral fat'],
  ['Insulin resistance improves with exercise.', 'Insulin resistance', 'insulin resistance'],
  ['Insulin is made in the pancreas.', 'Insulin', 'insulin'],
  ['Cold exposure drives browning of white fat.', 'browning', 'browning'],
  ['Smoking raises the risk of lung cancer.', 'Smoking', 'smoking'],
  ['Alcohol raises blood pressure.', 'Alcohol', 'alcohol'],
  ['Resistance training drives hypertrophy of muscle fibres.', 'hypertrophy', 'muscle hypertrophy'],
  ['Patients with a prior MI should take a statin for their coronary disease.', 'MI', 'myocardial infarction'],
  ['Myocardial infarction (MI) is an emergency.', 'MI', 'myocardial infarction'],
  ['A diet high in UPF is linked to weight gain.', 'UPF', 'ultra-processed food'],
  ['Sleep restriction lowered insulin sensitivity in the laboratory.', 'Sleep restriction', 'sleep deprivation'],
  ['Brisk walking is about 4 MET.', 'MET', 'MET'],
  ['ATP is the energy currency of the cell.', 'ATP', 'ATP'],
  ['Iron deficiency is common in pregnancy.', 'Iron', 'iron'],
  ['Exercise improves mood.', 'Exercise', 'exercise'],
  ['A metabolic equivalent (MET) is a unit of intensity.', 'MET', 'MET'],
];

/** Names that moved: [text, matched words, term]. */
const NEW_SENSES: [string, string, string][] = [
  ['Sugar alcohols such as xylitol are used in gum.', 'Sugar alcohols', 'sugar alcohols'],
  ['Insulin-like growth factor rises with protein intake.', 'Insulin-like growth factor', 'IGF-1'],
  ['Left ventricular hypertrophy is common in hypertension.', 'Left ventricular hypertrophy', 'left ventricular hypertrophy'],
  ['Sleep restriction therapy is a core part of CBT-I.', 'Sleep restriction therapy', 'sleep restriction therapy'],
  ['Counsellors used motivational interviewing (MI) with drinkers.', 'motivational interviewing', 'motivational interviewing'],
  ['Lp(a) is inherited.', 'Lp(a)', 'lipoprotein(a)'],
  ['Heart disease kills millions.', 'Heart disease', 'heart disease'],
];

describe('bundled glossary senses', () => {
  for (const [text, term] of MISLEADING) {
    it(`does not hover "${term}" in "${text}"`, () => {
      assert.ok(!hoversTerm(text, term), hovers(text).join(', '));
    });
  }

  for (const [text, words, term] of [...HEALTH, ...NEW_SENSES]) {
    it(`hovers "${words}" as "${term}" in "${text}"`, () => {
      assert.ok(hovers(text).includes(`${words}=${term}`), hovers(text).join(', '));
    });
  }

  it('finds exactly the expected terms in matching/senses.md', () => {
    const expected: { text: string; term: string }[] = JSON.parse(readFixture('matching', 'senses.expected.json'));
    assert.deepEqual(hovers(readFixture('matching', 'senses.md')), expected.map((e) => `${e.text}=${e.term}`));
  });

  it('constrains every ambiguous abbreviation it names', () => {
    const g = bundledGlossary();
    for (const [term, alias] of [['visceral fat', 'VAT'], ['ultra-processed food', 'UPF'], ['myocardial infarction', 'MI'], ['REM sleep', 'REM'], ['RPE', 'RPE']]) {
      const e = g.byTerm.get(term.toLowerCase())!;
      assert.ok(e.senses?.appliesTo?.includes(alias) && e.senses.requireNearby?.length, `${term}: ${alias} has no context rule`);
    }
  });
});

import assert from 'node:assert/strict';
import type { GlossaryEntry } from '../../server/src/core/glossary';
import { bundledGlossary } from '../support/fixtures';

/** Definition and details of an entry, as one text. */
function textOf(term: string): string {
  const e = entry(term);
  return `${e.definition} ${e.details ?? ''}`;
}

function entry(term: string): GlossaryEntry {
  const e = bundledGlossary().byTerm.get(term.toLowerCase());
  assert.ok(e, `missing entry "${term}"`);
  return e;
}

/** The entry a phrase hovers, when it is matched as a whole. */
function hovered(phrase: string): string | undefined {
  const found = bundledGlossary().matcher.match(`About ${phrase} here.`);
  return found.length === 1 && found[0].end - found[0].start === phrase.length ? found[0].entry.term : undefined;
}

/** Every definition and details text in the glossary. */
const allTexts = () => bundledGlossary().entries.map((e) => ({ term: e.term, text: `${e.definition} ${e.details ?? ''}` }));

describe('glossary corrections (issue 17)', () => {
  it('FNDC5 and irisin: the cleaving enzyme is unknown and human data are inconsistent', () => {
    for (const term of ['FNDC5', 'irisin']) {
      const text = textOf(term);
      assert.match(text, /enzyme[^.]*(not (been )?(known|identified))|(protease[^.;]*unknown)/i, `${term}: ${text}`);
      assert.match(text, /inconsistent/i, `${term}: ${text}`);
    }
  });

  it('FGF21: in humans it rises after fructose or alcohol, and after fasting only after about 7–10 days', () => {
    const text = textOf('FGF21');
    assert.doesNotMatch(text, /in response to fasting/i);
    assert.match(text, /fructose/);
    assert.match(text, /alcohol/);
    assert.match(text, /7–10 days/);
  });

  it('glymphatic system: more activity during sleep was shown in mice and is disputed', () => {
    const text = textOf('glymphatic system');
    assert.doesNotMatch(text, /In mice it is much more active during sleep\./);
    assert.match(text, /mice[^.]*during sleep/);
    assert.match(text, /later mouse work[^.]*disput|disput[^.]*later mouse work/i);
  });

  it('contraction-driven GLUT4 translocation: AMPK is debated; calcium, Rac1 and mechanical signals are involved', () => {
    const text = textOf('translocation');
    for (const signal of [/calcium/, /Rac1/, /mechanical/]) assert.match(text, signal);
    assert.match(text, /AMPK[^.]*debated/);
    for (const { term, text } of allTexts()) {
      assert.doesNotMatch(text, /contraction[^.;]*(via|through) (separate pathways involving )?AMPK/i, `${term} still says contraction acts via AMPK`);
    }
  });

  it('oxidative phosphorylation: complexes I, III and IV pump protons, complex II does not', () => {
    const text = textOf('oxidative phosphorylation');
    assert.doesNotMatch(text, /complexes I–IV\)? pumps?/i);
    assert.match(text, /complexes I, III and IV pump protons/);
    assert.match(text, /complex II[^.;]*without pumping/);
  });

  it('GLUT4 protein: at rest it is mostly inside the cell in storage vesicles', () => {
    const text = textOf('GLUT4 protein');
    assert.doesNotMatch(text, /sits in the cell membrane/);
    assert.match(text, /At rest most of it is held inside[^.]*storage vesicles/);
  });

  it('reactive oxygen species: NADPH oxidases make them on purpose, for signalling', () => {
    const text = textOf('reactive oxygen species');
    assert.match(text, /NADPH oxidase/);
    assert.match(text, /on purpose|deliberately/);
    assert.doesNotMatch(entry('reactive oxygen species').definition, /^[^.]*formed as by-products of normal metabolism/);
  });

  it('sarcopenia (EWGSOP2): low strength plus low muscle quantity or quality; performance grades severity', () => {
    const e = entry('sarcopenia');
    assert.doesNotMatch(e.definition, /severe enough to affect physical function/);
    assert.match(e.definition, /low muscle strength together with low muscle quantity or quality/);
    assert.match(e.definition, /performance[^.]*not needed for the diagnosis[^.]*severe/);
  });

  it('thermogenesis includes resting metabolism', () => {
    assert.match(entry('thermogenesis').definition, /resting metabolism/);
  });

  it('sodium: "mostly from processed food" holds for the US and UK, not for much of East Asia', () => {
    const text = entry('sodium').definition;
    assert.doesNotMatch(text, /Most sodium in modern diets comes from processed/);
    assert.match(text, /in the US and UK most comes from processed/);
    assert.match(text, /East Asia[^.]*(home cooking|sauces)/);
  });

  it('free sugars is its own, wider entry and no longer an alias of added sugars', () => {
    const free = entry('free sugars');
    assert.ok(!entry('added sugars').aliases.includes('free sugars'));
    assert.match(free.definition, /wider than added sugars/);
    assert.match(free.definition, /honey, syrups, fruit juices/);
    assert.equal(hovered('free sugars'), 'free sugars');
    assert.equal(hovered('added sugars'), 'added sugars');
  });

  it('heart disease is not an alias of cardiovascular disease: its own entry, pointing to coronary heart disease', () => {
    assert.ok(!entry('cardiovascular disease').aliases.includes('heart disease'));
    const heart = entry('heart disease');
    assert.match(heart.definition, /narrower than cardiovascular disease/);
    assert.match(heart.definition, /usually means coronary heart disease/);
    assert.ok(heart.related.includes('coronary heart disease'));
    assert.equal(hovered('heart disease'), 'heart disease');
    assert.equal(hovered('CVD'), 'cardiovascular disease');
  });
});

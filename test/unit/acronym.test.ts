import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_UNEXPANDED_ACRONYMS, expansionOf, isAcronym } from '../../server/src/core/acronyms';
import { mergeSettings } from '../../server/src/lsp/settings';
import { bundledGlossary, repoRoot } from '../support/fixtures';
import { applyEdits, lint, lineOf, options } from '../support/lint';

const hints = (text: string, o = options()) => lint(text, o).findings.filter((f) => f.code === 'acronym-first-use');
const entry = (term: string) => bundledGlossary().byTerm.get(term.toLowerCase())!;

describe('acronym-first-use', () => {
  it('tells acronyms from words', () => {
    for (const a of ['AMPK', 'IL-6', 'GLUT4', 'HbA1c', 'METs', 'PGC-1α', 'T2D']) assert.ok(isAcronym(a), a);
    for (const w of ['Muscle', 'insulin', 'A', 'I', 'Glucose-uptake', 'exercise']) assert.ok(!isAcronym(w), w);
  });

  it('takes the expansion from the glossary, matching the acronym’s letters', () => {
    assert.equal(expansionOf(entry('AMPK'), 'AMPK'), 'AMP-activated protein kinase');
    assert.equal(expansionOf(entry('basal metabolic rate'), 'RMR'), 'resting metabolic rate');
    assert.equal(expansionOf(entry('basal metabolic rate'), 'BMR'), 'basal metabolic rate');
    assert.equal(expansionOf(entry('coronary heart disease'), 'CAD'), 'coronary artery disease');
    assert.equal(expansionOf(entry('HDL cholesterol'), 'HDL'), 'high-density lipoprotein');
    assert.equal(expansionOf(entry('IL-6'), 'IL-6'), 'interleukin-6');
    assert.equal(expansionOf(entry('myonectin'), 'CTRP15'), undefined, 'a synonym is not an expansion');
  });

  it('hints at an acronym never spelt out, as a Hint, at its first use in the text (headings do not count)', () => {
    const text = '# How AMPK works\n\nAMPK senses low energy. Later, AMPK moves glucose transporters.\n';
    const found = hints(text);
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'hint');
    assert.equal(text.slice(found[0].start, found[0].end), 'AMPK');
    assert.equal(lineOf(text, found[0].start), 3);
    assert.equal(found[0].start, text.indexOf('AMPK senses'));
    assert.equal(found[0].message, '“AMPK” is never spelt out: write “AMP-activated protein kinase (AMPK)” at its first use.');
  });

  it('says where an acronym used before it is spelt out is spelt out', () => {
    const text = 'AMPK senses low energy.\n\nAMP-activated protein kinase is an enzyme.\n';
    assert.match(hints(text)[0].message, /^“AMPK” is used before it is spelt out \(line 3\)/);
  });

  it('the quick fix inserts the expansion at first use: insert-only, and the hint is gone', () => {
    const text = '# Energy\n\nDuring exercise AMPK becomes more active.\n';
    const [finding] = hints(text);
    const fix = finding.fixes![0];
    assert.equal(fix.title, 'Spell it out at first use: “AMP-activated protein kinase (AMPK)”');
    assert.ok(fix.edits.every((e) => e.start === e.end), 'insertions only');
    const fixed = applyEdits(text, fix.edits);
    assert.equal(fixed, '# Energy\n\nDuring exercise AMP-activated protein kinase (AMPK) becomes more active.\n');
    assert.deepEqual(hints(fixed), []);
  });

  it('is quiet when the text spells it out first, either way round, or defines it in brackets', () => {
    for (const text of [
      'Brain-derived neurotrophic factor (BDNF) rises after a run, and BDNF falls later.\n',
      'IL-6 (interleukin-6) is released by working muscle.\n',
      'The thermogenic protein (UCP1) sits in brown fat.\n',
    ]) {
      assert.deepEqual(hints(text), [], text);
    }
  });

  it('leaves common acronyms unexpanded by default, and the list is an option', () => {
    const text = 'Your BMI is a rough guide. IL-6 is a myokine.\n';
    assert.deepEqual(hints(text).map((f) => text.slice(f.start, f.end)), ['IL-6']);
    assert.deepEqual(hints(text, options({ unexpandedAcronyms: ['IL-6'] })).map((f) => text.slice(f.start, f.end)), ['BMI']);
    assert.deepEqual(hints(text, options({ unexpandedAcronyms: [] })).map((f) => f.message.match(/“([^”]+ \([^)]+\))”/)![1]), ['body mass index (BMI)', 'interleukin-6 (IL-6)']);
  });

  it('ignores reference entries and documents not in English', () => {
    assert.deepEqual(hints('Muscle matters (Hardie et al., 2012).\n\n## References\n\nHardie, D. G., Ross, F. A., & Hawley, S. A. (2012). AMPK: a nutrient and energy sensor that maintains energy homeostasis. Nature Reviews Molecular Cell Biology, 13(4), 251–262.\n'), []);
    const german = 'Die AMPK ist ein Enzym, das den Energiezustand der Zelle misst. Bei körperlicher Arbeit steigt ihre Aktivität deutlich an, und die Muskelzellen nehmen mehr Glukose aus dem Blut auf. Dieser Effekt hält nach dem Training noch viele Stunden an und verbessert die Insulinempfindlichkeit.\n';
    assert.deepEqual(hints(german), []);
  });

  it('the setting healthmark.acronyms.unexpanded defaults to the same list, and reaches the server settings', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.deepEqual(pkg.contributes.configuration.properties['healthmark.acronyms.unexpanded'].default, [...DEFAULT_UNEXPANDED_ACRONYMS]);
    assert.deepEqual(mergeSettings({ acronyms: { unexpanded: ['IL-6', 3] } }).acronyms, { unexpanded: ['IL-6'] });
    assert.equal(mergeSettings({}).acronyms, undefined);
  });
});

import assert from 'node:assert/strict';
import { detectLanguage } from '../../server/src/core/language';
import { lint, options } from '../support/lint';

const german = `# Bewegung und Blutzucker

Regelmäßige Bewegung senkt den Blutzucker und verbessert die Insulinsensitivität. Die Muskeln nehmen während und nach dem Training mehr Glukose auf, und dieser Effekt hält bis zu zwei Tage an. Wer nach dem Essen spazieren geht, senkt die Blutzuckerspitzen deutlich. Dabei wandert GLUT4 an die Zelloberfläche, und AMPK wird aktiviert.

Die meisten Erwachsenen sollten sich 150 Minuten pro Woche mäßig bewegen, sagen die Fachgesellschaften.
`;
const spanish = `# El ejercicio y la salud

El ejercicio regular reduce el riesgo de diabetes tipo 2 y mejora la sensibilidad a la insulina. Caminar después de comer disminuye los picos de glucosa en sangre. La mayoría de los adultos deberían hacer al menos 150 minutos de actividad moderada por semana.
`;

describe('language detection', () => {
  it('tells English, German and Spanish prose apart', () => {
    assert.equal(detectLanguage('Regular exercise lowers blood glucose and improves insulin sensitivity. Muscles take up more glucose during and after training, and the effect lasts up to two days in most healthy adults who train regularly.').code, 'eng');
    assert.equal(detectLanguage(german).code, 'deu');
    assert.equal(detectLanguage(spanish).code, 'spa');
  });

  it('does not judge text too short to tell', () => {
    assert.deepEqual(detectLanguage('Die Muskeln.'), { code: 'und', name: 'undetermined', english: true });
  });

  it('turns the claim rules off for a German article, with one notice at the first line', () => {
    const { findings } = lint(german);
    assert.deepEqual(findings.map((f) => f.code), ['language-not-checked']);
    assert.equal(findings[0].severity, 'information');
    assert.equal(findings[0].start, 0);
    assert.match(findings[0].message, /reads as German/);
    assert.ok(!findings.some((f) => /'die'/.test(f.message)));
  });

  it('keeps glossary matching in a German article', () => {
    const { model } = lint(german);
    assert.ok(model.blocks.some((b) => b.terms.length > 0), 'GLUT4 and AMPK still match');
  });

  it('runs the claim rules anyway when the setting forces them', () => {
    const codes = lint(spanish, options({ checkAllLanguages: true })).findings.map((f) => f.code);
    assert.ok(!codes.includes('language-not-checked'));
  });

  it('skips a long quoted passage in another language inside an English article', () => {
    const text = `# Notes\n\nWalking after meals lowers the glucose spike by about a third.\n\n> Regelmäßige Bewegung senkt den Blutzucker und verbessert die Insulinsensitivität. Die Muskeln nehmen während und nach dem Training mehr Glukose auf, und dieser Effekt hält bis zu zwei Tage an.\n`;
    const claims = lint(text).findings.filter((f) => f.code === 'uncited-claim').map((f) => text.slice(f.start, f.end));
    assert.deepEqual(claims, ['Walking after meals lowers the glucose spike by about a third.']);
  });
});

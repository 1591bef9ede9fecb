import type { Rule } from '../types';

/**
 * HM011: the claim rules' word lists are English; a document in another language gets one
 * notice at its first line instead of English-lexicon noise. Never silent about a skip.
 */
export const languageNotChecked: Rule = {
  names: ['HM011', 'language-not-checked'],
  description: 'Claim checks are off because the document is not in English',
  tags: ['claims', 'language'],
  defaultSeverity: 'information',
  check(model, _options, report) {
    if (model.claimsChecked) return;
    const firstLine = model.text.indexOf('\n');
    report({
      start: 0,
      end: firstLine === -1 ? model.text.length : firstLine,
      message: `Claim checks are off: this document reads as ${model.language.name}, and Healthmark's claim rules know English only. Glossary hovers still work. Set "healthmark.claims.checkAllLanguages" to check it anyway.`,
    });
  },
};

/** Where each rule's page lives: `docs/rules/<rule>.md` in the repository (what, why, examples, fix, how to silence). */
export const RULE_DOCS_BASE = 'https://github.com/healthmark/healthmark/blob/main/docs/rules/';

/** The documentation page of a rule, by its name (`uncited-claim`). */
export function ruleDocsUrl(rule: string): string {
  return `${RULE_DOCS_BASE}${rule}.md`;
}

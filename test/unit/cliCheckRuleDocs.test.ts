import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { rules } from '../../server/src/core/lint';
import { ruleDocsUrl } from '../../server/src/core/ruleDocs';
import { repoRoot } from '../support/fixtures';
import { lint } from '../support/lint';

// docs/rules/<rule>.md (issue 14, part 5): one page per rule that `healthmark --rules` lists,
// with what, why, examples, fix and how to silence — and the examples are true: every block
// marked <!-- flagged --> gets the rule, every <!-- not flagged --> block does not.

const docsDir = path.join(repoRoot, 'docs', 'rules');
const SECTIONS = ['## What it checks', '## Why', '## Examples', '## How to fix it', '## How to silence it'];

function examples(page: string, marker: 'flagged' | 'not flagged'): string[] {
  const re = new RegExp(`<!-- ${marker} -->\\n\`\`\`markdown\\n([\\s\\S]*?)\\n\`\`\``, 'g');
  return [...page.matchAll(re)].map((m) => m[1] + '\n');
}

describe('docs/rules: a page per rule', () => {
  it('every page is a rule, and the SARIF/diagnostic links point at docs/rules/<rule>.md', () => {
    const names = new Set(rules.map((r) => r.names[1]));
    for (const file of readdirSync(docsDir).filter((f) => f.endsWith('.md') && f !== 'README.md')) assert.ok(names.has(file.slice(0, -3)), `${file} documents no rule`);
    assert.match(ruleDocsUrl('uncited-claim'), /\/docs\/rules\/uncited-claim\.md$/);
  });

  for (const rule of rules) {
    const [code, name] = rule.names;
    describe(name, () => {
      const file = path.join(docsDir, `${name}.md`);
      const page = () => readFileSync(file, 'utf8');

      it('has a page with its name, code, default severity and every section', () => {
        assert.ok(existsSync(file), `docs/rules/${name}.md is missing`);
        const text = page();
        assert.ok(text.startsWith(`# ${name} (${code})\n`), 'title');
        assert.ok(text.includes(`Default severity: ${rule.defaultSeverity}`), 'default severity');
        for (const s of SECTIONS) assert.ok(text.includes(`\n${s}\n`), s);
        assert.ok(text.includes(`"severity": { "${name}": "off" }`), 'how to turn it off in .healthmark/config.json');
      });

      it('its flagged examples get the rule and its other examples do not', () => {
        const text = page();
        const flagged = examples(text, 'flagged');
        const clean = examples(text, 'not flagged');
        assert.ok(flagged.length > 0 && clean.length > 0, 'at least one example of each');
        for (const ex of flagged) assert.ok(lint(ex).findings.some((f) => f.code === name), `not flagged by ${name}:\n${ex}`);
        for (const ex of clean) {
          const hits = lint(ex).findings.filter((f) => f.code === name);
          assert.deepEqual(hits.map((f) => f.message), [], `flagged by ${name}:\n${ex}`);
        }
      });
    });
  }
});

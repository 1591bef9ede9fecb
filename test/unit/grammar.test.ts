import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/fixtures';

const grammar = JSON.parse(readFileSync(path.join(repoRoot, 'syntaxes', 'healthmark.injection.tmLanguage.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

function re(name: string): RegExp {
  const rule = grammar.repository[name];
  return new RegExp(rule.match ?? rule.begin, 'g');
}

describe('TextMate injection grammar', () => {
  it('is contributed for Markdown and stays out of code', () => {
    const contributed = pkg.contributes.grammars.find((g: { scopeName: string }) => g.scopeName === grammar.scopeName);
    assert.deepEqual(contributed.injectTo, ['text.html.markdown']);
    assert.match(grammar.injectionSelector, /-markup\.fenced_code/);
    assert.match(grammar.injectionSelector, /-markup\.inline\.raw/);
  });

  it('scopes citation keys, footnote and numbered markers, and suppression comments', () => {
    const key = new RegExp(grammar.repository['pandoc-bracket'].patterns[0].match, 'g');
    assert.deepEqual('[@a2013x; -@b_c:d, p. 4]'.match(key), ['@a2013x', '-@b_c:d']);
    assert.ok(re('pandoc-bracket').test('see [@richter2013exercise]'));
    assert.ok(!re('pandoc-bracket').test('see [a link](https://x.org)'));
    assert.deepEqual('note[^1] and def [^2]: x'.match(re('footnote-marker')), ['[^1]']);
    assert.deepEqual('A [3], B [2, 3], C^4^, link [1](x)'.match(re('numbered-marker')), ['[3]', '[2, 3]', '^4^']);
    assert.deepEqual('@herzig2018ampk showed; mail a@b.org; @handle'.match(re('narrative-key')), ['@herzig2018ampk']);
    const m = new RegExp(grammar.repository.suppression.match).exec('x <!-- healthmark-disable uncited-claim --> y');
    assert.deepEqual([m![2], m![3].trim()], ['healthmark-disable', 'uncited-claim']);
  });
});

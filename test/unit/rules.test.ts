import assert from 'node:assert/strict';
import { rules } from '../../server/src/core/lint';
import { listFixtures, readFixture } from '../support/fixtures';
import { applyEdits, fixesFor, lineOf, lint } from '../support/lint';

interface Expected {
  code: string;
  line: number;
  text: string;
}

/** Applies the preferred fix of one finding at a time, re-checking in between. */
function applyAllFixes(text: string, codes: Set<string>): string {
  for (let round = 0; round < 50; round++) {
    const { findings } = lint(text);
    const usable = (f: Parameters<typeof fixesFor>[1]) => fixesFor(text, f).filter((x) => !x.disabledReason);
    const target = findings.find((f) => codes.has(f.code) && usable(f).length > 0);
    if (!target) return text;
    const fixes = usable(target);
    const fix = fixes.find((f) => f.isPreferred) ?? fixes[0];
    text = applyEdits(text, fix.edits);
  }
  throw new Error('fixes did not converge');
}

describe('rules', () => {
  it('each rule has a code, an alias, a description and tags', () => {
    const names = new Set<string>();
    for (const r of rules) {
      assert.match(r.names[0], /^HM\d{3}$/);
      assert.match(r.names[1], /^[a-z]+(?:-[a-z]+)*$/);
      assert.ok(r.description.length > 10 && r.tags.length > 0);
      for (const n of r.names) {
        assert.ok(!names.has(n), `duplicate rule name ${n}`);
        names.add(n);
      }
    }
  });

  for (const file of listFixtures('rules')) {
    describe(file, () => {
      const text = readFixture('rules', file);
      const expected: Expected[] = JSON.parse(readFixture('rules', file.replace(/\.md$/, '.expected.json')));

      it('reports exactly the expected findings', () => {
        const { findings } = lint(text);
        const actual = findings.map((f) => ({ code: f.code, line: lineOf(text, f.start), text: text.slice(f.start, f.end) }));
        assert.equal(actual.length, expected.length, JSON.stringify(actual, null, 1));
        actual.forEach((a, i) => {
          assert.equal(a.code, expected[i].code, JSON.stringify(a));
          assert.equal(a.line, expected[i].line, JSON.stringify(a));
          assert.ok(a.text.startsWith(expected[i].text), `finding text ${JSON.stringify(a.text)} should start with ${JSON.stringify(expected[i].text)}`);
        });
      });

      it('is clean of fixable findings after applying every fix, and fixing again changes nothing', () => {
        const codes = new Set(expected.map((e) => e.code));
        const fixed = applyAllFixes(text, codes);
        const remaining = lint(fixed).findings.filter((f) => codes.has(f.code) && fixesFor(fixed, f).some((x) => !x.disabledReason));
        assert.deepEqual(remaining.map((f) => f.message), []);
        assert.equal(applyAllFixes(fixed, codes), fixed);
        // Fixing never deletes the author's words, except a pasted glossary artifact and the
        // overclaim words a rewording replaces.
        if (!codes.has('glossary-artifact') && !codes.has('overclaim')) {
          for (const word of text.split(/\s+/).filter((w) => /^[A-Za-z]{5,}$/.test(w))) assert.ok(fixed.toLowerCase().includes(word.toLowerCase()), `lost "${word}"`);
        }
      });
    });
  }
});

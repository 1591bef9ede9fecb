import assert from 'node:assert/strict';
import { linkTarget } from '../../server/src/core/citations/inline';
import type { Finding } from '../../server/src/core/lint';
import { applyEdits, lint, options } from '../support/lint';

const o = options();

function unknownCitations(text: string): Finding[] {
  return lint(text, o).findings.filter((f) => f.code === 'unknown-citation');
}

/**
 * The one unknown-citation finding of `text`: its range as written, message and preferred fix.
 * When it has a fix, the fixed text is checked to be settled (assertSettled).
 */
function onlyUnknown(text: string) {
  const found = unknownCitations(text);
  assert.equal(found.length, 1, JSON.stringify(found.map((f) => text.slice(f.start, f.end))));
  const f = found[0];
  const fix = f.fixes?.find((a) => a.isPreferred);
  const fixed = fix ? applyEdits(text, fix.edits) : undefined;
  if (fixed !== undefined) assertSettled(fixed);
  return { range: text.slice(f.start, f.end), message: f.message, fixes: f.fixes ?? [], fixed, title: fix?.title };
}

/** Applies the preferred fix of every unknown citation (none: the text as it was). */
function fixAll(text: string): string {
  const edits = unknownCitations(text).flatMap((f) => f.fixes?.find((a) => a.isPreferred)?.edits ?? []);
  return applyEdits(text, edits);
}

/** After the fix: no unknown citation is left, and fixing again changes nothing. */
function assertSettled(fixed: string): void {
  assert.deepEqual(unknownCitations(fixed).map((f) => fixed.slice(f.start, f.end)), []);
  assert.equal(fixAll(fixed), fixed);
}

/** The curated records the document's citations resolve to, in order ('?' for an unknown one). */
function citedRecords(text: string): string[] {
  return lint(text, o).model.citations.map((c) => c.record?.id ?? `?${c.item.target.type}`);
}

describe('citation edge cases', () => {
  describe('a fix for a key replaces the key as written (escapes and character references included)', () => {
    it('an escaped underscore: "@paluch\\_2022dialy"', () => {
      const text = 'Daily walking lowers mortality in adults [@paluch\\_2022dialy].\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, '@paluch\\_2022dialy');
      assert.match(u.message, /key "@paluch_2022dialy" is not in the curated list/);
      assert.equal(u.title, 'Replace with @paluch2022daily');
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults [@paluch2022daily].\n');
    });

    it('a character reference: "@paluch&#95;2022dialy"', () => {
      const text = 'Daily walking lowers mortality in adults [@paluch&#95;2022dialy].\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, '@paluch&#95;2022dialy');
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults [@paluch2022daily].\n');
    });
  });

  describe('a fix for an author–year replaces only the author–year, keeping what is around it', () => {
    it('inside emphasis: (**Paluch et al., 2023**)', () => {
      const text = 'Daily walking lowers mortality in adults (**Paluch et al., 2023**).\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, 'Paluch et al., 2023');
      assert.equal(u.title, 'Replace with Paluch et al., 2022');
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults (**Paluch et al., 2022**).\n');
    });

    it('after a prefix: (see Paluch et al., 2023) keeps "see", and the message quotes the citation alone', () => {
      const text = 'Daily walking lowers mortality in adults (see Paluch et al., 2023).\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, 'Paluch et al., 2023');
      assert.match(u.message, /^Unknown citation: "Paluch et al., 2023" is not in the curated list\./);
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults (see Paluch et al., 2022).\n');
    });

    it('after a capitalised prefix: (See Paluch et al., 2023) is a citation too', () => {
      const text = 'Daily walking lowers mortality in adults (See Paluch et al., 2023).\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, 'Paluch et al., 2023');
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults (See Paluch et al., 2022).\n');
      // A curated one resolves: the sentence is cited.
      assert.deepEqual(citedRecords('Daily walking lowers mortality in adults (See Paluch et al., 2022).\n'), ['paluch2022daily']);
    });

    it('with a locator, next to another item: the locator and the other item stay', () => {
      const text = 'Daily walking lowers mortality in adults (Richter & Hargreaves, 2013; see Paluch et al., 2023, p. 5).\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, 'Paluch et al., 2023');
      assert.equal(u.fixed, 'Daily walking lowers mortality in adults (Richter & Hargreaves, 2013; see Paluch et al., 2022, p. 5).\n');
    });

    it('offers no fix where an edit would unbalance emphasis: (*Paluch et al.*, 2023)', () => {
      const text = 'Daily walking lowers mortality in adults (*Paluch et al.*, 2023).\n';
      const u = onlyUnknown(text);
      assert.match(u.message, /^Unknown citation: "Paluch et al., 2023" is not in the curated list\./);
      assert.deepEqual(u.fixes, []);
    });
  });

  describe('a soft line break inside a citation reads as a space', () => {
    const wrapped = [
      ['LF', 'Taking more daily steps is linked to lower all-cause mortality (Paluch et al.,\n2022).\n'],
      ['CRLF', 'Taking more daily steps is linked to lower all-cause mortality (Paluch et al.,\r\n2022).\r\n'],
      ['a blockquote, CRLF', '> Taking more daily steps is linked to lower all-cause mortality (Paluch et al.,\r\n> 2022).\r\n'],
      ['a list item', '- Taking more daily steps is linked to lower all-cause mortality (Paluch et al.,\n  2022).\n'],
    ];
    for (const [where, text] of wrapped) {
      it(`an author–year over a line break (${where}) is a citation: no uncited claim`, () => {
        assert.deepEqual(citedRecords(text), ['paluch2022daily']);
        assert.deepEqual(lint(text, o).findings.map((f) => f.code), []);
      });
    }

    it('an unknown author–year over a line break is quoted on one line, and its fix joins it', () => {
      const text = '> Daily walking lowers mortality in adults (see Paluch et al.,\r\n> 2023).\r\n';
      const u = onlyUnknown(text);
      assert.equal(u.range, 'Paluch et al.,\r\n> 2023');
      assert.match(u.message, /^Unknown citation: "Paluch et al., 2023" is not in the curated list\./);
      assert.equal(u.fixed, '> Daily walking lowers mortality in adults (see Paluch et al., 2022).\r\n');
    });

    const brackets = [
      ['LF', 'Daily walking lowers mortality in adults [@paluch2022dialy;\n@paluch2022daily].\n', '\n'],
      ['CRLF', 'Daily walking lowers mortality in adults [@paluch2022dialy;\r\n@paluch2022daily].\r\n', '\r\n'],
      ['a list item, CRLF', '- Daily walking lowers mortality in adults [@paluch2022dialy;\r\n  @paluch2022daily].\r\n', '\r\n  '],
      ['a blockquote', '> Daily walking lowers mortality in adults [@paluch2022dialy;\n> @paluch2022daily].\n', '\n> '],
    ];
    for (const [where, text, lineBreak] of brackets) {
      it(`keeps both keys of a bracket over a line break (${where}), the unknown one reported and fixed`, () => {
        assert.deepEqual(citedRecords(text), ['?key', 'paluch2022daily']);
        const u = onlyUnknown(text);
        assert.equal(u.range, '@paluch2022dialy');
        assert.equal(u.fixed, text.replace(`[@paluch2022dialy;${lineBreak}@`, `[@paluch2022daily;${lineBreak}@`));
        assert.notEqual(u.fixed, text);
        });
    }
  });

  describe('a doi.org link with a trailing slash, query or fragment', () => {
    it('reads the DOI without them', () => {
      for (const url of ['https://doi.org/10.1056/NEJMoa1200303/', 'https://doi.org/10.1056/NEJMoa1200303?utm_source=x', 'https://dx.doi.org/10.1056/NEJMoa1200303/#abstract']) {
        assert.deepEqual(linkTarget(url), { type: 'doi', value: '10.1056/NEJMoa1200303' }, url);
      }
      assert.deepEqual(linkTarget('https://doi.org/10.1016/S2468-2667(21)00302-9'), { type: 'doi', value: '10.1016/S2468-2667(21)00302-9' });
    });

    it('matches the link to its curated record', () => {
      const text = 'A Mediterranean diet lowers cardiovascular events ([PREDIMED](https://doi.org/10.1056/NEJMoa1200303/)).\n';
      assert.deepEqual(citedRecords(text), ['estruch2013primary']);
      assert.deepEqual(lint(text, o).findings.map((f) => f.code), ['retracted-citation']);
      const paluch = 'Taking more daily steps is linked to lower all-cause mortality ([Paluch 2022](https://doi.org/10.1016/S2468-2667(21)00302-9?via=ihub)).\n';
      assert.deepEqual(citedRecords(paluch), ['paluch2022daily']);
      assert.deepEqual(unknownCitations(paluch), []);
    });
  });
});

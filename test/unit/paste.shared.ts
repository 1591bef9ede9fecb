// What the pasted-article fixture must become after "Clean up pasted article": shared by the
// core tests (test/unit/paste.test.ts) and the LSP tests (test/protocol/paste.test.ts).
import assert from 'node:assert/strict';
import type { Nodes, Root, Table } from 'mdast';
import { parseMarkdown } from '../../server/src/core/markdown';
import { readFixture } from '../support/fixtures';

export const PASTED_NAME = 'pasted-article.md';
export const PASTED = readFixture('paste', PASTED_NAME);

/** The rules whose findings the clean-up removes. */
export const CLEANUP_CODES = ['missing-paragraph-break', 'unmarked-heading', 'broken-table', 'infinity-separator', 'plain-references-line', 'glossary-artifact'];

/** The headings the cleaned article has: its title, section names, the titles under them, References. */
export const EXPECTED_HEADINGS: [number, string][] = [
  [1, 'Muscle, Sugar and Metabolic Health'],
  [2, 'Fundamentals'],
  [3, 'Why Muscle Matters'],
  [3, 'How Glucose Gets Into Muscle'],
  [3, 'The Energy Sensor'],
  [2, 'Exercise Effects'],
  [3, 'What Happens During a Workout'],
  [3, 'The Day After'],
  [3, 'Key Signals'],
  [3, 'Training Over Months'],
  [2, 'Practical Guidance'],
  [3, 'How Much Is Enough'],
  [3, 'Short Walks After Meals'],
  [3, 'When to Seek Advice'],
  [3, 'A Note on This Guide'],
  [2, 'References'],
];

/** The reference entries whose findings the Problems panel shows once the list is recognised. */
export const BAD_ENTRIES = ['Smith, L. (2018)', 'Flores-Opazo, M., McGee, S. L., & Hargreaves, M. (2020)', 'Carter, J., & Doe, M. (2021)'];

/** Words (letters and digits) in order. */
export function words(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The text without the definitions pasted from glossary tooltips ("Meaning ∞ … ."). */
export function withoutTooltips(text: string): string {
  return text.replace(/\s*\bMeaning ∞[^.]*\./gu, '');
}

function plain(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plain).join('');
  return '';
}

/** The cells of the broken tables of the original, in order, by table. */
export function originalTableCells(text: string): string[][] {
  const tables: string[][] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!/^-{3}\|/.test(line)) return;
    const cells: string[] = [];
    const split = (l: string) => l.split('|').map((c) => c.trim()).filter((c, k, all) => !(c === '' && (k === 0 || k === all.length - 1)));
    cells.push(...split(lines[i - 1]));
    for (let j = i + 1; j < lines.length && lines[j].includes('|'); j++) cells.push(...split(lines[j]));
    tables.push(cells);
  });
  return tables;
}

/**
 * Asserts what the issue asks of the cleaned article: its Markdown parse has the headings, two
 * 3-column tables with all their rows, no tooltip and no `∞`, and the author's words in order.
 */
export function assertCleanedShape(original: string, cleaned: string): Root {
  const tree = parseMarkdown(cleaned);
  const headings = tree.children.filter((n) => n.type === 'heading').map((h) => [h.depth, plain(h)] as [number, string]);
  assert.deepEqual(headings, EXPECTED_HEADINGS);
  const tables = tree.children.filter((n): n is Table => n.type === 'table');
  assert.equal(tables.length, 2, 'two tables');
  const cells = originalTableCells(original);
  assert.equal(cells.length, 2);
  tables.forEach((t, k) => {
    assert.ok(t.children.every((row) => row.children.length === 3), `table ${k + 1} has 3 columns in every row`);
    assert.equal(t.children.length, cells[k].length / 3, `table ${k + 1} has all its rows`);
    assert.deepEqual(t.children.flatMap((row) => row.children.map(plain)), cells[k], `table ${k + 1} keeps its cells in order`);
  });
  assert.ok(!cleaned.includes('Meaning ∞'), 'no tooltip');
  assert.ok(!cleaned.includes('∞'), 'no ∞ separator');
  assert.deepEqual(words(cleaned), words(withoutTooltips(original)), "the author's words, in order");
  // No paragraph holds a heading or the References label any more.
  for (const p of tree.children.filter((n) => n.type === 'paragraph')) {
    for (const [, title] of EXPECTED_HEADINGS) assert.ok(!plain(p).split('\n').includes(title), `"${title}" is still inside a paragraph`);
  }
  return tree;
}

// Real-VS-Code checks of issue 13 (text pasted from a web page), run by test/vscode/run.mjs
// through tests.mjs: the pasted-article fixture is written into the workspace copy, opened,
// and cleaned up with the command "Healthmark: Clean up pasted article" from the Command
// Palette; the saved file must be the cleaned article the unit tests expect, and the Problems
// panel must then list the bad References entries (and no paste-cleanup finding).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { assert, openFile, openProblems, pickFromQuickInput, waitFor } from './helpers.mjs';

export const PASTED = 'pasted-article.md';
const COMMAND = 'Healthmark: Clean up pasted article';

const fixture = (root, name) => readFileSync(path.join(root, 'test', 'fixtures', 'paste', name), 'utf8');
const brief = (rows) => JSON.stringify(rows.map((r) => `${r.file ?? ""} ${r.line}:${r.column} ${r.code} ${r.message.slice(0, 50)}`));

/**
 * Opens a file created after the workbench loaded: from the Explorer, which shows it at once
 * (Quick Open's file list can be a cached one that does not have it yet), else Quick Open.
 */
async function openNewFile(page, fileName) {
  const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first();
  try {
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    await item.dblclick();
    await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible', timeout: 10_000 });
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    await openFile(page, fileName, { timeout: 45_000 });
  }
}

/**
 * The Problems panel's marker rows (as helpers.mjs markerRows reads them) with the name of
 * the file each belongs to: the resource row above it.
 */
async function problemRows(page) {
  const rows = await page.locator('.markers-panel .monaco-list-row').evaluateAll((els) =>
    els.map((row) => {
      const text = (sel) => row.querySelector(sel)?.textContent?.trim() ?? '';
      const label = row.getAttribute('aria-label') ?? '';
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(text('.marker-line')) ?? / at line (\d+) and character (\d+)/.exec(label);
      const icon = row.querySelector('.marker-icon')?.className ?? '';
      return {
        index: Number(row.getAttribute('data-index')),
        level: row.getAttribute('aria-level'),
        resource: text('.monaco-icon-label .label-name') || (row.textContent ?? '').trim(),
        message: text('.marker-message'),
        source: text('.marker-source'),
        code: text('.marker-code'),
        line: pos ? Number(pos[1]) : null,
        column: pos ? Number(pos[2]) : null,
        severity: /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : '',
      };
    }),
  );
  rows.sort((a, b) => a.index - b.index);
  let file = '';
  const out = [];
  for (const r of rows) {
    if (r.level === '1') file = r.resource;
    else out.push({ ...r, file });
  }
  return out;
}

/** Types `text` into the Problems panel's filter box (empty clears it). */
async function filterProblems(page, text) {
  await openProblems(page);
  const input = page.locator('.part.panel input[placeholder*="Filter"]').first();
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(text);
}

/** Runs a command by its title from the Command Palette. */
async function runCommand(page, title, { timeout = 20_000 } = {}) {
  await pickFromQuickInput(page, 'Control+Shift+P', 'the Command Palette', title, { timeout });
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
}

export const pasteTests = [
  {
    name: `"${COMMAND}" cleans up a pasted draft; the Problems panel then shows its reference findings`,
    timeout: 150_000,
    async fn({ page, workspace, root, log }) {
      const file = path.join(workspace, PASTED);
      const expected = fixture(root, 'pasted-article.cleaned.md');
      writeFileSync(file, fixture(root, PASTED));
      await openNewFile(page, PASTED);
      const ours = async (code) => (await problemRows(page)).filter((r) => r.code === code && r.file.includes(PASTED));

      // Before: the paste-cleanup findings are listed (Information), e.g. the unmarked headings.
      await filterProblems(page, 'reads as a heading');
      const before = await waitFor(
        async () => {
          const rows = await ours('unmarked-heading');
          return rows.length >= 3 && rows;
        },
        { timeout: 45_000, message: 'unmarked-heading rows in the Problems panel' },
      ).catch(async (err) => {
        throw new Error(`${err.message}; rows: ${brief(await problemRows(page))}`);
      });
      assert(before.every((r) => r.severity === 'info'), `unmarked-heading rows are not Information: ${brief(before)}`);
      assert(before.some((r) => r.line === 1), `no unmarked-heading row for line 1: ${brief(before)}`);
      log(`${before.length} unmarked-heading rows before the clean-up`);

      // Run the command on the article, then save it.
      await page.keyboard.press('Control+1'); // the editor, not the panel's filter box
      await runCommand(page, COMMAND);
      await page.keyboard.press('Control+1');
      await page.keyboard.press('Control+S');
      await waitFor(() => readFileSync(file, 'utf8') === expected, {
        timeout: 20_000,
        message: `the saved ${PASTED} to be the cleaned article (test/fixtures/paste/pasted-article.cleaned.md)`,
      }).catch((err) => {
        throw new Error(`${err.message}; on disk it starts: ${JSON.stringify(readFileSync(file, 'utf8').slice(0, 300))}`);
      });

      // After: the References section is recognised and its bad entries are listed…
      const lines = expected.split('\n');
      const bad = ['Smith, L. (2018)', 'Flores-Opazo, M.', 'Carter, J., & Doe, M. (2021)'].map((b) => lines.findIndex((l) => l.startsWith(b)) + 1);
      await filterProblems(page, 'Uncurated reference');
      const refs = await waitFor(
        async () => {
          const rows = await ours('uncurated-reference');
          return rows.length === bad.length && rows.every((r, i) => r.line === bad[i]) && rows;
        },
        { timeout: 30_000, message: `uncurated-reference rows for lines ${bad.join(', ')} of the cleaned article` },
      ).catch(async (err) => {
        throw new Error(`${err.message}; rows: ${brief(await problemRows(page))}`);
      });
      assert(refs.every((r) => r.severity === 'warning' && r.source === 'healthmark'), `unexpected rows: ${brief(refs)}`);
      // …and no paste-cleanup finding is left.
      await filterProblems(page, 'reads as a heading');
      await waitFor(async () => (await ours('unmarked-heading')).length === 0, {
        timeout: 15_000,
        message: 'the unmarked-heading rows to disappear',
      });
      await filterProblems(page, '');
    },
  },
];

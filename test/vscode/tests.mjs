// The checks run in real VS Code (code-server + Chromium) by test/vscode/run.mjs.
//
// Each test is { name, modes?, timeout?, fn }. `fn` receives
//   { page, workspace, mode, root, server, log }
// where `mode` is { name: 'trusted' | 'restricted', trusted: boolean, title } and `workspace`
// is a temporary copy of examples/. Tests of one mode run in order on the same page, after
// the workbench has loaded; `modes` limits a test to some modes (default: all).
//
// To add a check, append an entry.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  assert,
  goToLine,
  hidePanel,
  hoverWord,
  markerRows,
  openFile,
  openProblems,
  openQuickFix,
  statusBarText,
  uncitedCount,
  unionBox,
  visibleEditorText,
  waitFor,
} from './helpers.mjs';
import { pasteTests } from './pasteTests.mjs';

export const ARTICLE = 'exercise-and-metabolic-health.md';
// An uncited claim of the demo article, its line (1-based) and a column inside it.
// README pictures are refreshed only on request (UPDATE_README_IMAGES=1): a test run must not
// rewrite tracked files. Otherwise they go to test-results/ beside the other artefacts.
const readmePicture = (root, name) => (process.env.UPDATE_README_IMAGES === '1' ? path.join(root, 'images', name) : path.join(root, 'test-results', `readme-${name}`));
const CLAIM = 'Even a short walk after a meal blunts the rise in blood glucose that follows it';
const CLAIM_LINE = 26;
const CLAIM_COLUMN = 34; // inside "blunts"

const isUncited = (r) => /^Uncited claim/.test(r.message) && r.code === 'uncited-claim';
const short = (rows) => JSON.stringify(rows.map((r) => `${r.line}:${r.column} ${r.source}(${r.code}) ${r.message.slice(0, 40)}`));

export const tests = [
  {
    name: 'shows Restricted Mode for the untrusted folder',
    modes: ['restricted'],
    async fn({ page }) {
      // Status bar item "Restricted Mode" (and the banner, with security.workspace.trust.banner=always).
      const indicator = page.locator('.part.statusbar, .part.banner', { hasText: 'Restricted Mode' }).first();
      await indicator.waitFor({ state: 'visible', timeout: 15_000 });
    },
  },
  {
    name: 'does not show Restricted Mode when workspace trust is disabled',
    modes: ['trusted'],
    async fn({ page }) {
      const text = await statusBarText(page);
      assert(!/Restricted Mode/.test(text), `status bar unexpectedly shows Restricted Mode: ${text}`);
      assert(!(await page.locator('.part.banner', { hasText: 'Restricted Mode' }).count()), 'Restricted Mode banner is shown');
    },
  },
  {
    name: `opens ${ARTICLE} with Quick Open`,
    async fn({ page }) {
      await openFile(page, ARTICLE);
    },
  },
  {
    name: 'status bar shows the Healthmark term count for the article',
    async fn({ page }) {
      await openFile(page, ARTICLE);
      // Shown by the extension once the language server has analysed the active document.
      const item = page.locator('.part.statusbar .statusbar-item', { hasText: /Healthmark: \d+ terms/ }).first();
      await item.waitFor({ state: 'visible', timeout: 45_000 });
      const text = await item.innerText();
      const n = Number(text.match(/(\d+) terms/)?.[1]);
      assert(n > 0, `expected a positive term count, got ${JSON.stringify(text)}`);
    },
  },
  {
    name: 'hover on GLUT4 shows the glossary definition',
    timeout: 90_000,
    async fn({ page, mode, root, log }) {
      await openFile(page, ARTICLE);
      const t = Date.now();
      const { hover, attempts } = await hoverWord(page, 'GLUT4', { expect: 'GLUT4', timeout: 75_000 });
      log(`hover appeared after ${attempts} attempt(s), ${Date.now() - t} ms`);
      // Wait for the definition to be rendered (not only the term).
      await waitFor(async () => /Also called/.test(await hover.innerText()), { timeout: 10_000, message: 'hover to contain "Also called"' });
      const text = (await hover.innerText()).trim();
      assert(/GLUT4/.test(text), `hover text lacks GLUT4: ${JSON.stringify(text)}`);
      assert(/Also called/.test(text), `hover text lacks "Also called": ${JSON.stringify(text)}`);
      const bold = await hover.locator('strong, b').allInnerTexts();
      assert(bold.some((b) => b.includes('GLUT4')), `GLUT4 is not bold in the hover (bold: ${JSON.stringify(bold)}); text: ${JSON.stringify(text)}`);
      // A definition sentence beyond the term and the alias line.
      const sentence = text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => !/^Also called/.test(l) && !/^GLUT4$/.test(l) && /[a-z]{3,}.*\s.*[a-z]{3,}/.test(l));
      assert(sentence, `hover has no definition sentence: ${JSON.stringify(text)}`);

      if (mode.name === 'trusted') {
        // README picture: the editor region with the hover visible.
        const box = await unionBox(page.locator('.part.editor'), page.locator('.monaco-hover:not(.hidden)').first());
        await page.screenshot({ path: readmePicture(root, 'hover.png'), clip: box ?? undefined });
      }
    },
  },
  {
    name: 'Problems panel lists Healthmark uncited-claim warnings',
    async fn({ page, mode, root, log }) {
      await openFile(page, ARTICLE);
      const panel = await openProblems(page);
      // Published by the language server once it has analysed the article.
      await panel.locator('.monaco-list-row', { hasText: 'Uncited claim' }).first().waitFor({ state: 'visible', timeout: 45_000 });
      const rows = await waitFor(
        async () => {
          const rows = (await markerRows(page)).filter(isUncited);
          return rows.length >= 5 && rows;
        },
        { timeout: 15_000, message: 'at least 5 "Uncited claim" rows in the Problems panel' },
      );
      log(`${rows.length} uncited-claim rows rendered`);
      for (const r of rows) {
        assert(r.source === 'healthmark', `row ${r.line}:${r.column} has source ${JSON.stringify(r.source)}, expected "healthmark"`);
        assert(r.severity === 'warning', `row ${r.line}:${r.column} is not a warning: ${JSON.stringify(r)}`);
      }
      const claim = rows.find((r) => r.line === CLAIM_LINE);
      assert(claim, `no uncited-claim row for line ${CLAIM_LINE}; rows: ${short(rows)}`);
      assert(/^Uncited claim — states an effect \(“blunts”\)/.test(claim.message), `unexpected message on line ${CLAIM_LINE}: ${JSON.stringify(claim.message)}`);

      if (mode.name === 'trusted') {
        // README picture: the Problems panel.
        const box = await page.locator('.part.panel').first().boundingBox();
        await page.screenshot({ path: readmePicture(root, 'problems.png'), clip: box ?? undefined });
      }
    },
  },
  {
    name: 'quick fix inserts a citation and the warning disappears',
    timeout: 90_000,
    async fn({ page, mode, root, workspace, log }) {
      await openFile(page, ARTICLE);
      const uncitedOnClaimLine = async () => (await markerRows(page)).filter((r) => isUncited(r) && r.line === CLAIM_LINE);

      // Before: the warning is listed and the status bar has settled on a count.
      await openProblems(page);
      await waitFor(async () => (await uncitedOnClaimLine()).length === 1, {
        timeout: 45_000,
        message: `an uncited-claim row for line ${CLAIM_LINE} in the Problems panel`,
      });
      const { n: before } = await waitFor(
        async () => {
          const n = await uncitedCount(page);
          return n !== null && { n };
        },
        { timeout: 15_000, message: 'the "Healthmark: N terms · M uncited" status bar item' },
      );
      log(`status bar: ${before} uncited before the fix`);
      // A bigger editor for the screenshot; the panel comes back to check the markers.
      await hidePanel(page);

      await goToLine(page, CLAIM_LINE, CLAIM_COLUMN);
      const { widget, actions, attempts } = await openQuickFix(page, { expect: /^Cite / });
      const titles = (await actions.locator('.title').allInnerTexts()).map((t) => t.trim());
      log(`quick fixes (after ${attempts} Control+.): ${JSON.stringify(titles)}`);
      assert(titles.filter((t) => t.startsWith('Cite ')).length <= 3, `more than 3 "Cite" actions: ${JSON.stringify(titles)}`);
      assert(titles.includes('Not a claim — ignore this sentence'), `no "Not a claim" action: ${JSON.stringify(titles)}`);

      if (mode.name === 'trusted') {
        // README picture: the editor region with the quick-fix menu open.
        const box = await unionBox(page.locator('.part.editor'), widget);
        await page.screenshot({ path: readmePicture(root, 'quickfix.png'), clip: box ?? undefined });
      }

      const cite = actions.filter({ has: page.locator('.title', { hasText: /^Cite / }) }).first();
      const picked = (await cite.locator('.title').innerText()).trim();
      await cite.click();
      await widget.waitFor({ state: 'hidden', timeout: 10_000 });
      log(`applied "${picked}"`);

      // The editor shows the citation before the sentence's final full stop.
      const cited = new RegExp(`${CLAIM} \\[@[^\\]\\s]+\\]\\.`);
      await waitFor(async () => cited.test(await visibleEditorText(page, '')), {
        timeout: 10_000,
        message: `the editor to show "${CLAIM} [@…]."`,
      });
      // Saved to disk, the claim's line is the cited sentence.
      await page.keyboard.press('Control+S');
      const file = path.join(workspace, ARTICLE);
      const line = await waitFor(
        () => {
          const l = readFileSync(file, 'utf8').split(/\r?\n/)[CLAIM_LINE - 1];
          return new RegExp(`^${CLAIM} \\[@[^\\]\\s]+\\]\\.$`).test(l) && l;
        },
        { timeout: 10_000, message: `line ${CLAIM_LINE} of the saved ${ARTICLE} to end with " [@…]."` },
      );
      log(`line ${CLAIM_LINE}: ${line}`);

      // After re-validation: no uncited claim on that line, one fewer in the status bar.
      await openProblems(page);
      await waitFor(
        async () => {
          const rows = await markerRows(page);
          // Other uncited claims are still rendered, so an empty list does not count as gone.
          return rows.some(isUncited) && !rows.some((r) => isUncited(r) && r.line === CLAIM_LINE);
        },
        { timeout: 15_000, message: `the uncited-claim row for line ${CLAIM_LINE} to disappear from the Problems panel` },
      ).catch(async (err) => {
        throw new Error(`${err.message}; rows: ${short(await markerRows(page))}`);
      });
      await waitFor(async () => (await uncitedCount(page)) === before - 1, {
        timeout: 15_000,
        message: `the status bar to show ${before - 1} uncited (was ${before})`,
      }).catch(async (err) => {
        throw new Error(`${err.message}; status bar: ${await statusBarText(page)}`);
      });
    },
  },
  // Issue 13: cleaning up a pasted article (test/vscode/pasteTests.mjs).
  ...pasteTests,
];

// The checks run in real VS Code (code-server + Chromium) by test/vscode/run.mjs.
//
// Each test is { name, modes?, timeout?, fn }. `fn` receives
//   { page, workspace, mode, root, server, log }
// where `mode` is { name: 'trusted' | 'restricted', trusted: boolean, title } and `workspace`
// is a temporary copy of examples/. Tests of one mode run in order on the same page, after
// the workbench has loaded; `modes` limits a test to some modes (default: all).
//
// To add a check, append an entry. Planned next: Problems panel (Control+Shift+M, read
// `.markers-panel`) shows a Healthmark warning; a quick fix (Control+.) inserts text.
import path from 'node:path';
import { assert, hoverWord, openFile, statusBarText, unionBox, waitFor } from './helpers.mjs';

export const ARTICLE = 'exercise-and-metabolic-health.md';

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
        await page.screenshot({ path: path.join(root, 'images', 'hover.png'), clip: box ?? undefined });
      }
    },
  },
];

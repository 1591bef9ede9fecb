// Playwright helpers for driving VS Code's web workbench (code-server) in Chromium.
// No fixed sleeps: everything waits on selectors or conditions with a timeout.

import pollModule from './poll.cjs';

/** Waits until `fn()` returns a truthy value (polled), or throws `message` after `timeout` ms. */
export function waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  return pollModule.poll(fn, { timeout, interval, message });
}

export function assert(cond, message) {
  if (!cond) throw new Error(`AssertionError: ${message}`);
}

/** Opens the workbench at `url` and waits until it is interactive. */
export async function openWorkbench(page, url, { timeout = 60_000 } = {}) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  // The status bar appears once the workbench layout is done and keybindings are live.
  await page.locator('.part.statusbar').waitFor({ state: 'visible', timeout });
}

/**
 * Opens a quick-input widget with `key` (Quick Open, the Command Palette), types `text` and
 * picks the row that shows it. Keybindings can be a moment late after the first paint: the
 * key is pressed again until the widget shows. Returns the deadline left for the caller.
 */
export async function pickFromQuickInput(page, key, what, text, { timeout = 30_000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press(key);
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what} (${key}) did not appear: ${err.message}`);
    }
  }
  await page.keyboard.type(text);
  await row.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
  await page.keyboard.press('Enter');
  return deadline;
}

/** Opens `fileName` with Quick Open (Control+P) and waits for its editor to render text. */
export async function openFile(page, fileName, { timeout = 30_000 } = {}) {
  const activeTab = page.locator('.tabs-container .tab.active', { hasText: fileName });
  if (await activeTab.count()) return;
  const deadline = await pickFromQuickInput(page, 'Control+P', 'Quick Open', fileName, { timeout });
  await activeTab.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 10_000 });
  await waitFor(
    () => page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').count(),
    { timeout: 10_000, message: 'editor lines to render' },
  );
}

/**
 * Viewport coordinates of the centre of the first visible occurrence of `word` in the active
 * editor's text, skipping a leading YAML/TOML frontmatter block. Works when the word is split
 * across several token spans: it measures a DOM Range over the characters themselves.
 */
export async function wordPosition(page, word, { skipFrontmatter = true } = {}) {
  return page.evaluate(
    ({ word, skipFrontmatter }) => {
      const container = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
      if (!container) return null;
      // View lines are absolutely positioned and not in document order: sort by their top.
      const lines = [...container.querySelectorAll('.view-line')]
        .map((el) => ({ el, top: el.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top)
        .map((l) => l.el);
      const norm = (s) => s.replace(/\u00a0/g, ' ');
      let inFrontmatter = false;
      lines.forEach((el, i) => {
        el.__hmSkip = false;
        const text = norm(el.textContent ?? '').trim();
        if (skipFrontmatter && i === 0 && (text === '---' || text === '+++')) inFrontmatter = true;
        else if (inFrontmatter && (text === '---' || text === '+++' || text === '...')) {
          inFrontmatter = false;
          el.__hmSkip = true;
        }
        if (inFrontmatter) el.__hmSkip = true;
      });
      for (const el of lines) {
        if (el.__hmSkip) continue;
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let full = '';
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          nodes.push({ node: n, start: full.length });
          full += norm(n.nodeValue ?? '');
        }
        const re = new RegExp(`(^|[^A-Za-z0-9])(${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9])`);
        const m = re.exec(full);
        if (!m) continue;
        const from = m.index + m[1].length;
        const to = from + word.length;
        const locate = (offset, end) => {
          for (let k = nodes.length - 1; k >= 0; k--) {
            const { node, start } = nodes[k];
            if (end ? offset > start : offset >= start) return { node, offset: offset - start };
          }
          return null;
        };
        const a = locate(from, false);
        const b = locate(to, true);
        const range = document.createRange();
        range.setStart(a.node, a.offset);
        range.setEnd(b.node, b.offset);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const r = rects[0] ?? range.getBoundingClientRect();
        if (!r.width || !r.height) continue;
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, line: norm(el.textContent ?? '').slice(0, 80) };
      }
      return null;
    },
    { word, skipFrontmatter },
  );
}

/** The visible hover widget whose text contains `text`. */
export function hoverLocator(page, text) {
  return page.locator('.monaco-hover:not(.hidden) .monaco-hover-content', { hasText: text }).first();
}

/**
 * Hovers the first visible `word` in the active editor until a hover containing `expect`
 * appears (re-hovering: the language server may still be starting). Returns the hover locator.
 */
export async function hoverWord(page, word, { expect = word, timeout = 60_000, attemptTimeout = 4000 } = {}) {
  const pos = await waitFor(() => wordPosition(page, word), { timeout: 10_000, message: `"${word}" to be visible in the editor` });
  const hover = hoverLocator(page, expect);
  const deadline = Date.now() + timeout;
  let attempts = 0;
  for (;;) {
    attempts++;
    // Move away (to the line-number gutter, below the word) and back onto the word.
    const gutter = await page.locator('.editor-group-container.active .monaco-editor .margin').first().boundingBox();
    await page.mouse.move(gutter ? gutter.x + 2 : 1, pos.y + 40);
    await page.mouse.move(pos.x - 2, pos.y, { steps: 2 });
    await page.mouse.move(pos.x, pos.y, { steps: 2 });
    try {
      await hover.waitFor({ state: 'visible', timeout: attemptTimeout });
      return { hover, attempts, pos };
    } catch (err) {
      if (Date.now() > deadline) {
        const seen = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts().catch(() => []);
        throw new Error(
          `no hover containing "${expect}" after ${attempts} attempts over ${timeout} ms at (${pos.x.toFixed(0)}, ${pos.y.toFixed(0)}) ` +
            `on line "${pos.line}"; visible hovers: ${JSON.stringify(seen)}`,
        );
      }
    }
  }
}

/** Text of the status bar (all items). */
export async function statusBarText(page) {
  return (await page.locator('.part.statusbar').innerText()).replace(/\s+/g, ' ');
}

/** Union of the bounding boxes of several locators (those that are visible). */
export async function unionBox(...locators) {
  const boxes = (await Promise.all(locators.map((l) => l.boundingBox().catch(() => null)))).filter(Boolean);
  if (!boxes.length) return null;
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

/** The Problems panel (`.markers-panel`); opens it with Control+Shift+M unless it is already visible. */
export async function openProblems(page, { timeout = 15_000 } = {}) {
  const panel = page.locator('.markers-panel').first();
  if (await panel.isVisible().catch(() => false)) return panel;
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('Control+Shift+M');
    try {
      await panel.waitFor({ state: 'visible', timeout: 3000 });
      return panel;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Problems panel (Control+Shift+M) did not appear: ${err.message}`);
    }
  }
}

/** Hides the bottom panel (Problems, Output, ...) if it is visible. */
export async function hidePanel(page, { timeout = 10_000 } = {}) {
  const panel = page.locator('.part.panel').first();
  if (!(await panel.isVisible().catch(() => false))) return;
  await page.keyboard.press('Control+J'); // View: Toggle Panel Visibility
  await panel.waitFor({ state: 'hidden', timeout });
}

/**
 * The marker rows currently rendered in the Problems panel (the list is virtual: only rows
 * in view exist in the DOM). Each: { label, message, source, code, line, column, severity }.
 */
export async function markerRows(page) {
  return page.locator('.markers-panel .monaco-list-row[aria-level="2"]').evaluateAll((rows) =>
    rows.map((row) => {
      const text = (sel) => row.querySelector(sel)?.textContent?.trim() ?? '';
      const label = row.getAttribute('aria-label') ?? '';
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(text('.marker-line')) ?? / at line (\d+) and character (\d+)/.exec(label);
      const icon = row.querySelector('.marker-icon')?.className ?? '';
      return {
        label,
        message: text('.marker-message'),
        source: text('.marker-source'),
        code: text('.marker-code'),
        line: pos ? Number(pos[1]) : null,
        column: pos ? Number(pos[2]) : null,
        severity: /\berror\b/.test(icon) ? 'error' : /\bwarning\b/.test(icon) ? 'warning' : /\binfo\b/.test(icon) ? 'info' : '',
      };
    }),
  );
}

/** Focuses the active editor and moves the cursor with Go to Line (Control+G, "line:column"). */
export async function goToLine(page, line, column = 1, { timeout = 15_000 } = {}) {
  const widget = page.locator('.quick-input-widget');
  const deadline = Date.now() + timeout;
  await page.keyboard.press('Control+1'); // View: Focus First Editor Group
  for (;;) {
    await page.keyboard.press('Control+G');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Go to Line (Control+G) did not appear: ${err.message}`);
    }
  }
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await widget.waitFor({ state: 'hidden', timeout: Math.max(1000, deadline - Date.now()) });
  const where = `Ln ${line}, Col ${column}`;
  await waitFor(async () => (await statusBarText(page)).includes(where), {
    timeout: Math.max(1000, deadline - Date.now()),
    message: `the status bar to show "${where}"`,
  });
}

/**
 * Opens the quick-fix menu (Control+.) at the cursor and waits for an action whose title
 * matches `expect`. Returns { widget, actions } (locators of the menu and its action rows).
 */
export async function openQuickFix(page, { expect = /./, timeout = 20_000 } = {}) {
  const widget = page.locator('.context-view .action-widget').first();
  const actions = widget.locator('.monaco-list-row.action');
  const wanted = actions.filter({ has: page.locator('.title', { hasText: expect }) }).first();
  const deadline = Date.now() + timeout;
  let attempts = 0;
  for (;;) {
    attempts++;
    await page.keyboard.press('Control+.');
    try {
      await wanted.waitFor({ state: 'visible', timeout: 4000 });
      return { widget, actions, attempts };
    } catch (err) {
      const seen = await actions.allInnerTexts().catch(() => []);
      if (Date.now() > deadline) {
        throw new Error(`no quick fix matching ${expect} after ${attempts} attempt(s) (Control+.); menu: ${JSON.stringify(seen)}`);
      }
      // The code actions may not be ready yet: close whatever opened and ask again.
      if (await widget.isVisible().catch(() => false)) {
        await page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
      }
    }
  }
}

/**
 * Text of the active editor's rendered lines, top to bottom, with wrapped view lines joined
 * back together (`joiner` between view lines; '' re-joins soft-wrapped lines exactly).
 */
export async function visibleEditorText(page, joiner = '\n') {
  return page.evaluate((joiner) => {
    const container = document.querySelector('.editor-group-container.active .monaco-editor .view-lines');
    if (!container) return '';
    return [...container.querySelectorAll('.view-line')]
      .map((el) => ({ top: el.getBoundingClientRect().top, text: (el.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text)
      .join(joiner);
  }, joiner);
}

/** The "M uncited" number of the Healthmark status bar item ("Healthmark: N terms · M uncited"), or null. */
export async function uncitedCount(page) {
  const m = /Healthmark: \d+ terms\s*·\s*(\d+) uncited/.exec(await statusBarText(page));
  return m ? Number(m[1]) : null;
}

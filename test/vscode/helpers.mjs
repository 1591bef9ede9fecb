// Playwright helpers for driving VS Code's web workbench (code-server) in Chromium.
// No fixed sleeps: everything waits on selectors or conditions with a timeout.

/** Waits until `fn()` returns a truthy value (polled), or throws `message` after `timeout` ms. */
export async function waitFor(fn, { timeout = 10_000, interval = 100, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastErr;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastErr ? `: ${lastErr.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
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

/** Opens `fileName` with Quick Open (Control+P) and waits for its editor to render text. */
export async function openFile(page, fileName, { timeout = 30_000 } = {}) {
  const activeTab = page.locator('.tabs-container .tab.active', { hasText: fileName });
  if (await activeTab.count()) return;
  const widget = page.locator('.quick-input-widget');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
  const deadline = Date.now() + timeout;
  // Keybindings can be a moment late after the first paint: press again until Quick Open shows.
  for (;;) {
    await page.keyboard.press('Control+P');
    try {
      await widget.waitFor({ state: 'visible', timeout: 3000 });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`Quick Open (Control+P) did not appear: ${err.message}`);
    }
  }
  await page.keyboard.type(fileName);
  await row.waitFor({ state: 'visible', timeout: Math.max(1000, deadline - Date.now()) });
  await page.keyboard.press('Enter');
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

// Entry point of the extension-host API suite (suite.js), run with mocha inside VS Code.
//
// - runSuite(): used by the test-only helper extension (test/vscode/api-runner) under
//   code-server (npm run test:vscode). Resolves to per-test results; never rejects.
// - run(): the @vscode/test-electron convention (extensionTestsPath, test/vscode/electron.mjs).
//   Rejects when a test fails.
//
// HEALTHMARK_API_GREP=text runs only the tests whose full title contains it;
// HEALTHMARK_API_MINI=1 uses the minimal built-in runner instead of mocha.
'use strict';

const path = require('node:path');

const SUITE = path.join(__dirname, 'suite.js');

function loadMocha() {
  // mocha 12 is an ES module package; Node >= 20.19 / 22.12 can require() it. Older extension
  // hosts (VS Code < 1.101 ships an older Node) cannot: they get the minimal runner below.
  if (process.env.HEALTHMARK_API_MINI === '1') return MiniMocha; // to test the stand-in
  try {
    const m = require('mocha');
    return m.default || m;
  } catch (err) {
    if (err && (err.code === 'ERR_REQUIRE_ESM' || err.code === 'ERR_REQUIRE_ASYNC_MODULE')) return MiniMocha;
    throw err;
  }
}

/**
 * A minimal stand-in for mocha's programmatic API: the BDD interface (describe, it, before,
 * after, beforeEach, afterEach, this.timeout) run in order, the runner events 'test', 'pass',
 * 'fail', 'pending' and `grep`. Enough for suite.js.
 */
class MiniMocha {
  constructor({ timeout = 2000, grep } = {}) {
    this.options = { timeout, grep };
    this.files = [];
  }
  addFile(file) {
    this.files.push(file);
  }
  run(done) {
    const { EventEmitter } = require('node:events');
    const runner = new EventEmitter();
    const root = { title: '', parent: null, suites: [], tests: [], before: [], after: [], beforeEach: [], afterEach: [], timeout: this.options.timeout };
    let current = root;
    const fullTitle = (node, title) => {
      const parts = [title];
      for (let s = node; s && s.parent; s = s.parent) parts.unshift(s.title);
      return parts.join(' ');
    };
    // `this` of describe/it/hooks: this.timeout(ms) (re)arms the running test's timer like mocha.
    const ctxFor = (holder) => ({
      timeout(ms) {
        if (ms === undefined) return holder.timeout;
        holder.timeout = ms;
        if (holder.rearm) holder.rearm();
        return this;
      },
    });
    const api = {
      describe(title, fn) {
        const suite = { title, parent: current, suites: [], tests: [], before: [], after: [], beforeEach: [], afterEach: [], timeout: current.timeout };
        current.suites.push(suite);
        const prev = current;
        current = suite;
        try {
          fn.call(ctxFor(suite));
        } finally {
          current = prev;
        }
      },
      it(title, fn) {
        current.tests.push({ title, fn, parent: current });
      },
      before: (fn) => current.before.push(fn),
      after: (fn) => current.after.push(fn),
      beforeEach: (fn) => current.beforeEach.push(fn),
      afterEach: (fn) => current.afterEach.push(fn),
    };
    let failures = 0;
    const callWithTimeout = async (fn, holder) => {
      const ctx = ctxFor(holder);
      let timer;
      try {
        await Promise.race([
          Promise.resolve().then(() => fn.call(ctx)),
          new Promise((_, reject) => {
            holder.rearm = () => {
              clearTimeout(timer);
              timer = setTimeout(() => reject(new Error(`Timeout of ${holder.timeout}ms exceeded`)), holder.timeout);
            };
            holder.rearm();
          }),
        ]);
      } finally {
        clearTimeout(timer);
        holder.rearm = null;
      }
    };
    const grep = this.options.grep;
    const matches = (suite) => suite.tests.some((t) => !grep || fullTitle(suite, t.title).includes(grep)) || suite.suites.some(matches);
    const hookFailed = (suite, kind, err) => {
      failures++;
      const title = `"${kind}" hook`;
      runner.emit('fail', { title, duration: 0, fullTitle: () => fullTitle(suite, title) }, err);
    };
    const runSuite = async (suite, eachHooks) => {
      if (!matches(suite)) return;
      for (const h of suite.before) {
        try {
          await callWithTimeout(h, { timeout: suite.timeout });
        } catch (err) {
          hookFailed(suite, 'before all', err);
          return;
        }
      }
      const before = [...eachHooks.before, ...suite.beforeEach];
      const after = [...suite.afterEach, ...eachHooks.after];
      for (const t of suite.tests) {
        const title = fullTitle(suite, t.title);
        if (grep && !title.includes(grep)) continue;
        const test = { title: t.title, duration: 0, fullTitle: () => title, timeout: suite.timeout };
        runner.emit('test', test);
        if (!t.fn) {
          runner.emit('pending', test);
          continue;
        }
        const started = Date.now();
        try {
          for (const h of before) await callWithTimeout(h, { timeout: suite.timeout });
          await callWithTimeout(t.fn, test);
          for (const h of after) await callWithTimeout(h, { timeout: suite.timeout });
          test.duration = Date.now() - started;
          runner.emit('pass', test);
        } catch (err) {
          test.duration = Date.now() - started;
          failures++;
          runner.emit('fail', test, err);
        }
      }
      for (const child of suite.suites) await runSuite(child, { before, after });
      for (const h of suite.after) {
        try {
          await callWithTimeout(h, { timeout: suite.timeout });
        } catch (err) {
          hookFailed(suite, 'after all', err);
        }
      }
    };
    setImmediate(async () => {
      const saved = {};
      for (const k of Object.keys(api)) {
        saved[k] = globalThis[k];
        globalThis[k] = api[k];
      }
      try {
        for (const file of this.files) {
          delete require.cache[require.resolve(file)];
          require(file);
        }
      } catch (err) {
        hookFailed(root, `loading ${this.files.map((f) => path.basename(f)).join(', ')}`, err);
        root.suites = [];
      } finally {
        for (const k of Object.keys(api)) globalThis[k] = saved[k];
      }
      await runSuite(root, { before: [], after: [] });
      runner.emit('end');
      done(failures);
    });
    return runner;
  }
}

function readMochaVersion() {
  try {
    return require('mocha/package.json').version;
  } catch {
    return '?';
  }
}

function errorInfo(err) {
  const info = { message: String(err && err.message ? err.message : err) };
  if (err && err.stack) info.stack = String(err.stack);
  if (err && 'expected' in err && 'actual' in err && err.showDiff !== false) {
    try {
      info.expected = JSON.stringify(err.expected);
      info.actual = JSON.stringify(err.actual);
    } catch {}
  }
  return info;
}

/**
 * Runs suite.js with mocha. onProgress(results) is called as each test starts and ends.
 * @returns {Promise<{ tests: Array<{ title: string, fullTitle: string, state: 'passed'|'failed'|'pending', durationMs?: number, error?: object }>, current?: string }>}
 */
function runSuite({ grep = process.env.HEALTHMARK_API_GREP, timeout = 60_000, reporter = 'spec', onProgress = () => {}, log = () => {} } = {}) {
  const results = { tests: [], current: null };
  const progress = () => {
    try {
      onProgress(results);
    } catch {}
  };
  return new Promise((resolve) => {
    try {
      const Mocha = loadMocha();
      results.runner = Mocha === MiniMocha ? 'built-in minimal runner' : `mocha ${readMochaVersion()}`;
      const mocha = new Mocha({ ui: 'bdd', timeout, color: false, reporter, grep: grep || undefined });
      delete require.cache[SUITE]; // a fresh suite if run twice in one process
      mocha.addFile(SUITE);
      const runner = mocha.run(() => {
        results.current = null;
        resolve(results);
      });
      runner.on('test', (test) => {
        results.current = test.fullTitle();
        log(`test: ${test.title}`);
        progress();
      });
      runner.on('pass', (test) => {
        results.tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'passed', durationMs: test.duration });
        progress();
      });
      runner.on('fail', (test, err) => {
        // Hooks fail too ('"before all" hook for ...'): they are reported like tests.
        results.tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'failed', durationMs: test.duration, error: errorInfo(err) });
        log(`FAILED: ${test.title}: ${err && err.message}`);
        progress();
      });
      runner.on('pending', (test) => {
        results.tests.push({ title: test.title, fullTitle: test.fullTitle(), state: 'pending' });
        progress();
      });
    } catch (err) {
      results.tests.push({ title: 'loading the API suite with mocha', fullTitle: 'loading the API suite with mocha', state: 'failed', error: errorInfo(err) });
      resolve(results);
    }
  });
}

/** @vscode/test-electron entry: rejects when a test fails. */
async function run() {
  const results = await runSuite();
  const failed = results.tests.filter((t) => t.state === 'failed');
  const passed = results.tests.filter((t) => t.state === 'passed');
  console.log(`${passed.length} passed, ${failed.length} failed`);
  if (failed.length || !passed.length) {
    throw new Error(`${failed.length} API test(s) failed${passed.length ? '' : ' (none passed)'}: ${failed.map((t) => t.title).join('; ')}`);
  }
}

module.exports = { run, runSuite, MiniMocha, SUITE };

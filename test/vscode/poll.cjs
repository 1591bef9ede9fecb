// Polling with a deadline, shared by the Playwright driver (helpers.mjs) and the extension-host
// suite (api/suite.js, CommonJS loaded inside VS Code). No fixed sleeps: a condition is polled.

/**
 * Polls `fn` until it returns a truthy value; throws after `timeout` ms with `message` and,
 * if given, `detail()` (the state last seen).
 */
async function poll(fn, { timeout = 30_000, interval = 100, message = 'condition', detail } = {}) {
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
      let seen = '';
      try {
        seen = detail ? `; last seen: ${await detail()}` : '';
      } catch {}
      throw new Error(`timed out after ${timeout} ms waiting for ${message}${lastErr ? ` (last error: ${lastErr.message})` : ''}${seen}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

module.exports = { poll };

// Bundles the client, the language server and the CLI with esbuild.
// unified/remark are ESM-only; bundling them into CommonJS lets VS Code, the stdio server
// and the CLI load them without a module loader, and keeps node_modules out of the VSIX.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  // Keep regular expressions with \p{…} (Unicode property escapes) as literals. esbuild
  // otherwise rewrites each into a `new RegExp(…)` call, so a pattern in a function (a word's
  // case in the glossary's tokenizer, a sentence's words in claim scoring) was built again on
  // every call. Node 20 and the browsers the web extension runs in support them.
  supported: { 'regexp-unicode-property-escapes': true },
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// `worker`: packages with a DOM build (decode-named-character-reference) pick their worker one.
const web = { platform: 'browser', conditions: ['worker'], target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' } };

// citation-js (with citeproc and its fetch polyfills: 1.6 MB, nearly half of the server bundle)
// formats references and parses BibTeX, which the first check of a document never needs. The
// Node bundles leave it out and require dist/citationJs.js at first use, so a fresh server or
// CLI process does not compile it before its first diagnostics (issue 16, start-up).
const citationJsOutside = {
  name: 'citation-js-outside',
  setup(build) {
    build.onResolve({ filter: /^@citation-js\// }, (args) => ({ path: args.path, namespace: 'citation-js' }));
    build.onLoad({ filter: /.*/, namespace: 'citation-js' }, (args) => ({
      contents: `module.exports = require('./citationJs.js')[${JSON.stringify(args.path)}];`,
      loader: 'js',
    }));
    // The bundle's own require of its neighbour stays a runtime require.
    build.onResolve({ filter: /^\.\/citationJs\.js$/ }, () => ({ path: './citationJs.js', external: true }));
  },
};
const nodeBundle = (b) => ({ ...b, plugins: [citationJsOutside] });

// V8 keeps a script's source for as long as its functions live (it compiles them lazily), and
// one character above U+00FF makes it a two-byte string, twice the size: dist/server.js was
// held as 3.9 MB instead of 2 MB for the whole life of the server. esbuild's ASCII output
// escapes strings but leaves regular expression literals as written (evanw/esbuild#4205), so
// each bundle is escaped here: `\uXXXX` means the same in strings, templates, regular
// expressions (a surrogate pair of escapes is one code point under the `u` flag) and
// identifiers. Only an escaped non-ASCII character (`\—`) would change meaning: refused.
const asciiOnly = (outfile) => ({
  name: 'ascii-only',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length > 0) return;
      const code = readFileSync(outfile, 'utf8');
      if (!/[^\x00-\x7f]/.test(code)) return;
      const escaped = /(?<!\\)(?:\\\\)*\\[^\x00-\x7f]/.exec(code);
      if (escaped) throw new Error(`${outfile}: a backslash before a non-ASCII character (${JSON.stringify(code.slice(escaped.index - 20, escaped.index + 4))}); write it as \\u escape in the source`);
      writeFileSync(outfile, code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    });
  },
});

const builds = [
  // What the plugin above sends citation-js requires to (one bundle, three packages).
  { entryPoints: ['server/src/citationJs.ts'], outfile: 'dist/citationJs.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  nodeBundle({ entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  // The server's entry point: runs dist/server.js with V8's code cache (server/src/codeCache.ts).
  { entryPoints: ['server/src/start.ts'], outfile: 'dist/start.js' },
  // The server's parse worker (server/src/parseWorker.ts starts it from next to dist/server.js).
  nodeBundle({ entryPoints: ['server/src/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' }),
  nodeBundle({ entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' }),
  // The CLI's worker threads (server/src/cli/pool.ts starts them from next to dist/cli.js).
  nodeBundle({ entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cliWorker.js' }),
  // VS Code for the Web (package.json `browser`): the extension, with the language server for
  // its own worker, and the server alone for a worker of its own. platform 'browser' resolves
  // each package's browser build and fails on any Node built-in.
  { ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/browser.js', format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: ['server/src/browserServerMain.ts'], outfile: 'dist/browserServer.js', format: 'iife' },
];

const options = (b) => ({ ...common, ...b, plugins: [...(b.plugins ?? []), asciiOnly(b.outfile)] });

if (watch) {
  for (const b of builds) (await esbuild.context(options(b))).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(options(b))));
  await import('./format-references.mjs');
  console.log(`esbuild: built ${builds.length} bundles and formatted the curated references in ${Date.now() - started} ms`);
}

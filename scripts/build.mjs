// Bundles the client, the language server and the CLI with esbuild.
// unified/remark are ESM-only; bundling them into CommonJS lets VS Code, the stdio server
// and the CLI load them without a module loader, and keeps node_modules out of the VSIX.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

// `worker`: packages with a DOM build (decode-named-character-reference) pick their worker one.
const web = { platform: 'browser', conditions: ['worker'], target: 'es2022', define: { 'process.env.NODE_ENV': '"production"' } };

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The server's parse worker (server/src/parseWorker.ts starts it from next to dist/server.js).
  { entryPoints: ['server/src/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js' },
  // The CLI's worker threads (server/src/cli/pool.ts starts them from next to dist/cli.js).
  { entryPoints: ['server/src/cli/worker.ts'], outfile: 'dist/cliWorker.js' },
  // VS Code for the Web (package.json `browser`): the extension, with the language server for
  // its own worker, and the server alone for a worker of its own. platform 'browser' resolves
  // each package's browser build and fails on any Node built-in.
  { ...web, entryPoints: ['client/src/browser.ts'], outfile: 'dist/browser.js', format: 'cjs', external: ['vscode'] },
  { ...web, entryPoints: ['server/src/browserServerMain.ts'], outfile: 'dist/browserServer.js', format: 'iife' },
];

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
  console.log('esbuild: watching');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  await import('./format-references.mjs');
  console.log(`esbuild: built ${builds.length} bundles and formatted the curated references in ${Date.now() - started} ms`);
}

// Speed and memory of the analysis core, printed as numbers (no pass/fail):
//   npm run bench
// For each size: remark-parse alone on the whole text, a cold full analysis (chunked parse,
// prose, glossary, citations, claims, all rules), one keystroke's re-analysis, and a hover.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentAnalyzer } from '../server/src/core/analysis';
import { buildCitationLibrary } from '../server/src/core/citations/library';
import { buildGlossary } from '../server/src/core/glossary';
import { defaultLintOptions, lintDocument } from '../server/src/core/lint';
import { createModelCache } from '../server/src/core/lint/model';
import { parseMarkdown } from '../server/src/core/markdown';
import { bundledClaimJudge } from '../server/src/dataFiles';

const root = path.resolve(__dirname, '..');
const glossary = buildGlossary([{ name: 'bundled', data: JSON.parse(readFileSync(path.join(root, 'server/data/glossary.json'), 'utf8')) }]).glossary;
const library = buildCitationLibrary([{ name: 'curated', data: JSON.parse(readFileSync(path.join(root, 'server/data/citations.json'), 'utf8')) }]).library;
const options = defaultLintOptions(library, glossary, bundledClaimJudge(path.join(__dirname, '..', 'server', 'data')));

const corpus = [
  readFileSync(path.join(root, 'examples/exercise-and-metabolic-health.md'), 'utf8'),
  ...readdirSync(path.join(root, 'test/fixtures/eval'))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => readFileSync(path.join(root, 'test/fixtures/eval', f), 'utf8')),
].map((t) => t.replace(/^---[\s\S]*?\n---\n/, ''));

function article(bytes: number): string {
  let out = '';
  // Every copy differs (a marker on each line), so no chunk is served from the cache twice.
  for (let i = 0; out.length < bytes; i++) out += `\n\n## Part ${i}\n\n` + corpus[i % corpus.length].replace(/([.!?])$/gm, `$1 Copy ${i}.`);
  return out;
}

function time<T>(fn: () => T, repeat = 1): { ms: number; value: T } {
  let value!: T;
  const t0 = performance.now();
  for (let i = 0; i < repeat; i++) value = fn();
  return { ms: (performance.now() - t0) / repeat, value };
}

const rows: string[][] = [['size', 'parse only', 'full analysis', 'MB/s', 'keystroke', 'hover', 'findings', 'heap']];
for (const kb of [100, 250, 500, 1000, 2000]) {
  const text = article(kb * 1024);
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const parse = time(() => parseMarkdown(text));
  const analyzer = new DocumentAnalyzer({ glossary });
  const cache = createModelCache();
  const full = time(() => lintDocument(analyzer.analyze(text)!, options, cache));
  const heap = process.memoryUsage().heapUsed - heap0;
  // Typing ten characters in the middle of the document, one re-check per keystroke.
  const at = text.indexOf('insulin', text.length >> 1);
  let edited = text;
  let analyzeMs = 0;
  const keystroke = time(() => {
    for (let k = 0; k < 10; k++) {
      edited = edited.slice(0, at + k) + 'x' + edited.slice(at + k);
      const t0 = performance.now();
      const a = analyzer.analyze(edited)!;
      analyzeMs += performance.now() - t0;
      lintDocument(a, options, cache);
    }
  });
  keystroke.ms /= 10;
  analyzeMs /= 10;
  const analysis = analyzer.analyze(edited)!;
  const hover = time(() => analysis.termAt(at + 3), 200);
  rows.push([
    `${kb} KB`,
    `${parse.ms.toFixed(0)} ms`,
    `${full.ms.toFixed(0)} ms`,
    (text.length / 1048576 / (full.ms / 1000)).toFixed(2),
    `${keystroke.ms.toFixed(1)} ms (${analyzeMs.toFixed(1)} + ${(keystroke.ms - analyzeMs).toFixed(1)})`,
    `${hover.ms.toFixed(3)} ms`,
    String(full.value.findings.length),
    `${(heap / 1048576).toFixed(0)} MB`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padStart(widths[i])).join('  '));

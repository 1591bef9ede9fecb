// Prints precision and recall of `uncited-claim` and the top-3 accuracy of citation
// suggestions on a labelled set: test/fixtures/eval/ (tuning) or test/fixtures/heldout/.
//   npm run evaluate [-- --sensitivity=high] [-- --set=test/fixtures/heldout] [-- --verbose]
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentAnalyzer } from '../server/src/core/analysis';
import { buildCitationLibrary } from '../server/src/core/citations/library';
import { suggestCitations } from '../server/src/core/citations/suggest';
import type { Sensitivity } from '../server/src/core/claims';
import { buildGlossary } from '../server/src/core/glossary';
import { defaultLintOptions, lintDocument } from '../server/src/core/lint';

const root = path.resolve(__dirname, '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
// --set=test/fixtures/heldout evaluates the held-out articles, which the scorer was not tuned on.
const dir = path.join(root, arg('set') ?? 'test/fixtures/eval');
const verbose = process.argv.includes('--verbose');
const sensitivity = (arg('sensitivity') ?? 'medium') as Sensitivity;

const glossary = buildGlossary([{ name: 'bundled', data: JSON.parse(readFileSync(path.join(root, 'server/data/glossary.json'), 'utf8')) }]).glossary;
const library = buildCitationLibrary([{ name: 'curated', data: JSON.parse(readFileSync(path.join(root, 'server/data/citations.json'), 'utf8')) }]).library;

interface Label {
  text: string;
  label: 'claim' | 'not-claim' | 'borderline';
  cited: boolean;
  expected?: string[];
}

/** Finds a labelled unit in the article; any run of white space matches any other. */
export function locate(article: string, unit: string, from: number): { start: number; end: number } | undefined {
  const pattern = unit.trim().split(/\s+/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  const re = new RegExp(pattern, 'g');
  re.lastIndex = from;
  const m = re.exec(article) ?? (() => { re.lastIndex = 0; return re.exec(article); })();
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

let tp = 0, fp = 0, fn = 0, tn = 0, extra = 0;
let top3Hits = 0, top3Total = 0, top1Hits = 0;
const rows: string[] = [];
const files = readdirSync(dir).filter((f) => f.endsWith('.labels.json')).sort();
for (const file of files) {
  const labels: { article: string; style: string; sentences: Label[] } = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const article = readFileSync(path.join(dir, labels.article), 'utf8');
  const analysis = new DocumentAnalyzer({ glossary }).analyze(article)!;
  const { findings } = lintDocument(analysis, { ...defaultLintOptions(library, glossary), sensitivity });
  const flagged = findings.filter((f) => f.code === 'uncited-claim');
  const used = new Set<number>();
  let a = { tp: 0, fp: 0, fn: 0 };
  let cursor = 0;
  for (const s of labels.sentences) {
    const at = locate(article, s.text, cursor);
    if (!at) throw new Error(`${file}: cannot find "${s.text.slice(0, 60)}"`);
    cursor = at.start;
    const hits = flagged.map((f, i) => ({ f, i })).filter(({ f }) => f.start < at.end && f.end > at.start);
    hits.forEach(({ i }) => used.add(i));
    const isFlagged = hits.length > 0;
    if (s.label === 'claim' && s.expected && s.expected.length > 0) {
      const top = suggestCitations(s.text, library, glossary, 3).map((x) => x.record.id);
      top3Total++;
      if (top.some((id) => s.expected!.includes(id))) top3Hits++;
      if (top[0] && s.expected.includes(top[0])) top1Hits++;
      if (verbose && !top.some((id) => s.expected!.includes(id))) rows.push(`  top3 miss: ${s.text.slice(0, 90)} → ${top.join(', ')} (want ${s.expected.join(', ')})`);
    }
    if (s.label === 'borderline') continue;
    const expected = s.label === 'claim' && !s.cited;
    if (isFlagged && expected) (tp++, a.tp++);
    else if (isFlagged && !expected) {
      fp++;
      a.fp++;
      if (verbose) rows.push(`  FP [${s.label}${s.cited ? ', cited' : ''}] ${s.text.slice(0, 110)}\n      ${hits[0].f.message}`);
    } else if (!isFlagged && expected) {
      fn++;
      a.fn++;
      if (verbose) rows.push(`  FN ${s.text.slice(0, 110)}`);
    } else tn++;
  }
  // Warnings on text that no label covers (borderline units are covered) count against precision.
  const borderline = labels.sentences.filter((s) => s.label === 'borderline').map((s) => locate(article, s.text, 0)!);
  flagged.forEach((f, i) => {
    if (used.has(i)) return;
    if (borderline.some((b) => f.start < b.end && f.end > b.start)) return;
    extra++;
    fp++;
    a.fp++;
    if (verbose) rows.push(`  FP [unlabelled] ${article.slice(f.start, Math.min(f.end, f.start + 110))}`);
  });
  console.log(`${labels.article.padEnd(24)} ${labels.style.padEnd(17)} TP ${String(a.tp).padStart(3)}  FP ${String(a.fp).padStart(3)}  FN ${String(a.fn).padStart(3)}`);
}
if (verbose) console.log(rows.join('\n'));
const precision = tp / Math.max(1, tp + fp);
const recall = tp / Math.max(1, tp + fn);
console.log('');
console.log(`uncited-claim (sensitivity ${sensitivity}): precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${((2 * precision * recall) / Math.max(1e-9, precision + recall)).toFixed(3)}  (TP ${tp}, FP ${fp} incl. ${extra} unlabelled, FN ${fn}, TN ${tn})`);
console.log(`citation suggestions: top-3 accuracy ${(top3Hits / Math.max(1, top3Total)).toFixed(3)} (${top3Hits}/${top3Total}), top-1 ${(top1Hits / Math.max(1, top3Total)).toFixed(3)}`);

// Precision and recall of `uncited-claim`, per split and genre, on the labelled corpus
// (real public pages, test/corpus/claims/) and on the team's own articles; top-3 accuracy of
// citation suggestions on the team's articles.
//   npm run evaluate                         every split
//   npm run evaluate -- --split=train,dev    only these (what tuning may look at)
//   npm run evaluate -- --sensitivity=high --verbose
//
// What the figures mean: the scorer's weights were fitted on `train` and `dev` together (the
// pages and the team's articles in test/fixtures/eval and test/fixtures/heldout, whose figures
// are therefore history, not evidence); regularisation, the team articles' weight, the reason
// gate and the thresholds were chosen by five-fold cross-validation over the train and dev
// pages (scripts/claims/train.ts prints those held-out figures); `test` pages were never
// looked at while tuning. Only the test figures estimate unseen text.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fittingRecords, suggestionContext } from '../server/src/core/lint/citeFix';
import type { Sensitivity } from '../server/src/core/claims';
import type { LintOptions } from '../server/src/core/lint';
import { bundledClaimJudge } from '../server/src/dataFiles';
import { analyse, loadCorpus, repoLintOptions, root, type CorpusDocument, type LabelledSentence } from './claims/corpus';

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  sentences: number;
  pages: Set<string>;
}

const newTally = (): Tally => ({ tp: 0, fp: 0, fn: 0, tn: 0, sentences: 0, pages: new Set() });

export function bundledOptions(sensitivity: Sensitivity = 'medium'): LintOptions {
  return { ...repoLintOptions(bundledClaimJudge(path.join(root, 'server', 'data'))), sensitivity };
}

/** Scores one document: a labelled sentence is flagged when an uncited-claim warning overlaps it. */
export function scoreDocument(doc: CorpusDocument, options: LintOptions, tally: Tally, log?: string[]): void {
  const { findings, located } = analyse(doc, options);
  const flagged = findings.filter((f) => f.code === 'uncited-claim');
  const used = new Set<number>();
  tally.pages.add(doc.id);
  for (const l of located) {
    const hits = flagged.map((f, i) => ({ f, i })).filter(({ f }) => f.start < l.end && f.end > l.start);
    hits.forEach(({ i }) => used.add(i));
    if (l.sentence.label === 'borderline' || l.sentence.heading) continue;
    tally.sentences++;
    // A sentence whose own citation survives in the Markdown is not an uncited claim.
    const citedHere = l.sentence.cited === true && doc.genre.startsWith('team-');
    const expected = l.sentence.label === 'claim' && !citedHere;
    const isFlagged = hits.length > 0;
    if (isFlagged && expected) tally.tp++;
    else if (isFlagged) {
      tally.fp++;
      log?.push(`  FP ${doc.id}: ${l.sentence.text.slice(0, 110)}\n      ${hits[0].f.message}`);
    } else if (expected) {
      tally.fn++;
      log?.push(`  FN ${doc.id}: ${l.sentence.text.slice(0, 110)}`);
    } else tally.tn++;
  }
  // Warnings on text no label covers count against precision (borderline and headings are covered).
  flagged.forEach((f, i) => {
    if (used.has(i)) return;
    tally.fp++;
    log?.push(`  FP [unlabelled] ${doc.id}: ${doc.markdown.slice(f.start, Math.min(f.end, f.start + 110))}`);
  });
}

export const precision = (t: Tally) => t.tp / Math.max(1, t.tp + t.fp);
export const recall = (t: Tally) => t.tp / Math.max(1, t.tp + t.fn);

/**
 * How often the quick fix's suggestions hold a right record (the labels' `expected` ids) for
 * the labelled claims of these documents: each sentence read in its document, as the quick fix
 * sees it (section headings, records cited elsewhere — never the sentence's own citations).
 */
function suggestionHits(docs: CorpusDocument[], options: LintOptions): { top3: number; top1: number; total: number } {
  let top3 = 0, top1 = 0, total = 0;
  for (const d of docs) {
    const { model, located } = analyse(d, options);
    for (const { sentence: s, start, end } of located) {
      if (s.label !== 'claim' || !s.expected?.length) continue;
      const top = fittingRecords(s.text, options, 3, suggestionContext(model, start, end)).map((r) => r.id);
      total++;
      if (top.some((id) => s.expected!.includes(id))) top3++;
      if (top[0] && s.expected.includes(top[0])) top1++;
    }
  }
  return { top3, top1, total };
}

function addTally(into: Tally, t: Tally): Tally {
  for (const k of ['tp', 'fp', 'fn', 'tn', 'sentences'] as const) into[k] += t[k];
  t.pages.forEach((p) => into.pages.add(p));
  return into;
}

/**
 * How far the test figures could move with other pages of the same kinds: 95 % intervals from
 * 10,000 resamples of whole pages (sentences of a page are not independent), seeded so the
 * line is the same on every run.
 */
function bootstrapLine(pages: Tally[]): string {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const ps: number[] = [];
  const rs: number[] = [];
  for (let b = 0; b < 10000; b++) {
    const t = newTally();
    for (let i = 0; i < pages.length; i++) addTally(t, pages[Math.floor(random() * pages.length)]);
    ps.push(precision(t));
    rs.push(recall(t));
  }
  ps.sort((a, b) => a - b);
  rs.sort((a, b) => a - b);
  const interval = (xs: number[]) => `${xs[250].toFixed(3)}–${xs[9750].toFixed(3)}`;
  return `page bootstrap (95 %, ${pages.length} pages): precision ${interval(ps)}, recall ${interval(rs)}`;
}

/** The collection round of a page (`b9` for `…/b9-slug`), from its file name. */
function collectionRound(id: string): string {
  return /\/(b\d+)-/.exec(id)?.[1] ?? 'other';
}

function row(name: string, t: Tally): string {
  return `${name.padEnd(22)} ${String(t.pages.size).padStart(5)} ${String(t.sentences).padStart(9)}   ${precision(t).toFixed(3)}   ${recall(t).toFixed(3)}   (TP ${t.tp}, FP ${t.fp}, FN ${t.fn})`;
}

function main(): void {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const sensitivity = (arg('sensitivity') ?? 'medium') as Sensitivity;
  const splits = new Set((arg('split') ?? 'train,dev,test').split(','));
  const verbose = process.argv.includes('--verbose');
  const options = bundledOptions(sensitivity);
  const docs = loadCorpus().filter((d) => splits.has(d.split));
  const log: string[] = [];
  console.log(`uncited-claim at sensitivity ${sensitivity}: precision and recall per split and genre`);
  for (const split of ['train', 'dev', 'test'] as const) {
    if (!splits.has(split)) continue;
    const inSplit = docs.filter((d) => d.split === split);
    const genres = [...new Set(inSplit.map((d) => d.genre))].sort();
    const total = newTally();
    const pagesOnly = newTally();
    console.log(`\n${split.toUpperCase()}${split === 'test' ? ' (never used for tuning)' : ' (fitted on: history, not evidence)'}`);
    console.log(`${'genre'.padEnd(22)} pages sentences  precision recall`);
    // Each page scored once; genre, round and bootstrap figures are sums of pages.
    const tallies = new Map<CorpusDocument, Tally>();
    for (const d of inSplit) {
      const t = newTally();
      scoreDocument(d, options, t, verbose ? log : undefined);
      tallies.set(d, t);
    }
    const sum = (of: CorpusDocument[]) => of.reduce((t, d) => addTally(t, tallies.get(d)!), newTally());
    for (const genre of genres) {
      const t = sum(inSplit.filter((x) => x.genre === genre));
      addTally(total, t);
      if (!genre.startsWith('team-')) addTally(pagesOnly, t);
      console.log(row(genre, t));
    }
    console.log(row('all real pages', pagesOnly));
    if (split === 'train') console.log(row('all, with team articles', total));
    if (split === 'test') {
      // The test split can hold more than one fresh round: each read on its own too.
      const rounds = [...new Set(inSplit.map((d) => collectionRound(d.id)))].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
      if (rounds.length > 1) for (const r of rounds) console.log(row(`round ${r}`, sum(inSplit.filter((x) => collectionRound(x.id) === r))));
      console.log(bootstrapLine(inSplit.filter((d) => !d.genre.startsWith('team-')).map((d) => tallies.get(d)!)));
    }
  }
  if (splits.has('train')) {
    // Citation suggestions: the team's articles name the records that would be right.
    console.log('');
    for (const set of ['team-eval', 'team-heldout']) {
      const t = suggestionHits(docs.filter((x) => x.genre === set), options);
      console.log(`citation suggestions (${set}): top-3 accuracy ${(t.top3 / Math.max(1, t.total)).toFixed(3)} (${t.top3}/${t.total}), top-1 ${(t.top1 / Math.max(1, t.total)).toFixed(3)}`);
    }
    // Suggestions per topic of the curated list (test/fixtures/topics: one article per topic).
    const topicsDir = path.join(root, 'test', 'fixtures', 'topics');
    if (existsSync(topicsDir)) {
      const rows: string[] = [];
      let all3 = 0, allN = 0;
      for (const f of readdirSync(topicsDir).filter((x) => x.endsWith('.labels.json')).sort()) {
        const labels = JSON.parse(readFileSync(path.join(topicsDir, f), 'utf8')) as { article: string; style: string; sentences: LabelledSentence[] };
        const doc: CorpusDocument = { id: `topics/${labels.article}`, genre: 'team-topics', split: 'train', markdown: readFileSync(path.join(topicsDir, labels.article), 'utf8'), sentences: labels.sentences };
        const { top3: h3, total: n } = suggestionHits([doc], options);
        all3 += h3;
        allN += n;
        rows.push(`  ${labels.style.replace(/^topic:\s*/, '').padEnd(22)} top-3 ${(h3 / Math.max(1, n)).toFixed(3)} (${h3}/${n})`);
      }
      console.log(`citation suggestions per topic (test/fixtures/topics): top-3 ${(all3 / Math.max(1, allN)).toFixed(3)} (${all3}/${allN})\n${rows.join('\n')}`);
    }
    // The team's articles cite records chosen to fit: a citation-mismatch or weak-evidence
    // warning on one of their cited sentences is a false alarm.
    let cited = 0;
    const alarms = new Map<string, number>();
    for (const d of docs.filter((x) => x.genre.startsWith('team-'))) {
      const { findings, located } = analyse(d, options);
      for (const l of located) {
        if (!l.sentence.cited) continue;
        cited++;
        for (const code of ['citation-mismatch', 'weak-evidence']) {
          const hit = findings.find((f) => f.code === code && f.severity !== 'information' && f.start < l.end && f.end > l.start);
          if (hit) {
            alarms.set(code, (alarms.get(code) ?? 0) + 1);
            if (verbose) log.push(`  ${code} on a cited sentence: ${l.sentence.text.slice(0, 100)}\n      ${hit.message}`);
          }
        }
      }
    }
    const rate = (code: string) => `${code} ${(((alarms.get(code) ?? 0) / Math.max(1, cited)) * 100).toFixed(1)} % (${alarms.get(code) ?? 0})`;
    console.log(`citation checks on ${cited} cited sentences of the team articles: false alarms ${rate('citation-mismatch')}, ${rate('weak-evidence')}`);
  }
  if (verbose) console.log(log.join('\n'));
}

if (require.main === module) main();

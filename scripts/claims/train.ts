// Fits the claim scorer and writes server/data/claim-model.json.
//   npm run train:claims            choose by cross-validation, fit, write the model
//   npm run train:claims -- --dry   print the choice without writing
//
// Model: L2-regularised logistic regression over the interpretable features of
// server/src/core/claims.ts (word lists and patterns from claim-lexicon.json) plus single
// words and word pairs seen on at least MIN_DF training pages (binary, or scaled by their
// naive-Bayes ratio), and an optional context stage that reads a sentence with its
// neighbours. Why logistic regression: every weight is one feature's contribution to a sum,
// so a warning can name the features that pushed it over the line; it trains in minutes,
// deterministically, with no dependency shipped.
// The regularisation strengths, the word scaling, the team articles' weight, the reason gate
// and the context stage are chosen by five-fold cross-validation over the train and dev pages
// (grouped by page); the sensitivity thresholds come from the out-of-fold scores; the shipped
// weights are fitted on train and dev together.
// The test split is never read here.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { claimFeatures, compileClaimJudge, type ClaimContextWeights, type ClaimModelData, type Sensitivity } from '../../server/src/core/claims';
import type { ClaimUnit } from '../../server/src/core/lint/model';
import type { OverclaimsData } from '../../server/src/core/overclaims';
import { analyse, loadCorpus, readData as readJson, repoLintOptions, root, type CorpusDocument } from './corpus';

const MIN_DF = 3;
/**
 * What the team's own articles (test/fixtures/eval) must keep, in units at medium: they are
 * the product's reference behaviour, and the issue asks for no regression there (the model
 * before this one: 0.996 / 1.000). A setting that falls below is not chosen, however well it
 * does on held-out pages.
 */
const TEAM_FLOOR = { precision: 0.98, recall: 0.99 };
const FOLDS = 5;
const ITERATIONS = 1000;
/**
 * How many times the team's own articles count in the loss, chosen by cross-validation like
 * the regularisation: their labels are the product's reference behaviour. (On the dev split
 * alone, ×80 looked best; over all held-out folds a light weight does better, ×5, and the
 * team floor above keeps their figures. ×40 and ×80 were never chosen again and left the
 * grid when the word scaling doubled it.)
 */
const TEAM_WEIGHTS = process.env.TEAM_WEIGHT ? [Number(process.env.TEAM_WEIGHT)] : [5, 10, 20];
/**
 * Regularisation strengths tried: cues (toward their prior weights) and words (toward 0).
 * (λword 0.001 always did worst and left the grid with ×40 and ×80.)
 */
const LAMBDA_CUE = [0.001, 0.003];
const LAMBDA_WORD = [0.0001, 0.0003];
/**
 * Word scaling tried: none (binary words), or naive-Bayes log-count ratios with this floor
 * (NBSVM, Wang & Manning 2012: a word's value is how much more often it appears in claims
 * than in other sentences, so rare but telling words start with a larger value and the L2
 * penalty shrinks them less). The ratios are counted on the rows being fitted only (inside
 * each fold for cross-validation), and the scale is folded into the shipped weights, so the
 * scorer is unchanged.
 */
const WORD_SCALES: (number | null)[] = [null, 0.1];
/** Reason gates tried (ClaimModelData.minReason), in increasing order. */
const MIN_REASONS = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
const dataDir = path.join(root, 'server', 'data');

export interface Example {
  doc: CorpusDocument;
  unit: ClaimUnit;
  y: 0 | 1;
  x: Map<string, number>;
  /** The other sentences of its block, labelled or not, as the context stage reads them. */
  context: { previous?: Map<string, number>; next?: Map<string, number>; others: Map<string, number>[] };
}

/** Labelled units of the documents: a unit is a claim if any labelled sentence in it is one. */
export function examples(docs: CorpusDocument[], lexiconModel: ClaimModelData): Example[] {
  const options = repoLintOptions(compileClaimJudge(lexiconModel, readJson('overclaims.json') as OverclaimsData));
  const judge = options.claims;
  const out: Example[] = [];
  for (const doc of docs) {
    const { located, model } = analyse(doc, options);
    const labels = new Map<ClaimUnit, Set<string>>();
    for (const l of located) {
      if (l.sentence.heading) continue;
      for (const u of l.units) labels.set(u, (labels.get(u) ?? new Set()).add(l.sentence.label));
    }
    // Every sentence unit's features, labelled or not, grouped by block in document order:
    // the context stage reads a sentence with its neighbours, as scoreClaims does.
    const features = new Map<ClaimUnit, Map<string, number>>();
    const blocks = new Map<unknown, ClaimUnit[]>();
    for (const u of model.units) {
      features.set(u, claimFeatures(u.info, judge).values);
      if (u.kind !== 'sentence') continue;
      const siblings = blocks.get(u.placed);
      if (siblings) siblings.push(u);
      else blocks.set(u.placed, [u]);
    }
    for (const [unit, set] of labels) {
      if (!set.has('claim') && !set.has('not-claim')) continue;
      const siblings = unit.kind === 'sentence' ? blocks.get(unit.placed)! : [unit];
      const i = siblings.indexOf(unit);
      const context = {
        previous: i > 0 ? features.get(siblings[i - 1]) : undefined,
        next: i + 1 < siblings.length ? features.get(siblings[i + 1]) : undefined,
        others: siblings.filter((u) => u !== unit).map((u) => features.get(u)!),
      };
      out.push({ doc, unit, y: set.has('claim') ? 1 : 0, x: features.get(unit)!, context });
    }
  }
  return out;
}

interface Fitted {
  weights: Map<string, number>;
  bias: number;
}

/**
 * Full-batch Adam on mean log-loss + L2. Words shrink toward 0; cues shrink toward their
 * hand-set prior weight (a Gaussian prior), with separate strengths.
 */
export function fit(train: Example[], features: Set<string>, lambdaCue: number, lambdaWord: number, priors: Record<string, number> = {}, iterations = 1200, scale: Map<string, number> = new Map(), teamWeight = 2): Fitted {
  const ids = [...features];
  const index = new Map(ids.map((id, i) => [id, i]));
  const rows = train.map((e) => {
    const cols: number[] = [];
    const vals: number[] = [];
    for (const [id, v] of e.x) {
      const i = index.get(id);
      if (i !== undefined) (cols.push(i), vals.push(v * (scale.get(id) ?? 1)));
    }
    return { cols, vals, y: e.y, weight: e.doc.genre.startsWith('team-') ? teamWeight : 1 };
  });
  const totalWeight = rows.reduce((a, r) => a + r.weight, 0);
  const n = ids.length;
  const w = Float64Array.from(ids.map((id) => (id.startsWith('w:') ? 0 : (priors[id] ?? 0))));
  const step = adam(n + 1, 0.05);
  const lambda = ids.map((id) => (id.startsWith('w:') ? lambdaWord : lambdaCue));
  const prior = ids.map((id) => (id.startsWith('w:') ? 0 : (priors[id] ?? 0)));
  let b = 0;
  for (let t = 1; t <= iterations; t++) {
    const g = new Float64Array(n);
    let gb = 0;
    for (const r of rows) {
      let z = b;
      for (let k = 0; k < r.cols.length; k++) z += w[r.cols[k]] * r.vals[k];
      const p = 1 / (1 + Math.exp(-z));
      const d = ((p - r.y) * r.weight) / totalWeight;
      gb += d;
      for (let k = 0; k < r.cols.length; k++) g[r.cols[k]] += d * r.vals[k];
    }
    for (let i = 0; i < n; i++) g[i] += lambda[i] * (w[i] - prior[i]);
    for (let i = 0; i < n; i++) w[i] -= step(i, g[i], t);
    b -= step(n, gb, t);
  }
  // A scaled word's value is its scale: fold the scale into the exported weight.
  const weights = new Map<string, number>();
  ids.forEach((id, i) => {
    const weight = w[i] * (scale.get(id) ?? 1);
    if (Math.abs(weight) >= 0.005) weights.set(id, Math.round(weight * 1000) / 1000);
  });
  return { weights, bias: Math.round(b * 1000) / 1000 };
}

/**
 * Naive-Bayes log-count ratio of each word feature over `rows` (add-one smoothing), as a
 * scale of at least `floor`. The team's articles are left out of the counts: a handful of
 * long articles would make their own recurring words look telling.
 */
export function nbScale(rows: Example[], features: Set<string>, floor: number): Map<string, number> {
  const inClaims = new Map<string, number>();
  const inOthers = new Map<string, number>();
  for (const e of rows) {
    if (e.doc.genre.startsWith('team-')) continue;
    const counts = e.y ? inClaims : inOthers;
    for (const id of e.x.keys()) if (id.startsWith('w:')) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let claimTotal = 0;
  let otherTotal = 0;
  for (const id of features) {
    if (!id.startsWith('w:')) continue;
    claimTotal += (inClaims.get(id) ?? 0) + 1;
    otherTotal += (inOthers.get(id) ?? 0) + 1;
  }
  const scale = new Map<string, number>();
  for (const id of features) {
    if (!id.startsWith('w:')) continue;
    const ratio = Math.log(((inClaims.get(id) ?? 0) + 1) / claimTotal) - Math.log(((inOthers.get(id) ?? 0) + 1) / otherTotal);
    scale.set(id, Math.max(floor, Math.abs(ratio)));
  }
  return scale;
}

/** Adam's update of parameter i at step t (β 0.9 and 0.999), with its own moment estimates. */
function adam(size: number, lr: number): (i: number, grad: number, t: number) => number {
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  return (i, grad, t) => {
    m[i] = 0.9 * m[i] + 0.1 * grad;
    v[i] = 0.999 * v[i] + 0.001 * grad * grad;
    const mh = m[i] / (1 - 0.9 ** t);
    const vh = v[i] / (1 - 0.999 ** t);
    return (lr * mh) / (Math.sqrt(vh) + 1e-8);
  };
}

export function logit(e: Example, f: Fitted): number {
  return logitOf(e.x, f);
}

function logitOf(x: Map<string, number>, f: Fitted): number {
  let z = f.bias;
  for (const [id, v] of x) z += (f.weights.get(id) ?? 0) * v;
  return z;
}

/** Precision and recall at a threshold (an overclaim always counts as flagged, as in the rule). */
export function pr(examples: Example[], scores: number[], threshold: number): { precision: number; recall: number; f1: number } {
  let tp = 0, fp = 0, fn = 0;
  examples.forEach((e, i) => {
    const flagged = scores[i] >= threshold || e.unit.score.overclaims.length > 0;
    if (flagged && e.y) tp++;
    else if (flagged) fp++;
    else if (e.y) fn++;
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: (2 * precision * recall) / Math.max(1e-9, precision + recall) };
}

/** The highest threshold whose recall on `examples` reaches `recall` (most precise such point). */
export function thresholdFor(examples: Example[], scores: number[], recall: number): number {
  const candidates = [...new Set(scores.map((s) => Math.round(s * 1000) / 1000))].sort((a, b) => b - a);
  for (const t of candidates) if (pr(examples, scores, t).recall >= recall) return t;
  return candidates[candidates.length - 1];
}

/**
 * Page → fold (0 … n−1) for every real page (the team's articles have none: they are always
 * fitted). Within each genre, pages are dealt round-robin in the order of a hash of their id,
 * so every fold holds every genre and the assignment never depends on the labels.
 */
export function pageFolds(examples: Example[], n: number): Map<string, number> {
  const byGenre = new Map<string, Set<string>>();
  for (const e of examples) if (!e.doc.genre.startsWith('team-')) byGenre.set(e.doc.genre, (byGenre.get(e.doc.genre) ?? new Set()).add(e.doc.id));
  const folds = new Map<string, number>();
  let offset = 0;
  for (const genre of [...byGenre.keys()].sort()) {
    const ids = [...byGenre.get(genre)!].sort((a, b) => createHash('sha1').update(a).digest('hex').localeCompare(createHash('sha1').update(b).digest('hex')));
    ids.forEach((id, i) => folds.set(id, (i + offset) % n));
    offset += ids.length;
  }
  return folds;
}

/**
 * Scores of `heldOut` (in order), each from a fit that did not see its page's fold, with each
 * unit's strongest nameable contribution under the same fit.
 */
export function outOfFold(all: Example[], heldOut: Example[], folds: Map<string, number>, fitRows: (rows: Example[]) => Fitted, functionWords: Set<string> = new Set()): { scores: number[]; strongest: number[]; inputs: number[][] } {
  const n = Math.max(...folds.values()) + 1;
  const scores = new Map<Example, number>();
  const strongest = new Map<Example, number>();
  const inputs = new Map<Example, number[]>();
  for (let k = 0; k < n; k++) {
    const f = fitRows(all.filter((e) => folds.get(e.doc.id) !== k));
    const score = scorer(f);
    for (const e of heldOut) {
      if (folds.get(e.doc.id) !== k) continue;
      scores.set(e, score(e.x));
      strongest.set(e, strongestReason(e, f, functionWords));
      inputs.set(e, contextInputs(e, score));
    }
  }
  return { scores: heldOut.map((e) => scores.get(e)!), strongest: heldOut.map((e) => strongest.get(e)!), inputs: heldOut.map((e) => inputs.get(e)!) };
}

/**
 * What the context stage reads of an example under a first-stage fit, in the order of
 * ClaimContextWeights: its own score, its previous and next neighbours' scores, the mean of
 * its block's other sentences, and whether each exists.
 */
export function contextInputs(e: Example, score: (x: Map<string, number>) => number): number[] {
  const { previous, next, others } = e.context;
  const mean = others.length ? others.reduce((a, x) => a + score(x), 0) / others.length : 0;
  return [score(e.x), previous ? score(previous) : 0, next ? score(next) : 0, mean, previous ? 1 : 0, next ? 1 : 0, others.length ? 1 : 0];
}

/** A fit's logit of a unit's features, each unit scored once (a sentence is its neighbours' neighbour). */
export function scorer(f: Fitted): (x: Map<string, number>) => number {
  const known = new Map<Map<string, number>, number>();
  return (x) => {
    let z = known.get(x);
    if (z === undefined) known.set(x, (z = logitOf(x, f)));
    return z;
  };
}

const CONTEXT_KEYS = ['self', 'previous', 'next', 'others', 'hasPrevious', 'hasNext', 'hasOthers'] as const;

/** The context stage's score for inputs of contextInputs. */
export function applyContext(c: ClaimContextWeights, v: number[]): number {
  return CONTEXT_KEYS.reduce((z, key, i) => z + c[key] * v[i], c.bias);
}

/**
 * Fits the context stage: logistic regression over the seven inputs (full-batch Adam, light
 * L2 toward "the sentence's own score, unchanged"), on out-of-fold first-stage scores.
 */
export function fitContext(rows: { v: number[]; y: 0 | 1 }[], iterations = 2000, lambda = 0.001): ClaimContextWeights {
  const d = CONTEXT_KEYS.length;
  const w = new Float64Array(d + 1);
  const prior = new Float64Array(d + 1);
  w[0] = prior[0] = 1;
  const step = adam(d + 1, 0.02);
  for (let t = 1; t <= iterations; t++) {
    const g = new Float64Array(d + 1);
    for (const r of rows) {
      let z = w[d];
      for (let k = 0; k < d; k++) z += w[k] * r.v[k];
      const diff = (1 / (1 + Math.exp(-z)) - r.y) / rows.length;
      for (let k = 0; k < d; k++) g[k] += diff * r.v[k];
      g[d] += diff;
    }
    for (let k = 0; k < d; k++) g[k] += lambda * (w[k] - prior[k]);
    for (let k = 0; k <= d; k++) w[k] -= step(k, g[k], t);
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const out = { bias: round(w[d]) } as ClaimContextWeights;
  CONTEXT_KEYS.forEach((key, i) => (out[key] = round(w[i])));
  return out;
}

/**
 * The largest contribution a message could name, as scoreClaim computes it: any cue but
 * glossary terms, any word or pair not made only of function words.
 */
export function strongestReason(e: Example, f: Fitted, functionWords: Set<string>): number {
  let m = 0;
  for (const [id, v] of e.x) {
    if (id === 'glossary-terms') continue;
    if (id.startsWith('w:') && id.slice(2).split(' ').every((t) => functionWords.has(t))) continue;
    const c = (f.weights.get(id) ?? 0) * v;
    if (c > m) m = c;
  }
  return m;
}

/** Scores with the reason gate applied: a unit without a reason above `gate` can never be flagged. */
export function gated(scores: number[], strongest: number[], gate: number): number[] {
  return scores.map((s, i) => (strongest[i] > gate ? s : -Infinity));
}

function main(): void {
  const dry = process.argv.includes('--dry');
  const lexicon = readJson('claim-lexicon.json');
  delete lexicon.$schema;
  delete lexicon.description;
  const priors: Record<string, number> = lexicon.priors?.weights ?? {};
  delete lexicon.priors;
  const shell: ClaimModelData = { version: 1, lexicon, weights: {}, bias: 0, thresholds: { low: 0, medium: 0, high: 0 } };
  const docs = loadCorpus({ writeSplits: !dry }).filter((d) => d.split !== 'test');
  const all = examples(docs, shell);
  const train = all.filter((e) => e.doc.split === 'train');
  const dev = all.filter((e) => e.doc.split === 'dev');
  // Vocabulary: words on at least MIN_DF documents (not sentences: one page's pet words don't
  // count). It reads no labels, so counting the held-out folds' pages leaks nothing.
  const docFreq = new Map<string, Set<string>>();
  for (const e of all) for (const id of e.x.keys()) if (id.startsWith('w:')) docFreq.set(id, (docFreq.get(id) ?? new Set()).add(e.doc.id));
  const features = new Set<string>();
  for (const e of all) for (const id of e.x.keys()) if (!id.startsWith('w:') || (docFreq.get(id)?.size ?? 0) >= MIN_DF) features.add(id);
  for (const id of Object.keys(priors)) features.add(id);
  console.log(`train: ${train.length} units (${train.filter((e) => e.y).length} claims) from ${new Set(train.map((e) => e.doc.id)).size} documents; dev: ${dev.length} units from ${new Set(dev.map((e) => e.doc.id)).size} pages; ${features.size} features`);

  // Choose on held-out pages: five folds of the train and dev pages, grouped by page and
  // spread over genres (a 46-page dev split alone ranked settings differently from the next
  // test round). Each setting is fitted five times, each time without one fold, and scored on
  // that fold; the out-of-fold scores of all pages give the precision at recall 0.90 (the
  // recall target). The team's articles are in every fit and never scored here.
  const folds = pageFolds(all, FOLDS);
  const heldOut = all.filter((e) => folds.has(e.doc.id));
  const team = all.filter((e) => e.doc.genre === 'team-eval');
  const functionWords = new Set<string>(lexicon.functionWords ?? []);
  let best: { lc: number; lw: number; tw: number; ws: number | null; score: number; f: Fitted; folded: ReturnType<typeof outOfFold> } | undefined;
  const scaleOf = (rows: Example[], ws: number | null) => (ws === null ? new Map<string, number>() : nbScale(rows, features, ws));
  for (const ws of WORD_SCALES) {
    for (const tw of TEAM_WEIGHTS) {
      for (const lc of LAMBDA_CUE) {
        for (const lw of LAMBDA_WORD) {
          const folded = outOfFold(all, heldOut, folds, (rows) => fit(rows, features, lc, lw, priors, ITERATIONS, scaleOf(rows, ws), tw), functionWords);
          const oof = folded.scores;
          const t = thresholdFor(heldOut, oof, 0.9);
          const r = pr(heldOut, oof, t);
          const f = fit(all, features, lc, lw, priors, ITERATIONS, scaleOf(all, ws), tw);
          const teamScores = team.map((e) => logit(e, f));
          const kept = pr(team, teamScores, t);
          const ok = kept.precision >= TEAM_FLOOR.precision && kept.recall >= TEAM_FLOOR.recall;
          console.log(`  words ${ws === null ? 'binary' : `NB ≥ ${ws}`}  team ×${tw}  λcue ${lc}  λword ${lw}: held-out precision ${r.precision.toFixed(3)} at recall ${r.recall.toFixed(3)} (F1 ${r.f1.toFixed(3)}); team articles ${kept.precision.toFixed(3)} / ${kept.recall.toFixed(3)}${ok ? '' : ' (below the floor)'}`);
          if (ok && (!best || r.f1 > best.score)) best = { lc, lw, tw, ws, score: r.f1, f, folded };
        }
      }
    }
  }
  if (!best) throw new Error('no setting keeps the team articles at their floor');
  const { lc, lw, tw, ws, f, folded } = best;
  const shipped = scorer(f);
  // The reason gate (ClaimModelData.minReason), chosen on the chosen setting's out-of-fold
  // scores: the largest that does not lower the held-out F1 at recall 0.90 — every warning
  // should have a reason worth naming, as long as that costs no claims.
  let minReason = 0;
  let gateF1 = -1;
  for (const gate of MIN_REASONS) {
    const s = gated(folded.scores, folded.strongest, gate);
    const t = thresholdFor(heldOut, s, 0.9);
    const r = pr(heldOut, s, t);
    const kept = pr(team, gated(team.map((e) => logit(e, f)), team.map((e) => strongestReason(e, f, functionWords)), gate), t);
    const ok = kept.precision >= TEAM_FLOOR.precision && kept.recall >= TEAM_FLOOR.recall;
    console.log(`  reason gate ${gate}: held-out precision ${r.precision.toFixed(3)} at recall ${r.recall.toFixed(3)} (F1 ${r.f1.toFixed(3)}); team articles ${kept.precision.toFixed(3)} / ${kept.recall.toFixed(3)}${ok ? '' : ' (below the floor)'}`);
    if (ok && r.f1 >= gateF1) (minReason = gate), (gateF1 = r.f1);
  }
  // The context stage (ClaimModelData.context), chosen like the gate: fitted on the chosen
  // setting's out-of-fold scores, scored by a second five-fold round over the same pages, and
  // kept only if it raises the held-out F1 at recall 0.90 and keeps the team articles.
  const stage2 = new Array<number>(heldOut.length);
  for (let k = 0; k < FOLDS; k++) {
    const c = fitContext(heldOut.flatMap((e, i) => (folds.get(e.doc.id) !== k ? [{ v: folded.inputs[i], y: e.y }] : [])));
    heldOut.forEach((e, i) => {
      if (folds.get(e.doc.id) === k) stage2[i] = applyContext(c, folded.inputs[i]);
    });
  }
  const contextual = gated(stage2, folded.strongest, minReason);
  const tc = thresholdFor(heldOut, contextual, 0.9);
  const rc = pr(heldOut, contextual, tc);
  const context = fitContext(heldOut.map((e, i) => ({ v: folded.inputs[i], y: e.y })));
  const teamWith = (c: ClaimContextWeights | undefined) => gated(team.map((e) => (c ? applyContext(c, contextInputs(e, shipped)) : logit(e, f))), team.map((e) => strongestReason(e, f, functionWords)), minReason);
  const keptWith = pr(team, teamWith(context), tc);
  const contextOk = keptWith.precision >= TEAM_FLOOR.precision && keptWith.recall >= TEAM_FLOOR.recall && rc.f1 > gateF1;
  console.log(`  context stage: held-out precision ${rc.precision.toFixed(3)} at recall ${rc.recall.toFixed(3)} (F1 ${rc.f1.toFixed(3)}, against ${gateF1.toFixed(3)} without); team articles ${keptWith.precision.toFixed(3)} / ${keptWith.recall.toFixed(3)}: ${contextOk ? 'kept' : 'not kept'}`);
  const chosenContext = contextOk ? context : undefined;
  const oof = contextOk ? contextual : gated(folded.scores, folded.strongest, minReason);
  // The shipped model is fitted on every train and dev page; its thresholds come from the
  // out-of-fold scores, which are honest about pages the fit has not seen.
  const thresholds: Record<Sensitivity, number> = {
    low: thresholdFor(heldOut, oof, 0.8),
    medium: thresholdFor(heldOut, oof, 0.9),
    high: thresholdFor(heldOut, oof, 0.95),
  };
  const cv = pr(heldOut, oof, thresholds.medium);
  console.log(`held-out (${FOLDS}-fold, by page): precision ${cv.precision.toFixed(3)}, recall ${cv.recall.toFixed(3)} at medium`);
  const report = (name: string, ex: Example[]) => {
    const s = gated(ex.map((e) => (chosenContext ? applyContext(chosenContext, contextInputs(e, shipped)) : logit(e, f))), ex.map((e) => strongestReason(e, f, functionWords)), minReason);
    const r = pr(ex, s, thresholds.medium);
    return `${name} precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)}`;
  };
  console.log(`chose words ${ws === null ? 'binary' : `NB ≥ ${ws}`}, team articles ×${tw}, λcue ${lc}, λword ${lw}, reason gate ${minReason}, context stage ${chosenContext ? JSON.stringify(chosenContext) : 'none'}; thresholds low ${thresholds.low}, medium ${thresholds.medium}, high ${thresholds.high}`);
  console.log(`fitted on: ${report('train', train)}; ${report('dev', dev)}; ${report('team articles', train.filter((e) => e.doc.genre === 'team-eval'))} (units, medium)`);
  const cues = [...f.weights].filter(([id]) => !id.startsWith('w:')).sort((a, b) => b[1] - a[1]);
  console.log(`cue weights: ${cues.map(([id, w]) => `${id} ${w}`).join(', ')}`);
  if (dry) return;
  const sortedWeights = Object.fromEntries([...f.weights].sort(([a], [b]) => (a.startsWith('w:') === b.startsWith('w:') ? a.localeCompare(b) : a.startsWith('w:') ? 1 : -1)));
  const model: ClaimModelData & Record<string, unknown> = {
    $schema: '../schemas/claim-model.schema.json',
    version: 1,
    generated: 'by scripts/claims/train.ts (npm run train:claims): do not edit by hand',
    trainedOn: {
      trainDocuments: new Set(train.map((e) => e.doc.id)).size,
      trainUnits: train.length,
      devPages: new Set(dev.map((e) => e.doc.id)).size,
      devUnits: dev.length,
      selection: `${FOLDS}-fold cross-validation over the train and dev pages, grouped by page`,
      heldOutPrecision: Math.round(cv.precision * 1000) / 1000,
      heldOutRecall: Math.round(cv.recall * 1000) / 1000,
      lambdaCue: lc,
      lambdaWord: lw,
      teamWeight: tw,
      wordValues: ws === null ? 'binary' : `naive-Bayes log-count ratio, at least ${ws}, folded into the weights`,
      minDocumentFrequency: MIN_DF,
    },
    bias: f.bias,
    minReason,
    ...(chosenContext ? { context: chosenContext } : {}),
    thresholds,
    weights: sortedWeights,
    lexicon,
  };
  writeFileSync(path.join(dataDir, 'claim-model.json'), JSON.stringify(model, null, 1) + '\n');
  console.log(`wrote server/data/claim-model.json (${f.weights.size} weights)`);
}

if (require.main === module) main();

/**
 * The claim scorer: how strongly a prose unit (a sentence, or a table row) asserts a health
 * fact that an editor would want sourced. A logistic model over interpretable features (word
 * lists and patterns from `claim-lexicon.json`) and lexical features (single words), whose
 * weights are fitted on a labelled corpus by `scripts/claims/train.ts` and shipped as data
 * (`claim-model.json`). Nothing here reads a file: the model arrives as a parameter.
 * Every feature that fires is kept with its contribution, so a warning can say why.
 */
import { asOneLine, caseless } from './patterns';
import { inSteps, runSteps, type Steps } from './steps';
import { compileOverclaims, findOverclaims, type OverclaimHit, type OverclaimMatcher, type OverclaimsData } from './overclaims';

export type Sensitivity = 'low' | 'medium' | 'high';

/** A pattern feature of the lexicon. */
export interface LexiconFeature {
  reason: string;
  /** Negative cues lower the score (documentation only: the fitted weight decides). */
  negative?: boolean;
  patterns?: string[];
  /** For the imperative cue: first words of instructions. */
  words?: string[];
}

export interface ClaimLexicon {
  version: number;
  /** Verb stems that state an effect ("reduc" matches reduces, reduced, reducing). */
  effectStems: string[];
  /** Words that start with a stem but state no effect ("product"). */
  effectExceptions?: string[];
  /**
   * Function words ("of", "is", "it is"): the model weighs them (they tell a statement from a
   * fragment), but a message never names them as claim wording — "uses claim wording (“of”)"
   * tells an editor nothing.
   */
  functionWords?: string[];
  features: Record<string, LexiconFeature>;
}

/** The shipped model: lexicon, fitted weights, and the thresholds chosen by cross-validation (scripts/claims/train.ts). */
export interface ClaimModelData {
  version: number;
  lexicon: ClaimLexicon;
  /** Feature id → weight; lexical features are "w:<word>". */
  weights: Record<string, number>;
  bias: number;
  /** Logit at or above which a unit is a claim. */
  thresholds: Record<Sensitivity, number>;
  /**
   * A claim also needs one reason a message can name that weighs more than this: a cue, or a
   * word or pair that is not only function words. Without it a sentence whose score rests on
   * "of" and "is" ("It tastes of mint.") would be flagged with nothing to say why.
   */
  minReason?: number;
  /**
   * The second stage: a sentence read with the other sentences of its paragraph (or list
   * item, or quotation). Absent, a sentence is scored alone. See scoreClaims.
   */
  context?: ClaimContextWeights;
  [other: string]: unknown;
}

/**
 * Weights of the second stage, fitted by scripts/claims/train.ts on out-of-fold first-stage
 * scores (so they weigh what the first stage says about text it has not seen): the final
 * score is `bias + self·s + previous·p + next·n + others·m + hasPrevious + hasNext +
 * hasOthers`, where s is the sentence's own first-stage score, p and n those of the
 * sentences just before and after it in the block (0 when there is none), and m the mean of
 * the block's other sentences. Claims come in runs: a sentence between two claims is more
 * likely one than the same words between two anecdotes.
 */
export interface ClaimContextWeights {
  bias: number;
  self: number;
  previous: number;
  next: number;
  others: number;
  hasPrevious: number;
  hasNext: number;
  hasOthers: number;
}

export interface ClaimFeature {
  /** Stable id, documented in the README ("effect", "w:cures"). */
  id: string;
  /** This feature's contribution to the score (weight × value). */
  weight: number;
  /** Human-readable reason: "states an effect". */
  reason: string;
  /** The words that triggered it, when there are some. */
  match?: string;
}

export interface ClaimScore {
  /** The model's logit: ≥ the threshold of the sensitivity means a claim. */
  score: number;
  /** The first-stage logit, of the unit's own words (equal to score when the model has no context stage). */
  alone: number;
  features: ClaimFeature[];
  thresholds: Record<Sensitivity, number>;
  /** The largest contribution a message could name (see ClaimModelData.minReason). */
  strongestReason: number;
  /** Whether strongestReason clears the model's minReason. */
  reasoned: boolean;
  /** Overclaim wording found in the unit (the overclaim rule reports these). */
  overclaims: OverclaimHit[];
}

export interface ClaimUnitInfo {
  text: string;
  /** Number of glossary terms in the unit. */
  glossaryTerms: number;
  inBlockquote?: boolean;
  inListItem?: boolean;
  isTableRow?: boolean;
  /** A table row in a table where other rows carry citations (an evidence table). */
  inCitedTable?: boolean;
}

interface CompiledFeature {
  id: string;
  reason: string;
  patterns: RegExp[];
}

/** A model ready to score: patterns compiled once. */
export interface ClaimJudge {
  data: ClaimModelData;
  /**
   * The learned words (`w:word`) and pairs (`w:first second`), by word: one lookup per token
   * finds a word's weight and the pairs it begins.
   */
  vocabulary: Map<string, LearnedTerm>;
  features: CompiledFeature[];
  effectStems: RegExp;
  effectExceptions: Set<string>;
  imperatives: Set<string>;
  overclaims: OverclaimMatcher;
}

/** A learned word or pair of words (see ClaimJudge.vocabulary). */
interface LearnedTerm {
  /** As the model names it: `w:word` or `w:first second`. */
  id: string;
  /** Its weight; 0 for a word learned only as the first of pairs. */
  weight: number;
  /** False when made only of function words: scored, never named in a message. */
  nameable: boolean;
  /** The pairs a word begins, by second word. */
  pairs?: Map<string, LearnedTerm>;
  /** The scoring that last counted it: a word or pair counts once per unit (see scoreAlone). */
  countedIn: number;
  /**
   * Its feature when named, one frozen object: a word's weight, reason and text never change,
   * and a long document names the same words thousands of times (each score keeps its named
   * features for its message).
   */
  feature?: ClaimFeature;
}

const REASONS: Record<string, string> = {
  'too-short': 'too short to state a claim',
  question: 'a question',
  'glossary-terms': 'uses glossary terms',
  'evidence-table': 'a row of a table whose other rows cite sources',
  'table-row': 'a table row',
  'list-item': 'a list item',
  quotation: 'a quotation',
  exclamation: 'an exclamation',
  'hedged-effect': 'a hedged effect is still a claim',
  'general-statement': 'states a general fact',
  imperative: 'an instruction',
  overclaim: 'promises more than evidence can give',
  'disease-claim': 'a disease claim for a food or supplement',
  long: 'a long assertion',
  'lead-in': 'introduces a list',
  'no-end-punctuation': 'a fragment without end punctuation',
  context: 'its paragraph makes other claims',
};

export function compileClaimJudge(data: ClaimModelData, overclaims: OverclaimsData): ClaimJudge {
  const features: CompiledFeature[] = [];
  let imperatives = new Set<string>();
  for (const [id, f] of Object.entries(data.lexicon.features)) {
    if (f.words) imperatives = new Set(f.words.map((x) => x.toLowerCase()));
    // One alternation per feature: a single scan of the sentence instead of one per pattern.
    const patterns = f.patterns ?? [];
    features.push({ id, reason: f.reason, patterns: patterns.length ? [caseless(patterns.map((p) => `(?:${p})`).join('|'))] : [] });
  }
  // A word or pair made only of function words is scored but never named in a message.
  const functionWords = new Set(data.lexicon.functionWords ?? []);
  const vocabulary = new Map<string, LearnedTerm>();
  const wordOf = (word: string): LearnedTerm => {
    let learned = vocabulary.get(word);
    if (!learned) vocabulary.set(word, (learned = { id: `w:${word}`, weight: 0, nameable: !functionWords.has(word), countedIn: 0 }));
    return learned;
  };
  // Over the keys, not Object.entries: sixteen thousand [key, weight] pairs made only to be
  // read once made the loop markedly slower (development timing of a server's start).
  const weights = data.weights;
  const ids = Object.keys(weights);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!id.startsWith('w:')) continue;
    const w = weights[id];
    const words = id.slice(2).split(' ');
    if (words.length === 1) wordOf(words[0]).weight = w;
    else if (words.length === 2) {
      const first = wordOf(words[0]);
      (first.pairs ??= new Map()).set(words[1], { id, weight: w, nameable: !(functionWords.has(words[0]) && functionWords.has(words[1])), countedIn: 0 });
    }
  }
  return {
    data,
    vocabulary,
    features,
    effectStems: stemPattern(data.lexicon.effectStems),
    effectExceptions: new Set(data.lexicon.effectExceptions ?? []),
    imperatives,
    overclaims: compileOverclaims(overclaims),
  };
}

/** Lower-cased words of a unit, as the lexical features see them. */
export function claimTokens(text: string): string[] {
  const tokens = text.toLowerCase().match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  // Most words have no apostrophe: they are kept as matched, without two replacements each.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.includes("'") || t.includes('’')) tokens[i] = t.replace(/[’]/g, "'").replace(/(?:'s|')$/, '');
  }
  return tokens;
}

function firstWord(text: string): string {
  return (/^[\s"“'‘(*_]*([\p{L}']+)/u.exec(text)?.[1] ?? '').toLowerCase();
}

/** One regular expression for all effect stems: a word that starts with a stem, plus up to five letters. */
function stemPattern(stems: string[]): RegExp {
  const alternatives = [...stems].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}-])(?:${alternatives.join('|')})[\\p{L}-]{0,5}(?![\\p{L}-])`, 'gu');
}

function effectWord(lower: string, stems: RegExp, exceptions: Set<string>): string | undefined {
  // exec on the shared global pattern, not matchAll (which copies the pattern on every call).
  stems.lastIndex = 0;
  for (let m = stems.exec(lower); m; m = stems.exec(lower)) {
    // "increasingly", "treatment": keep only verb-like endings.
    if (/(?:ly|ness|ment)$/.test(m[0]) || exceptions.has(m[0])) continue;
    stems.lastIndex = 0;
    return m[0];
  }
  return undefined;
}

/**
 * The features of a unit, each with its value (1 for a cue, a count for glossary terms) and
 * the words that triggered it. The training script and the scorer share this function, so
 * what the model was fitted on is exactly what it sees in the editor.
 */
/** The interpretable cues of a unit (word lists, patterns, shape), and its text as scored. */
function cueFeatures(unit: ClaimUnitInfo, judge: ClaimJudge): { values: Map<string, number>; matches: Map<string, string>; overclaims: OverclaimHit[]; text: string } {
  // Curly apostrophes as straight ones, as the word lists write them.
  const text = unit.text.trim().replace(/[’‘]/g, "'");
  // The cues read a hard-wrapped sentence as on one line (the overclaims map their own offsets).
  const line = asOneLine(text).line;
  const lower = line.toLowerCase();
  const values = new Map<string, number>();
  const matches = new Map<string, string>();
  const set = (id: string, value = 1, match?: string) => {
    values.set(id, value);
    if (match) matches.set(id, match);
  };

  const words = text.split(/\s+/).filter((x) => /[\p{L}\d]/u.test(x)).length;
  if (words < 4) set('too-short');
  if (words >= 25) set('long');
  if (/\?\s*(?:["”’)]\s*)?$/.test(text)) set('question');
  if (unit.glossaryTerms > 0) set('glossary-terms', Math.min(3, unit.glossaryTerms));
  if (unit.inCitedTable) set('evidence-table');
  if (unit.isTableRow) set('table-row');
  if (unit.inListItem) set('list-item');
  if (unit.inBlockquote || /^["“'‘].*["”'’][.!?]?$/s.test(text)) set('quotation');
  if (/!\s*(?:\p{Extended_Pictographic}\S*\s*)*$/u.test(text)) set('exclamation');
  if (/:\s*$/.test(text)) set('lead-in');
  else if (!/[.!?…"”')\]]\s*$/.test(text)) set('no-end-punctuation');

  const stem = effectWord(lower, judge.effectStems, judge.effectExceptions);
  for (const f of judge.features) {
    for (const re of f.patterns) {
      const m = re.exec(line);
      if (m) {
        set(f.id, 1, m[0].trim());
        break;
      }
    }
  }
  if (stem && !values.has('effect')) set('effect', 1, stem);
  else if (stem) matches.set('effect', stem);

  const first = firstWord(text);
  // "If you have X, get…", "In these patients, consider…": the instruction after the opener.
  const afterOpener = /^(?:if|when|once|before|after|while|until|in|for|with|at|on|to)\b[^,;:]{0,80}[,;:]\s*([\p{L}']+)/iu.exec(text)?.[1]?.toLowerCase();
  if (judge.imperatives.has(first) || (afterOpener && judge.imperatives.has(afterOpener))) set('imperative', 1, first);

  const effect = values.has('effect');
  const outcome = values.has('health-outcome');
  if (values.has('hedge') && (effect || outcome)) set('hedged-effect');
  values.delete('hedge');
  if (!effect && values.has('generic-fact') && (outcome || unit.glossaryTerms > 0)) set('general-statement');
  values.delete('generic-fact');

  const overclaims = findOverclaims(text, judge.overclaims);
  const over = overclaims.find((o) => o.kind === 'overclaim');
  const disease = overclaims.find((o) => o.kind === 'disease-claim');
  if (over) set('overclaim', 1, over.text);
  if (disease) set('disease-claim', 1, disease.text);

  return { values, matches, overclaims, text };
}

/**
 * Every feature of a unit, cues and lexical ones, as the training script sees them: single
 * words and adjacent pairs (`w:…`); the model keeps those seen on enough training pages.
 */
export function claimFeatures(unit: ClaimUnitInfo, judge: ClaimJudge): { values: Map<string, number>; matches: Map<string, string>; overclaims: OverclaimHit[] } {
  const { values, matches, overclaims, text } = cueFeatures(unit, judge);
  const tokens = claimTokens(text);
  for (let i = 0; i < tokens.length; i++) {
    values.set(`w:${tokens[i]}`, 1);
    if (i + 1 < tokens.length) values.set(`w:${tokens[i]} ${tokens[i + 1]}`, 1);
  }
  return { values, matches, overclaims };
}

/**
 * Scores one unit on its own (a table row, a test sentence): scoreClaims with no neighbours.
 * `allFeatures: true` keeps every contribution; by default only the few a message can name.
 */
export function scoreClaim(unit: ClaimUnitInfo, judge: ClaimJudge, allFeatures = false): ClaimScore {
  return inContext([scoreAlone(unit, judge, allFeatures)], judge)[0];
}

/**
 * Scores the sentences of one block, in order: each on its own words (first stage), then
 * with its neighbours (the model's context stage, when it has one).
 */
export function scoreClaims(units: ClaimUnitInfo[], judge: ClaimJudge): ClaimScore[] {
  return runSteps(scoreClaimsSteps(units, judge));
}

/**
 * scoreClaims in steps: a pause after every SCORED_PER_STEP sentences. One paragraph can hold
 * thousands of sentences (a pasted transcript, a generated page), and scoring them all at once
 * kept the language server from answering for about a second.
 */
export function* scoreClaimsSteps(units: ClaimUnitInfo[], judge: ClaimJudge): Steps<ClaimScore[]> {
  const batch: ScoringBatch = { units, judge, alone: [] };
  yield* inSteps(units.length, scoreBatch, batch);
  return inContext(batch.alone, judge);
}

/** Sentences scored in one step of scoreClaimsSteps (a few milliseconds of work). */
export const SCORED_PER_STEP = 64;

interface ScoringBatch {
  units: ClaimUnitInfo[];
  judge: ClaimJudge;
  alone: ClaimScore[];
}

/** A step of scoreClaimsSteps (defined once, not a closure per call: see inSteps). */
function scoreBatch(this: ScoringBatch, from: number): number {
  const end = Math.min(this.units.length, from + SCORED_PER_STEP);
  for (let i = from; i < end; i++) this.alone.push(scoreAlone(this.units[i], this.judge));
  return end;
}

/** The context stage over one block's first-stage scores (see ClaimContextWeights). */
function inContext(alone: ClaimScore[], judge: ClaimJudge): ClaimScore[] {
  const c = judge.data.context;
  if (!c) return alone;
  const total = alone.reduce((a, s) => a + s.alone, 0);
  return alone.map((s, i) => {
    const hasPrevious = i > 0;
    const hasNext = i + 1 < alone.length;
    const others = alone.length - 1;
    const neighbours =
      (hasPrevious ? c.previous * alone[i - 1].alone + c.hasPrevious : 0) +
      (hasNext ? c.next * alone[i + 1].alone + c.hasNext : 0) +
      (others > 0 ? (c.others * (total - s.alone)) / others + c.hasOthers : 0);
    const score = c.bias + c.self * s.alone + neighbours;
    // Named only when the neighbours push it up enough to matter.
    const features = neighbours > NAMEABLE * 4 ? [...s.features, { id: 'context', weight: neighbours, reason: REASONS.context }].sort((a, b) => b.weight - a.weight) : s.features;
    return { ...s, score, features };
  });
}

/**
 * The first stage: the unit's logit from its own words, and the contributions a message can
 * name — the strongest positive cues and learned words, largest first (a document keeps only
 * the few per unit, as a large one has tens of thousands).
 */
export function scoreAlone(unit: ClaimUnitInfo, judge: ClaimJudge, allFeatures = false): ClaimScore {
  const { values, matches, overclaims, text } = cueFeatures(unit, judge);
  const { weights, bias, thresholds } = judge.data;
  const contributions: Contribution[] = [];
  let score = bias;
  let strongest = 0;
  for (const [id, value] of values) {
    const w = weights[id];
    if (!w) continue;
    const contribution = w * value;
    score += contribution;
    if (contribution > strongest && id !== 'glossary-terms') strongest = contribution;
    if (allFeatures || contribution > NAMEABLE) contributions.push([id, contribution, undefined]);
  }
  // Words and pairs, in the order claimFeatures lists them and each once (so the sum is the
  // same to the last bit): a term counted in this scoring carries its number.
  const scoring = ++scorings;
  const tokens = claimTokens(text);
  const vocabulary = judge.vocabulary;
  let learned = tokens.length > 0 ? vocabulary.get(tokens[0]) : undefined;
  for (let i = 0; i < tokens.length; i++) {
    const next = i + 1 < tokens.length ? tokens[i + 1] : undefined;
    const nextLearned = next !== undefined ? vocabulary.get(next) : undefined;
    // The word, then the pair it begins with the next word.
    for (let k = 0; k < 2; k++) {
      const term = k === 0 ? learned : next !== undefined ? learned?.pairs?.get(next) : undefined;
      if (!term || term.countedIn === scoring) continue;
      term.countedIn = scoring;
      const w = term.weight;
      if (!w) continue;
      score += w;
      if (term.nameable && w > strongest) strongest = w;
      if (allFeatures || (w > NAMEABLE && term.nameable)) contributions.push([term.id, w, term]);
    }
    learned = nextLearned;
  }
  contributions.sort((a, b) => b[1] - a[1]);
  let cues = 0;
  let words = 0;
  const features: ClaimFeature[] = [];
  for (const [id, weight, term] of contributions) {
    // What explainClaim names: three cues and three words at most.
    if (!allFeatures && (term ? words++ >= 3 : id !== 'glossary-terms' && cues++ >= 3)) continue;
    if (term) {
      features.push((term.feature ??= Object.freeze({ id, weight, reason: WORDING, match: id.slice(2) })));
      continue;
    }
    features.push({ id, weight, reason: judge.data.lexicon.features[id]?.reason ?? REASONS[id] ?? id, match: matches.get(id) });
  }
  return { score, alone: score, features, thresholds, strongestReason: strongest, reasoned: strongest > (judge.data.minReason ?? 0), overclaims };
}

/** A named cue (no term) or a learned word or pair, and what it adds to the score. */
type Contribution = [id: string, weight: number, term: LearnedTerm | undefined];

/** Scorings so far: each scoring's number marks the terms it has counted (LearnedTerm.countedIn). */
let scorings = 0;

const WORDING = 'uses wording common in claims';

/** A contribution smaller than this is never named in a message. */
const NAMEABLE = 0.05;

export function isClaim(score: ClaimScore, sensitivity: Sensitivity = 'medium'): boolean {
  return score.reasoned && score.score >= score.thresholds[sensitivity];
}

/** Quotes a phrase for a message: whole words only, at most about 40 characters. */
export function quotePhrase(phrase: string, max = 40): string {
  const clean = phrase.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return `“${clean}”`;
  const cut = clean.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `“${(lastSpace > 10 ? cut.slice(0, lastSpace) : clean.slice(0, max)).replace(/[\s,;:.-]+$/, '')}…”`;
}

/**
 * Why a unit counts as a claim, in words an editor can act on: "states an effect (“blunts”),
 * names a health outcome (“blood glucose”)". The strongest positive contributions first;
 * single words the model learned are grouped into one reason.
 */
const explained = new WeakMap<ClaimScore, string>();

export function explainClaim(score: ClaimScore): string {
  let text = explained.get(score);
  if (text === undefined) explained.set(score, (text = explainFresh(score)));
  return text;
}

function explainFresh(score: ClaimScore): string {
  const positive = score.features.filter((f) => f.weight > NAMEABLE);
  const cues = positive.filter((f) => !f.id.startsWith('w:') && f.id !== 'glossary-terms');
  const named = cues.slice(0, 3);
  // A word a cue already quotes is not named twice ("talks about the body (“fat”)", then "“fat”").
  const quoted = new Set(named.map((f) => f.match?.toLowerCase()).filter(Boolean));
  const words = positive.filter((f) => f.id.startsWith('w:') && !quoted.has((f.match ?? f.id.slice(2)).toLowerCase())).slice(0, 3);
  const parts = named.map((f) => (f.match ? `${f.reason} (${quotePhrase(f.match)})` : f.reason));
  if (parts.length < 3 && words.length > 0) parts.push(`uses claim wording (${words.map((f) => quotePhrase(f.match ?? f.id)).join(', ')})`);
  if (parts.length === 0) parts.push('reads as a health statement');
  return parts.join(', ');
}

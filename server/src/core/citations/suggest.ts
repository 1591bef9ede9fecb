import type { Glossary } from '../glossary';
import type { CitationLibrary, CuratedRecord } from './library';

export interface Suggestion {
  record: CuratedRecord;
  score: number;
}

const STOP = new Set(
  'a an the and or but of in on at to for with by from as is are was were be been being it its this that these those than then there their they them can may might could would should will also even just very more most less such into over under about after before during while which who whom what when where why how not no yes do does did done have has had your you our we i'.split(' '),
);

/** Words that appear in claims on every topic: they should not decide which paper fits. */
const LOW_INFORMATION = new Set(
  'risk risks loss health healthy effect effects increase increases increased reduce reduces reduced lower higher people adults body study studies evidence benefit benefits improve improves level levels rate rates time times week weeks day days year years often much many well good better modest major events event clinically relevant average particular attention outcomes outcome long term longer short'.split(' '),
);

/** What surrounds a sentence in its document, when the caller knows it. */
export interface SuggestionContext {
  /** The document's title and the headings of the section the sentence is in, outermost first. */
  headings?: string[];
  /** Records cited elsewhere in the document (never the sentence's own citations). */
  citedElsewhere?: ReadonlySet<string>;
}

// Chosen on the team's articles (training data) among 0–0.7 and 1–2, with the topic
// articles as a check (scripts/evaluate.ts prints both).
const SETTING_BOOST = 0.2;
const CITED_ELSEWHERE_BOOST = 2;

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\[[^\]]*\]|\([^)]*\d{4}[^)]*\)/g, ' ')
    .split(/[^\p{L}\p{N}α-ωβ-]+/u)
    .filter((w) => w.length > 2 && !STOP.has(w));
}

/**
 * What kind of source a sentence asks for, from its own wording: a recommendation wants a
 * guideline, "a trial found" a trial, "studies show" a review, "in mice" an animal study, a
 * definition a consensus statement. A record of that design ranks a little higher.
 */
const DESIGN_CUES: { cue: RegExp; designs: string[] }[] = [
  { cue: /\b(should|recommend(s|ed|ations?)?|guidelines?|advised?|aim for|at least \d|(times|days|sessions) (a|per) week|per week|\/week|position statement|consensus)\b/i, designs: ['guideline'] },
  { cue: /\b(defin(ed|es|ition)|call(ed|s) (it )?[a-z]+|diagnos(is|ed) (of|as|when))\b/i, designs: ['guideline'] },
  { cue: /\b(trials?|randomi[sz]ed|placebo)\b/i, designs: ['rct', 'clinical-trial', 'meta-analysis', 'systematic-review'] },
  { cue: /\b(studies|meta-analys[ie]s|reviews?|on average|pooled|research (shows|suggests))\b/i, designs: ['meta-analysis', 'systematic-review', 'narrative-review'] },
  { cue: /\b(mice|mouse|rodents?|rats?|animals?|cells?|in vitro)\b/i, designs: ['animal', 'cell', 'mixed-mechanistic', 'narrative-review'] },
];
export const DESIGN_BOOST = 1.4;

export function designFit(claim: string, record: CuratedRecord, asked: Set<string> = designsAskedFor(claim)): number {
  const design = record.evidenceInfo?.design;
  return design && asked.has(design) ? DESIGN_BOOST : 1;
}

/** The designs a sentence's wording asks for (read once per sentence, not once per record). */
function designsAskedFor(claim: string): Set<string> {
  const asked = new Set<string>();
  for (const c of DESIGN_CUES) if (c.cue.test(claim)) for (const d of c.designs) asked.add(d);
  return asked;
}

/** Everyday words and the words the literature uses for them. */
const SYNONYMS: Record<string, string[]> = {
  death: ['mortality'], deaths: ['mortality'], dying: ['mortality'], die: ['mortality'], longer: ['mortality', 'longevity'], live: ['mortality'],
  walking: ['steps', 'physical activity'], walk: ['steps', 'physical activity'], steps: ['step count', 'daily steps'],
  sugar: ['glucose', 'glycaemic'], sugars: ['glucose'], heart: ['cardiovascular', 'cardiorespiratory'], weights: ['resistance training', 'muscle-strengthening'],
  lifting: ['resistance training', 'muscle-strengthening'], strength: ['muscle strength', 'resistance training'], sitting: ['sedentary', 'sitting time'],
  sedentary: ['sitting time'], memory: ['hippocampus', 'cognitive'], brain: ['hippocampus', 'BDNF', 'cognitive'], fat: ['adipose', 'obesity'], belly: ['visceral'],
  sleep: ['sleep duration'], clock: ['circadian'], clocks: ['circadian'], night: ['circadian', 'sleep'], daylight: ['circadian', 'light'], light: ['circadian'],
  supplements: ['supplementation'], lifters: ['resistance training'], hypoglycaemia: ['diabetes'], hba1c: ['glycemic', 'type 2 diabetes'], falls: ['sarcopenia'], sleeping: ['sleep duration'], diet: ['dietary', 'nutrition'], fibre: ['fiber', 'carbohydrate quality'], fiber: ['fibre', 'carbohydrate quality'],
  protein: ['protein intake', 'protein supplementation'], bones: ['bone mineral density', 'osteoporosis'], bone: ['bone mineral density', 'osteoporosis'],
  ageing: ['aging'], aging: ['ageing'], older: ['older adults', 'aging'], fasting: ['ketone', 'ketosis'], inflammation: ['anti-inflammatory', 'inflammatory'],
  pressure: ['blood pressure', 'hypertension'], cholesterol: ['lipoproteins', 'LDL', 'HDL'], diabetes: ['type 2 diabetes', 'glycemic'], dementia: ['cognitive decline'],
};

/** The literature's words for everyday words in a claim ("walking" → steps, physical activity). */
export function expandSynonyms(words: string[]): string[] {
  return words.flatMap((w) => SYNONYMS[w] ?? []);
}

/**
 * Ranks curated records by how well they support a claim: full-text relevance (minisearch,
 * BM25 over title, keywords and notes) of the claim's words, with glossary terms in the claim
 * added under their canonical name, so "glucose transporter type 4" finds GLUT4 papers.
 * Retracted records are never suggested.
 */
export function suggestCitations(claim: string, library: CitationLibrary, glossary: Glossary | undefined, limit = 3, context?: SuggestionContext): Suggestion[] {
  if (context) return rank(claim, library, glossary, context).slice(0, limit);
  // Without a context the ranking depends on the claim and the data alone: remembered.
  let kept = rankings.get(library);
  if (!kept || kept.glossary !== glossary || kept.byClaim.size >= RANKINGS_KEPT) rankings.set(library, (kept = { glossary, byClaim: new Map() }));
  let ranked = kept.byClaim.get(claim);
  if (!ranked) kept.byClaim.set(claim, (ranked = rank(claim, library, glossary)));
  return ranked.slice(0, limit);
}

/**
 * Rankings of claims with no context, per library (and the glossary they were ranked with):
 * a cited sentence is ranked for its fit and again for better matches, an unknown citation's
 * sentence for alternatives, each time the same ranking. A ranking lists every record that
 * matches (most of the list, for most sentences), so few are kept: forgotten, all at once,
 * when RANKINGS_KEPT claims are held (a document asks about its cited and unknown-cited
 * sentences: under a hundred in the bench's articles). The suggestions are shared:
 * callers read them, never change them.
 */
const rankings = new WeakMap<CitationLibrary, { glossary: Glossary | undefined; byClaim: Map<string, Suggestion[]> }>();
const RANKINGS_KEPT = 500;

/** Every record that matches the claim, best first. */
function rank(claim: string, library: CitationLibrary, glossary: Glossary | undefined, context?: SuggestionContext): Suggestion[] {
  const words = contentWords(claim);
  // Glossary terms in the claim, under their canonical names, weigh most: they name its topic.
  const topical = new Set<string>();
  if (glossary) {
    for (const m of glossary.matcher.match(claim)) for (const t of m.entry.term.toLowerCase().split(/[^\p{L}\p{N}α-ω-]+/u)) if (t.length > 1 && !LOW_INFORMATION.has(t)) topical.add(t);
  }
  const expanded = new Set(words.flatMap((w) => SYNONYMS[w] ?? []).flatMap((w) => w.toLowerCase().split(/\s+/)));
  // The section's headings say what the sentence is about when its own words are generic
  // ("Light walking after meals…" under "Exercise in type 2 diabetes"): a weaker voice.
  const claimTerms = new Set([...words, ...expanded, ...topical]);
  const setting = new Set(context?.headings ? contentWords(context.headings.join(' ')).filter((w) => !claimTerms.has(w) && !LOW_INFORMATION.has(w)) : []);
  const query = [...claimTerms, ...setting].join(' ');
  if (!query.trim()) return [];
  const results = library.search.search(query, {
    combineWith: 'OR',
    boost: { keywords: 3, title: 2 },
    boostTerm: (term: string) => (topical.has(term) ? 3 : expanded.has(term) ? 1.5 : LOW_INFORMATION.has(term) ? 0.3 : setting.has(term) && !words.includes(term) ? SETTING_BOOST : 1),
    prefix: (t: string) => t.length > 6,
    fuzzy: (t: string) => (t.length > 7 ? 0.15 : false),
  });
  const out: Suggestion[] = [];
  const asked = designsAskedFor(claim);
  for (const r of results) {
    const record = library.byId.get(String(r.id));
    if (!record || record.retracted) continue;
    const penalty = record.supersededBy || /superseded/i.test(record.item.note ?? '') ? 0.7 : 1;
    // A source the author already cites elsewhere in the document is a likelier fit.
    const familiar = context?.citedElsewhere?.has(record.id) ? CITED_ELSEWHERE_BOOST : 1;
    out.push({ record, score: r.score * penalty * familiar * designFit(claim, record, asked) });
  }
  out.sort((a, b) => b.score - a.score);
  return out;
}

/** Levenshtein distance, for "did you mean" keys. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * The curated keys nearest to an unknown key (typos, wrong year, wrong title word), with a
 * distance: below about 0.35 the key is probably a misspelling of that record.
 */
export function nearestKeys(key: string, library: CitationLibrary, limit = 3): { record: CuratedRecord; distance: number }[] {
  const k = key.toLowerCase();
  const author = /^[a-z\u00c0-\u024f-]+/.exec(k)?.[0] ?? '';
  const year = /\d{4}/.exec(k)?.[0];
  return library.records
    .filter((r) => !r.retracted)
    .map((r) => {
      let d = editDistance(k, r.id.toLowerCase()) / Math.max(k.length, r.id.length);
      if (author && r.id.toLowerCase().startsWith(author)) d -= 0.3;
      if (year && r.year === Number(year)) d -= 0.1;
      return { r, d };
    })
    .sort((a, b) => a.d - b.d)
    .slice(0, limit)
    .map((x) => ({ record: x.r, distance: x.d }));
}

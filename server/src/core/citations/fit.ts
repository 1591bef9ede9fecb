/**
 * Does a cited record fit its sentence? Two questions, each answered from data the curated
 * list already holds:
 * - subject: does the record share topic terms with the sentence (title and keywords against
 *   the sentence's words, glossary terms and everyday synonyms), and does the ranking that
 *   suggests citations place it anywhere near the best matches?
 * - evidence: is a claim about people resting only on animal, cell or mechanistic work, or is
 *   causal wording resting only on observational studies?
 */
import type { Glossary } from '../glossary';
import { asOneLine } from '../patterns';
import { shortLabel } from './format';
import type { CitationLibrary, CuratedRecord } from './library';
import { expandSynonyms, suggestCitations } from './suggest';

const STOP = new Set(
  'a an the and or but of in on at to for with by from as is are was were be been being it its this that these those than then there their they them can may might could would should will also even just very more most less such into over under about after before during while which who whom what when where why how not no yes do does did done have has had your you our we i new role roles review effect effects study studies evidence human humans people adults health healthy'.split(' '),
);

/** A word reduced to a rough stem: "lowers", "lowered" and "lowering" meet at "lower". */
function stem(word: string): string {
  return word.replace(/(?:'s|ies|es|s|ing|ed|ly)$/, (m) => (m === 'ies' ? 'y' : '')).slice(0, 9);
}

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}α-ω]+(?:-[\p{L}\p{N}]+)*/gu) ?? []).filter((w) => w.length > 2 && !STOP.has(w));
}

interface RecordTopics {
  terms: Set<string>;
}
const topicCache = new WeakMap<CuratedRecord, RecordTopics>();
const commonCache = new WeakMap<CitationLibrary, Set<string>>();

/** Stems shared by so many records that they say nothing about which one fits ("exercise"). */
function commonStems(library: CitationLibrary): Set<string> {
  let common = commonCache.get(library);
  if (common) return common;
  const df = new Map<string, number>();
  for (const r of library.records) for (const t of recordTopics(r).terms) df.set(t, (df.get(t) ?? 0) + 1);
  const limit = Math.max(4, library.records.length * 0.2);
  common = new Set([...df].filter(([, n]) => n > limit).map(([t]) => t));
  commonCache.set(library, common);
  return common;
}

function recordTopics(record: CuratedRecord): RecordTopics {
  let t = topicCache.get(record);
  if (!t) {
    const text = `${record.item.title} ${record.keywords.join(' ')}`;
    t = { terms: new Set(words(text).flatMap((w) => [stem(w), ...w.split('-').filter((p) => p.length > 2).map(stem)])) };
    topicCache.set(record, t);
  }
  return t;
}

/** The topic stems of a sentence: its words, their literature synonyms and its glossary terms. */
export function sentenceTopics(sentence: string, glossary: Glossary | undefined): Set<string> {
  // Memoised per text (a paragraph is asked for once per citation in it); callers never modify the set.
  const memoKey = glossary ?? NO_GLOSSARY;
  let memo = topicsMemo.get(memoKey);
  if (!memo || memo.size > 1000) topicsMemo.set(memoKey, (memo = new Map())); // recent texts only: reuse is within a paragraph
  let topics = memo.get(sentence);
  if (!topics) memo.set(sentence, (topics = computeSentenceTopics(sentence, glossary)));
  return topics;
}

const NO_GLOSSARY = {};
const topicsMemo = new WeakMap<object, Map<string, Set<string>>>();

function computeSentenceTopics(sentence: string, glossary: Glossary | undefined): Set<string> {
  const out = new Set<string>();
  const add = (w: string) => {
    for (const part of [w, ...w.split('-')]) if (part.length > 2 && !STOP.has(part)) out.add(stem(part));
  };
  const own = words(sentence);
  for (const w of own) add(w);
  for (const w of expandSynonyms(own)) for (const p of words(w)) add(p);
  if (glossary) for (const m of glossary.matcher.match(sentence)) for (const p of words(`${m.entry.term} ${(m.entry.aliases ?? []).join(' ')}`)) add(p);
  return out;
}

export interface Fit {
  /** Topic terms the record shares with the sentence, or when it shares none, with its paragraph. */
  shared: string[];
  /** 1-based rank among the suggestions for the sentence; Infinity when not ranked at all. */
  rank: number;
  fits: boolean;
}

/** How many of the best-ranked records still count as "near the best matches". */
export const NEAR_RANK = 12;

/**
 * Topic terms of the record that the text shares; with `specific`, leaving out those most
 * records share ("exercise" in an exercise library).
 */
export function sharedTopics(text: string | Set<string>, record: CuratedRecord, library: CitationLibrary, glossary: Glossary | undefined, specific = false): string[] {
  // Callers that test many records pass the sentence's topics, computed once.
  const topics = typeof text === 'string' ? sentenceTopics(text, glossary) : text;
  const common = specific ? commonStems(library) : new Set<string>();
  return [...recordTopics(record).terms].filter((t) => topics.has(t) && !common.has(t));
}

function rankOf(text: string, record: CuratedRecord, library: CitationLibrary, glossary: Glossary | undefined): number {
  const at = suggestCitations(text, library, glossary, library.records.length).findIndex((s) => s.record.id === record.id);
  return at === -1 ? Infinity : at + 1;
}

/**
 * Never flag a fitting citation: a record is a mismatch only when it shares no topic term
 * with the sentence or its paragraph (the paragraph names what "it" and "this" refer to) and
 * ranks far below the best matches for both.
 */
export function citationFit(sentence: string, record: CuratedRecord, library: CitationLibrary, glossary: Glossary | undefined, paragraph = sentence): Fit {
  const terms = [...recordTopics(record).terms];
  // Sharing a topic term is enough: the paragraph is read only when the sentence shares none,
  // and the rank asked for only for the rare citation that shares none with either.
  const own = sentenceTopics(sentence, glossary);
  let shared = terms.filter((t) => own.has(t));
  if (shared.length === 0 && paragraph !== sentence) {
    const around = sentenceTopics(paragraph, glossary);
    shared = terms.filter((t) => around.has(t));
  }
  if (shared.length > 0) return { shared, rank: 0, fits: true };
  const near = Math.max(NEAR_RANK, Math.round(library.records.length * 0.25));
  let rank = rankOf(sentence, record, library, glossary);
  if (rank > near && paragraph !== sentence) rank = Math.min(rank, rankOf(paragraph, record, library, glossary));
  return { shared, rank, fits: shared.length > 0 || rank <= near };
}

/** What a record is about, in a few words: its first keywords, else its title. */
export function aboutRecord(record: CuratedRecord): string {
  return record.keywords.length > 0 ? record.keywords.slice(0, 3).join(', ') : record.item.title;
}

// ---- evidence ----

/** Outcome promises about people: prevention, cure, treatment, risk, weight, lifespan. */
const HUMAN_OUTCOME =
  /\b(?:prevents?|preventing|protects?(?: \w+){0,2} (?:from|against)|cures?|treats?|reverses?|heals?|fights?|(?:lowers?|reduces?|cuts?|halves?|slashes?|decreases?) (?:the |your |their )?risk|lowers? (?:the |your )?(?:chance|odds)|helps? (?:people |you |adults |patients )?(?:to )?lose weight|(?:extends?|lengthens?|prolongs?) (?:life|lifespan|your life)|live longer|protects? (?:people|you|adults|patients|humans)|(?:improves?|boosts?|restores?) (?:your |their )?(?:health|memory|fertility|immunity)|(?:is|are) (?:protective|beneficial) (?:for|against))\b/i;
/** A sentence scoped to where the evidence comes from. */
const SCOPED = /\b(?:in (?:mice|rats|rodents|animals|animal (?:models?|studies)|mouse (?:models?|studies)|cells?|muscle cells|cell cultures?|the lab(?:oratory)?|vitro|test tubes?|a dish)|(?:mouse|mice|rat|rodent|animal|cell|laboratory|lab|in vitro|preclinical|mechanistic) (?:studies|study|work|experiments?|data|research|models?)|(?:mice|rats|rodents) (?:that|who|given|fed|lacking)|in (?:a|one) (?:mouse|rat|cell) )/i;
/** Wording that says cause where cohorts can only show association. */
const CAUSAL =
  /\b(?:(?:cuts?|slash(?:es)?|halves?|reduces?|lowers?|raises?|increases?|doubles?|triples?) (?:the |your |their |a person's )?(?:risk|chances?|odds)|cuts?|slash(?:es)?|halves?|prevents?|causes?|protects? (?:\w+ )?against)\b/i;
const ASSOCIATIVE = /\b(?:linked|associated|association|related|tied|correlat\w*|predicts?|predictive|more likely|less likely)\b/i;

const WEAK_DESIGNS = new Set(['animal', 'cell', 'mixed-mechanistic', 'mechanistic-human']);

/** The record's own evidence cannot carry a claim about outcomes in people. */
export function isMechanisticOnly(record: CuratedRecord): boolean {
  const e = record.evidenceInfo;
  if (!e) return false;
  return WEAK_DESIGNS.has(e.design) || (e.design === 'narrative-review' && (e.population === 'animal' || e.population === 'cell'));
}

/** Cohort, case-control and cross-sectional studies, and meta-analyses only of those. */
export function isObservationalOnly(record: CuratedRecord): boolean {
  const e = record.evidenceInfo;
  if (!e) return false;
  if (e.design === 'cohort' || e.design === 'case-control' || e.design === 'cross-sectional') return true;
  if (e.design === 'meta-analysis' || e.design === 'systematic-review') {
    const said = `${e.size ?? ''} ${e.summary}`;
    return /cohort|prospective|observational|accelerometer/i.test(said) && !/\bRCTs?\b|trials?|randomi[sz]ed/i.test(said);
  }
  return false;
}

// Both read a hard-wrapped sentence as on one line (the patterns write spaces: "people from").
export function humanOutcomeClaim(sentence: string): string | undefined {
  const line = asOneLine(sentence).line;
  if (SCOPED.test(line)) return undefined;
  return HUMAN_OUTCOME.exec(line)?.[0];
}

export function causalWording(sentence: string): string | undefined {
  const line = asOneLine(sentence).line;
  if (ASSOCIATIVE.test(line)) return undefined;
  return CAUSAL.exec(line)?.[0];
}

/** "mice (Seldin et al. 2012)", "cell cultures (Jäger et al. 2007)", "…". */
export function evidenceName(record: CuratedRecord): string {
  const e = record.evidenceInfo!;
  const who =
    e.design === 'animal'
      ? (e.species ?? 'animals')
      : e.design === 'cell'
        ? 'cell experiments'
        : e.design === 'mixed-mechanistic'
          ? `a mechanistic study (${e.summary})`
          : e.design === 'mechanistic-human'
            ? `short-term physiology (${e.summary})`
            : e.summary;
  return `${who} (${shortLabel(record)})`;
}

/** One line for hovers and completion: "meta-analysis of 16 cohorts, 1.4 million adults". */
export function evidenceLine(record: CuratedRecord): string | undefined {
  return record.evidenceInfo?.summary ?? record.evidence;
}

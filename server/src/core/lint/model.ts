import type { ChunkAnalysis, DocumentAnalysis, DocumentAnalyzer } from '../analysis';
import { findInlineCitations, linkTarget, type CitationStyle, type CitedItem, type InlineCitation } from '../citations/inline';
import { foldName, normalizeDoi, normalizeUrl, type CitationLibrary, type CuratedRecord } from '../citations/library';
import { matchReferenceEntry, parseReferenceEntry, REFERENCE_HEADING, type EntryMatch, type ReferenceEntry } from '../citations/referenceList';
import { SCORED_PER_STEP, scoreClaim, scoreClaimsSteps, type ClaimScore, type ClaimUnitInfo } from '../claims';
import { detectLanguage, type LanguageGuess } from '../language';
import { findReferenceLinesSteps, type BlockInfo, type ReferenceLine } from '../citations/referenceSections';
import { sourceEnd as sourceEndOf, sourceOffset, sourceRange, type ProseBlock } from '../prose';
import type { SentenceSpan } from '../sentences';
import { lastAtOrBefore } from '../sortedSearch';
import { objectArray } from '../arrays';
import { inSteps, runSteps, type Steps } from '../steps';
import type { LintOptions } from './types';

/** A prose block placed in the document (its offsets made absolute). */
export interface PlacedBlock {
  block: ProseBlock;
  /** Offset of the chunk that holds the block; add to block offsets. */
  base: number;
  /** The whole block is part of a reference list (no claim units, no in-prose citations). */
  inReferences: boolean;
  /** Lines of the block that are a references label or an entry (prose offsets). */
  referenceLines?: ReferenceLine[];
  sentences: SentenceSpan[];
  /** Glossary matches (prose indices). */
  terms: { start: number; end: number }[];
}

export type CitationStatus = 'curated' | 'unknown' | 'unresolved' | 'note';

/** One cited item, resolved against the document and the curated list. */
export interface ResolvedCitation {
  citation: InlineCitation;
  item: CitedItem;
  placed: PlacedBlock;
  /** Document offsets of the item. */
  start: number;
  end: number;
  status: CitationStatus;
  record?: CuratedRecord;
  /** For numbered and footnote markers: the reference entry or footnote text they point to. */
  pointsTo?: string;
}

export interface ClaimUnit {
  kind: 'sentence' | 'table-row';
  text: string;
  /** Sentences: where the text starts in its block's prose text; table rows: 0 (always a number: see tableRowUnits). */
  proseStart: number;
  /** Table rows: the row's cells. */
  cells?: PlacedBlock[];
  start: number;
  end: number;
  /** Where a citation goes: before the final punctuation. */
  insertAt: number;
  /** Just after the unit (and any marker already there). */
  afterUnit: number;
  placed: PlacedBlock;
  glossaryTerms: number;
  /** What the scorer saw (the training script reads it too). */
  info: ClaimUnitInfo;
  score: ClaimScore;
  cited: boolean;
  /** The citations that cover the unit (its own; in paragraph scope, the paragraph's). */
  citations: ResolvedCitation[];
  suppressed: boolean;
  /** In a long quoted passage in another language than English. */
  foreign?: boolean;
}

export interface PlacedReference {
  entry: ReferenceEntry;
  match: EntryMatch;
  placed: PlacedBlock;
  start: number;
  end: number;
}

export interface FootnoteInfo {
  identifier: string;
  text: string;
  start: number;
  end: number;
  record?: CuratedRecord;
  /** Has a year, identifier, URL or key: it cites something rather than commenting. */
  looksLikeReference: boolean;
  entry?: ReferenceEntry;
}

export interface DocumentModel {
  /** Per-block caches shared with later versions of the document. */
  cache?: ModelCache;
  text: string;
  blocks: PlacedBlock[];
  units: ClaimUnit[];
  citations: ResolvedCitation[];
  references: PlacedReference[];
  /** Numbered References entries by number. */
  numbered: Map<number, PlacedReference>;
  footnotes: Map<string, FootnoteInfo>;
  /** The citation style most of the document uses (pandoc when it has none). */
  style: CitationStyle;
  /** How numbered markers are written: "[n]" or "^n^". */
  numberedMarker: 'bracket' | 'caret' | 'superscript';
  /** Rules disabled over document ranges by comments. */
  disabled: { start: number; end: number; rules?: Set<string> }[];
  /** The document's language, guessed from its prose. */
  language: LanguageGuess;
  /** The claim rules run: the document is English, or the user forced the checks. */
  claimsChecked: boolean;
}

/**
 * Blocks a pass over the document goes through between two pauses when each only looks up
 * what it remembered: a pause costs more than such a lookup, and a slice of the server's
 * (2 ms) still holds many of them.
 */
const REMEMBERED_PER_STEP = 128;

/** The citations of a unit that has none: one frozen array for the tens of thousands of them. */
const NO_CITATIONS: ResolvedCitation[] = Object.freeze([]) as unknown as ResolvedCitation[];
/** A position where no marker ends. */
const NO_MARKERS: InlineCitation[] = Object.freeze([]) as unknown as InlineCitation[];
const NO_MARKERS_BY_END: ReadonlyMap<number, InlineCitation[]> = new Map();

const IGNORE = /<!--\s*healthmark-ignore\s*-->/i;
const DISABLE = /<!--\s*healthmark-(disable|enable)(?:-file)?\b([^>]*?)-->/i;

/**
 * A per-block memo for rule results that depend only on the block's text and the data, by
 * key and, within a key, by `part` (a sentence's text, say). The part is looked up as it is:
 * a sentence's text is the same string from one version to the next, so its hash is computed
 * once, where a key built by concatenation would be a new string to hash on every edit.
 */
export function blockMemo<T>(model: DocumentModel, block: ProseBlock, key: string, compute: () => T, part: unknown = ''): T {
  const cache = model.cache;
  if (!cache) return compute();
  const memory = memoryOf(block, cache);
  const byKey = (moreOf(memory).memo ??= new Map());
  let byPart = byKey.get(key);
  if (!byPart) byKey.set(key, (byPart = new Map()));
  if (byPart.has(part)) return byPart.get(part) as T;
  const value = compute();
  byPart.set(part, value);
  return value;
}

/**
 * A block placed as in the last version (same block, position, reference lines, sentences and
 * terms) is the last version's object, so what was built on it can be found again; otherwise
 * the new one, remembered for the next version.
 */
function settled(p: PlacedBlock, inReferences: boolean, referenceLines: ReferenceLine[] | undefined, cache: ModelCache): PlacedBlock {
  const memory = memoryOf(p.block, cache);
  const last = memory.placed;
  if (last && last.base === p.base && last.inReferences === inReferences && last.referenceLines === referenceLines && last.sentences === p.sentences && last.terms === p.terms) return last;
  // A new object when the reference lines change what `place` set, never a write to the old
  // one: V8 compiles code that reads a field nothing has written since its object was made as
  // if it never changed, and the first such write, in the middle of a first check, made it
  // compile the passes before this one again.
  const placed = p.inReferences === inReferences && p.referenceLines === referenceLines ? p : placedBlock(p.block, p.base, inReferences, referenceLines, p.sentences, p.terms);
  memory.placed = placed;
  return placed;
}

/** A placed block (one object literal, so every placed block has one hidden class). */
function placedBlock(block: ProseBlock, base: number, inReferences: boolean, referenceLines: ReferenceLine[] | undefined, sentences: SentenceSpan[], terms: { start: number; end: number }[]): PlacedBlock {
  return { block, base, inReferences, referenceLines, sentences, terms };
}

/** Whether a block's reference lines are all of it (it is a reference list, not prose with a list glued on); per lines array (a paragraph's are shared between versions). */
const wholeList = new WeakMap<readonly ReferenceLine[], boolean>();
function allReferences(text: string, lines: ReferenceLine[]): boolean {
  let whole = wholeList.get(lines);
  if (whole === undefined) {
    const covered = lines.reduce((n, l) => n + text.slice(l.from, l.to).trim().length, 0);
    wholeList.set(lines, (whole = covered >= text.replace(/\n/g, '').trim().length - lines.length));
  }
  return whole;
}

/**
 * Whether prose index `at` of a placed block is on one of its reference lines (a label or an
 * entry). A line's end counts: a link left out of the prose (an entry's bare DOI URL at the end
 * of its line) leaves a marker of no length there, before the line break (a CRLF line's end is
 * its "\r", inside it, so both line endings agree).
 */
export function inReferenceLine(p: PlacedBlock, at: number): boolean {
  return !!p.referenceLines?.some((l) => at >= l.from && at <= l.to);
}

/** Document range of prose indices [from, to) of a placed block. */
export function absolute(placed: PlacedBlock, from: number, to: number): { start: number; end: number } {
  const r = sourceRange(placed.block, from, to);
  return { start: r.start + placed.base, end: r.end + placed.base };
}

/** Records cited by a footnote definition or reference text: key, identifiers, then title. */
function recordForText(text: string, links: string[], library: CitationLibrary): CuratedRecord | undefined {
  const entry = parseReferenceEntryFromText(text, links);
  if (entry.key && library.byId.has(entry.key)) return library.byId.get(entry.key);
  for (const word of text.split(/[^\w:.-]+/)) if (library.byId.has(word)) return library.byId.get(word);
  const m = matchReferenceEntry(entry, library);
  return m.kind === 'none' ? undefined : m.record;
}

function parseReferenceEntryFromText(text: string, links: string[]): ReferenceEntry {
  const fake = { text } as ProseBlock;
  return parseReferenceEntry(fake, undefined, links);
}

function resolveTarget(
  item: CitedItem,
  model: Pick<DocumentModel, 'footnotes' | 'numbered'>,
  library: CitationLibrary,
): { status: CitationStatus; record?: CuratedRecord; pointsTo?: string } {
  const t = item.target;
  const found = (r: CuratedRecord | undefined) => (r ? { status: 'curated' as const, record: r } : { status: 'unknown' as const });
  switch (t.type) {
    case 'key':
      return found(library.byId.get(t.value));
    case 'doi':
      return found(library.byDoi.get(normalizeDoi(t.value)));
    case 'pmid':
      return found(library.byPmid.get(t.value));
    case 'pmcid':
      return found(library.byPmcid.get(t.value));
    case 'url':
      return found(library.byUrl.get(normalizeUrl(t.value)));
    case 'author-year':
      return found(library.byAuthorYear.get(`${foldName(t.family)}|${t.year}`)?.[0]);
    case 'footnote': {
      const f = model.footnotes.get(t.value.toLowerCase()) ?? model.footnotes.get(t.value);
      if (!f) return { status: 'unresolved' };
      if (f.record) return { status: 'curated', record: f.record, pointsTo: f.text };
      return { status: f.looksLikeReference ? 'unknown' : 'note', pointsTo: f.text };
    }
    case 'number': {
      const ref = model.numbered.get(t.value);
      if (!ref) return { status: 'unresolved' };
      return ref.match.kind === 'none' ? { status: 'unknown', pointsTo: ref.entry.text } : { status: 'curated', record: ref.match.record, pointsTo: ref.entry.text };
    }
  }
}

/**
 * resolveTarget, remembered per cited item when the answer depends on the curated list alone
 * (the item objects live as long as their block is unchanged); footnote and number targets
 * depend on the rest of the document and are looked up each time.
 */
function resolvedTarget(item: CitedItem, model: Pick<DocumentModel, 'footnotes' | 'numbered'>, library: CitationLibrary, cache: ModelCache): ReturnType<typeof resolveTarget> {
  if (item.target.type === 'footnote' || item.target.type === 'number') return resolveTarget(item, model, library);
  let r = cache.resolved.get(item);
  if (!r) cache.resolved.set(item, (r = resolveTarget(item, model, library)));
  return r;
}

/**
 * A block's citations whose marker starts within [from, to] (prose offsets). A block's
 * citations are in the order of their markers, so they are a slice, found by binary search
 * (filtering all of them for each sentence made a long paragraph quadratic).
 */
function citationsWithin(citations: ResolvedCitation[], from: number, to: number): ResolvedCitation[] {
  let lo = 0;
  let hi = citations.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (citations[mid].citation.start < from) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < citations.length && citations[end].citation.start <= to) end++;
  return citations.slice(lo, end);
}

/**
 * A block's citation markers by where they end, each list in the block's order (by start): a
 * unit's trailing markers are looked up by position instead of going through all of the
 * block's markers for each sentence, which made a long paragraph quadratic.
 */
function markersByEnd(markers: InlineCitation[]): ReadonlyMap<number, InlineCitation[]> {
  // Most blocks cite nothing: one shared empty map, not one per block.
  if (markers.length === 0) return NO_MARKERS_BY_END;
  const byEnd = new Map<number, InlineCitation[]>();
  for (const m of markers) {
    const list = byEnd.get(m.end);
    if (list) list.push(m);
    else byEnd.set(m.end, [m]);
  }
  return byEnd;
}

/** Trailing citation markers, closers and terminal punctuation of a unit's text. */
function citationInsertIndex(text: string, start: number, end: number, markersEndingAt: ReadonlyMap<number, InlineCitation[]>): number {
  let p = end;
  const trimSpace = () => {
    while (p > start && /\s/.test(text[p - 1])) p--;
  };
  let changed = true;
  while (changed) {
    changed = false;
    trimSpace();
    // The first marker (by start) that ends here within the unit: the longest.
    for (const m of markersEndingAt.get(p) ?? NO_MARKERS) {
      if (m.start < p && m.start >= start) {
        p = m.start;
        changed = true;
        break;
      }
    }
  }
  trimSpace();
  let q = p;
  while (q > start && /["”’')\]*_]/.test(text[q - 1])) q--;
  if (q > start && /[.!?…:;]/.test(text[q - 1])) {
    while (q > start && /[.!?…]/.test(text[q - 1])) q--;
    return q;
  }
  return p;
}

/**
 * What the lint remembers of a document from one version to the next: per block, in the
 * block's memory (see memoryOf), per cited item, and results of whole rules in `memo`. One per open document;
 * a new one when the glossary or the curated list changes (what was remembered is then
 * forgotten: a block's memory belongs to the cache that wrote it).
 */
export interface ModelCache {
  /** Rule-level memo (e.g. suggestions for an unknown key), keyed by the rule. */
  memo: Map<string, unknown>;
  /**
   * Per cited item (the items live as long as their block's citation markers): resolved
   * against the curated list alone (keys, DOIs, authors and years…), and where it is in its
   * chunk (source offsets). Weak maps of the few thousand cited items rather than two maps in
   * the memory of every cited block.
   */
  resolved: WeakMap<CitedItem, ReturnType<typeof resolveTarget>>;
  itemSources: WeakMap<CitedItem, { start: number; end: number }>;
  /**
   * The last build of the model, kept until the next one starts. Not read: it is there so V8
   * keeps the build's hidden classes. Those of an object type whose objects have all died are
   * dropped at a full collection, and with them the optimised code of every pass written for
   * them (deoptimised, then compiled again on the next keystroke); in development runs, a
   * keystroke after a full collection took markedly longer until this was kept. What it holds
   * is the last version's model, which a server keeps anyway to answer from.
   */
  lastBuild: object | undefined;
}

/**
 * What the lint remembers of one block: results that depend on the block (and the data)
 * alone, and what the last version built on it. Blocks of unchanged chunks are the same
 * objects from one version to the next, so all of it is found again after an edit elsewhere.
 *
 * Held by the block itself (a hidden property, see memoryOf) rather than in weak maps keyed by
 * blocks: ten maps of tens of thousands of blocks each were looked up on every keystroke, and
 * the two keyed by placed forms gained an entry for every block after the edit, keystroke after
 * keystroke; a property read is the cheapest lookup there is, and the memory goes with its block.
 */
interface BlockMemory {
  readonly owner: ModelCache;
  /** The block's citation markers. */
  citations?: InlineCitation[];
  /** Its sentences as claim units, scored. */
  templates?: SentenceTemplate[];
  /**
   * What the last version built on the block, for a block that stays where it was (before
   * the edit, typically): its placed form, its resolved citations and its claim units are
   * the same objects in the next version when nothing they depend on changed (the citations
   * and units were built for the placed form they name). Those objects are never changed once
   * built (a unit marked foreign or suppressed is a copy).
   */
  placed?: PlacedBlock;
  units?: { placed: PlacedBlock; citations: ResolvedCitation[]; scope: LintOptions['citationScope']; units: ClaimUnit[] };
  /** What only some blocks need (cited ones, reference lists, table rows, rule memos): apart, so every other block's memory stays small. */
  more?: MoreBlockMemory;
}

interface MoreBlockMemory {
  /** Scores of table rows that start in the block, by row text. */
  scores?: Map<string, ClaimScore>;
  /** Rule results that depend only on the block and the data (e.g. citation fit), by key and part (see blockMemo). */
  memo?: Map<string, Map<unknown, unknown>>;
  /** The last version's resolved citations of the block (see BlockMemory.placed). */
  placedCitations?: { placed: PlacedBlock; citations: ResolvedCitation[] };
  /** The block's reference entries, per layout of its entry lines (and the reference lines they were read from). */
  entries?: { lines: readonly ReferenceLine[]; layout: string; entries: BlockEntry[] };
}

/** Where a block keeps its memory: a symbol, not enumerable, so the block stays plain data to everything else. */
const MEMORY = Symbol('healthmark lint memory');

/** The block's memory for this cache: a fresh one when it has none or one another cache wrote. */
function memoryOf(block: ProseBlock, cache: ModelCache): BlockMemory {
  const held = (block as { [MEMORY]?: BlockMemory })[MEMORY];
  if (held !== undefined && held.owner === cache) return held;
  const memory: BlockMemory = { owner: cache, citations: undefined, templates: undefined, placed: undefined, units: undefined, more: undefined };
  if (held === undefined) Object.defineProperty(block, MEMORY, { value: memory, writable: true, enumerable: false, configurable: false });
  else (block as { [MEMORY]?: BlockMemory })[MEMORY] = memory;
  return memory;
}

function moreOf(memory: BlockMemory): MoreBlockMemory {
  return (memory.more ??= { scores: undefined, memo: undefined, placedCitations: undefined, entries: undefined });
}

/** What a block remembers for this cache, if anything (for tests: what was prepared ahead). */
export function rememberedOf(block: ProseBlock, cache: ModelCache): Readonly<Pick<BlockMemory, 'citations' | 'templates'>> | undefined {
  const held = (block as { [MEMORY]?: BlockMemory })[MEMORY];
  return held?.owner === cache ? held : undefined;
}

/** A reference entry of a block, as parsed and matched (the same objects while the block is unchanged). */
interface BlockEntry {
  /** The entry's source range in its chunk: placed by adding the chunk's start. */
  sourceStart: number;
  sourceEnd: number;
  entry: ReferenceEntry;
  match: EntryMatch;
}

export function createModelCache(): ModelCache {
  return { memo: new Map(), resolved: new WeakMap(), itemSources: new WeakMap(), lastBuild: undefined };
}

/** What a sentence unit is, independent of where its block sits in the document. */
interface SentenceTemplate {
  start: number;
  end: number;
  text: string;
  /**
   * Where the unit and its citation point fall in the block's chunk (source offsets): a unit
   * is placed by adding its chunk's start, so a keystroke elsewhere looks nothing up again.
   */
  sourceStart: number;
  sourceEnd: number;
  sourceInsertAt: number;
  glossaryTerms: number;
  info: ClaimUnitInfo;
  score: ClaimScore;
}

/**
 * How many glossary matches lie wholly inside each sentence. The sentences are in order and do
 * not overlap, so each match is inside at most one: the last to start at or before it (found by
 * binary search; counting every match for every sentence made a long paragraph quadratic).
 */
function termsPerSentence(sentences: SentenceSpan[], terms: { start: number; end: number }[]): number[] {
  const counts = new Array<number>(sentences.length).fill(0);
  if (terms.length === 0) return counts;
  const starts = sentences.map((s) => s.start);
  for (const t of terms) {
    const i = lastAtOrBefore(starts, t.start);
    const s = sentences[i];
    if (s && t.start >= s.start && t.end <= s.end) counts[i]++;
  }
  return counts;
}

function sentenceTemplates(b: ProseBlock, sentences: SentenceSpan[], terms: { start: number; end: number }[], cache: ModelCache, judge: LintOptions['claims']): SentenceTemplate[] {
  return memoryOf(b, cache).templates ?? runSteps(sentenceTemplatesSteps(b, sentences, terms, cache, judge));
}

/** sentenceTemplates in steps: a block of thousands of sentences is scored a batch a step. */
function* sentenceTemplatesSteps(b: ProseBlock, sentences: SentenceSpan[], terms: { start: number; end: number }[], cache: ModelCache, judge: LintOptions['claims']): Steps<SentenceTemplate[]> {
  const memory = memoryOf(b, cache);
  let templates = memory.templates;
  if (templates) return templates;
  const markersEndingAt = markersByEnd(citationsOf(b, cache));
  const termCounts = termsPerSentence(sentences, terms);
  const infos: ClaimUnitInfo[] = sentences.map((s, i) => ({ text: b.text.slice(s.start, s.end), glossaryTerms: termCounts[i], inBlockquote: b.context.inBlockquote, inListItem: !!b.context.listItem }));
  if (infos.length > SCORED_PER_STEP) yield;
  // Scored together: the model reads each sentence with its neighbours in the block.
  const scores = yield* scoreClaimsSteps(infos, judge);
  templates = sentences.map((s, i) => {
    const insertIndex = citationInsertIndex(b.text, s.start, s.end, markersEndingAt);
    const sourceEnd = sourceEndOf(b, s.end - 1); // after a final entity reference's ";"
    return {
      start: s.start,
      end: s.end,
      text: infos[i].text,
      sourceStart: sourceOffset(b, s.start),
      sourceEnd,
      sourceInsertAt: insertIndex < b.text.length ? sourceOffset(b, insertIndex) : sourceEnd,
      glossaryTerms: infos[i].glossaryTerms,
      info: infos[i],
      score: scores[i],
    };
  });
  memory.templates = templates;
  return templates;
}

/**
 * Does ahead, for a block of a chunk just parsed, the lint's work that depends on the block
 * alone: sentences, glossary matches, citation markers and the claim scores of its sentences.
 * The language server calls it for each block of each chunk that comes back from its parse
 * worker while others are still being parsed, so on opening a document this work runs while
 * the worker parses the chunks after it; the lint then finds it cached (the same results: the
 * caches it fills are the ones the lint reads). `sections` carries, from one block to the next,
 * whether they fall under a References heading, whose entries are not scored ahead: an entry
 * is never a claim unit. An entry the lint finds elsewhere (a list it reads as references
 * without such a heading) is still scored for nothing (see the claim units' pass).
 */
export function* prepareBlockSteps(a: ChunkAnalysis, index: number, analyzer: DocumentAnalyzer, cache: ModelCache, options: LintOptions, sections: PreparedSections = {}): Steps<void> {
  const b = a.blocks[index];
  const underReferences = sections.referencesDepth !== undefined;
  sections.referencesDepth = referencesDepthAfter(sections.referencesDepth, b);
  if (b.context.footnote !== undefined) return;
  const long = b.text.length > LONG_BLOCK;
  if (long) yield* longBlockTextSteps(() => analyzer.sentencesOf(a, index), () => analyzer.termsOf(a, index));
  const sentences = analyzer.sentencesOf(a, index);
  const terms = analyzer.termsOf(a, index);
  citationsOf(b, cache);
  if (long) yield;
  // Under a References heading, most blocks are entries, which are never scored: the lint
  // scores one that turns out to be prose.
  if (b.kind !== 'heading' && b.kind !== 'tableCell' && !underReferences) yield* sentenceTemplatesSteps(b, sentences, terms, cache, options.claims);
}

/**
 * Where the blocks prepared so far leave the next: under a References heading (its depth) or
 * not. The language server prepares a document's chunks in order as they come back parsed, so
 * this is what the lint will find (see ModelBuild.place) unless a chunk left unchanged between
 * them has headings; a wrong guess costs time only: the lint scores what was not scored ahead.
 */
export interface PreparedSections {
  referencesDepth?: number;
}

/** Whether the blocks after `block` are under a References heading: its depth, or undefined. */
function referencesDepthAfter(referencesDepth: number | undefined, block: ProseBlock): number | undefined {
  if (block.kind !== 'heading') return referencesDepth;
  const depth = block.context.headingDepth ?? 1;
  if (REFERENCE_HEADING.test(block.text.trim())) return depth;
  // A heading as high as the References one, or higher, ends its section.
  return referencesDepth !== undefined && depth <= referencesDepth ? undefined : referencesDepth;
}

/** A block longer than this (characters) is prepared one pass a step (see prepareBlockSteps). */
const LONG_BLOCK = 20000;

/**
 * A long block's sentences, then its glossary matches (both kept with its chunk), each in a
 * step of its own: in a paragraph of a megabyte, finding its glossary terms alone takes a large
 * part of a second. The preparation ahead and the lint's placing (for a block the preparation
 * has not reached) both find them so.
 */
function* longBlockTextSteps(sentences: () => unknown, terms: () => unknown): Steps<void> {
  sentences();
  yield;
  terms();
  yield;
}

/** Where a cited item is in its block's chunk (source offsets), remembered with the item. */
function itemSource(block: ProseBlock, citation: InlineCitation, item: CitedItem, cache: ModelCache): { start: number; end: number } {
  let source = cache.itemSources.get(item);
  if (!source) {
    source = citation.sourceStart !== undefined && item.start === item.end ? { start: citation.sourceStart, end: citation.sourceEnd! } : sourceRange(block, item.start, item.end);
    cache.itemSources.set(item, source);
  }
  return source;
}

function citationsOf(block: ProseBlock, cache: ModelCache): InlineCitation[] {
  const memory = memoryOf(block, cache);
  return (memory.citations ??= findInlineCitations(block));
}

function scoreOf(block: ProseBlock, key: string, info: Parameters<typeof scoreClaim>[0], cache: ModelCache, judge: LintOptions['claims']): ClaimScore {
  const m = (moreOf(memoryOf(block, cache)).scores ??= new Map());
  let s = m.get(key);
  if (!s) m.set(key, (s = scoreClaim(info, judge)));
  return s;
}

/**
 * The reference entries on a block's entry lines, parsed and matched against the curated
 * list: kept with the block while its entry lines stay where they are, so typing elsewhere
 * re-reads none of them.
 */
function entriesOf(placed: PlacedBlock, cache: ModelCache, library: CitationLibrary): BlockEntry[] {
  const b = placed.block;
  const referenceLines = placed.referenceLines ?? [];
  const memory = memoryOf(b, cache);
  const kept = memory.more?.entries;
  // The reference lines of an unchanged paragraph are the same array from one version to the next.
  if (kept?.lines === referenceLines) return kept.entries;
  const lines = referenceLines.filter((l) => l.kind === 'entry');
  const layout = lines.map((l) => `${l.from}-${l.to}`).join(',');
  if (kept?.layout === layout) {
    kept.lines = referenceLines;
    return kept.entries;
  }
  const entries: BlockEntry[] = [];
  for (const line of lines) {
    const lineText = b.text.slice(line.from, line.to);
    const listed = line.from === 0 ? b.context.listItem : undefined;
    const bracketed = /^\s*\[(\d{1,3})\]|^\s*(\d{1,3})\.\s/.exec(lineText);
    const number = listed?.ordered ? listed.number : bracketed ? Number(bracketed[1] ?? bracketed[2]) : undefined;
    // Only the links of this line: a block of pasted entries holds every entry's links.
    const links = b.links.filter((l) => l.textStart >= line.from && l.textStart <= line.to).map((l) => l.url);
    const entry = parseReferenceEntry({ ...b, text: lineText }, number, links);
    if (!entry.firstAuthor && !entry.year && !entry.doi && !entry.key && entry.urls.length === 0) continue;
    const source = sourceRange(b, line.from, line.to);
    entries.push({ sourceStart: source.start, sourceEnd: source.end, entry: { ...entry, block: b }, match: matchReferenceEntry(entry, library) });
  }
  moreOf(memory).entries = { lines: referenceLines, layout, entries };
  return entries;
}

/**
 * Builds everything the rules look at from one analysed document: claim units with their
 * citations, resolved citations, the References section, footnotes and suppressions.
 * Per-block work (citation markers, claim scores) is cached with the block, so after an
 * edit only changed blocks are scanned again.
 */
export function buildDocumentModel(analysis: DocumentAnalysis, options: LintOptions, cache: ModelCache = createModelCache()): DocumentModel {
  return runSteps(buildDocumentModelSteps(analysis, options, cache));
}

/**
 * The model, built in steps: it pauses (yields) between chunks and blocks, so a caller can
 * spread a large document over several turns of its event loop and answer other requests in
 * between (the language server does; see lsp/documents.ts). Each step is small: one block
 * with work to do, or up to REMEMBERED_PER_STEP that only look up what they remembered.
 *
 * The passes over the blocks are methods of a ModelBuild, not closures made for each build:
 * V8 keeps the optimised code of a function defined once across full collections, and dropped
 * that of closures made anew for every version (see inSteps in core/steps.ts); the cache
 * keeps the last build so its hidden classes stay too (ModelCache.lastBuild).
 */
export function* buildDocumentModelSteps(analysis: DocumentAnalysis, options: LintOptions, cache: ModelCache = createModelCache()): Steps<DocumentModel> {
  const build = new ModelBuild(analysis, options, cache);
  cache.lastBuild = build;
  // Each pass goes through the blocks in steps (inSteps): a pause every REMEMBERED_PER_STEP
  // blocks, and sooner, just after a block with new work (it can take a while). The short
  // passes (the language sample, table rows, suppression comments) count their own pauses.
  // A long block whose sentences and glossary matches were not found ahead (the server
  // prepares each chunk as it is parsed, but the lint may reach a block first) has them found
  // a pass a step before its chunk is placed, as when prepared ahead.
  for (let c = 0; c < analysis.chunks.length; ) {
    if (build.unpreparedLongBlock(c)) yield* build.prepareLongBlocks(c);
    c = build.placeChunks(c);
    if (c < analysis.chunks.length) yield;
  }
  build.closeOpenDisables();
  // A pause between passes too: the last step of one and the first of the next, each over one
  // long block (a paragraph of hundreds of kilobytes), made one long step.
  yield;

  // Reference lists as writers leave them: under a heading, after a plain "References" line
  // (even glued onto a paragraph), or as a trailing run of entries; line by line.
  yield* inSteps(build.blocks.length, build.describeBlocks, build);
  build.referenceLines = yield* findReferenceLinesSteps(build.blockInfo);
  yield* inSteps(build.blocks.length, build.settleBlocks, build);
  yield;

  // Footnote definitions and the References section.
  yield* inSteps(build.blocks.length, build.readAllSources, build);
  build.resolveFootnotes();
  yield;

  // Citations in prose.
  yield* inSteps(build.blocks.length, build.resolveAllCitations, build);
  yield;

  // Claim units: sentences of paragraphs, rows of tables. A block with more sentences than a
  // step scores, and not scored yet, is scored in steps of its own before its units are read.
  for (let i = 0; i < build.blocks.length; ) {
    if (build.unscoredLongBlock(i)) yield* build.scoreLongBlock(i);
    i = build.allSentenceUnits(i);
    if (i < build.blocks.length) yield;
  }
  yield* build.tableRowUnits();
  build.units.sort(byStart);

  // Language: of the document's own prose, and of each long quoted passage.
  yield* build.guessLanguage();
  if (build.claimsChecked && !options.checkAllLanguages) yield* inSteps(build.units.length, build.markAllForeign, build);

  yield* build.applySuppressions();
  return build.model();
}

/** Units in document order (a comparator defined once: see inSteps in core/steps.ts on why). */
function byStart(a: ClaimUnit, b: ClaimUnit): number {
  return a.start - b.start;
}

/** How a block takes part in finding reference lists. */
function blockKindOf(p: PlacedBlock): BlockInfo['kind'] {
  return p.block.kind === 'heading'
    ? 'heading'
    : p.block.kind === 'paragraph' && p.block.context.footnote === undefined && !(p.block.context.listItem && !p.block.context.listItem.firstParagraph)
      ? 'paragraph'
      : 'other';
}

/** One build of the document model: what the passes share, and the passes (see buildDocumentModelSteps). */
class ModelBuild {
  readonly text: string;
  readonly library: CitationLibrary;
  readonly blocks: PlacedBlock[] = objectArray();
  readonly disabled: DocumentModel['disabled'] = [];
  private readonly openDisables: { start: number; rules?: Set<string> }[] = [];
  /** Suppression comments: in a block (by its index in `blocks`), or on their own line (index −1). */
  private readonly ignoreAts: { index: number; offset: number }[] = [];
  /** Depth of the References heading the blocks being placed are under, if any. */
  private refDepth: number | undefined = undefined;
  readonly blockInfo: BlockInfo[] = objectArray();
  referenceLines: ReferenceLine[][] = [];
  readonly footnotes = new Map<string, FootnoteInfo>();
  readonly references: PlacedReference[] = objectArray();
  readonly numbered = new Map<number, PlacedReference>();
  private readonly footnoteLinks = new Map<string, string[]>();
  readonly citations: ResolvedCitation[] = objectArray();
  private readonly byBlock = new Map<PlacedBlock, ResolvedCitation[]>();
  private readonly styleCounts = new Map<CitationStyle, number>();
  private caret = 0;
  private bracket = 0;
  private superscript = 0;
  readonly units: ClaimUnit[] = objectArray();
  /** Table cells by row ("table start:row start", document offsets). */
  private readonly rows = new Map<string, PlacedBlock[]>();
  /** Where the table of the last table cell placed starts: a group of rows continues it. */
  private tableAt = 0;
  private sincePause = 0;
  language!: LanguageGuess;
  claimsChecked = true;
  /** Whether a long quoted block is in another language, per block. */
  private readonly quoted = new Map<PlacedBlock, boolean>();

  constructor(
    readonly analysis: DocumentAnalysis,
    readonly options: LintOptions,
    readonly cache: ModelCache,
  ) {
    this.text = analysis.text;
    this.library = options.library;
  }

  /** True once every REMEMBERED_PER_STEP calls: the short passes' pauses. */
  private pauseDue(): boolean {
    if (++this.sincePause < REMEMBERED_PER_STEP) return false;
    this.sincePause = 0;
    return true;
  }

  private directive(value: string, offset: number, end: number, inBlock = false): void {
    if (IGNORE.test(value)) {
      this.ignoreAts.push({ index: inBlock ? this.blocks.length - 1 : -1, offset: inBlock ? offset : end });
      return;
    }
    const m = DISABLE.exec(value);
    if (!m) return;
    const rules = m[2].trim() ? new Set(m[2].trim().split(/[\s,]+/)) : undefined;
    if (/-file/.test(m[0])) this.disabled.push({ start: 0, end: this.text.length, rules });
    else if (m[1] === 'disable') this.openDisables.push({ start: offset, rules });
    else {
      const open = this.openDisables.pop();
      if (open) this.disabled.push({ start: open.start, end: offset, rules: open.rules });
    }
  }

  closeOpenDisables(): void {
    for (const open of this.openDisables) this.disabled.push({ start: open.start, end: this.text.length, rules: open.rules });
  }

  /** Places block `index` of a chunk analysis (at `base`) in the document, in order. */
  private place(base: number, a: ChunkAnalysis, index: number): void {
    const block = a.blocks[index];
    this.refDepth = referencesDepthAfter(this.refDepth, block);
    // Reference lines come later (settleBlock); until then, whether the block is under a References heading.
    this.blocks.push(placedBlock(block, base, this.refDepth !== undefined && block.kind !== 'heading', undefined, this.analysis.sentencesOf(a, index), this.analysis.termsIn(a, index)));
    for (const h of block.html) this.directive(h.value, h.start + base, h.end + base, true);
  }

  // The passes' steps (see inSteps in core/steps.ts): each a loop over up to
  // REMEMBERED_PER_STEP items that ends early, just after an item with new work (it can take
  // a while). One loop per pass, written out, so that V8 inlines the pass into it.
  /** Ends before a chunk with a long block to prepare (see unpreparedLongBlock), unless it starts there. */
  placeChunks(from: number): number {
    const end = Math.min(this.analysis.chunks.length, from + REMEMBERED_PER_STEP);
    for (let c = from; c < end; ) {
      if (c > from && this.unpreparedLongBlock(c)) return c;
      if (this.placeChunk(c++)) return c;
    }
    return end;
  }

  /** Whether chunk `c` has a block over LONG_BLOCK characters whose sentences or glossary matches are not found yet. */
  unpreparedLongBlock(c: number): boolean {
    const a = this.analysis.chunks[c].analysis;
    for (let i = 0; i < a.blocks.length; i++) if (a.blocks[i].text.length > LONG_BLOCK && (!a.sentences[i] || !a.terms[i])) return true;
    return false;
  }

  /** Finds the sentences, then the glossary matches, of chunk `c`'s long blocks not prepared: a step each. */
  *prepareLongBlocks(c: number): Steps<void> {
    const a = this.analysis.chunks[c].analysis;
    for (let i = 0; i < a.blocks.length; i++) {
      if (a.blocks[i].text.length <= LONG_BLOCK || (a.sentences[i] && a.terms[i])) continue;
      yield* longBlockTextSteps(() => this.analysis.sentencesOf(a, i), () => this.analysis.termsIn(a, i));
    }
  }

  describeBlocks(from: number): number {
    const end = Math.min(this.blocks.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; i++) this.describeBlock(i);
    return end;
  }

  settleBlocks(from: number): number {
    const end = Math.min(this.blocks.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; i++) this.settleBlock(i);
    return end;
  }

  readAllSources(from: number): number {
    const end = Math.min(this.blocks.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; ) if (this.readSources(i++)) return i;
    return end;
  }

  resolveAllCitations(from: number): number {
    const end = Math.min(this.blocks.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; ) if (this.resolveCitations(i++)) return i;
    return end;
  }

  /** Ends before a long block still to be scored (see unscoredLongBlock), unless it starts there. */
  allSentenceUnits(from: number): number {
    const end = Math.min(this.blocks.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; ) {
      if (i > from && this.unscoredLongBlock(i)) return i;
      if (this.sentenceUnits(i++)) return i;
    }
    return end;
  }

  /** Whether block `i` is prose with more sentences than one step scores, and not scored yet. */
  unscoredLongBlock(i: number): boolean {
    const placed = this.blocks[i];
    if (placed.sentences.length <= SCORED_PER_STEP) return false;
    const b = placed.block;
    return !placed.inReferences && b.context.footnote === undefined && b.kind !== 'heading' && b.kind !== 'tableCell' && memoryOf(b, this.cache).templates === undefined;
  }

  /** Scores block `i`'s sentences in steps (sentenceUnits then finds them scored). */
  *scoreLongBlock(i: number): Steps<void> {
    const placed = this.blocks[i];
    yield* sentenceTemplatesSteps(placed.block, placed.sentences, placed.terms, this.cache, this.options.claims);
  }

  markAllForeign(from: number): number {
    const end = Math.min(this.units.length, from + REMEMBERED_PER_STEP);
    for (let i = from; i < end; ) if (this.markForeign(i++)) return i;
    return end;
  }

  /** Pass: the blocks of chunk `c` and its block-level HTML, in document order. */
  placeChunk(c: number): boolean {
    const { chunk, analysis: a } = this.analysis.chunks[c];
    // A chunk seen before has its sentences split already (they are kept with it).
    const fresh = a.blocks.length > 0 && !a.sentences[0];
    // Most chunks have no HTML: their blocks are placed as they come, with no merge (a
    // keystroke re-places every block of the document).
    if (a.htmlBlocks.length === 0) {
      for (let i = 0; i < a.blocks.length; i++) this.place(chunk.start, a, i);
      return fresh;
    }
    const events: { at: number; kind: 'block' | 'html'; index: number }[] = a.blocks.map((b, i) => ({ at: b.start, kind: 'block' as const, index: i }));
    a.htmlBlocks.forEach((h, i) => events.push({ at: h.start, kind: 'html', index: i }));
    events.sort((x, y) => x.at - y.at);
    for (const ev of events) {
      if (ev.kind === 'block') {
        this.place(chunk.start, a, ev.index);
        continue;
      }
      const h = a.htmlBlocks[ev.index];
      this.directive(h.value, h.start + chunk.start, h.end + chunk.start);
    }
    return fresh;
  }

  /** Pass: what finding reference lists reads of block `i`. */
  describeBlock(i: number): void {
    const p = this.blocks[i];
    this.blockInfo.push({ text: p.block.text, kind: blockKindOf(p), underHeading: p.inReferences });
  }

  /** Pass: block `i` with its reference lines, as the last version placed it when nothing changed. */
  settleBlock(i: number): void {
    const p = this.blocks[i];
    const lines = this.referenceLines[i];
    // Other blocks under a References heading (tables, later paragraphs of an item) stay out of prose.
    if (lines.length === 0) this.blocks[i] = settled(p, p.inReferences && this.blockInfo[i].kind === 'other', undefined, this.cache);
    else this.blocks[i] = settled(p, allReferences(p.block.text, lines), lines, this.cache);
  }

  /** Pass: footnote definitions and reference entries of block `i`. */
  readSources(i: number): boolean {
    const placed = this.blocks[i];
    const b = placed.block;
    if (b.context.footnote !== undefined) {
      const id = b.context.footnote;
      this.footnoteLinks.set(id, (this.footnoteLinks.get(id) ?? []).concat(b.links.map((l) => l.url)));
      const range = absolute(placed, 0, b.text.length);
      const existing = this.footnotes.get(id);
      const joined = existing ? `${existing.text} ${b.text}` : b.text;
      this.footnotes.set(id, { identifier: id, text: joined, start: existing?.start ?? range.start, end: range.end, looksLikeReference: false });
      return false;
    }
    if (!placed.referenceLines) return false;
    const fresh = memoryOf(b, this.cache).more?.entries === undefined;
    for (const e of entriesOf(placed, this.cache, this.library)) {
      const ref: PlacedReference = { entry: e.entry, match: e.match, placed, start: e.sourceStart + placed.base, end: e.sourceEnd + placed.base };
      this.references.push(ref);
      if (e.entry.number !== undefined && !this.numbered.has(e.entry.number)) this.numbered.set(e.entry.number, ref);
    }
    return fresh;
  }

  resolveFootnotes(): void {
    const { cache, library } = this;
    for (const f of this.footnotes.values()) {
      const links = this.footnoteLinks.get(f.identifier) ?? [];
      // Resolving a footnote matches its text against every curated title: memoised per text.
      const memoKey = `footnote\u0000${f.text}\u0000${links.join(' ')}`;
      let resolved = cache.memo.get(memoKey) as { record?: CuratedRecord; looksLikeReference: boolean } | undefined;
      if (!resolved) {
        let record = recordForText(f.text, links, library);
        // Also give footnote keys a chance: "[^n]: See @key", "[^n]: [@key]" or "[^n]: key".
        const key = /^\s*(?:see\s+)?(?:\[\s*@|@)?([\w:.-]+)\s*\]?\s*\.?\s*$/i.exec(f.text);
        if (!record && key) record = library.byId.get(key[1]);
        const looksLikeReference = !!record || /\b(?:19|20)\d{2}\b|10\.\d{4,9}\/|https?:\/\/|(?:^|[\s[;])@\w/.test(f.text) || links.some((u) => linkTarget(u));
        resolved = { record, looksLikeReference };
        cache.memo.set(memoKey, resolved);
      }
      f.record = resolved.record;
      f.looksLikeReference = resolved.looksLikeReference;
    }
  }

  /** Pass: the citations in block `i`'s prose, resolved. */
  resolveCitations(i: number): boolean {
    const { cache, library, numbered, footnotes } = this;
    const placed = this.blocks[i];
    if (placed.inReferences || placed.block.context.footnote !== undefined) return false;
    const memory = memoryOf(placed.block, cache);
    const fresh = memory.citations === undefined;
    const found = citationsOf(placed.block, cache);
    if (found.length === 0) return fresh;
    // The last version's citations of this block, reused one by one while they resolve alike.
    const lastCitations = memory.more?.placedCitations;
    const last = lastCitations?.placed === placed ? lastCitations.citations : undefined;
    let unchanged = last !== undefined;
    const list: ResolvedCitation[] = [];
    for (const citation of found) {
      if (citation.style === 'numbered' && numbered.size === 0) continue; // "[3]" with no numbered list is not a citation
      if (inReferenceLine(placed, citation.start)) continue; // a marker inside an entry line
      for (const item of citation.items) {
        if (citation.narrative && item.target.type === 'key' && !library.byId.has(item.target.value) && !/\d{4}/.test(item.target.value)) continue; // @handle
        const resolved = resolvedTarget(item, { footnotes, numbered }, library, cache);
        if (resolved.status === 'note') continue;
        const source = itemSource(placed.block, citation, item, cache);
        const start = source.start + placed.base;
        const end = source.end + placed.base;
        const was = unchanged ? last![list.length] : undefined;
        if (was && was.citation === citation && was.item === item && was.start === start && was.end === end && was.status === resolved.status && was.record === resolved.record && was.pointsTo === resolved.pointsTo) {
          list.push(was);
        } else {
          unchanged = false;
          list.push({ citation, item, placed, start, end, status: resolved.status, record: resolved.record, pointsTo: resolved.pointsTo });
        }
      }
      this.styleCounts.set(citation.style, (this.styleCounts.get(citation.style) ?? 0) + 1);
      if (citation.style === 'numbered') {
        const first = placed.block.text[citation.start];
        if (first === '^') this.caret++;
        else if (first === '[') this.bracket++;
        else this.superscript++;
      }
    }
    const kept = unchanged && list.length === last!.length ? last! : list;
    if (kept === list) moreOf(memory).placedCitations = { placed, citations: list };
    for (const rc of kept) this.citations.push(rc);
    this.byBlock.set(placed, kept);
    return fresh;
  }

  /** The citation style most of the document uses (pandoc when it has none). */
  private style(): CitationStyle {
    let style: CitationStyle = 'pandoc';
    let best = 0;
    for (const [s, n] of this.styleCounts) {
      if (n > best) {
        style = s;
        best = n;
      }
    }
    return style;
  }

  /** Pass: block `i`'s sentences as claim units (its table cells are gathered into rows). */
  sentenceUnits(i: number): boolean {
    const { cache, options } = this;
    const placed = this.blocks[i];
    const b = placed.block;
    const prose = !placed.inReferences && b.context.footnote === undefined && b.kind !== 'heading';
    if (!prose) {
      // What was prepared ahead for a block that turned out to be a reference entry is never
      // read: not kept (a long References section's scores are megabytes).
      if (placed.inReferences) {
        const memory = memoryOf(b, cache);
        memory.templates = undefined;
        memory.citations = undefined;
      }
      return false;
    }
    if (b.kind === 'tableCell') {
      const table = b.context.table!;
      // A group of rows continues the table of the blocks before it (see Chunk.head).
      if (!table.continued) this.tableAt = placed.base + table.tableStart;
      if (table.header) return false;
      const key = `${this.tableAt}:${placed.base + table.rowStart}`;
      const cells = this.rows.get(key);
      if (cells) cells.push(placed);
      else this.rows.set(key, [placed]);
      return false;
    }
    const memory = memoryOf(b, cache);
    const fresh = memory.templates === undefined;
    const blockCitations = this.byBlock.get(placed) ?? NO_CITATIONS;
    const last = memory.units;
    if (last && last.placed === placed && last.citations === blockCitations && last.scope === options.citationScope) {
      for (const u of last.units) this.units.push(u);
      return false;
    }
    const own: ClaimUnit[] = [];
    for (const t of sentenceTemplates(b, placed.sentences, placed.terms, cache, options.claims)) {
      // Entry and label lines of a block that is partly a reference list are never claims.
      if (placed.referenceLines?.some((l) => t.start < l.to && t.end > l.from)) continue;
      const covers = options.citationScope === 'paragraph' || blockCitations.length === 0 ? blockCitations : citationsWithin(blockCitations, t.start, t.end);
      const end = t.sourceEnd + placed.base;
      own.push({
        kind: 'sentence',
        text: t.text,
        proseStart: t.start,
        cells: undefined,
        start: t.sourceStart + placed.base,
        end,
        insertAt: t.sourceInsertAt + placed.base,
        afterUnit: end,
        placed,
        glossaryTerms: t.glossaryTerms,
        info: t.info,
        score: t.score,
        cited: covers.length > 0,
        citations: covers,
        suppressed: false,
        foreign: undefined,
      });
    }
    for (const u of own) this.units.push(u);
    memory.units = { placed, citations: blockCitations, scope: options.citationScope, units: own };
    return fresh;
  }

  /** The table rows gathered by sentenceUnits, as claim units. */
  *tableRowUnits(): Steps<void> {
    const { byBlock, cache, options } = this;
    const citedRows = new Map<string, number>();
    for (const [key, cells] of this.rows) {
      if (cells.some((c) => (byBlock.get(c)?.length ?? 0) > 0)) citedRows.set(key.split(':')[0], (citedRows.get(key.split(':')[0]) ?? 0) + 1);
    }
    for (const [key, cells] of this.rows) {
      if (this.pauseDue()) yield;
      const nonEmpty = cells.filter((c) => c.block.text.trim().length > 0);
      if (nonEmpty.length === 0) continue;
      const rowText = cells.map((c) => c.block.text.trim()).join(' | ');
      const glossaryTerms = cells.reduce((n, c) => n + c.terms.length, 0);
      const rowCited = cells.some((c) => (byBlock.get(c)?.length ?? 0) > 0);
      const inCitedTable = (citedRows.get(key.split(':')[0]) ?? 0) - (rowCited ? 1 : 0) > 0;
      const last = nonEmpty[nonEmpty.length - 1];
      const first = nonEmpty[0];
      const start = absolute(first, 0, first.block.text.length).start;
      const lastRange = absolute(last, 0, last.block.text.trimEnd().length);
      const info: ClaimUnitInfo = { text: rowText, glossaryTerms, isTableRow: true, inCitedTable };
      this.units.push({
        kind: 'table-row',
        text: rowText,
        // 0, not undefined: a field that holds small integers in sentence units and undefined
        // here changed its representation in V8 at the first table row, after the sentence
        // units' pass was optimised for integers, and that pass was compiled again.
        proseStart: 0,
        cells: nonEmpty,
        start,
        end: lastRange.end,
        insertAt: lastRange.end,
        afterUnit: lastRange.end,
        placed: first,
        glossaryTerms,
        info,
        score: scoreOf(first.block, `row:${rowText}:${glossaryTerms}:${inCitedTable}`, info, cache, options.claims),
        cited: rowCited,
        citations: cells.flatMap((c) => byBlock.get(c) ?? []),
        suppressed: false,
        foreign: undefined,
      });
    }
  }

  private memoLanguage(sample: string): LanguageGuess {
    const key = `language\u0000${sample}`;
    let guess = this.cache.memo.get(key) as LanguageGuess | undefined;
    if (!guess) this.cache.memo.set(key, (guess = detectLanguage(sample)));
    return guess;
  }

  /** The document's language, from a sample of its own prose; whether the claim rules run. */
  *guessLanguage(): Steps<void> {
    let sample = '';
    for (const placed of this.blocks) {
      if (this.pauseDue()) yield;
      if (sample.length >= 4000) break;
      const b = placed.block;
      if (placed.inReferences || b.context.footnote !== undefined || b.context.inBlockquote || b.kind === 'tableCell') continue;
      sample += `${b.text} `;
    }
    this.language = this.memoLanguage(sample.slice(0, 4000));
    this.claimsChecked = this.language.english || this.options.checkAllLanguages === true;
  }

  /** Pass: unit `i`, marked foreign when it is in a long quoted passage in another language. */
  markForeign(i: number): boolean {
    const u = this.units[i];
    if (!u.placed.block.context.inBlockquote || u.placed.block.text.length < 200) return false;
    let foreign = this.quoted.get(u.placed);
    const fresh = foreign === undefined;
    if (foreign === undefined) this.quoted.set(u.placed, (foreign = !this.memoLanguage(u.placed.block.text).english));
    if (foreign) this.units[i] = { ...u, foreign }; // a copy: the unit may be the last version's too
    return fresh;
  }

  /**
   * Suppression comments: inline ones silence the sentence they follow; a comment on its
   * own line silences the next paragraph. Each block's units (their indices in `units`) are
   * found once (a long article has tens of thousands). A silenced unit is a copy: the unit
   * may be the last version's too.
   */
  *applySuppressions(): Steps<void> {
    const { units, blocks } = this;
    // The units each block takes part in: a table row in every one of its cells, so that a
    // comment in any cell (where the quick fix puts it) suppresses the row.
    const unitsOf = new Map<PlacedBlock, number[]>();
    const takesPart = (placed: PlacedBlock, k: number) => {
      const list = unitsOf.get(placed);
      if (list) list.push(k);
      else unitsOf.set(placed, [k]);
    };
    if (this.ignoreAts.length > 0) {
      for (let k = 0; k < units.length; k++) {
        const cells = units[k].cells;
        if (cells) for (const cell of cells) takesPart(cell, k);
        else takesPart(units[k].placed, k);
      }
    }
    const suppress = (k: number) => {
      if (!units[k].suppressed) units[k] = { ...units[k], suppressed: true };
    };
    for (const ig of this.ignoreAts) {
      if (this.pauseDue()) yield;
      if (ig.index >= 0) {
        const own = unitsOf.get(blocks[ig.index]) ?? [];
        const before = own.filter((k) => units[k].start <= ig.offset).pop() ?? own[0];
        if (before !== undefined) suppress(before);
      } else {
        const next = firstUnitFrom(units, ig.offset);
        if (next < units.length) for (const k of unitsOf.get(units[next].placed) ?? []) suppress(k);
      }
    }
  }

  model(): DocumentModel {
    const { caret, bracket, superscript } = this;
    return {
      cache: this.cache,
      text: this.text,
      blocks: this.blocks,
      units: this.units,
      citations: this.citations,
      references: this.references,
      numbered: this.numbered,
      footnotes: this.footnotes,
      style: this.style(),
      numberedMarker: caret > bracket && caret >= superscript ? 'caret' : superscript > bracket ? 'superscript' : 'bracket',
      disabled: this.disabled,
      language: this.language,
      claimsChecked: this.claimsChecked,
    };
  }
}

/** The index of the first unit (in `units`, sorted by start) that starts at or after `offset` (`units.length` if none). */
function firstUnitFrom(units: ClaimUnit[], offset: number): number {
  let lo = 0;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

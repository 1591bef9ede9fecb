import { emptySlots } from './arrays';
import { chunkLabels, destinationsOf, fenceLeftOpen, foreignDefinitionsFor, indexDefinitions, rechunk, runningHtmlEnd, sameDestinations, type Chunk, type ChunkLabels } from './chunks';
import type { Glossary } from './glossary';
import { parseMarkdown, shiftPositions } from './markdown';
import type { Root } from 'mdast';
import { extractProse, sourceRange, type BlockHtml, type FootnoteDefinitionInfo, type ProseBlock, type ProseExtraction } from './prose';
import { splitSentences, type SentenceSpan } from './sentences';
import { pacer, runSteps, type Steps } from './steps';
import type { TermMatch } from './termMatcher';

/** A glossary term found in the document, with its source range. */
export interface TermOccurrence {
  match: TermMatch;
  block: ProseBlock;
  start: number;
  end: number;
}

/**
 * What parsing one chunk yields: its prose, or why it was not checked. Plain data (no
 * functions, no mdast), so a worker thread can produce it and post it back.
 */
export interface ChunkParse extends ProseExtraction {
  /** Set when the chunk was not checked (parse over its time budget, parser failure): why. */
  skipped?: string;
  /**
   * True when the chunk's text ends inside a fenced code block or an HTML block of CommonMark's
   * kinds 1 to 5 (raw text, comment, processing instruction, declaration, CDATA), which a blank
   * line does not end: in the whole document it runs on into the next chunk.
   */
  openAtEnd?: boolean;
}

/**
 * Parses one chunk. `source` is the chunk's text with the foreign definitions it needs (see
 * `foreignDefinitionsFor`): in the `skip` characters before it, or appended after `limit`; the
 * `skip` characters may instead be its table's head when the chunk continues a table
 * (`Chunk.head`). Offsets count from the chunk's own text.
 * The step an analyzer can run elsewhere: the language server runs it in a worker thread with
 * a time budget, the CLI and the tests run it here.
 */
export type ChunkParser = (source: string, limit: number, skip?: number) => ChunkParse;
/** The same step, asynchronous; resolves `undefined` when the request was cancelled. */
export type AsyncChunkParser = (source: string, limit: number, isCancelled: () => boolean, skip?: number) => Promise<ChunkParse | undefined>;

/** Whether the last top-level block before `limit` is a fence or running HTML block left open (see ChunkParse.openAtEnd). */
function endsOpen(tree: Root, source: string, limit: number): boolean {
  let last: Root['children'][number] | undefined;
  for (const node of tree.children) {
    if ((node.position?.start.offset ?? 0) >= limit) break;
    last = node;
  }
  if (!last?.position || (last.type !== 'code' && last.type !== 'html')) return false;
  const text = source.slice(last.position.start.offset ?? 0, Math.min(last.position.end.offset ?? limit, limit));
  return last.type === 'code' ? fenceLeftOpen(text) : runningHtmlEnd(text) !== undefined;
}

/** A chunk that was not checked, and why (it has no prose). */
export function skippedParse(reason: string): ChunkParse {
  return { blocks: [], htmlBlocks: [], footnoteDefinitions: [], definitions: [], destinations: [], skipped: reason };
}

/** Parses a chunk in this thread. Never throws: a parser failure skips the chunk, with the reason. */
export function parseChunk(source: string, limit: number, skip = 0): ChunkParse {
  let tree;
  try {
    tree = parseMarkdown(source);
  } catch (error) {
    // micromark recurses on some deeply nested input (e.g. 20,000 nested blockquotes):
    // lose the analysis of this chunk, say so, and keep the server.
    const why = error instanceof RangeError ? 'it is nested too deeply to parse' : `the Markdown parser failed (${String(error).slice(0, 200)})`;
    return skippedParse(why);
  }
  if (skip > 0) {
    // What comes before the chunk's own text: its table's head (a header row starting with
    // "|"), and the chunk's rows must continue the table begun there; or definitions from other
    // chunks, which must parse apart from it. Either is left out of the prose (extractProse
    // skips what ends before the chunk).
    const first = tree.children[0];
    if (source.charCodeAt(0) === 124 /* | */) {
      if (first?.type !== 'table' || (first.position?.start.offset ?? skip) >= skip || (first.children[0]?.position?.end.offset ?? skip + 1) > skip) {
        return skippedParse('its table rows did not read as rows of the table above them');
      }
    } else if (tree.children.some((n) => (n.position?.start.offset ?? 0) < skip && (n.position?.end.offset ?? 0) > skip)) {
      return skippedParse('the definitions put before it for its references did not parse apart from it');
    }
    shiftPositions(tree, skip);
    source = source.slice(skip);
    limit -= skip;
  }
  try {
    const prose: ChunkParse = extractProse(tree, source, limit);
    if (endsOpen(tree, source, limit)) prose.openAtEnd = true;
    return prose;
  } catch (error) {
    return skippedParse(`its prose could not be extracted (${String(error).slice(0, 200)})`);
  }
}

/** The analysis of one chunk; offsets are relative to the chunk's start. */
export interface ChunkAnalysis {
  blocks: ProseBlock[];
  htmlBlocks: BlockHtml[];
  footnoteDefinitions: FootnoteDefinitionInfo[];
  /** What the chunk defines for other chunks (see ProseExtraction.definitions). */
  definitions: string[];
  /** Its link definitions' destinations (see ProseExtraction.destinations). */
  destinations: [string, string][];
  /** Whether the chunk ends inside a fence or an HTML block that runs on (see ChunkParse.openAtEnd). */
  openAtEnd: boolean;
  /** Set when the chunk was not checked: why (it then has no blocks). */
  skipped?: string;
  /** Per block, lazily: its sentences. */
  sentences: (SentenceSpan[] | undefined)[];
  /** Per block, lazily: its glossary matches. */
  terms: (TermMatch[] | undefined)[];
}

export interface AnalyzedChunk {
  chunk: Chunk;
  analysis: ChunkAnalysis;
}

export interface AnalyzerOptions {
  glossary: Glossary;
}

/** Documents beyond this size are not analysed: a clear message beats a frozen editor. */
export const MAX_DOCUMENT_LENGTH = 16 * 1024 * 1024;

/** How much of the start of a document is looked at for binary data. */
export const UNSUPPORTED_SAMPLE = 8192;

/**
 * Why a document is skipped, or undefined when it can be analysed. `sampleChecked`: its first
 * `UNSUPPORTED_SAMPLE` characters are known to be text (unchanged since a check), so only its
 * length is looked at and the text is not read.
 */
export function unsupportedReason(text: string, sampleChecked = false): string | undefined {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    return `Healthmark skips this document: it has ${(text.length / 1048576).toFixed(1)} MB of text; the limit is ${MAX_DOCUMENT_LENGTH / 1048576} MB.`;
  }
  if (sampleChecked) return undefined;
  const sample = text.slice(0, UNSUPPORTED_SAMPLE);
  if (sample.includes('\u0000')) return 'Healthmark skips this document: it looks like binary data, not Markdown.';
  return undefined;
}

/**
 * Analyses one document and keeps a per-chunk cache across versions: after an edit only the
 * chunks whose text changed are parsed again. One analyzer per open document.
 */
export class DocumentAnalyzer {
  private cache = new Map<string, ChunkAnalysis>();
  private labels = new Map<string, ChunkLabels>();
  private previous?: { text: string; chunks: Chunk[] };
  private glossary: Glossary;
  /** The plan of the analysis `analyzeAsync` is waiting on parses for (see `parsedSoFar`). */
  private underWay?: AnalysisPlan;

  constructor(options: AnalyzerOptions) {
    this.glossary = options.glossary;
  }

  setGlossary(glossary: Glossary): void {
    if (glossary === this.glossary) return;
    this.glossary = glossary;
    // Parses stay valid; only the term matches depend on the glossary.
    for (const a of this.cache.values()) a.terms = emptySlots(a.blocks.length);
  }

  /** Splits the text into chunks and analyses each (from cache where unchanged), in this thread. */
  analyze(text: string, isCancelled: () => boolean = () => false, parse: ChunkParser = parseChunk): DocumentAnalysis | undefined {
    if (unsupportedReason(text)) return new DocumentAnalysis(text, [], this);
    const plan = runSteps(this.plan(text));
    // False when cancelled before all are parsed.
    const parseAll = (jobs: ParseJob[]): boolean => {
      for (const job of jobs) {
        if (isCancelled()) return false;
        this.take(plan, job, parse(job.source, job.limit, job.skip));
      }
      return true;
    };
    if (!parseAll(plan.missing)) return undefined;
    for (let jobs = this.joinOpenChunks(plan); jobs.length > 0; jobs = this.joinOpenChunks(plan)) if (!parseAll(jobs)) return undefined;
    if (!parseAll(this.correctDefinitions(plan))) return undefined;
    return this.commit(plan);
  }

  /**
   * The same analysis with the parse step run elsewhere (the language server's worker
   * thread): every chunk that is not cached is handed to `parse` at once, so the requests
   * can be pipelined; chunking, caching and assembly are shared with `analyze`, so both give
   * the same result. Resolves `undefined` when cancelled: a cancelled analysis commits
   * nothing, but the chunks it parsed stay cached for the next one. `run` runs the planning
   * steps (a pass over every chunk): the server spreads them over several turns of its event
   * loop and resolves `undefined` when it stops them; by default they run at once.
   * `onParsed` is called with each chunk's analysis as its parse arrives while other chunks
   * are still being parsed (the server prepares the chunk's block-level lint work then); not
   * for the last to arrive, whose work the lint does next anyway, so never after a keystroke.
   */
  async analyzeAsync(
    text: string,
    parse: AsyncChunkParser,
    isCancelled: () => boolean = () => false,
    run: (steps: Steps<AnalysisPlan>) => Promise<AnalysisPlan | undefined> = async (steps) => runSteps(steps),
    onParsed?: (analysis: ChunkAnalysis) => void,
  ): Promise<DocumentAnalysis | undefined> {
    if (unsupportedReason(text)) return new DocumentAnalysis(text, [], this);
    const plan = await run(this.plan(text));
    if (!plan || isCancelled()) return undefined;
    this.underWay = plan;
    try {
      return await this.parseAndCommit(plan, parse, isCancelled, onParsed);
    } finally {
      if (this.underWay === plan) this.underWay = undefined;
    }
  }

  /** `analyzeAsync`'s parses (the plan's missing chunks, then any joins and corrections) and commit. */
  private async parseAndCommit(plan: AnalysisPlan, parse: AsyncChunkParser, isCancelled: () => boolean, onParsed?: (analysis: ChunkAnalysis) => void): Promise<DocumentAnalysis | undefined> {
    let parsing = plan.missing.length;
    const parseAll = (jobs: ParseJob[]) =>
      Promise.all(
        jobs.map(async (job) => {
          const result = await parse(job.source, job.limit, isCancelled, job.skip);
          parsing--;
          if (result) {
            const analysis = this.take(plan, job, result);
            this.cache.set(job.key, analysis);
            if (parsing > 0 && !isCancelled()) onParsed?.(analysis);
          }
          return result;
        }),
      );
    let results = await parseAll(plan.missing);
    if (isCancelled() || results.some((r) => r === undefined)) return undefined;
    for (let jobs = this.joinOpenChunks(plan); jobs.length > 0; jobs = this.joinOpenChunks(plan)) {
      results = await parseAll(jobs);
      if (isCancelled() || results.some((r) => r === undefined)) return undefined;
    }
    const corrections = this.correctDefinitions(plan);
    if (corrections.length > 0) {
      results = await parseAll(corrections);
      if (isCancelled() || results.some((r) => r === undefined)) return undefined;
    }
    return this.commit(plan);
  }

  /**
   * While `analyzeAsync` waits on the parses of `text`: the analysis of its first chunks, as
   * far as their parses have arrived and stand, and the offset where they end; undefined
   * before the first has. A chunk that ends open (inside a fence, say) is parsed again joined
   * with the chunks after it, and a chunk whose foreign definitions the parses correct is
   * parsed again with them: the run stops before either. A term found in these chunks is the
   * complete analysis's term there, as glossary matches depend only on a block's own prose
   * (the definitions appended to a chunk only decide whether a reference is a link, and a
   * link's text is prose either way). For a hover sent while a long article is first analysed.
   */
  parsedSoFar(text: string): { analysis: DocumentAnalysis; end: number } | undefined {
    const plan = this.underWay;
    if (!plan || plan.text !== text) return undefined;
    // Kept with the plan and extended as parses arrive (a hover asks again and again while it
    // waits): started again when the joins replace the chunk list or a correction re-keys one.
    let soFar = plan.soFar;
    if (!soFar || soFar.keys !== plan.keys) soFar = plan.soFar = { keys: plan.keys, analyzed: [] };
    const { analyzed } = soFar;
    const before = analyzed.length;
    for (let i = before; i < plan.chunks.length; i++) {
      const analysis = plan.parsed.get(plan.keys[i]);
      if (!analysis || analysis.openAtEnd) break;
      analyzed.push({ chunk: plan.chunks[i], analysis });
    }
    if (analyzed.length === 0) return undefined;
    if (!soFar.answer || analyzed.length > before) soFar.answer = { analysis: new DocumentAnalysis(text, analyzed.slice(), this), end: analyzed[analyzed.length - 1].chunk.end };
    return soFar.answer;
  }

  /**
   * Chunks, labels and cache keys of a text, what the cache already holds, and what must be
   * parsed; in steps (a long article has thousands of chunks).
   */
  private *plan(text: string): Steps<AnalysisPlan> {
    const pauseDue = pacer(256);
    const chunks = rechunk(this.previous?.text ?? '', this.previous?.chunks ?? [], text);
    yield; // re-chunking compares the whole text with the last: a slice of its own
    const labels = new Map<string, ChunkLabels>();
    const chunkLabelList: ChunkLabels[] = [];
    for (const c of chunks) {
      if (pauseDue()) yield;
      let l = labels.get(c.text) ?? this.labels.get(c.text);
      if (!l) l = chunkLabels(c.text);
      labels.set(c.text, l);
      chunkLabelList.push(l);
    }
    const definitions = indexDefinitions(chunkLabelList);
    const plan: AnalysisPlan = { text, scanned: chunks, chunks: chunks.slice(), spans: chunks.map(() => 1), labels, chunkLabels: chunkLabelList, suffixes: [], keys: [], parsed: new Map(), missing: [], joined: [], open: false, relabel: false };
    const wanted = new Set<string>();
    for (let i = 0; i < chunks.length; i++) {
      if (pauseDue()) yield;
      const suffix = foreignDefinitionsFor(i, chunkLabelList[i], definitions);
      plan.suffixes.push(suffix);
      plan.keys.push(this.planParse(plan, chunks[i], chunkLabelList[i], suffix, wanted));
    }
    return plan;
  }

  /**
   * A chunk's parse into the plan; notes whether the joins or the definitions' correction
   * have anything to do (almost never: then neither goes over the chunks).
   */
  private take(plan: AnalysisPlan, job: ParseJob, result: ChunkParse): ChunkAnalysis {
    const analysis = toChunkAnalysis(result);
    plan.parsed.set(job.key, analysis);
    if (analysis.openAtEnd) plan.open = true;
    if (analysis.skipped === undefined && !(sameLabels(analysis.definitions, job.defined) && sameDestinations(analysis.destinations, job.destinations))) plan.relabel = true;
    return analysis;
  }

  /**
   * The cache key of a chunk parsed with `suffix` (the foreign definitions it needs): its
   * analysis from the cache when there, else a parse job (one per key).
   */
  private planParse(plan: AnalysisPlan, chunk: Chunk, labels: ChunkLabels, suffix: string, wanted: Set<string>): string {
    const head = chunk.head ?? '';
    // Foreign definitions go before the chunk's own text, where nothing in it can swallow them
    // (an unclosed fence or HTML block at the end of the last chunk would, after it); after it
    // only in the first chunk (text before it would end its frontmatter) and in a group of a
    // table's rows (its head must come right before them).
    const before = suffix !== '' && head === '' && chunk.start > 0 ? suffix.slice(2) + '\n\n' : '';
    const own = before ? '\u0002' + before + '\u0002' + chunk.text : suffix ? chunk.text + '\u0000' + suffix : chunk.text;
    // A table's rows parse differently after their header: the head is part of the key.
    const key = head ? '\u0001' + head + '\u0001' + own : own;
    const cached = this.cache.get(key);
    if (cached) {
      plan.parsed.set(key, cached);
      if (cached.openAtEnd) plan.open = true;
    } else if (!wanted.has(key)) {
      wanted.add(key);
      const skip = before.length + head.length;
      plan.missing.push({ key, source: before ? before + chunk.text : head + chunk.text + suffix, limit: skip + chunk.text.length, skip, defined: labels.defined, destinations: labels.destinations });
    }
    return key;
  }

  /**
   * Chunks whose parse ends inside a fence or an HTML block that a blank line does not end
   * (`ChunkAnalysis.openAtEnd`), joined with the chunks after them: in the whole document that
   * construct runs on into them. The chunker's line scan reads most such blocks right, but not
   * every one (a fence in a list item, a block after a heading or a lazy line); the parse
   * does. A joined chunk that still ends open is joined with as many chunks again as it holds
   * (so a fence left open over thousands of chunks takes a dozen parses, not thousands of
   * ever longer ones). One pass over the chunks; returns the joined chunks still to parse (none
   * when every one is cached, as after a keystroke elsewhere); called until it returns none.
   */
  private joinOpenChunks(plan: AnalysisPlan): ParseJob[] {
    if (!plan.open) return [];
    plan.open = false; // set again by a joined chunk that ends open when it is parsed
    const before = plan.missing.length;
    const wanted = new Set<string>();
    // Which chunks define what, once: a joined chunk's own definitions are left out of its
    // suffix by its labels (correctDefinitions settles every suffix after the joins).
    const definitions = indexDefinitions(plan.chunkLabels);
    const chunks: Chunk[] = [];
    const labels: ChunkLabels[] = [];
    const suffixes: string[] = [];
    const keys: string[] = [];
    const spans: number[] = [];
    for (let i = 0; i < plan.chunks.length; ) {
      let chunk = plan.chunks[i];
      let key = plan.keys[i];
      let span = plan.spans[i];
      let chunkLabel = plan.chunkLabels[i];
      let suffix = plan.suffixes[i];
      i++;
      while (i < plan.chunks.length && plan.parsed.get(key)?.openAtEnd) {
        plan.joined.push(key);
        let text = chunk.text;
        let end = chunk.end;
        for (const last = Math.min(plan.chunks.length, i + span); i < last; i++) {
          plan.joined.push(plan.keys[i]);
          text += plan.chunks[i].text;
          end = plan.chunks[i].end;
          span += plan.spans[i];
        }
        chunk = { start: chunk.start, end, text, head: chunk.head };
        chunkLabel = chunkLabels(text);
        suffix = foreignDefinitionsFor(-1, chunkLabel, definitions);
        key = this.planParse(plan, chunk, chunkLabel, suffix, wanted);
      }
      chunks.push(chunk);
      labels.push(chunkLabel);
      suffixes.push(suffix);
      keys.push(key);
      spans.push(span);
    }
    Object.assign(plan, { chunks, chunkLabels: labels, suffixes, keys, spans });
    return plan.missing.slice(before);
  }

  /**
   * The plan appended foreign definitions by a line scan's guess of what each chunk defines;
   * the parses say what it does (a definition in a list item or a block quote, none inside an
   * HTML block or a paragraph's continuation line). Where they differ, the chunks whose
   * appended definitions change are parsed again (what a chunk defines does not depend on
   * what is appended to it, so once is enough), and the parser's answer is kept with the
   * chunk's text for the next versions. Returns the parses still to do; almost always none.
   */
  private correctDefinitions(plan: AnalysisPlan): ParseJob[] {
    if (!plan.relabel && plan.joined.length === 0) return [];
    let corrected: ChunkLabels[] | undefined;
    for (let i = 0; i < plan.chunks.length; i++) {
      const scanned = plan.chunkLabels[i];
      const parsed = plan.parsed.get(plan.keys[i])!;
      // A chunk that was not parsed (over its budget, a parser failure) keeps the scan's guess.
      if (parsed.skipped !== undefined || (sameLabels(parsed.definitions, scanned.defined) && sameDestinations(parsed.destinations, scanned.destinations))) continue;
      corrected ??= plan.chunkLabels.slice();
      corrected[i] = { defined: parsed.definitions, used: scanned.used, destinations: destinationsOf(parsed.destinations) };
      plan.labels.set(plan.chunks[i].text, corrected[i]);
    }
    // After a join, the chunks' labels changed too: every suffix is checked again.
    if (!corrected && plan.joined.length === 0) return [];
    corrected ??= plan.chunkLabels;
    const definitions = indexDefinitions(corrected);
    const before = plan.missing.length;
    const wanted = new Set<string>();
    for (let i = 0; i < plan.chunks.length; i++) {
      const suffix = foreignDefinitionsFor(i, corrected[i], definitions);
      if (suffix === plan.suffixes[i]) continue;
      plan.suffixes[i] = suffix;
      plan.keys[i] = this.planParse(plan, plan.chunks[i], corrected[i], suffix, wanted);
      plan.soFar = undefined; // a chunk of it may be parsed again
    }
    plan.chunkLabels = corrected;
    return plan.missing.slice(before);
  }

  /** Assembles the analysis and makes this version the base of the next (its chunks are the new cache). */
  private commit(plan: AnalysisPlan): DocumentAnalysis {
    const next = new Map<string, ChunkAnalysis>();
    // The parts of joined chunks stay cached: the next version finds them again (the chunker
    // splits the same way) and joins them without parsing.
    for (const key of plan.joined) {
      const analysis = plan.parsed.get(key);
      if (analysis) next.set(key, analysis);
    }
    const analyzed: AnalyzedChunk[] = [];
    for (let i = 0; i < plan.chunks.length; i++) {
      const key = plan.keys[i];
      const analysis = plan.parsed.get(key)!;
      next.set(key, analysis);
      analyzed.push({ chunk: plan.chunks[i], analysis });
    }
    this.labels = plan.labels;
    this.previous = { text: plan.text, chunks: plan.scanned };
    this.cache = next;
    return new DocumentAnalysis(plan.text, analyzed, this);
  }

  /** Sentences of a block (cached with the chunk). */
  sentencesOf(analysis: ChunkAnalysis, blockIndex: number): SentenceSpan[] {
    let s = analysis.sentences[blockIndex];
    if (!s) {
      const block = analysis.blocks[blockIndex];
      s = block.kind === 'paragraph' ? splitSentences(block.text) : wholeBlock(block.text);
      analysis.sentences[blockIndex] = s;
    }
    return s;
  }

  termsOf(analysis: ChunkAnalysis, blockIndex: number): TermMatch[] {
    let terms = analysis.terms[blockIndex];
    if (!terms) {
      terms = this.glossary.matcher.match(analysis.blocks[blockIndex].text);
      analysis.terms[blockIndex] = terms;
    }
    return terms;
  }

  get currentGlossary(): Glossary {
    return this.glossary;
  }
}

interface ParseJob {
  key: string;
  source: string;
  limit: number;
  /** The length of what `source` has before the chunk's text (its table's head, or definitions; 0 for most chunks). */
  skip: number;
  /** What the line scan says the chunk defines (the parse may say otherwise: see correctDefinitions). */
  defined: string[];
  /** And the destinations it read for them. */
  destinations: Map<string, string>;
}

interface AnalysisPlan {
  text: string;
  /** The chunks as the chunker split the text (the next version is split again from these). */
  scanned: Chunk[];
  /** The chunks analysed: the scanned ones, some joined (see joinOpenChunks). */
  chunks: Chunk[];
  /** How many scanned chunks each of `chunks` holds. */
  spans: number[];
  /** Cache keys of the chunks that were joined. */
  joined: string[];
  /** Whether a chunk's analysis ends open (see joinOpenChunks). */
  open: boolean;
  /** Whether a parse found other definitions than the line scan (see correctDefinitions). */
  relabel: boolean;
  labels: Map<string, ChunkLabels>;
  /** Each chunk's labels (what it defines: the scan's guess, or the parser's once known). */
  chunkLabels: ChunkLabels[];
  /** The foreign definitions appended to each chunk. */
  suffixes: string[];
  /** Cache key of each chunk (its text, plus the foreign definitions it needs). */
  keys: string[];
  /** Analysis by key: the cached ones at planning time, then the parsed ones. */
  parsed: Map<string, ChunkAnalysis>;
  /** Chunks not in the cache, each key once. */
  missing: ParseJob[];
  /** The first chunks whose parses stand, as `parsedSoFar` last found them (and their `keys`). */
  soFar?: { keys: string[]; analyzed: AnalyzedChunk[]; answer?: { analysis: DocumentAnalysis; end: number } };
}

/** Whether two lists of labels hold the same labels (order and repeats aside). */
function sameLabels(a: string[], b: string[]): boolean {
  if (a.length === 0 && b.length === 0) return true;
  const inA = new Set(a);
  const inB = new Set(b);
  return inA.size === inB.size && [...inA].every((l) => inB.has(l));
}

function toChunkAnalysis(prose: ChunkParse): ChunkAnalysis {
  // Field by field (one hidden class for every chunk's analysis; spread copies had one each).
  const analysis: ChunkAnalysis = {
    blocks: prose.blocks,
    htmlBlocks: prose.htmlBlocks,
    footnoteDefinitions: prose.footnoteDefinitions,
    definitions: prose.definitions,
    destinations: prose.destinations,
    openAtEnd: prose.openAtEnd === true,
    sentences: emptySlots(prose.blocks.length),
    terms: emptySlots(prose.blocks.length),
  };
  if (prose.skipped !== undefined) analysis.skipped = prose.skipped;
  return analysis;
}

/** One version of a document, analysed. Source offsets here are document offsets. */
export class DocumentAnalysis {
  constructor(
    readonly text: string,
    readonly chunks: AnalyzedChunk[],
    private readonly analyzer: DocumentAnalyzer,
  ) {}

  private chunkIndexAt(offset: number): number {
    let lo = 0;
    let hi = this.chunks.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.chunks[mid].chunk;
      if (offset < c.start) hi = mid - 1;
      else if (offset >= c.end) lo = mid + 1;
      else return mid;
    }
    return offset >= this.text.length ? this.chunks.length - 1 : -1;
  }

  /** The glossary term at a document offset, if any. */
  termAt(offset: number): TermOccurrence | undefined {
    const index = this.chunkIndexAt(offset);
    if (index < 0) return undefined;
    const { chunk, analysis } = this.chunks[index];
    const local = offset - chunk.start;
    let atEnd: TermOccurrence | undefined;
    for (let b = 0; b < analysis.blocks.length; b++) {
      const block = analysis.blocks[b];
      if (local < block.start || local > block.end) continue;
      for (const match of this.analyzer.termsOf(analysis, b)) {
        const range = sourceRange(block, match.start, match.end);
        const occurrence = { match, block, start: range.start + chunk.start, end: range.end + chunk.start };
        if (local >= range.start && local < range.end) return occurrence;
        if (local === range.end) atEnd = occurrence;
      }
    }
    return atEnd;
  }

  /** The chunks that were not checked, in document offsets, with the reason. */
  skippedChunks(): { start: number; end: number; reason: string }[] {
    const out: { start: number; end: number; reason: string }[] = [];
    for (const { chunk, analysis } of this.chunks) if (analysis.skipped) out.push({ start: chunk.start, end: chunk.end, reason: analysis.skipped });
    return out;
  }

  /** How many glossary terms the document holds (without building their ranges). */
  countTerms(): number {
    let n = 0;
    for (const { analysis } of this.chunks) for (let b = 0; b < analysis.blocks.length; b++) n += this.analyzer.termsOf(analysis, b).length;
    return n;
  }

  /** Every glossary term in the document, in order. */
  *terms(): Generator<TermOccurrence> {
    for (const { chunk, analysis } of this.chunks) {
      for (let b = 0; b < analysis.blocks.length; b++) {
        const block = analysis.blocks[b];
        for (const match of this.analyzer.termsOf(analysis, b)) {
          const range = sourceRange(block, match.start, match.end);
          yield { match, block, start: range.start + chunk.start, end: range.end + chunk.start };
        }
      }
    }
  }

  /** Glossary matches of a block, in prose indices (cached with the chunk). */
  termsIn(analysis: ChunkAnalysis, blockIndex: number): TermMatch[] {
    return this.analyzer.termsOf(analysis, blockIndex);
  }

  /** Sentences of a block (cached with the chunk). */
  sentencesOf(analysis: ChunkAnalysis, blockIndex: number): SentenceSpan[] {
    return this.analyzer.sentencesOf(analysis, blockIndex);
  }
}

function wholeBlock(text: string): SentenceSpan[] {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? [{ start, end }] : [];
}

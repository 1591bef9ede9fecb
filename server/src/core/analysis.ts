import { chunkLabels, foreignDefinitionsFor, indexDefinitions, rechunk, type Chunk, type ChunkLabels } from './chunks';
import type { Glossary } from './glossary';
import { parseMarkdown } from './markdown';
import { extractProse, sourceRange, type BlockHtml, type FootnoteDefinitionInfo, type ProseBlock } from './prose';
import { splitSentences, type SentenceSpan } from './sentences';
import type { TermMatch } from './termMatcher';

/** A glossary term found in the document, with its source range. */
export interface TermOccurrence {
  match: TermMatch;
  block: ProseBlock;
  start: number;
  end: number;
}

/** The analysis of one chunk; offsets are relative to the chunk's start. */
export interface ChunkAnalysis {
  blocks: ProseBlock[];
  htmlBlocks: BlockHtml[];
  footnoteDefinitions: FootnoteDefinitionInfo[];
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

/** Why a document is skipped, or undefined when it can be analysed. */
export function unsupportedReason(text: string): string | undefined {
  if (text.length > MAX_DOCUMENT_LENGTH) {
    return `Healthmark skips this document: it has ${(text.length / 1048576).toFixed(1)} MB of text; the limit is ${MAX_DOCUMENT_LENGTH / 1048576} MB.`;
  }
  const sample = text.slice(0, 8192);
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

  constructor(options: AnalyzerOptions) {
    this.glossary = options.glossary;
  }

  setGlossary(glossary: Glossary): void {
    if (glossary === this.glossary) return;
    this.glossary = glossary;
    // Parses stay valid; only the term matches depend on the glossary.
    for (const a of this.cache.values()) a.terms = a.blocks.map(() => undefined);
  }

  /** Splits the text into chunks and analyses each (from cache where unchanged). */
  analyze(text: string, isCancelled: () => boolean = () => false): DocumentAnalysis | undefined {
    if (unsupportedReason(text)) return new DocumentAnalysis(text, [], this);
    const chunks = rechunk(this.previous?.text ?? '', this.previous?.chunks ?? [], text);
    const labels = new Map<string, ChunkLabels>();
    const chunkLabelList = chunks.map((c) => {
      let l = labels.get(c.text) ?? this.labels.get(c.text);
      if (!l) l = chunkLabels(c.text);
      labels.set(c.text, l);
      return l;
    });
    const definitions = indexDefinitions(chunkLabelList);
    const next = new Map<string, ChunkAnalysis>();
    const analyzed: AnalyzedChunk[] = [];
    for (let i = 0; i < chunks.length; i++) {
      if (isCancelled()) return undefined;
      const chunk = chunks[i];
      const suffix = foreignDefinitionsFor(i, chunkLabelList[i], definitions);
      const key = suffix ? chunk.text + '\u0000' + suffix : chunk.text;
      let analysis = next.get(key) ?? this.cache.get(key);
      if (!analysis) analysis = analyzeChunk(chunk.text + suffix, chunk.text.length);
      next.set(key, analysis);
      analyzed.push({ chunk, analysis });
    }
    this.labels = labels;
    this.previous = { text, chunks };
    this.cache = next;
    return new DocumentAnalysis(text, analyzed, this);
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

function analyzeChunk(text: string, limit: number): ChunkAnalysis {
  let tree;
  try {
    tree = parseMarkdown(text);
  } catch {
    // micromark does not throw on any input we know of; if it ever does, lose the
    // analysis of this chunk, never the server.
    return { blocks: [], htmlBlocks: [], footnoteDefinitions: [], sentences: [], terms: [] };
  }
  const prose = extractProse(tree, text, limit);
  return { ...prose, sentences: prose.blocks.map(() => undefined), terms: prose.blocks.map(() => undefined) };
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
    let s = analysis.sentences[blockIndex];
    if (!s) {
      const block = analysis.blocks[blockIndex];
      s = block.kind === 'paragraph' ? splitSentences(block.text) : wholeBlock(block.text);
      analysis.sentences[blockIndex] = s;
    }
    return s;
  }
}

function wholeBlock(text: string): SentenceSpan[] {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? [{ start, end }] : [];
}

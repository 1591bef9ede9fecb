// The labelled claim corpus: real sentences from public pages (test/corpus/claims/pages/),
// one JSON file per page, and the project's own labelled articles (test/fixtures/eval and
// test/fixtures/heldout, written by the team: training data only). Shared by the training
// script and `npm run evaluate`, so both see every sentence through the same pipeline the
// editor uses (Markdown → prose units → features).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { buildCitationLibrary } from '../../server/src/core/citations/library';
import type { ClaimJudge } from '../../server/src/core/claims';
import { buildGlossary } from '../../server/src/core/glossary';
import { defaultLintOptions, lintDocument, type LintOptions } from '../../server/src/core/lint';
import type { ClaimUnit, DocumentModel } from '../../server/src/core/lint/model';

export const root = path.resolve(__dirname, '..', '..');
const dataDir = path.join(root, 'server', 'data');
export const readData = (file: string) => JSON.parse(readFileSync(path.join(dataDir, file), 'utf8'));

/** Lint options with the bundled glossary and curated list, and the given claim model. */
export function repoLintOptions(claims: ClaimJudge): LintOptions {
  const glossary = buildGlossary([{ name: 'bundled', data: readData('glossary.json') }]).glossary;
  const library = buildCitationLibrary([{ name: 'curated', data: readData('citations.json') }]).library;
  return defaultLintOptions(library, glossary, claims);
}
export const corpusDir = path.join(root, 'test', 'corpus', 'claims');
const splitsFile = path.join(corpusDir, 'splits.json');

export type Label = 'claim' | 'not-claim' | 'borderline';
export type Split = 'train' | 'dev' | 'test';

export interface LabelledSentence {
  text: string;
  label: Label;
  /** The page had a citation marker on it (removed from the text). */
  cited?: boolean;
  /** Sentences of headings are kept in the pages but never scored: headings are not claim units. */
  heading?: boolean;
  expected?: string[];
}

export interface CorpusDocument {
  id: string;
  genre: string;
  split: Split;
  url?: string;
  markdown: string;
  sentences: LabelledSentence[];
}

interface PageFile {
  url: string;
  genre: string;
  title?: string;
  blocks: { type: 'heading' | 'paragraph' | 'list-item' | 'quote'; sentences: { text: string; label: Label; cited?: boolean }[] }[];
}

/** Page text as Markdown, block by block, the way the page showed it. */
export function pageMarkdown(page: PageFile): string {
  const out: string[] = [];
  for (const b of page.blocks) {
    const text = b.sentences.map((s) => s.text.trim()).join(' ');
    if (!text) continue;
    // Keep page text literal: a line that would open a list, heading or HTML block is escaped.
    const literal = text.replace(/^(\d+)([.)])(\s)/, '$1\\$2$3').replace(/^([#>+=-])/, '\\$1').replace(/^</, '\\<');
    if (b.type === 'heading') out.push(`## ${text}`);
    else if (b.type === 'list-item') out.push(`- ${literal}`);
    else if (b.type === 'quote') out.push(`> ${literal}`);
    else out.push(literal);
  }
  // List items of one list stay together; everything else is its own block.
  let md = '';
  for (let i = 0; i < out.length; i++) {
    md += out[i];
    const bothItems = out[i].startsWith('- ') && out[i + 1]?.startsWith('- ');
    md += i === out.length - 1 ? '\n' : bothItems ? '\n' : '\n\n';
  }
  return md;
}

/** Pages of the ninth and tenth collection rounds, kept whole as the test split. */
export const isTestRound = (id: string) => /\/b(?:9|10)-/.test(id);

function hash(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

/**
 * Page → split, decided once per page and kept in splits.json, so adding pages never moves
 * an old one across the line. The test split is the ninth and tenth rounds of pages (files
 * named `b9-…` and `b10-…`), every one of them: collected after the model was last fitted and
 * never used to fit or select it (the tenth was collected after the ninth was read, to read
 * the same model on more fresh pages). Earlier test splits, once read, joined the pages used
 * for fitting (the first was read twice; the third to eighth rounds, `b3-…` to `b8-…`, once
 * each). Any other new page (`t5-…` to `t12-…` were collected as training pages) goes, within
 * its genre by a hash of its URL, 20 % to dev and the rest to train.
 */
export function assignSplits(pages: { id: string; genre: string; url: string }[], write: boolean): Map<string, Split> {
  const existing: Record<string, Split> = existsSync(splitsFile) ? JSON.parse(readFileSync(splitsFile, 'utf8')).pages : {};
  const result = new Map<string, Split>(Object.entries(existing));
  const byGenre = new Map<string, { id: string; url: string }[]>();
  for (const p of pages) {
    if (result.has(p.id)) continue;
    if (isTestRound(p.id)) result.set(p.id, 'test');
    else byGenre.set(p.genre, [...(byGenre.get(p.genre) ?? []), p]);
  }
  for (const [genre, fresh] of byGenre) {
    const all = pages.filter((p) => p.genre === genre && !isTestRound(p.id));
    const count = (s: Split) => all.filter((p) => result.get(p.id) === s).length;
    fresh.sort((a, b) => hash(a.url).localeCompare(hash(b.url)));
    for (const p of fresh) result.set(p.id, count('dev') < Math.max(1, Math.round(all.length * 0.2)) ? 'dev' : 'train');
  }
  if (write) {
    const sorted = Object.fromEntries([...result].sort(([a], [b]) => a.localeCompare(b)));
    const description = JSON.parse(readFileSync(splitsFile, 'utf8')).description as string;
    writeFileSync(splitsFile, JSON.stringify({ description, pages: sorted }, null, 1) + '\n');
  }
  return result;
}

/** Every labelled document: the real pages (with their split) and the team's articles (train). */
export function loadCorpus(options: { writeSplits?: boolean } = {}): CorpusDocument[] {
  const docs: CorpusDocument[] = [];
  const pagesDir = path.join(corpusDir, 'pages');
  const pages: { id: string; genre: string; url: string; page: PageFile }[] = [];
  for (const genre of readdirSync(pagesDir).sort()) {
    for (const f of readdirSync(path.join(pagesDir, genre)).filter((x) => x.endsWith('.json')).sort()) {
      const page = JSON.parse(readFileSync(path.join(pagesDir, genre, f), 'utf8')) as PageFile;
      pages.push({ id: `${genre}/${f.replace(/\.json$/, '')}`, genre, url: page.url, page });
    }
  }
  const splits = assignSplits(pages, options.writeSplits ?? false);
  for (const p of pages) {
    const sentences: LabelledSentence[] = [];
    for (const b of p.page.blocks) for (const s of b.sentences) sentences.push({ text: s.text, label: s.label, cited: s.cited, heading: b.type === 'heading' });
    docs.push({ id: p.id, genre: p.genre, split: splits.get(p.id)!, url: p.url, markdown: pageMarkdown(p.page), sentences });
  }
  for (const set of ['eval', 'heldout']) {
    const dir = path.join(root, 'test', 'fixtures', set);
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.labels.json')).sort()) {
      const labels = JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
      docs.push({ id: `${set}/${labels.article}`, genre: `team-${set}`, split: 'train', markdown: readFileSync(path.join(dir, labels.article), 'utf8'), sentences: labels.sentences });
    }
  }
  return docs;
}

/** Finds a labelled sentence in the text; any run of white space matches any other. */
export function locate(text: string, unit: string, from: number): { start: number; end: number } | undefined {
  // Punctuation may carry the backslash that kept page text literal in Markdown.
  const token = (t: string) => [...t].map((c) => (/[\p{L}\p{N}]/u.test(c) ? c : `\\\\?${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)).join('');
  const pattern = unit.trim().split(/\s+/).map(token).join('\\s+');
  const re = new RegExp(pattern, 'gu');
  re.lastIndex = from;
  const m = re.exec(text) ?? (() => ((re.lastIndex = 0), re.exec(text)))();
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

export interface Located {
  doc: CorpusDocument;
  sentence: LabelledSentence;
  start: number;
  end: number;
  /** The claim units (as the linter builds them) that overlap the sentence. */
  units: ClaimUnit[];
}

/** Analyses a document as the editor would and places each labelled sentence on its units. */
export function analyse(doc: CorpusDocument, options: LintOptions): { model: DocumentModel; findings: ReturnType<typeof lintDocument>['findings']; located: Located[] } {
  const analysis = new DocumentAnalyzer({ glossary: options.glossary }).analyze(doc.markdown)!;
  const { model, findings } = lintDocument(analysis, options);
  const located: Located[] = [];
  let cursor = 0;
  for (const sentence of doc.sentences) {
    const at = locate(doc.markdown, sentence.text, cursor);
    if (!at) throw new Error(`${doc.id}: cannot find "${sentence.text.slice(0, 60)}"`);
    cursor = at.start;
    const units = model.units.filter((u) => u.start < at.end && u.end > at.start);
    located.push({ doc, sentence, ...at, units });
  }
  return { model, findings, located };
}

/**
 * Baselines: the findings a repository accepted when it adopted Healthmark
 * (`.healthmark/baseline.json`), so that `healthmark check` reports only new ones.
 *
 * A finding is remembered by its rule and the text it covers (whitespace collapsed), never by
 * its line or its position among other findings: moving a paragraph, adding text above it or
 * fixing another finding leaves that text as it was. When an edit inside the covered text
 * changes it (fixing an overclaim rewords a sentence that is also an uncited claim; removing a
 * pasted glossary tooltip shortens it), a second pass matches the remaining findings to the
 * remaining entries of the same rule by their words: most of the words of the shorter of the
 * two must be in the other. Identical texts are counted, so two copies of the same baselined
 * sentence stay baselined and a third one is new. Pure: no file access.
 */

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  /** The rule's name, e.g. "uncited-claim". */
  rule: string;
  /** The text the finding covers, whitespace collapsed (at most MAX_TEXT characters). */
  text: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  /** Per file, relative to the folder that holds `.healthmark/`, with `/` separators. */
  files: Record<string, BaselineEntry[]>;
}

/** The part of a finding a baseline needs. */
export interface FingerprintFinding {
  code: string;
  start: number;
  end: number;
}

const MAX_TEXT = 400;
/** Shortest covered text used as is; shorter ones (a marker like `[7]`) take their line as context. */
const MIN_TEXT = 1;

/** What a finding is remembered by: the covered text with whitespace collapsed (its line when the range is empty). */
export function fingerprintText(document: string, finding: Pick<FingerprintFinding, 'start' | 'end'>): string {
  let text = document.slice(finding.start, finding.end);
  if (text.trim().length < MIN_TEXT) {
    const lineStart = document.lastIndexOf('\n', finding.start - 1) + 1;
    const lineEnd = document.indexOf('\n', finding.start);
    text = document.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  }
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

export function baselineEntries(document: string, findings: FingerprintFinding[]): BaselineEntry[] {
  return findings.map((f) => ({ rule: f.code, text: fingerprintText(document, f) }));
}

function words(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const w of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function size(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/** Shared words over the words of the shorter text (the overlap coefficient, on word counts). */
function overlap(a: Map<string, number>, b: Map<string, number>): { shared: number; score: number; jaccard: number } {
  let shared = 0;
  for (const [w, n] of a) shared += Math.min(n, b.get(w) ?? 0);
  const sa = size(a);
  const sb = size(b);
  return { shared, score: shared / Math.max(1, Math.min(sa, sb)), jaccard: shared / Math.max(1, sa + sb - shared) };
}

/** The second pass needs this many words in common and this share of the shorter text. */
const FUZZY_MIN_SHARED = 3;
const FUZZY_MIN_SCORE = 0.6;

/**
 * Which findings the baseline entries cover: `true` at a finding's index when it is baselined.
 * Each entry covers at most one finding.
 */
export function matchBaseline(document: string, findings: FingerprintFinding[], entries: BaselineEntry[]): boolean[] {
  const covered = findings.map(() => false);
  const texts = findings.map((f) => fingerprintText(document, f));
  // Pass 1: the same rule and text, counted.
  const pool = new Map<string, number[]>();
  entries.forEach((e, i) => {
    const key = `${e.rule}\u0000${e.text}`;
    const list = pool.get(key);
    if (list) list.push(i);
    else pool.set(key, [i]);
  });
  const used = entries.map(() => false);
  findings.forEach((f, i) => {
    const list = pool.get(`${f.code}\u0000${texts[i]}`);
    const e = list?.shift();
    if (e !== undefined) {
      covered[i] = true;
      used[e] = true;
    }
  });
  // Pass 2: the same rule, most words in common; best pairs first.
  const rest = entries.map((e, i) => ({ e, i })).filter(({ i }) => !used[i]);
  if (rest.length === 0) return covered;
  const candidates: { f: number; e: number; score: number; jaccard: number }[] = [];
  const entryWords = new Map<number, Map<string, number>>();
  findings.forEach((f, fi) => {
    if (covered[fi]) return;
    const fw = words(texts[fi]);
    for (const { e, i } of rest) {
      if (e.rule !== f.code) continue;
      let ew = entryWords.get(i);
      if (!ew) entryWords.set(i, (ew = words(e.text)));
      const o = overlap(fw, ew);
      if (o.shared >= FUZZY_MIN_SHARED && o.score >= FUZZY_MIN_SCORE) candidates.push({ f: fi, e: i, score: o.score, jaccard: o.jaccard });
    }
  });
  candidates.sort((a, b) => b.score - a.score || b.jaccard - a.jaccard || a.f - b.f || a.e - b.e);
  for (const c of candidates) {
    if (covered[c.f] || used[c.e]) continue;
    covered[c.f] = true;
    used[c.e] = true;
  }
  return covered;
}

/** Reads a baseline file's parsed JSON; throws with a readable message when it is not one. */
export function parseBaseline(data: unknown): Baseline {
  const d = data as Partial<Baseline> | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new Error('is not a Healthmark baseline (expected an object with "version" and "files")');
  if (d.version !== BASELINE_VERSION) throw new Error(`has version ${JSON.stringify(d.version)}; this Healthmark reads version ${BASELINE_VERSION} (run \`healthmark baseline\` again)`);
  if (!d.files || typeof d.files !== 'object' || Array.isArray(d.files)) throw new Error('has no "files" object');
  const files: Record<string, BaselineEntry[]> = {};
  for (const [file, list] of Object.entries(d.files)) {
    if (!Array.isArray(list) || !list.every((e) => e && typeof e.rule === 'string' && typeof e.text === 'string')) {
      throw new Error(`"files.${file}" must be a list of { "rule", "text" } entries`);
    }
    files[file] = list.map((e) => ({ rule: e.rule, text: e.text }));
  }
  return { version: BASELINE_VERSION, files };
}

/** The file's JSON text: files and entries sorted, one entry per line, so diffs stay small. */
export function serializeBaseline(baseline: Baseline): string {
  const files = Object.keys(baseline.files)
    .filter((f) => baseline.files[f].length > 0)
    .sort();
  const lines = ['{', `  "version": ${BASELINE_VERSION},`, '  "files": {'];
  files.forEach((file, fi) => {
    const entries = [...baseline.files[file]].sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
    lines.push(`    ${JSON.stringify(file)}: [`);
    entries.forEach((e, i) => lines.push(`      { "rule": ${JSON.stringify(e.rule)}, "text": ${JSON.stringify(e.text)} }${i < entries.length - 1 ? ',' : ''}`));
    lines.push(`    ]${fi < files.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}');
  return lines.join('\n') + '\n';
}

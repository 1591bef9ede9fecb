// Data for the web server (VS Code for the Web): the same files the Node server reads with
// `fs`, read instead by the extension through `vscode.workspace.fs` — the extension's own
// files (server/data/*.json, dist/references.formatted.json) and the workspace's
// (.healthmark/glossary.json, …) — and sent over the `healthmark/readFile` request.
// No Node built-ins here: this file is bundled for a web worker.
import { parseBibtex } from './bibtex';
import { usePreformattedReferences } from './core/citations/format';
import type { CitationSource } from './core/citations/library';
import { compileClaimJudge, type ClaimJudge, type ClaimModelData } from './core/claims';
import type { GlossarySource } from './core/glossary';
import type { OverclaimsData } from './core/overclaims';

/** Server → client: the text of a file, by URI (the client reads it with `vscode.workspace.fs`). */
export const ReadFileRequest = 'healthmark/readFile';
export interface ReadFileParams {
  uri: string;
}
export interface ReadFileResult {
  text?: string;
  /** Set when the file could not be read; `missing` when it does not exist. */
  error?: string;
  missing?: boolean;
}

/** `initializationOptions.web` of the web client: where the extension's own files are. */
export interface WebInitializationOptions {
  extensionUri: string;
}

export type ReadFile = (uri: string) => Promise<ReadFileResult>;

const MAX_DATA_FILE = 8 * 1024 * 1024;

/** `base` + `/` + a relative path (a URI string; an absolute URI in `rel` is kept). */
export function joinUri(base: string, rel: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(rel)) return rel;
  return `${base.replace(/\/+$/, '')}/${rel.replace(/^\.?\/+/, '')}`;
}

async function readText(read: ReadFile, uri: string, name: string): Promise<{ text?: string; error?: string; missing?: boolean }> {
  const r = await read(uri).catch((e: unknown) => ({ error: `${name} could not be read: ${(e as Error)?.message ?? e}` }) as ReadFileResult);
  if (r.error !== undefined) return { error: r.missing ? `${name} does not exist.` : r.error, missing: r.missing };
  const text = r.text ?? '';
  if (text.length > MAX_DATA_FILE) return { error: `${name} is ${(text.length / 1048576).toFixed(1)} MB; data files are limited to 8 MB.` };
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** A JSON data file; any failure becomes a readable error, never an exception. */
export async function readJsonSource(read: ReadFile, uri: string, name = uri): Promise<GlossarySource & { missing?: boolean }> {
  const { text, error, missing } = await readText(read, uri, name);
  if (error !== undefined) return { name, error, missing };
  try {
    return { name, data: JSON.parse(text!) };
  } catch (e) {
    return { name, error: `${name} is not valid JSON: ${(e as Error).message}` };
  }
}

/** A citation file: CSL-JSON (.json) or BibTeX (.bib), parsed as BibTeX text only (no look-ups). */
export async function readCitationSource(read: ReadFile, uri: string, name = uri): Promise<CitationSource & { missing?: boolean }> {
  if (!/\.(bib|bibtex)$/i.test(uri)) return readJsonSource(read, uri, name);
  const { text, error, missing } = await readText(read, uri, name);
  if (error !== undefined) return { name, error, missing };
  return parseBibtex(text!, name);
}

/** The bundled data, read from the extension's own files. */
export interface BundledData {
  glossary: GlossarySource;
  citations: CitationSource;
  claimJudge: ClaimJudge;
}

export async function loadBundledData(read: ReadFile, extensionUri: string): Promise<BundledData> {
  const data = (file: string) => joinUri(extensionUri, `server/data/${file}`);
  const [glossary, citations, model, over, formatted] = await Promise.all([
    readJsonSource(read, data('glossary.json'), 'bundled glossary'),
    readJsonSource(read, data('citations.json'), 'bundled curated citations'),
    readJsonSource(read, data('claim-model.json'), 'bundled claim model'),
    readJsonSource(read, data('overclaims.json'), 'bundled overclaim patterns'),
    readJsonSource(read, joinUri(extensionUri, 'dist/references.formatted.json'), 'formatted references'),
  ]);
  const error = model.error ?? over.error;
  if (error) throw new Error(`Healthmark: ${error}`);
  if (formatted.data) usePreformattedReferences(formatted.data as Record<string, { hash: string; text: string }>, (item) => sha1Hex(JSON.stringify(item)));
  return { glossary, citations, claimJudge: compileClaimJudge(model.data as ClaimModelData, over.data as OverclaimsData) };
}

/**
 * SHA-1 of a string's UTF-8 bytes, in hex: the key under which the build stored each formatted
 * reference (scripts/format-references.mjs uses Node's crypto; a web worker has only the
 * asynchronous SubtleCrypto, and the lookup is synchronous).
 */
export function sha1Hex(text: string): string {
  const bytes = new TextEncoder().encode(text);
  const length = bytes.length;
  const words = new Uint32Array((((length + 8) >> 6) + 1) * 16);
  for (let i = 0; i < length; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
  words[length >> 2] |= 0x80 << (24 - (length % 4) * 8);
  words[words.length - 1] = length * 8;
  words[words.length - 2] = Math.floor((length * 8) / 0x100000000);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  const rotl = (x: number, n: number) => (x << n) | (x >>> (32 - n));
  for (let block = 0; block < words.length; block += 16) {
    for (let t = 0; t < 16; t++) w[t] = words[block + t];
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let [a, b, c, d, e] = [h0, h1, h2, h3, h4];
    for (let t = 0; t < 80; t++) {
      const f = t < 20 ? (b & c) | (~b & d) : t < 40 ? b ^ c ^ d : t < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = t < 20 ? 0x5a827999 : t < 40 ? 0x6ed9eba1 : t < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const temp = (rotl(a, 5) + f + e + k + w[t]) >>> 0;
      e = d;
      d = c;
      c = rotl(b, 30) >>> 0;
      b = a;
      a = temp;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  return [h0, h1, h2, h3, h4].map((h) => h.toString(16).padStart(8, '0')).join('');
}

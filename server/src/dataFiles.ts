import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseBibtex } from './bibtex';
import { usePreformattedReferences } from './core/citations/format';
import type { CitationSource } from './core/citations/library';
import { compileClaimJudge, type ClaimJudge, type ClaimModelData } from './core/claims';
import type { GlossarySource } from './core/glossary';
import type { OverclaimsData } from './core/overclaims';

/** Where the bundled data lives: next to the bundle (dist/) or the sources (server/src/). */
export function bundledDataDir(): string {
  const candidates = [path.join(__dirname, '..', 'server', 'data'), path.join(__dirname, '..', 'data'), path.join(__dirname, '..', '..', 'data')];
  return candidates.find((d) => existsSync(path.join(d, 'glossary.json'))) ?? candidates[0];
}

const MAX_DATA_FILE = 8 * 1024 * 1024;

function readText(file: string, name: string): { text?: string; error?: string } {
  try {
    const size = statSync(file).size;
    if (size > MAX_DATA_FILE) return { error: `${name} is ${(size / 1048576).toFixed(1)} MB; data files are limited to 8 MB.` };
    const text = readFileSync(file, 'utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? `${name} does not exist.` : `${name} could not be read: ${(e as Error).message}` };
  }
}

/** Reads a JSON data file; any failure becomes a readable error, never an exception. */
export function readJsonSource(file: string, name = file): GlossarySource {
  const { text, error } = readText(file, name);
  if (error !== undefined) return { name, error };
  try {
    return { name, data: JSON.parse(text!) };
  } catch (e) {
    return { name, error: `${name} is not valid JSON: ${(e as Error).message}` };
  }
}

/**
 * Reads a citation file: CSL-JSON (.json) or BibTeX (.bib), converted to CSL-JSON by
 * citation-js. `forceType` makes citation-js parse the text as BibTeX and never treat it
 * as a URL or identifier to fetch: Healthmark makes no network calls.
 */
export function readCitationSource(file: string, name = file): CitationSource {
  if (!/\.(bib|bibtex)$/i.test(file)) return readJsonSource(file, name);
  const { text, error } = readText(file, name);
  if (error !== undefined) return { name, error };
  return parseBibtex(text!, name);
}

export function bundledGlossarySource(): GlossarySource {
  return { ...readJsonSource(path.join(bundledDataDir(), 'glossary.json'), 'bundled glossary'), trusted: true };
}

export function bundledCitationSource(): CitationSource {
  return { ...readJsonSource(path.join(bundledDataDir(), 'citations.json'), 'bundled curated citations'), trusted: true };
}

/** Loads the references formatted at build time (dist/references.formatted.json), if present. */
export function loadPreformattedReferences(): void {
  const candidates = [path.join(__dirname, 'references.formatted.json'), path.join(__dirname, '..', '..', 'dist', 'references.formatted.json')];
  for (const file of candidates) {
    if (!existsSync(file)) continue;
    try {
      usePreformattedReferences(JSON.parse(readFileSync(file, 'utf8')), (item) => createHash('sha1').update(JSON.stringify(item)).digest('hex'));
    } catch {
      // formatted at run time instead
    }
    return;
  }
}

/**
 * The bundled claim model (fitted weights and word lists) and overclaim patterns, compiled.
 * They ship with Healthmark and are validated by the test suite, so a failure here is a
 * broken installation: it throws with a clear message rather than judging with no model.
 */
export function bundledClaimJudge(dir = bundledDataDir()): ClaimJudge {
  const model = readJsonSource(path.join(dir, 'claim-model.json'), 'bundled claim model');
  const over = readJsonSource(path.join(dir, 'overclaims.json'), 'bundled overclaim patterns');
  const error = model.error ?? over.error;
  if (error) throw new Error(`Healthmark: ${error}`);
  return compileClaimJudge(model.data as ClaimModelData, over.data as OverclaimsData);
}

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GlossarySource } from './core/glossary';

/** Where the bundled data lives: next to the bundle (dist/) or the sources (server/src/). */
export function bundledDataDir(): string {
  const candidates = [path.join(__dirname, '..', 'server', 'data'), path.join(__dirname, '..', 'data'), path.join(__dirname, '..', '..', 'data')];
  return candidates.find((d) => existsSync(path.join(d, 'glossary.json'))) ?? candidates[0];
}

const MAX_DATA_FILE = 8 * 1024 * 1024;

/** Reads a JSON data file; any failure becomes a readable error, never an exception. */
export function readJsonSource(file: string, name = file): GlossarySource {
  try {
    const size = statSync(file).size;
    if (size > MAX_DATA_FILE) return { name, error: `${name} is ${(size / 1048576).toFixed(1)} MB; data files are limited to 8 MB.` };
    const text = readFileSync(file, 'utf8');
    try {
      return { name, data: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
    } catch (e) {
      return { name, error: `${name} is not valid JSON: ${(e as Error).message}` };
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { name, error: code === 'ENOENT' ? `${name} does not exist.` : `${name} could not be read: ${(e as Error).message}` };
  }
}

export function bundledGlossarySource(): GlossarySource {
  return readJsonSource(path.join(bundledDataDir(), 'glossary.json'), 'bundled glossary');
}

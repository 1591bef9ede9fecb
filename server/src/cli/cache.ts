/**
 * `healthmark check --cache`: findings of a file kept on disk, keyed by everything that can
 * change them — the file's text, the effective settings, the data files' contents and the
 * Healthmark version (which fixes the bundled glossary, curated list and claim model) — so an
 * unchanged article costs a hash (like ESLint's `.eslintcache`). Any unreadable or foreign
 * cache file is ignored and rewritten: a cache can only save time, never change a result.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../core/lint';

export const DEFAULT_CACHE_FILE = '.healthmarkcache';
const FORMAT = 1;

interface CacheFile {
  format: number;
  version: string;
  entries: Record<string, { key: string; findings: Finding[] }>;
}

export class FindingsCache {
  private entries: CacheFile['entries'] = {};
  private used = new Set<string>();
  private changed = false;
  hits = 0;
  misses = 0;

  constructor(
    private readonly file: string,
    private readonly version: string,
  ) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
      if (data.format === FORMAT && data.version === version && data.entries && typeof data.entries === 'object') this.entries = data.entries;
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
  }

  /** The cache key of one file's check. */
  static key(text: string, settings: unknown, dataFingerprint: string): string {
    return createHash('sha1').update(text).update('\u0000').update(JSON.stringify(settings)).update('\u0000').update(dataFingerprint).digest('hex');
  }

  get(file: string, key: string): Finding[] | undefined {
    this.used.add(file);
    const e = this.entries[file];
    if (e && e.key === key) {
      this.hits++;
      return e.findings;
    }
    this.misses++;
    return undefined;
  }

  set(file: string, key: string, findings: Finding[]): void {
    this.used.add(file);
    this.entries[file] = { key, findings: findings.map(({ lazyFixes, ...f }) => (lazyFixes ? { ...f, lazyFixes } : f)) };
    this.changed = true;
  }

  /** Writes the cache (atomically: a temporary file renamed over the old one). */
  save(): void {
    if (!this.changed) return;
    const data: CacheFile = { format: FORMAT, version: this.version, entries: this.entries };
    mkdirSync(path.dirname(path.resolve(this.file)), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(data));
    renameSync(tmp, this.file);
  }
}

/** A fingerprint of data files by their contents (a missing file counts as its absence). */
export function fingerprintFiles(files: string[]): string {
  const h = createHash('sha1');
  for (const f of [...files].sort()) {
    h.update(f).update('\u0000');
    try {
      h.update(readFileSync(f));
    } catch {
      h.update('<missing>');
    }
    h.update('\u0000');
  }
  return h.digest('hex');
}

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs a CommonJS bundle (dist/server.js) as Node would, but compiled with V8's code cache.
 *
 * Why: a language server is started whenever an editor opens a Markdown file, and the first
 * diagnostics are what a new user feels. Compiling the 3 MB bundle, and the functions the
 * first check runs, took a good part of that (`npm run bench`, first diagnostics of a 25 KB
 * article). Node 20 has no `module.enableCompileCache()` (22 does), so the bundle is compiled
 * through `vm.Script` with the cached data of an earlier start, and a few seconds after a start
 * that had none — once the first check has compiled what it needs — the cache is written for
 * the next one.
 *
 * The cache holds compiled code of the bundle only, never document text. Its file name carries
 * a hash of the bundle's content, the Node version, the architecture and the V8 flags, so a
 * rebuilt or upgraded server never reads another's cache (V8 itself checks only the source's
 * length); older caches of the same bundle name are deleted when a new one is written. A
 * cache that cannot be read, written or used is skipped: the server starts as usual.
 */
export type CodeCacheUse = 'used' | 'rejected' | 'absent' | 'off';

export interface CodeCacheOptions {
  /** Where caches live; undefined turns the cache off. */
  directory: string | undefined;
  /** How long after the start the cache is written, when none was used (ms). */
  writeAfterMs?: number;
}

export interface CodeCacheRun {
  use: CodeCacheUse;
  /** What the bundle exported. */
  exports: unknown;
  /** Settles when the cache has been written (true), or will not be (false). */
  written: Promise<boolean>;
}

export function runWithCodeCache(file: string, options: CodeCacheOptions): CodeCacheRun {
  const source = readFileSync(file, 'utf8');
  const cacheFile = options.directory ? path.join(options.directory, `${path.basename(file)}-${cacheKey(source)}.v8cache`) : undefined;
  let cachedData: Buffer | undefined;
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined; // none yet
    }
  }
  // Node's own module wrapper, so the bundle sees exports, require, module, __filename, __dirname.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, cachedData });
  const use: CodeCacheUse = !cacheFile ? 'off' : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  const written =
    cacheFile && use !== 'used'
      ? new Promise<boolean>((resolve) => setTimeout(() => resolve(writeCache(script, cacheFile)), options.writeAfterMs ?? 3000).unref())
      : Promise.resolve(false);
  const module: { exports: unknown; filename: string; id: string; loaded: boolean } = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  return { use, exports: module.exports, written };
}

function cacheKey(source: string): string {
  return createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 20);
}

/** Writes the cache beside older ones of the same bundle (which it replaces), atomically. */
function writeCache(script: Script, cacheFile: string): boolean {
  try {
    const dir = path.dirname(cacheFile);
    mkdirSync(dir, { recursive: true });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
    const prefix = `${path.basename(cacheFile).replace(/-[0-9a-f]+\.v8cache$/, '')}-`;
    for (const f of readdirSync(dir)) {
      if (f.startsWith(prefix) && f.endsWith('.v8cache') && path.join(dir, f) !== cacheFile) rmSync(path.join(dir, f), { force: true });
    }
    return true;
  } catch {
    // A read-only or full disk: no cache, the next start compiles as usual.
    return false;
  }
}

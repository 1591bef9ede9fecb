// The language server's entry point (dist/start.js): runs dist/server.js with V8's code cache
// (see codeCache.ts). HEALTHMARK_CACHE_DIR chooses where the cache lives (the VS Code extension
// passes its own storage folder); set to an empty string, it turns the cache off. Without it,
// the user's cache folder (env-paths: ~/.cache/healthmark on Linux).
import envPaths from 'env-paths';
import path from 'node:path';
import { runWithCodeCache } from './codeCache';

const configured = process.env.HEALTHMARK_CACHE_DIR;
const directory = configured !== undefined ? configured || undefined : envPaths('healthmark', { suffix: '' }).cache;
// Written two seconds after a start that had no cache: by then the first check has compiled its code.
runWithCodeCache(path.join(__dirname, 'server.js'), { directory, writeAfterMs: 2000 });

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseJsonc, printParseErrorCode, stripComments, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import picomatch from 'picomatch';
import { defaultSettings, WORKSPACE_CITATIONS, WORKSPACE_GLOSSARY, type HealthmarkSettings } from '../../../common/protocol';
import configSchema from '../../schemas/config.schema.json';
import { rules } from '../core/lint';
import { schemaValidator } from '../core/schema';
import { mergeSettings } from '../lsp/settings';

/**
 * `.healthmark/config.json`: the repository's own settings, found per file by walking up from
 * it (the nearest `.healthmark/` folder wins, as with ESLint's and Prettier's nearest config),
 * read by the CLI and, per workspace folder, by the server. No LSP, no VS Code: file access
 * goes through a `ConfigHost` so a caller can serve unsaved editor buffers or a test fixture.
 */

export const CONFIG_DIR = '.healthmark';
export const CONFIG_FILE = '.healthmark/config.json';
export const BASELINE_FILE = '.healthmark/baseline.json';

/** The kinds of document Healthmark can check, by file extension. */
export type DocumentLanguage = 'markdown' | 'mdx' | 'quarto';
export const LANGUAGE_EXTENSIONS: Record<DocumentLanguage, string[]> = {
  markdown: ['.md', '.markdown', '.mdown', '.mkd'],
  mdx: ['.mdx'],
  quarto: ['.qmd'],
};
export const DEFAULT_LANGUAGES: DocumentLanguage[] = ['markdown', 'mdx', 'quarto'];

export function languageOf(file: string): DocumentLanguage | undefined {
  const ext = path.extname(file).toLowerCase();
  for (const [language, exts] of Object.entries(LANGUAGE_EXTENSIONS)) if (exts.includes(ext)) return language as DocumentLanguage;
  return undefined;
}

/** The content of a `.healthmark/config.json` (validated by `server/schemas/config.schema.json`). */
export interface HealthmarkConfigFile {
  enable?: boolean;
  glossary?: { enable?: boolean; extraFiles?: string[] };
  claims?: { sensitivity?: HealthmarkSettings['claims']['sensitivity']; checkAllLanguages?: boolean };
  citations?: { scope?: HealthmarkSettings['citations']['scope']; extraFiles?: string[] };
  acronyms?: { unexpanded?: string[] };
  severity?: HealthmarkSettings['severity'];
  debounceMs?: number;
  include?: string[];
  exclude?: string[];
  languages?: DocumentLanguage[];
}

export interface ConfigProblem {
  /** The file at fault. */
  source: string;
  message: string;
}

export interface ResolvedConfig {
  /** The folder that holds the nearest `.healthmark/` folder, or undefined when there is none. */
  root?: string;
  /** The `.healthmark/config.json` in force, when there is one (and it could be read). */
  configFile?: string;
  /** User settings (`options.base`) overridden by the config file. */
  settings: HealthmarkSettings;
  /** Globs relative to `root`: which files a folder check picks up (empty: all of `languages`). */
  include: string[];
  exclude: string[];
  languages: DocumentLanguage[];
  /** Absolute paths of the glossary files to read after the bundled one: `.healthmark/glossary.json` (when it exists), then `extraFiles`. */
  glossaryFiles: string[];
  /** The same for curated references: `.healthmark/citations.json`, `.healthmark/references.bib`, then `extraFiles`. */
  citationFiles: string[];
  /** `<root>/.healthmark/baseline.json`, when there is a root. */
  baselineFile?: string;
  /** A config file that cannot be read, is not JSON, or breaks the schema (its settings are then not applied). */
  problems: ConfigProblem[];
}

/** File access for discovery: the real file system by default. */
export interface ConfigHost {
  /** The file's text, or undefined when it does not exist. Throws for any other read error. */
  readFile(file: string): string | undefined;
  isDirectory(dir: string): boolean;
  isFile(file: string): boolean;
}

export const nodeConfigHost: ConfigHost = {
  readFile(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
      throw e;
    }
  },
  isDirectory(dir) {
    try {
      return statSync(dir).isDirectory();
    } catch {
      return false;
    }
  },
  isFile(file) {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  },
};

/** Memoises discovery and parsing for one run (the CLI) or until the caller clears it (a file changed). */
export interface ConfigCache {
  /** Folder → the root found walking up from it (null: none). */
  roots: Map<string, string | null>;
  /** Config file → what it holds. */
  files: Map<string, ParsedConfig>;
  clear(): void;
}

export function createConfigCache(): ConfigCache {
  const roots = new Map<string, string | null>();
  const files = new Map<string, ParsedConfig>();
  return { roots, files, clear: () => (roots.clear(), files.clear()) };
}

export interface ParsedConfig {
  /** Undefined when the file does not exist. */
  config?: HealthmarkConfigFile;
  problems: ConfigProblem[];
}

const validateConfig = schemaValidator(configSchema);

/** Parses a config file's text: JSON with comments and trailing commas, checked against the schema. */
export function parseConfigText(text: string, source: string): ParsedConfig {
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (stripComments(body).trim() === '') return { config: {}, problems: [] }; // empty, or comments only
  const data = parseJsonc(body, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0) {
    const e = errors[0];
    const before = body.slice(0, e.offset);
    const line = before.split('\n').length;
    const column = e.offset - before.lastIndexOf('\n');
    return { problems: [{ source, message: `is not valid JSON: ${printParseErrorCode(e.error)} at line ${line}, column ${column}` }] };
  }
  const problems = validateConfig(data);
  // Rule names and codes, and rule tags that set a severity for a group (e.g. "paste-cleanup").
  const known = new Set(rules.flatMap((r) => [...r.names, ...r.tags]));
  const severity = (data as HealthmarkConfigFile | undefined)?.severity;
  if (problems.length === 0 && severity) {
    for (const name of Object.keys(severity)) if (!known.has(name)) problems.push(`/severity/${name} is not a rule (healthmark --rules lists them)`);
  }
  if (problems.length > 0) return { problems: [{ source, message: `is not a valid Healthmark configuration: ${problems.join('; ')}` }] };
  return { config: data as HealthmarkConfigFile, problems: [] };
}

/** The folder holding the nearest `.healthmark/` folder at or above `dir`, or undefined. */
export function findRoot(dir: string, host: ConfigHost = nodeConfigHost, cache?: ConfigCache): string | undefined {
  const visited: string[] = [];
  let current = path.resolve(dir);
  let found: string | null = null;
  for (;;) {
    const known = cache?.roots.get(current);
    if (known !== undefined) {
      found = known;
      break;
    }
    visited.push(current);
    if (host.isDirectory(path.join(current, CONFIG_DIR))) {
      found = current;
      break;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (cache) for (const v of visited) cache.roots.set(v, found);
  return found ?? undefined;
}

function readConfig(file: string, host: ConfigHost, cache?: ConfigCache): ParsedConfig {
  const cached = cache?.files.get(file);
  if (cached) return cached;
  let parsed: ParsedConfig;
  try {
    const text = host.readFile(file);
    parsed = text === undefined ? { problems: [] } : parseConfigText(text, file);
  } catch (e) {
    parsed = { problems: [{ source: file, message: `could not be read: ${(e as Error).message}` }] };
  }
  cache?.files.set(file, parsed);
  return parsed;
}

export interface ResolveOptions {
  /** The user's `healthmark` settings (raw, as from `workspace/configuration`): the config file overrides them. */
  base?: unknown;
  /** Where `extraFiles` of `base` are relative to (the workspace folder); default: the root, else the file's folder. */
  baseFolder?: string;
  host?: ConfigHost;
  cache?: ConfigCache;
}

/** Deep merge of plain objects: `over` wins key by key; arrays and scalars are replaced. */
function mergeDeep(under: unknown, over: unknown): unknown {
  if (over === undefined) return under;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(under) || !isObject(over)) return over;
  const out: Record<string, unknown> = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = mergeDeep(under[k], v);
  return out;
}

/**
 * The configuration in force for `filePath` (a file that need not exist, e.g. stdin's
 * `--stdin-filename`): the nearest `.healthmark/` above it, its `config.json` over the user
 * settings in `options.base`, and the data files to read. Side-effect free: it only reads.
 * A config file that is malformed is reported in `problems` and not applied.
 */
export function resolveConfig(filePath: string, options: ResolveOptions = {}): ResolvedConfig {
  const host = options.host ?? nodeConfigHost;
  const absolute = path.resolve(filePath);
  const root = findRoot(path.dirname(absolute), host, options.cache);
  const configFile = root ? path.join(root, CONFIG_FILE) : undefined;
  const parsed = configFile ? readConfig(configFile, host, options.cache) : { problems: [] };
  const config = parsed.config ?? {};
  const { include, exclude, languages, ...settingsPart } = config;
  const settings = mergeSettings(mergeDeep(options.base ?? {}, settingsPart));
  // extraFiles are relative to where they were written: the config's root, or the user's folder.
  const baseFolder = options.baseFolder ?? root ?? path.dirname(absolute);
  const extra = (fromConfig: string[] | undefined, fromSettings: string[]) =>
    fromConfig !== undefined ? fromConfig.map((f) => path.resolve(root!, f)) : fromSettings.map((f) => path.resolve(baseFolder, f));
  const existing = (files: string[]) => (root ? files.map((f) => path.join(root, f)).filter((f) => host.isFile(f)) : []);
  return {
    root,
    configFile: parsed.config ? configFile : undefined,
    settings,
    include: include ?? [],
    exclude: exclude ?? [],
    languages: languages ?? [...DEFAULT_LANGUAGES],
    glossaryFiles: [...existing([WORKSPACE_GLOSSARY]), ...extra(config.glossary?.extraFiles, settings.glossary.extraFiles)],
    citationFiles: [...existing(WORKSPACE_CITATIONS), ...extra(config.citations?.extraFiles, settings.citations.extraFiles)],
    baselineFile: root ? path.join(root, BASELINE_FILE) : undefined,
    problems: parsed.problems,
  };
}

const matchers = new Map<string, (p: string) => boolean>();
function matcher(globs: string[]): (p: string) => boolean {
  const key = JSON.stringify(globs);
  let m = matchers.get(key);
  if (!m) {
    const full = picomatch(globs.filter((g) => g.includes('/')).map((g) => g.replace(/^\.\//, '')), { dot: true });
    const base = picomatch(globs.filter((g) => !g.includes('/')), { dot: true });
    m = (p: string) => full(p) || base(path.posix.basename(p));
    if (matchers.size > 200) matchers.clear();
    matchers.set(key, m);
  }
  return m;
}

/** `file` relative to the config's root (or to `fallbackRoot`), with `/` separators. */
export function relativeToRoot(config: Pick<ResolvedConfig, 'root'>, file: string, fallbackRoot = process.cwd()): string {
  return path.relative(config.root ?? fallbackRoot, path.resolve(file)).split(path.sep).join('/');
}

/** True when the config's `exclude` globs match the file. */
export function isExcluded(config: ResolvedConfig, file: string): boolean {
  if (config.exclude.length === 0) return false;
  const rel = relativeToRoot(config, file);
  return !rel.startsWith('../') && matcher(config.exclude)(rel);
}

/**
 * Whether a folder or glob check picks up `file`: its language is enabled, it matches
 * `include` (when `checkInclude`; a glob on the command line is its own include) and no
 * `exclude` glob.
 */
export function isSelected(config: ResolvedConfig, file: string, checkInclude = true): boolean {
  const language = languageOf(file);
  if (!language || !config.languages.includes(language)) return false;
  if (isExcluded(config, file)) return false;
  if (!checkInclude || config.include.length === 0) return true;
  const rel = relativeToRoot(config, file);
  return !rel.startsWith('../') && matcher(config.include)(rel);
}

export { defaultSettings };

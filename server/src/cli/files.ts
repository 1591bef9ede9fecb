import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import fg from 'fast-glob';
import { isExcluded, isSelected, type ResolvedConfig } from '../config';

/**
 * Turns the command line's paths into the files to check: a file is checked as named, a folder
 * is walked (articles of the enabled `languages` that match the nearest config's `include` and
 * not its `exclude`, honouring `.gitignore`), and a glob is expanded here (so a quoted
 * `"articles/**\/*.md"` works in every shell and on Windows) with the same filters. `-` is
 * standard input. `node_modules` and `.git` are never walked.
 */

export interface InputFile {
  /** As shown in the output: the argument as typed, or relative to the working directory. */
  display: string;
  /** Absolute path (for stdin: the `--stdin-filename`, resolved, or `<cwd>/<stdin>`). */
  absolute: string;
  /** Standard input rather than a file. */
  stdin?: boolean;
  /** Named on the command line (not found in a folder or by a glob). */
  explicit?: boolean;
}

export interface Expanded {
  files: InputFile[];
  /** Arguments that could not be used: missing files, globs that match nothing, unreadable folders. */
  errors: { file: string; message: string }[];
  /** Files named on the command line but excluded by the configuration. */
  notes: string[];
}

const NEVER_WALKED = new Set(['node_modules', '.git']);
const GLOB_CHARS = /[*?[\]{}]/;

/** `.gitignore` rules from the repository root down to a folder; each file's patterns apply below its folder. */
export class GitIgnores {
  private readonly perDir = new Map<string, Ignore | null>();
  private readonly tops = new Map<string, string | undefined>();

  private rulesOf(dir: string, top: string): Ignore | null {
    const key = dir;
    if (this.perDir.has(key)) return this.perDir.get(key)!;
    let ig: Ignore | null = null;
    const files = [path.join(dir, '.gitignore')];
    if (dir === top) files.push(path.join(dir, '.git', 'info', 'exclude'));
    for (const file of files) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      ig ??= ignore();
      ig.add(text);
    }
    this.perDir.set(key, ig);
    return ig;
  }

  /** The repository root above `dir` (a folder holding `.git`), if any. */
  gitRoot(dir: string): string | undefined {
    if (this.tops.has(dir)) return this.tops.get(dir);
    let current = dir;
    let found: string | undefined;
    for (;;) {
      if (existsSync(path.join(current, '.git'))) {
        found = current;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    this.tops.set(dir, found);
    return found;
  }

  /**
   * Whether git would ignore `absolute`. Rules are read from `top` (the repository root, or the
   * folder the walk started in outside a repository) down to the file's folder; a deeper
   * `.gitignore` can re-include what a higher one ignored.
   */
  ignored(absolute: string, isDir: boolean, top: string): boolean {
    const rel = path.relative(top, absolute);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    let state = false;
    let dir = top;
    for (let i = 0; i < parts.length; i++) {
      const ig = this.rulesOf(dir, top);
      if (ig) {
        const sub = parts.slice(i).join('/') + (isDir ? '/' : '');
        const r = ig.test(sub);
        if (r.ignored) state = true;
        else if (r.unignored) state = false;
      }
      dir = path.join(dir, parts[i]);
    }
    return state;
  }
}

export interface ExpandOptions {
  cwd: string;
  /** The configuration for a file (memoised by the caller). */
  configFor(file: string): ResolvedConfig;
  /** `--stdin-filename`: the name standard input is checked under. */
  stdinFilename?: string;
}

function display(cwd: string, absolute: string): string {
  const rel = path.relative(cwd, absolute);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : absolute;
}

export function expandPaths(args: string[], options: ExpandOptions): Expanded {
  const { cwd } = options;
  const result: Expanded = { files: [], errors: [], notes: [] };
  const seen = new Set<string>();
  const gi = new GitIgnores();
  const add = (file: InputFile) => {
    if (file.stdin || !seen.has(file.absolute)) {
      seen.add(file.absolute);
      result.files.push(file);
    }
  };
  const negated = args.filter((a) => a.startsWith('!') && a.length > 1).map((a) => a.slice(1));

  for (const arg of args) {
    if (arg.startsWith('!') && arg.length > 1) continue;
    if (arg === '-') {
      const name = options.stdinFilename;
      add({ display: name ?? '<stdin>', absolute: path.resolve(cwd, name ?? '<stdin>'), stdin: true, explicit: true });
      continue;
    }
    const absolute = path.resolve(cwd, arg);
    let stat: ReturnType<typeof statSync> | undefined;
    try {
      stat = statSync(absolute);
    } catch (e) {
      if (GLOB_CHARS.test(arg)) {
        const before = result.files.length;
        expandGlob(arg, options, gi, negated, add);
        if (result.files.length === before) result.errors.push({ file: arg, message: 'no files match this pattern' });
        continue;
      }
      const code = (e as NodeJS.ErrnoException).code;
      result.errors.push({ file: arg, message: code === 'ENOENT' ? 'ENOENT: no such file or directory' : (e as Error).message });
      continue;
    }
    if (stat.isDirectory()) {
      const before = result.files.length;
      const top = gi.gitRoot(absolute) ?? absolute;
      walk(absolute, top, options, gi, add, result.errors);
      if (result.files.length === before) result.notes.push(`${arg}: no articles to check in this folder`);
      continue;
    }
    const config = options.configFor(absolute);
    if (isExcluded(config, absolute)) {
      result.notes.push(`${arg}: skipped: excluded by ${path.relative(cwd, config.configFile ?? '') || config.configFile}`);
      continue;
    }
    add({ display: arg, absolute, explicit: true });
  }
  return result;
}

function walk(dir: string, top: string, options: ExpandOptions, gi: GitIgnores, add: (f: InputFile) => void, errors: Expanded['errors']): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: display(options.cwd, dir), message: (e as Error).message });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const subdirs: string[] = [];
  for (const entry of entries) {
    const absolute = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      // Linked files are read; linked folders are not followed (no cycles, no walking out of the tree).
      try {
        isFile = statSync(absolute).isFile();
      } catch {
        isFile = false;
      }
      isDir = false;
    }
    if (isDir) {
      if (NEVER_WALKED.has(entry.name) || gi.ignored(absolute, true, top)) continue;
      subdirs.push(absolute);
    } else if (isFile) {
      if (gi.ignored(absolute, false, top)) continue;
      if (isSelected(options.configFor(absolute), absolute)) add({ display: display(options.cwd, absolute), absolute });
    }
  }
  for (const sub of subdirs) walk(sub, top, options, gi, add, errors);
}

function expandGlob(pattern: string, options: ExpandOptions, gi: GitIgnores, negated: string[], add: (f: InputFile) => void): void {
  const matches = fg.sync(pattern, {
    cwd: options.cwd,
    absolute: true,
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ['**/node_modules/**', '**/.git/**', ...negated],
  })
    .map((f) => path.normalize(f))
    .sort();
  for (const absolute of matches) {
    const top = gi.gitRoot(path.dirname(absolute)) ?? options.cwd;
    if (gi.ignored(absolute, false, top)) continue;
    if (isSelected(options.configFor(absolute), absolute, false)) add({ display: display(options.cwd, absolute), absolute });
  }
}

import { CodeActionKind, type CodeAction, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { modify, parse as parseJsonc, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import type { Glossary } from '../core/glossary';

/**
 * "Add “XYZ” to the workspace glossary" (issue 14): a code action on a selection, or on an
 * all-caps word under the cursor, that is not in the document's glossary. It creates or extends
 * `<folder>/.healthmark/glossary.json` with an entry whose definition is a placeholder the user
 * must edit (`TODO: define XYZ.`, long enough for the schema's minLength of 10), valid against
 * `server/schemas/glossary.schema.json`. No file access here: the caller reads the file.
 */

/** The new entry: the schema requires term, definition (10–600 characters) and category. */
export function placeholderEntry(term: string): { term: string; definition: string; category: string } {
  return { term, definition: `TODO: define ${term}.`, category: 'general health' };
}

const known = new WeakMap<Glossary, Set<string>>();
/** Whether a term (or alias) of the glossary is spelt this way, case-insensitively. */
export function inGlossary(glossary: Glossary, term: string): boolean {
  let names = known.get(glossary);
  if (!names) {
    names = new Set(glossary.entries.flatMap((e) => [e.term, ...e.aliases].map((n) => n.toLowerCase())));
    known.set(glossary, names);
  }
  return names.has(term.toLowerCase());
}

/** The term to offer: the selected text (one line, 1–80 characters, at most five words), or the all-caps word at the cursor (`XYZ`, `IL-6`, `GLP1`). */
export function candidateTerm(document: TextDocument, range: Range): { term: string; range: Range } | undefined {
  const text = document.getText();
  const start = document.offsetAt(range.start);
  const end = document.offsetAt(range.end);
  if (end > start) {
    const raw = text.slice(start, end);
    const term = raw.trim().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, '');
    // A term, not a sentence: one line, at most 80 characters and five words.
    if (!term || term.length > 80 || /[\r\n]/.test(term) || !/\p{L}/u.test(term) || term.split(/\s+/).length > 5) return undefined;
    return { term, range };
  }
  const line = document.getText({ start: { line: range.start.line, character: 0 }, end: { line: range.start.line + 1, character: 0 } });
  const word = /[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]/g;
  let m: RegExpExecArray | null;
  while ((m = word.exec(line))) {
    if (range.start.character < m.index || range.start.character > m.index + m[0].length) continue;
    const w = m[0];
    // An acronym: starts with a capital, no lower-case letter, at least two capitals.
    if (!/^[A-Z]/.test(w) || /[a-z]/.test(w) || (w.match(/[A-Z]/g) ?? []).length < 2 || w.length > 16) return undefined;
    return { term: w, range: { start: { line: range.start.line, character: m.index }, end: { line: range.start.line, character: m.index + w.length } } };
  }
  return undefined;
}

export interface GlossaryTarget {
  /** `file:` URI of `<folder>/.healthmark/glossary.json`. */
  uri: string;
  /** Its current text, or undefined when it does not exist. */
  text?: string;
  /** Whether the client applies CreateFile in a workspace edit (`workspace.workspaceEdit.resourceOperations` has "create", with `documentChanges`). */
  canCreate: boolean;
}

/** The action for `term`, or undefined when it cannot be offered (the file is malformed, or cannot be created by this client). */
export function addToGlossaryAction(term: string, target: GlossaryTarget, kind: string = CodeActionKind.QuickFix): CodeAction | undefined {
  const title = `Add “${term}” to the workspace glossary`;
  const entry = placeholderEntry(term);
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  let edit: WorkspaceEdit;
  if (target.text === undefined) {
    if (!target.canCreate) return undefined;
    const content = `${JSON.stringify({ version: 1, entries: [entry] }, null, 2)}\n`;
    edit = {
      documentChanges: [
        { kind: 'create', uri: target.uri, options: { ignoreIfExists: true } },
        { textDocument: { uri: target.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content }] },
      ],
    };
  } else {
    const errors: ParseError[] = [];
    const data = parseJsonc(target.text, errors, { allowTrailingComma: false, disallowComments: true }) as { entries?: unknown } | undefined;
    // Extend only a file that is a glossary: an object with an entries array (a broken file is the user's to fix first).
    if (errors.length > 0 || !data || typeof data !== 'object' || !Array.isArray(data.entries)) return undefined;
    const eol = target.text.includes('\r\n') ? '\r\n' : '\n';
    const doc = TextDocument.create(target.uri, 'json', 0, target.text);
    const edits: TextEdit[] = modify(target.text, ['entries', -1], entry, { formattingOptions: { ...formattingOptions, eol } }).map((e) => ({
      range: { start: doc.positionAt(e.offset), end: doc.positionAt(e.offset + e.length) },
      newText: e.content,
    }));
    edit = { changes: { [target.uri]: edits } };
  }
  return { title, kind, edit };
}

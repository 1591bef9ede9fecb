import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { authorLabel, formatReference } from '../core/citations/format';
import { evidenceLine } from '../core/citations/fit';
import type { CitationLibrary } from '../core/citations/library';
import { escapeMarkdown } from '../core/hover';

const PARTIAL_KEY = /(?:^|[\s[;(])-?@([\w:.#$%&\-+?<>~/]*)$/;

/** Citation keys after `[@` or `@`: author, year and title as detail, the reference as docs. */
export function provideCompletion(document: TextDocument, params: CompletionParams, library: CitationLibrary): CompletionItem[] {
  const offset = document.offsetAt(params.position);
  const lineStart = document.offsetAt({ line: params.position.line, character: 0 });
  const before = document.getText().slice(lineStart, offset);
  const m = PARTIAL_KEY.exec(before);
  if (!m) return [];
  const typed = m[1];
  const range = { start: document.positionAt(offset - typed.length), end: params.position };
  return library.records.map((r, i) => ({
    label: r.id,
    kind: CompletionItemKind.Reference,
    detail: `${authorLabel(r)} ${r.year ?? ''} — ${r.item.title}${evidenceLine(r) ? ` (${evidenceLine(r)})` : ''}`,
    labelDetails: { description: `${authorLabel(r)} ${r.year ?? ''}${r.retracted ? ' (retracted)' : ''}${evidenceLine(r) ? ` · ${evidenceLine(r)}` : ''}` },
    filterText: `${r.id} ${r.authors.join(' ')} ${r.year ?? ''} ${r.item.title}`,
    sortText: `${r.retracted ? 'z' : 'a'}${String(i).padStart(4, '0')}`,
    tags: r.retracted ? [1] : undefined,
    textEdit: { range, newText: r.id },
    data: { id: r.id },
    documentation: undefined,
  }));
}

/** Formatting a reference costs a citeproc run: done only for the item the user looks at. */
export function resolveCompletion(item: CompletionItem, library: CitationLibrary): CompletionItem {
  const record = library.byId.get((item.data as { id?: string })?.id ?? '');
  if (record) item.documentation = { kind: MarkupKind.Markdown, value: escapeMarkdown(formatReference(record)) };
  return item;
}

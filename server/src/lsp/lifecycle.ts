import type { TextDocument } from 'vscode-languageserver-textdocument';

/** The document events of `TextDocuments` (the Node and the browser builds alike). */
interface DocumentEvents {
  onDidOpen(listener: (e: { document: TextDocument }) => void): unknown;
  onDidChangeContent(listener: (e: { document: TextDocument }) => void): unknown;
  onDidClose(listener: (e: { document: TextDocument }) => void): unknown;
}

/**
 * When the server checks a document, the same in both servers: at once when it opens, after
 * the typing pause when it changes, and `closed` when it closes. `onDidChangeContent` also
 * fires on open, right after `onDidOpen`: that event must not replace the immediate check of a
 * newly opened file with the typing pause.
 */
export function followDocuments(documents: DocumentEvents, on: { check(document: TextDocument, now: boolean): void; closed(uri: string): void }): void {
  const justOpened = new Map<string, number>();
  documents.onDidOpen((e) => {
    justOpened.set(e.document.uri, e.document.version);
    on.check(e.document, true);
  });
  documents.onDidChangeContent((e) => {
    const opened = justOpened.get(e.document.uri) === e.document.version;
    justOpened.delete(e.document.uri);
    if (!opened) on.check(e.document, false);
  });
  documents.onDidClose((e) => {
    justOpened.delete(e.document.uri);
    on.closed(e.document.uri);
  });
}

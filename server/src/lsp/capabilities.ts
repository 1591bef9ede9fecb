import type { ServerCapabilities } from 'vscode-languageserver-protocol';

// Literal values, not the enums: this module is shared with the web server bundle and must not
// pull in a Node entry point (TextDocumentSyncKind.Incremental = 2, CodeActionKind.QuickFix).
const INCREMENTAL = 2;
const QUICK_FIX = 'quickfix';
const FIX_ALL = 'source.fixAll.healthmark';

/** What the Healthmark server offers, the same from the desktop (Node) and the web (worker) server. */
export function healthmarkCapabilities(extra: Partial<ServerCapabilities> = {}): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: INCREMENTAL },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [QUICK_FIX, FIX_ALL], resolveProvider: false },
    completionProvider: { triggerCharacters: ['@'], resolveProvider: true },
    ...extra,
  };
}

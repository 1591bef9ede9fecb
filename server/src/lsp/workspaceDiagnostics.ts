import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { CancellationToken, Diagnostic, WorkspaceDiagnosticReport, WorkspaceDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { expandPaths } from '../cli/files';
import { languageOf, type ResolvedConfig } from '../config';
import { DocumentAnalyzer, unsupportedReason, type AsyncChunkParser, type DocumentAnalysis } from '../core/analysis';
import { lintDocument, type Finding, type LintOptions } from '../core/lint';
import { analysisText } from './documents';

/**
 * Workspace-wide diagnostics (LSP pull model, `workspace/diagnostic`): every article in the
 * workspace folders — as `healthmark check <folder>` would pick them, honouring `.gitignore` and
 * the configuration's include/exclude and languages — checked from disk, so the Problems panel
 * covers files that are not open. Open documents are left to the pushed diagnostics of the
 * editor buffer (their workspace report is empty), so nothing shows twice.
 *
 * A file's result id is its size and modification time, the configuration generation and the
 * number of times it was closed: an unchanged file costs a `stat` and is reported `unchanged`.
 * When nothing changed the request is held (long poll) until something does — a file saved, a
 * document closed, settings or data reloaded — or `HOLD_MS` passes, so an idle workspace does
 * not re-walk every two seconds.
 */

export interface WorkspaceDiagnosticsHost {
  folders(): string[];
  isOpen(uri: string): boolean;
  /** Configuration (include/exclude, languages) for a file. */
  resolve(file: string): ResolvedConfig;
  /** Settings and lint options in force for a document. */
  configFor(uri: string): { settings: { enable: boolean }; options: LintOptions };
  parse: AsyncChunkParser;
  /** The diagnostics the editor would show for these findings (baseline, not-checked notice). */
  diagnostics(document: TextDocument, findings: Finding[], analysis: DocumentAnalysis, uri: string): Promise<Diagnostic[]>;
}

const HOLD_MS = 30_000;
const GONE = 'gone';

export class WorkspaceDiagnostics {
  private generation = 0;
  private readonly closed = new Map<string, number>();
  private wake: (() => void) | undefined;
  private changedSinceAnswer = true;

  constructor(private readonly host: WorkspaceDiagnosticsHost) {}

  /** Settings, data or the set of folders changed: every file is reported afresh. */
  invalidate(): void {
    this.generation++;
    this.changed();
  }

  /** A document was closed: its next report is full (the client dropped what it had). */
  documentClosed(uri: string): void {
    this.closed.set(uri, (this.closed.get(uri) ?? 0) + 1);
    this.changed();
  }

  /** Something on disk may have changed (a file saved or watched): wake a held request. */
  changed(): void {
    this.changedSinceAnswer = true;
    this.wake?.();
  }

  async report(previous: { uri: string; value: string }[], token: CancellationToken): Promise<WorkspaceDiagnosticReport> {
    const known = new Map(previous.map((p) => [p.uri, p.value]));
    for (;;) {
      this.changedSinceAnswer = false;
      const items = await this.collect(known, token);
      if (token.isCancellationRequested) return { items: [] };
      const anything = items.some((i) => i.kind === 'full');
      if (anything || this.changedSinceAnswer) return { items };
      // Nothing new: hold the request until something changes (or a while passes).
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, HOLD_MS);
        const cancel = token.onCancellationRequested(done);
        this.wake = done;
        function done() {
          clearTimeout(timer);
          cancel.dispose();
          resolve();
        }
      });
      this.wake = undefined;
      if (token.isCancellationRequested) return { items: [] };
      if (!this.changedSinceAnswer) return { items };
    }
  }

  private async collect(known: Map<string, string>, token: CancellationToken): Promise<WorkspaceDocumentDiagnosticReport[]> {
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    const seen = new Set<string>();
    for (const folder of this.host.folders()) {
      for (const absolute of this.articlesIn(folder)) {
        if (token.isCancellationRequested) return items;
        const uri = pathToFileURL(absolute).toString();
        if (seen.has(uri)) continue;
        seen.add(uri);
        if (this.host.isOpen(uri)) {
          const resultId = `open:${this.generation}`;
          items.push(known.get(uri) === resultId ? { kind: 'unchanged', uri, resultId, version: null } : { kind: 'full', uri, resultId, version: null, items: [] });
          continue;
        }
        let resultId: string;
        try {
          const stat = statSync(absolute);
          resultId = `${stat.size}:${stat.mtimeMs}:${this.generation}:${this.closed.get(uri) ?? 0}`;
        } catch {
          continue;
        }
        if (known.get(uri) === resultId) {
          items.push({ kind: 'unchanged', uri, resultId, version: null });
          continue;
        }
        items.push({ kind: 'full', uri, resultId, version: null, items: await this.check(absolute, uri) });
        // Let hovers and edits of open documents through between files.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // A file deleted, renamed or newly excluded: clear what the client still shows for it.
    for (const [uri, value] of known) if (!seen.has(uri) && value !== GONE) items.push({ kind: 'full', uri, resultId: GONE, version: null, items: [] });
    return items;
  }

  private async check(file: string, uri: string): Promise<Diagnostic[]> {
    const linted = await lintFile(file, this.host);
    return linted ? this.host.diagnostics(linted.document, linted.findings, linted.analysis, uri) : [];
  }

  /** The articles of a folder, as `healthmark check <folder>` picks them. */
  articlesIn(folder: string): string[] {
    return expandPaths([folder], { cwd: folder, configFor: (f) => this.host.resolve(f) }).files.map((f) => f.absolute);
  }
}

/** Reads, analyses (in the parse worker) and lints one file from disk; undefined when unreadable, disabled or unsupported. */
export async function lintFile(file: string, host: Pick<WorkspaceDiagnosticsHost, 'configFor' | 'parse'>) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const uri = pathToFileURL(file).toString();
  const config = host.configFor(uri);
  if (!config.settings.enable || unsupportedReason(text)) return undefined;
  const document = TextDocument.create(uri, languageOf(file) ?? 'markdown', 0, text);
  const analysis = await new DocumentAnalyzer({ glossary: config.options.glossary }).analyzeAsync(analysisText(document), host.parse, () => false);
  if (!analysis) return undefined;
  const { findings, model } = lintDocument(analysis, config.options);
  return { document, analysis, findings, model, options: config.options };
}

import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprintText } from '../core/baseline';
import type { Finding, Rule, Severity } from '../core/lint';
import { ruleDocsUrl } from '../core/ruleDocs';
import { lastAtOrBefore } from '../core/sortedSearch';

/** One checked file and what is reported for it. */
export interface FileReport {
  /** As shown: the argument as typed or relative to the working directory. */
  file: string;
  absolute: string;
  text: string;
  /** Findings to report (baselined ones removed). */
  findings: Finding[];
  /** Findings the baseline hides. */
  baselined: number;
}

/** A file that could not be checked (reported, and the run exits 2). */
export interface FileError {
  file: string;
  message: string;
}

/** A file found but not checked, and why (binary data, too long, or turned off by its config.json). */
export interface SkippedFile {
  file: string;
  absolute: string;
  reason: string;
}

/** Line starts of a text, for offset → line/column in O(log n). */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column (UTF-16 code units, as editors and SARIF's default count). */
  at(offset: number): { line: number; column: number } {
    const line = lastAtOrBefore(this.starts, offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }
}

export function textLine(file: string, index: LineIndex, f: Finding): string {
  const { line, column } = index.at(f.start);
  return `${file}:${line}:${column}: ${f.severity} ${f.code}: ${f.message}\n`;
}

/** `--format json`: one entry per file (the shape of earlier versions, kept for scripts that read it). */
export function jsonReport(reports: FileReport[], errors: FileError[], skipped: SkippedFile[] = []): string {
  const out: unknown[] = reports.map((r) => {
    const index = new LineIndex(r.text);
    return {
      file: r.file,
      findings: r.findings.map((f) => ({ code: f.code, message: f.message, start: f.start, end: f.end, severity: f.severity, ...index.at(f.start) })),
      ...(r.baselined > 0 ? { baselined: r.baselined } : {}),
    };
  });
  for (const k of skipped) out.push({ file: k.file, findings: [], skipped: k.reason });
  for (const e of errors) out.push({ file: e.file, findings: [], error: e.message });
  return JSON.stringify(out, null, 2) + '\n';
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** A stable id of a finding for code-scanning dashboards: its rule and covered text, like the baseline. */
export function findingFingerprint(text: string, f: Finding): string {
  return createHash('sha256').update(`${f.code}\u0000${fingerprintText(text, f)}`).digest('hex').slice(0, 32);
}

function toUri(cwd: string, absolute: string): { uri: string; uriBaseId?: string } {
  const rel = path.relative(cwd, absolute);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(absolute).href };
}

/**
 * `--format sarif`: a SARIF 2.1.0 log (validated against the OASIS schema by the tests), as
 * GitHub code scanning and other dashboards read it. Paths are relative to the working
 * directory (`%SRCROOT%`), so run the check from the repository root.
 */
export function sarifReport(reports: FileReport[], errors: FileError[], meta: { rules: Rule[]; version: string; cwd: string; stdinName?: string }, skipped: SkippedFile[] = []): string {
  const ruleIndex = new Map<string, number>();
  const sarifRules = meta.rules.map((r, i) => {
    const [code, alias] = r.names;
    ruleIndex.set(alias, i);
    return {
      id: alias,
      name: alias.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: r.description },
      fullDescription: { text: `${code} ${alias}: ${r.description}.` },
      helpUri: ruleDocsUrl(alias),
      help: { text: `See ${ruleDocsUrl(alias)}`, markdown: `[${alias}](${ruleDocsUrl(alias)}): ${r.description}.` },
      defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
      properties: { tags: ['health', ...r.tags], code },
    };
  });
  const results = reports.flatMap((r) => {
    const index = new LineIndex(r.text);
    const location = toUri(meta.cwd, r.absolute);
    return r.findings.map((f) => {
      const start = index.at(f.start);
      const end = index.at(Math.max(f.start, f.end));
      return {
        ruleId: f.code,
        ...(ruleIndex.has(f.code) ? { ruleIndex: ruleIndex.get(f.code)! } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: location,
              region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, charOffset: f.start, charLength: Math.max(0, f.end - f.start) },
            },
          },
        ],
        partialFingerprints: { 'healthmarkFinding/v1': findingFingerprint(r.text, f) },
        properties: { severity: f.severity },
      };
    });
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Healthmark',
            semanticVersion: meta.version,
            version: meta.version,
            informationUri: 'https://github.com/healthmark/healthmark',
            rules: sarifRules,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(meta.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: [
              // A skipped file is not a failure of the run, but a dashboard should say it was not checked.
              ...skipped.map((k) => ({ level: 'warning', message: { text: `${k.file}: not checked: ${k.reason}` }, locations: [{ physicalLocation: { artifactLocation: toUri(meta.cwd, k.absolute) } }] })),
              ...errors.map((e) => ({ level: 'error', message: { text: `${e.file}: ${e.message}` } })),
            ],
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

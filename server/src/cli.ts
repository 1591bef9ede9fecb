import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DocumentAnalyzer, unsupportedReason } from './core/analysis';
import { buildCitationLibrary } from './core/citations/library';
import type { Sensitivity } from './core/claims';
import { buildGlossary } from './core/glossary';
import { lintDocument, rules, type Finding, type Severity } from './core/lint';
import { bundledCitationSource, bundledClaimJudge, bundledGlossarySource, readCitationSource, readJsonSource } from './dataFiles';

const HELP = `Usage: healthmark check [options] <file.md>...

Checks Markdown health articles for uncited claims and citation problems, with the same
analysis as the Healthmark language server.

Options:
  --sensitivity low|medium|high   claim detection threshold (default: medium)
  --scope sentence|paragraph      what one citation covers (default: sentence)
  --all-languages                 run the claim rules on non-English documents too
  --glossary FILE                 extra glossary (JSON), repeatable
  --citations FILE                extra curated citations (CSL-JSON or BibTeX), repeatable
  --format text|json              output format (default: text)
  --fail-on error|warning|none    exit 1 when findings of this severity or worse exist (default: warning)
  --rules                         list the rules and exit
  -h, --help                      show this help
`;

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      sensitivity: { type: 'string', default: 'medium' },
      scope: { type: 'string', default: 'sentence' },
      'all-languages': { type: 'boolean', default: false },
      glossary: { type: 'string', multiple: true, default: [] },
      citations: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'warning' },
      rules: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.rules) {
    for (const r of rules) process.stdout.write(`${r.names.join(' ')} (${r.defaultSeverity}): ${r.description}\n`);
    return 0;
  }
  const files = positionals[0] === 'check' ? positionals.slice(1) : positionals;
  if (files.length === 0) {
    process.stderr.write(HELP);
    return 2;
  }
  if (!['low', 'medium', 'high'].includes(values.sensitivity!)) {
    process.stderr.write(`healthmark: --sensitivity must be low, medium or high\n`);
    return 2;
  }
  const g = buildGlossary([bundledGlossarySource(), ...values.glossary!.map((f) => readJsonSource(f))]);
  const c = buildCitationLibrary([bundledCitationSource(), ...values.citations!.map((f) => readCitationSource(f))]);
  for (const p of [...g.problems, ...c.problems]) process.stderr.write(`healthmark: ${p.source}: ${p.message}\n`);
  const options = {
    library: c.library,
    glossary: g.glossary,
    sensitivity: values.sensitivity as Sensitivity,
    citationScope: values.scope === 'paragraph' ? ('paragraph' as const) : ('sentence' as const),
    severities: {},
    claims: bundledClaimJudge(),
    checkAllLanguages: values['all-languages'] === true,
  };
  const rank: Record<Severity, number> = { error: 3, warning: 2, information: 1, hint: 0 };
  const failAt = values['fail-on'] === 'error' ? 3 : values['fail-on'] === 'none' ? 99 : 2;
  let worst = -1;
  const json: { file: string; findings: (Finding & { line: number; column: number })[] }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      process.stderr.write(`healthmark: ${file}: ${(e as Error).message}\n`);
      worst = Math.max(worst, 3);
      continue;
    }
    const reason = unsupportedReason(text);
    if (reason) {
      process.stderr.write(`${file}: ${reason}\n`);
      continue;
    }
    const analysis = new DocumentAnalyzer({ glossary: g.glossary }).analyze(text)!;
    const { findings } = lintDocument(analysis, options);
    const located = findings.map((f) => ({ ...f, lazyFixes: undefined, fixes: undefined, ...lineColumn(text, f.start) }));
    json.push({ file, findings: located });
    for (const f of located) {
      worst = Math.max(worst, rank[f.severity]);
      if (values.format !== 'json') process.stdout.write(`${file}:${f.line}:${f.column}: ${f.severity} ${f.code}: ${f.message}\n`);
    }
  }
  if (values.format === 'json') process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  else {
    const total = json.reduce((n, f) => n + f.findings.length, 0);
    process.stderr.write(`healthmark: ${total} finding${total === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}\n`);
  }
  return worst >= failAt ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stderr.write(`healthmark: ${(e as Error).message}\n`);
  process.exitCode = 2;
}

import { readFileSync } from 'node:fs';
import { DocumentAnalyzer, unsupportedReason } from './core/analysis';
import { buildGlossary } from './core/glossary';
import { bundledGlossarySource, readJsonSource } from './dataFiles';

// A placeholder until the claims rules land: lists glossary terms per file.
const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const { glossary, problems } = buildGlossary([bundledGlossarySource(), ...args.filter((a) => a.startsWith('--glossary=')).map((a) => readJsonSource(a.slice(11)))]);
for (const p of problems) process.stderr.write(`healthmark: ${p.source}: ${p.message}\n`);
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const reason = unsupportedReason(text);
  if (reason) {
    process.stderr.write(`${file}: ${reason}\n`);
    continue;
  }
  const analysis = new DocumentAnalyzer({ glossary }).analyze(text)!;
  let n = 0;
  for (const _ of analysis.terms()) n++;
  process.stdout.write(`${file}: ${n} glossary terms\n`);
}

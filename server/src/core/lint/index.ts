import type { DocumentAnalysis } from '../analysis';
import { runSteps, type Steps } from '../steps';
import { buildDocumentModelSteps, createModelCache, type DocumentModel, type ModelCache } from './model';
import { rules } from './rules';
import type { Finding, LintOptions, ReportedFinding, Severity } from './types';

export { rules } from './rules';
export * from './types';

function isDisabled(model: DocumentModel, code: string, alias: string, start: number): boolean {
  return model.disabled.some((d) => start >= d.start && start < d.end && (!d.rules || d.rules.has(code) || d.rules.has(alias)));
}

/** Where a rule's findings go, and how they are marked (an object literal, for V8: see inSteps in core/steps.ts). */
interface Reporter {
  model: DocumentModel;
  code: string;
  alias: string;
  configured: Severity | undefined;
  defaultSeverity: Severity;
  findings: Finding[];
}

/**
 * A rule's report: the finding, unless a comment disables the rule there. A function defined
 * once and bound to each rule's reporter, not a closure per rule and lint (see inSteps in
 * core/steps.ts on why).
 */
function reportFinding(this: Reporter, f: ReportedFinding): void {
  if (isDisabled(this.model, this.code, this.alias, f.start)) return;
  // Built field by field, not spread from the report: spread copies of the rules' varied
  // objects came out with a hidden class each, and every later read of them was slow.
  const finding: Finding = { code: this.alias, message: f.message, start: f.start, end: f.end, severity: this.configured ?? f.severity ?? this.defaultSeverity };
  if (f.fixes) finding.fixes = f.fixes;
  if (f.lazyFixes) finding.lazyFixes = f.lazyFixes;
  this.findings.push(finding);
}

/**
 * Runs every enabled rule over an analysed document. Pure: the same analysis and options
 * give the same findings, in document order.
 */
export function lintDocument(analysis: DocumentAnalysis, options: LintOptions, cache: ModelCache = createModelCache()): { findings: Finding[]; model: DocumentModel } {
  return runSteps(lintSteps(analysis, options, cache));
}

const UNITS_PER_STEP = 200;

/** Findings in document order (a comparator defined once, not a closure per lint: see inSteps in core/steps.ts). */
function inDocumentOrder(a: Finding, b: Finding): number {
  return a.start - b.start || a.end - b.end;
}

/** `lintDocument` in steps (see buildDocumentModelSteps): it pauses between blocks and between rules. */
export function* lintSteps(analysis: DocumentAnalysis, options: LintOptions, cache: ModelCache = createModelCache()): Steps<{ findings: Finding[]; model: DocumentModel }> {
  if (cache.memo.size > 5000) cache.memo.clear(); // memo entries of old versions
  const model = yield* buildDocumentModelSteps(analysis, options, cache);
  const findings: Finding[] = [];
  for (const rule of rules) {
    yield;
    const [code, alias] = rule.names;
    // A rule's own setting, else its tag's ("paste-cleanup": "off" turns the group off).
    const configured = options.severities[alias] ?? options.severities[code] ?? rule.tags.map((t) => options.severities[t]).find((s) => s !== undefined);
    if (configured === 'off') continue;
    const reporter: Reporter = { model, code, alias, configured, defaultSeverity: rule.defaultSeverity, findings };
    const report = reportFinding.bind(reporter);
    if (rule.unitLocal && model.units.length > UNITS_PER_STEP) {
      for (let i = 0; i < model.units.length; i += UNITS_PER_STEP) {
        if (i > 0) yield;
        rule.check({ ...model, units: model.units.slice(i, i + UNITS_PER_STEP) }, options, report);
      }
    } else {
      // A rule over the whole document may compute in steps (a generator): pauses included.
      const steps = rule.check(model, options, report);
      if (steps) yield* steps;
    }
  }
  findings.sort(inDocumentOrder);
  return { findings, model };
}

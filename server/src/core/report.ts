import { isClaim } from './claims';
import { shortLabel } from './citations/format';
import type { LintOptions } from './lint';
import type { DocumentModel } from './lint/model';

/**
 * The citation report of an article or a folder: how many claims it makes, how many are cited,
 * where the uncited ones are (per section), what kind of evidence the cited records are, and
 * which references it uses. Pure data from the lint model; `reportMarkdown` renders it as a
 * page (the editor shows it in the Markdown preview, the CLI prints it).
 */

export interface SectionCoverage {
  /** The section's heading ("(before the first heading)" for text above any). */
  heading: string;
  /** 1-based line of the heading. */
  line: number;
  claims: number;
  cited: number;
}

export interface ReferenceUse {
  id: string;
  label: string;
  title: string;
  design?: string;
  /** Times cited in the article(s). */
  count: number;
}

export interface CitationReport {
  /** The article's name (or the folder's, for a combined report). */
  name: string;
  articles: number;
  claims: number;
  cited: number;
  /** Claims that promise more than evidence can give (cited or not). */
  overclaims: number;
  /** Claims suppressed with a "not a claim" comment. */
  suppressed: number;
  sections: SectionCoverage[];
  /** Study design → citations of curated records of that design. */
  evidence: Record<string, number>;
  references: ReferenceUse[];
  /** Citations that name no curated record (unknown keys, unmatched entries, notes). */
  uncurated: number;
  /** Articles of a folder report, worst coverage first. */
  perArticle?: { name: string; claims: number; cited: number }[];
}

const BEFORE_FIRST_HEADING = '(before the first heading)';

/** The report of one analysed article. */
export function citationReport(model: DocumentModel, options: LintOptions, name: string): CitationReport {
  const lineOf = (offset: number) => {
    let line = 1;
    for (let i = model.text.indexOf('\n'); i !== -1 && i < offset; i = model.text.indexOf('\n', i + 1)) line++;
    return line;
  };
  // Sections: the top-level headings of the article (its shallowest heading depth below a lone title).
  const headings = model.blocks.filter((p) => p.block.kind === 'heading' && !p.inReferences).map((p) => ({ depth: p.block.context.headingDepth ?? 1, text: p.block.text.trim(), start: p.base + p.block.start }));
  const depths = headings.map((h) => h.depth);
  const titleDepth = Math.min(...depths);
  const sectionDepth = depths.filter((d) => d === titleDepth).length === 1 && depths.some((d) => d > titleDepth) ? Math.min(...depths.filter((d) => d > titleDepth)) : titleDepth;
  const starts = headings.filter((h) => h.depth <= sectionDepth);
  const sections: SectionCoverage[] = [];
  const sectionAt = (offset: number) => {
    let found: (typeof starts)[number] | undefined;
    for (const h of starts) if (h.start <= offset) found = h;
    const heading = found?.text ?? BEFORE_FIRST_HEADING;
    const line = found ? lineOf(found.start) : 1;
    let s = sections.find((x) => x.heading === heading && x.line === line);
    if (!s) sections.push((s = { heading, line, claims: 0, cited: 0 }));
    return s;
  };

  let claims = 0;
  let cited = 0;
  let overclaims = 0;
  let suppressed = 0;
  if (model.claimsChecked) {
    for (const unit of model.units) {
      if (unit.foreign) continue;
      const over = unit.score.overclaims.length > 0;
      if (!over && !isClaim(unit.score, options.sensitivity)) continue;
      if (unit.suppressed) {
        suppressed++;
        continue;
      }
      claims++;
      if (over) overclaims++;
      const section = sectionAt(unit.start);
      section.claims++;
      if (unit.cited) {
        cited++;
        section.cited++;
      }
    }
  }

  const evidence: Record<string, number> = {};
  const used = new Map<string, ReferenceUse>();
  let uncurated = 0;
  for (const c of model.citations) {
    if (!c.record) {
      uncurated++;
      continue;
    }
    const design = c.record.evidenceInfo?.design ?? c.record.evidence;
    const key = design ?? 'not stated';
    evidence[key] = (evidence[key] ?? 0) + 1;
    const use = used.get(c.record.id);
    if (use) use.count++;
    else used.set(c.record.id, { id: c.record.id, label: shortLabel(c.record), title: c.record.item.title ?? '', design, count: 1 });
  }
  return {
    name,
    articles: 1,
    claims,
    cited,
    overclaims,
    suppressed,
    sections: sections.sort((a, b) => a.line - b.line),
    evidence,
    references: [...used.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    uncurated,
  };
}

/** Several articles' reports as one (a folder): totals, evidence and references summed. */
export function combineReports(name: string, reports: CitationReport[]): CitationReport {
  const evidence: Record<string, number> = {};
  const used = new Map<string, ReferenceUse>();
  for (const r of reports) {
    for (const [k, v] of Object.entries(r.evidence)) evidence[k] = (evidence[k] ?? 0) + v;
    for (const ref of r.references) {
      const u = used.get(ref.id);
      if (u) u.count += ref.count;
      else used.set(ref.id, { ...ref });
    }
  }
  const sum = (k: 'claims' | 'cited' | 'overclaims' | 'suppressed' | 'uncurated' | 'articles') => reports.reduce((a, r) => a + r[k], 0);
  const share = (r: { claims: number; cited: number }) => (r.claims === 0 ? 1 : r.cited / r.claims);
  return {
    name,
    articles: sum('articles'),
    claims: sum('claims'),
    cited: sum('cited'),
    overclaims: sum('overclaims'),
    suppressed: sum('suppressed'),
    sections: [],
    evidence,
    references: [...used.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label)),
    uncurated: sum('uncurated'),
    perArticle: reports.map((r) => ({ name: r.name, claims: r.claims, cited: r.cited })).sort((a, b) => share(a) - share(b) || b.claims - a.claims || a.name.localeCompare(b.name)),
  };
}

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)} %`);

/** A bar of `width` cells, filled in proportion (a chart that reads in any Markdown viewer). */
export function bar(part: number, whole: number, width = 20): string {
  const filled = whole === 0 ? 0 : Math.round((part / whole) * width);
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** Pipes and line breaks would break a table cell. */
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report as a Markdown page. */
export function reportMarkdown(report: CitationReport): string {
  const out: string[] = [];
  out.push(`# Citation report: ${report.name}`, '');
  const uncited = report.claims - report.cited;
  const what = report.articles > 1 ? `${plural(report.articles, 'article')}, ` : '';
  out.push(
    `${what}**${plural(report.claims, 'claim')} found, ${report.cited} cited (${percent(report.cited, report.claims)})**, ${uncited} uncited` +
      (report.overclaims ? `; ${plural(report.overclaims, 'overclaim')}` : '') +
      (report.suppressed ? `; ${report.suppressed} marked “not a claim”` : '') +
      '.',
    '',
    '```text',
    `cited    ${bar(report.cited, report.claims)} ${report.cited}`,
    `uncited  ${bar(uncited, report.claims)} ${uncited}`,
    '```',
    '',
  );
  if (report.perArticle) {
    out.push('## Articles (least cited first)', '', '| Article | Claims | Cited | Share |', '|---|---:|---:|---:|');
    for (const a of report.perArticle) out.push(`| ${cell(a.name)} | ${a.claims} | ${a.cited} | ${percent(a.cited, a.claims)} |`);
    out.push('');
  }
  if (report.sections.length > 0) {
    out.push('## Coverage per section', '', '| Section | Line | Claims | Cited | Share |', '|---|---:|---:|---:|---:|');
    for (const s of report.sections) out.push(`| ${cell(s.heading)} | ${s.line} | ${s.claims} | ${s.cited} | ${percent(s.cited, s.claims)} |`);
    out.push('');
  }
  const evidence = Object.entries(report.evidence).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const citations = evidence.reduce((a, [, n]) => a + n, 0);
  out.push('## Evidence mix', '');
  if (evidence.length === 0) out.push('No citation names a curated record.', '');
  else {
    out.push('```text');
    const width = Math.max(...evidence.map(([k]) => k.length));
    for (const [design, n] of evidence) out.push(`${design.padEnd(width)}  ${bar(n, citations)} ${n}`);
    out.push('```', '');
  }
  if (report.uncurated > 0) out.push(`${plural(report.uncurated, 'citation')} ${report.uncurated === 1 ? 'names' : 'name'} no curated record.`, '');
  out.push('## References used', '');
  if (report.references.length === 0) out.push('None.', '');
  else {
    out.push('| Reference | Design | Cited | Title |', '|---|---|---:|---|');
    for (const r of report.references) out.push(`| ${cell(r.label)} | ${r.design ?? '—'} | ${r.count} | ${cell(r.title)} |`);
    out.push('');
  }
  return out.join('\n');
}

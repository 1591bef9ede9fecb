import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGlossary, validateGlossaryData, type GlossaryEntry } from '../../server/src/core/glossary';
import { numberForms } from '../../server/src/core/termMatcher';
import { tokenize } from '../../server/src/core/tokens';
import { escapeMarkdown, renderGlossaryHover } from '../../server/src/core/hover';
import { bundledGlossary, repoRoot } from '../support/fixtures';

/** Terms the foundation issue requires, as [term, an alias that must match it]. */
const REQUIRED: [string, string?][] = [
  ['physical activity'], ['exercise'], ['sedentary behaviour', 'sedentary behavior'], ['metabolic function'], ['metabolism'],
  ['glucose'], ['glucose uptake'], ['GLUT4', 'GLUT-4'], ['GLUT4 protein'], ['insulin'], ['insulin sensitivity'],
  ['insulin resistance'], ['glycemic control', 'glycaemic control'], ['HbA1c'], ['pancreas'], ['type 2 diabetes'],
  ['prediabetes'], ['metabolic syndrome'], ['AMPK', 'AMP-activated protein kinase'], ['ATP', 'adenosine triphosphate'],
  ['AMP'], ['mitochondrion', 'mitochondria'], ['mitochondrial biogenesis'], ['PGC-1α'], ['bioenergetics'],
  ['oxidative phosphorylation'], ['fatty acid oxidation'], ['lipolysis'], ['glycogen'], ['translocation'],
  ['skeletal muscle'], ['endocrine organ'], ['myokine', 'myokines'], ['cytokine'], ['IL-6', 'interleukin-6'], ['irisin'],
  ['FNDC5'], ['BDNF', 'brain-derived neurotrophic factor'], ['FGF21', 'fibroblast growth factor 21'], ['myonectin'],
  ['adipose tissue'], ['white adipose tissue'], ['brown adipose tissue'], ['browning'], ['thermogenesis'],
  ['hepatic glucose production'], ['homeostasis'], ['inflammation'], ['low-grade chronic inflammation'],
  ['metabolic flexibility'], ['VO2 max'], ['HIIT'], ['resistance training'], ['aerobic exercise'], ['sarcopenia'],
  ['osteoporosis'], ['bone density'], ['neurogenesis'], ['synaptic plasticity'], ['blood-brain barrier'],
  ['cognitive function'], ['healthspan'], ['lifespan'], ['body composition'], ['BMI'], ['visceral fat'],
  ['LDL cholesterol'], ['HDL cholesterol'], ['triglycerides'], ['blood pressure'], ['hypertension'], ['cortisol'],
  ['circadian rhythm'], ['sleep'], ['dietary fibre', 'dietary fiber'], ['protein intake'], ['ketosis'], ['autophagy'],
  // Issue 17: missing terms, with British/American variants.
  ['GLP-1', 'glucagon-like peptide 1'], ['GLP-1 receptor agonists', 'GLP-1 RAs'], ['hypoglycaemia', 'hypoglycemia'],
  ['hyperglycaemia', 'hyperglycemia'], ['impaired fasting glucose', 'IFG'], ['OGTT', 'oral glucose tolerance test'],
  ['continuous glucose monitor', 'CGM'], ['postprandial glucose', 'post-meal glucose'], ['HOMA-IR'],
  ['thermic effect of food', 'TEF'], ['TDEE', 'total daily energy expenditure'], ['adaptive thermogenesis'], ['ghrelin'],
  ['satiety'], ['IGF-1', 'insulin-like growth factor 1'], ['autonomic nervous system', 'ANS'], ['vagus nerve'],
  ['lipoprotein(a)', 'Lp(a)'], ['statins', 'statin'], ['heart failure'], ['peripheral artery disease', 'peripheral arterial disease'],
  ['potassium'], ['iron'], ['anaemia', 'anemia'], ['omega-6 fatty acids', 'omega-6'], ['creatine'],
  ['phosphocreatine', 'creatine phosphate'], ['lactate threshold'], ['zone 2', 'zone 2 training'], ['maximum heart rate', 'HRmax'],
  ['heart-rate zones', 'heart rate zones'], ['RPE', 'rating of perceived exertion'], ['talk test'], ['EPOC'],
  ['DOMS', 'delayed onset muscle soreness'], ['VO2 peak', 'VO2peak'], ['MVPA', 'moderate-to-vigorous physical activity'],
  ['fat mass'], ['antioxidants', 'antioxidant'], ['free radicals', 'free radical'], ['menopause'], ['perimenopause'],
  ['polycystic ovary syndrome', 'PCOS'], ['gestational diabetes', 'GDM'], ['free sugars'], ['heart disease'],
  ['CBT-I', 'cognitive behavioral therapy for insomnia'], ['vasomotor symptoms', 'hot flushes'], ['vasomotor symptoms', 'hot flashes'],
  ['menopausal hormone therapy', 'HRT'], ['irritable bowel syndrome', 'IBS'], ['intestinal permeability', 'leaky gut'],
  ['vitamin B12', 'vitamin B-12'], ['folate', 'folic acid'], ['cellular senescence', 'senescent cells'], ['grip strength', 'handgrip strength'],
];

/** Words to put near a name whose entry requires context (`senses.requireNearby`). */
function probeFor(name: string, entry: GlossaryEntry): string {
  const applies = !entry.senses?.appliesTo || entry.senses.appliesTo.includes(name);
  const nearby = applies ? entry.senses?.requireNearby?.[0] : undefined;
  return nearby ? `About ${name} here, and ${nearby}.` : `About ${name} here.`;
}

describe('bundled glossary', () => {
  const file = path.join(repoRoot, 'server', 'data', 'glossary.json');
  const data = JSON.parse(readFileSync(file, 'utf8'));

  it('is valid against the shipped JSON Schema and loads without conflicts', () => {
    assert.deepEqual(validateGlossaryData(data), []);
    const { problems } = buildGlossary([{ name: 'bundled', data }]);
    assert.deepEqual(problems, []);
  });

  it('has at least 335 entries across all required categories', () => {
    const g = bundledGlossary();
    assert.ok(g.entries.length >= 335, `only ${g.entries.length} entries`);
    const categories = new Set(g.entries.map((e) => e.category));
    for (const c of ['exercise physiology', 'metabolism', 'endocrinology', 'nutrition', 'cardiometabolic', 'brain health']) {
      assert.ok(categories.has(c), `no entry in ${c}`);
    }
  });

  for (const [term, alias] of REQUIRED) {
    it(`defines "${term}"${alias ? ` and matches "${alias}"` : ''}`, () => {
      const g = bundledGlossary();
      const entry = g.byTerm.get(term.toLowerCase());
      assert.ok(entry, `missing entry "${term}"`);
      const probe = probeFor(alias ?? term, entry);
      const found = g.matcher.match(probe).filter((m) => m.start < probe.indexOf(' here'));
      assert.equal(found.length, 1, `"${alias ?? term}" should match once in "${probe}"`);
      assert.equal(found[0].entry, entry);
      assert.equal(probe.slice(found[0].start, found[0].end), alias ?? term);
    });
  }

  it('matches every name of every entry, as a whole, to its own entry', () => {
    const g = bundledGlossary();
    const wrong: string[] = [];
    for (const e of g.entries) {
      for (const name of [e.term, ...e.aliases]) {
        const probe = probeFor(name, e);
        const found = g.matcher.match(probe).filter((m) => m.start < probe.indexOf(' here'));
        if (found.length !== 1 || found[0].entry !== e || probe.slice(found[0].start, found[0].end) !== name) wrong.push(`${e.term}: ${name}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('gives no two entries the same name, not even as a hyphen, space or plural variant', () => {
    const g = bundledGlossary();
    const seen = new Map<string, { entry: GlossaryEntry; name: string }>();
    const duplicates: string[] = [];
    for (const e of g.entries) {
      for (const name of [e.term, ...e.aliases]) {
        const tokens = tokenize(name);
        const last = tokens.length - 1;
        // Singular, lower-cased token sequence (acronyms keep their case).
        const key = tokens
          .map((t, k) => (/\p{Lu}.*\p{Lu}/u.test(t.raw) ? t.raw : k === last ? numberForms(t.norm).sort((a, b) => a.length - b.length)[0] : t.norm))
          .join(' ');
        const previous = seen.get(key);
        if (previous && previous.entry !== e) duplicates.push(`${e.term}: "${name}" repeats "${previous.name}" of ${previous.entry.term}`);
        else seen.set(key, { entry: e, name });
      }
    }
    assert.deepEqual(duplicates, []);
  });

  it('gives every entry a definition of its own', () => {
    const g = bundledGlossary();
    const definitions = new Map<string, string>();
    for (const e of g.entries) {
      assert.ok(!definitions.has(e.definition), `${e.term} repeats the definition of ${definitions.get(e.definition)}`);
      definitions.set(e.definition, e.term);
    }
  });

  it('keeps definitions short and related terms resolvable', () => {
    const g = bundledGlossary();
    for (const e of g.entries) {
      const sentences = e.definition.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
      assert.ok(sentences <= 3, `${e.term}: ${sentences} sentences`);
      for (const r of e.related) assert.ok(g.byTerm.has(r.toLowerCase()), `${e.term}: related "${r}" is not a term`);
    }
  });
});

describe('glossary loading', () => {
  it('reports a malformed glossary instead of throwing, and keeps the valid ones', () => {
    const { glossary, problems } = buildGlossary([
      { name: 'good', data: { version: 1, entries: [{ term: 'AMPK', definition: 'An energy-sensing enzyme.', category: 'metabolism' }] } },
      { name: 'bad.json', data: { version: 1, entries: [{ term: 'x' }] } },
      { name: 'broken.json', error: 'broken.json is not valid JSON: Unexpected token' },
      { name: 'wrong.json', data: [1, 2, 3] },
    ]);
    assert.equal(glossary.entries.length, 1);
    assert.deepEqual(problems.map((p) => p.source), ['bad.json', 'broken.json', 'wrong.json']);
    assert.match(problems[0].message, /definition/);
  });

  it('lets a later file override a bundled term', () => {
    const { glossary } = buildGlossary([
      { name: 'bundled', data: { version: 1, entries: [{ term: 'AMPK', definition: 'An energy-sensing enzyme.', category: 'metabolism' }] } },
      { name: 'workspace', data: { version: 1, entries: [{ term: 'ampk', definition: 'Our house definition of AMPK.', category: 'metabolism' }] } },
    ]);
    assert.equal(glossary.entries.length, 1);
    assert.equal(glossary.entries[0].source, 'workspace');
  });
});

describe('glossary hover', () => {
  it('escapes Markdown, HTML and command links from glossary text', () => {
    const { glossary } = buildGlossary([
      {
        name: 'evil',
        data: {
          version: 1,
          entries: [
            {
              term: 'X<img src=x onerror=alert(1)>',
              aliases: ['[click](command:workbench.action.quit)'],
              definition: 'Run [this](command:rm) <script>alert(1)</script> **now**.',
              category: 'metabolism',
            },
          ],
        },
      },
    ]);
    const md = renderGlossaryHover(glossary.entries[0], glossary);
    assert.ok(!/(^|[^\\])<img/.test(md), md);
    assert.ok(!/(^|[^\\])<script/.test(md), md);
    assert.ok(!/(^|[^\\])\]\(command:/.test(md), md);
    // Only what would become markup is escaped, with backslashes (no HTML entities).
    assert.equal(escapeMarkdown('a*b_c[d](e)<f>'), 'a\\*b_c\\[d\\](e)\\<f>');
    assert.equal(escapeMarkdown('Richter & Hargreaves, E. A. (2013). GLUT-4, https://doi.org/10.1/x_y'), 'Richter & Hargreaves, E. A. (2013). GLUT-4, https://doi.org/10.1/x_y');
  });

  it('shows the bold term, definition, aliases and related terms', () => {
    const g = bundledGlossary();
    const md = renderGlossaryHover(g.byTerm.get('glut4')!, g);
    assert.match(md, /^\*\*GLUT4\*\*/);
    assert.match(md, /\n\nAlso called: /);
    assert.match(md, /\n\nRelated: /);
  });
});

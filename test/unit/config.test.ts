import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createConfigCache,
  isExcluded,
  isSelected,
  languageOf,
  parseConfigText,
  resolveConfig,
  type ConfigHost,
} from '../../server/src/config';
import { rules } from '../../server/src/core/lint';
import { schemaValidator } from '../../server/src/core/schema';
import { repoRoot } from '../support/fixtures';

// `.healthmark/config.json`: discovery (the nearest `.healthmark/` above a file wins),
// JSON with comments, the schema, and precedence over the user's settings.

const schema = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'schemas', 'config.schema.json'), 'utf8'));

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'healthmark-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('config: discovery', () => {
  let dir: string;
  before(() => {
    dir = tree({
      '.healthmark/config.json': '// the repository\n{ "claims": { "sensitivity": "low" }, "severity": { "unused-reference": "off" }, "exclude": ["drafts/**"] }\n',
      '.healthmark/references.bib': '@article{x2020, title={T}, author={A, B}, year={2020}}\n',
      'articles/a.md': '',
      'articles/deep/er/b.md': '',
      // A nested site with its own folder: its config wins for its files, whole.
      'site/.healthmark/config.json': '{ "citations": { "scope": "paragraph", "extraFiles": ["refs/extra.json"] }, "languages": ["markdown", "mdx"] }',
      'site/.healthmark/glossary.json': '[]',
      'site/docs/c.mdx': '',
      // A `.healthmark/` folder with data only: a root with default settings.
      'data-only/.healthmark/citations.json': '[]',
      'data-only/d.md': '',
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('walks up from the file to the nearest .healthmark/ folder', () => {
    const c = resolveConfig(path.join(dir, 'articles', 'deep', 'er', 'b.md'));
    assert.equal(c.root, dir);
    assert.equal(c.configFile, path.join(dir, '.healthmark', 'config.json'));
    assert.equal(c.settings.claims.sensitivity, 'low');
    assert.equal(c.settings.severity['unused-reference'], 'off');
    assert.deepEqual(c.citationFiles, [path.join(dir, '.healthmark', 'references.bib')]);
    assert.deepEqual(c.glossaryFiles, []);
    assert.equal(c.baselineFile, path.join(dir, '.healthmark', 'baseline.json'));
    assert.deepEqual(c.problems, []);
  });

  it('the nearest wins: a nested .healthmark/ replaces the outer one (settings, data, include/exclude)', () => {
    const c = resolveConfig(path.join(dir, 'site', 'docs', 'c.mdx'));
    assert.equal(c.root, path.join(dir, 'site'));
    assert.equal(c.settings.claims.sensitivity, 'medium', 'the outer "low" does not leak in');
    assert.equal(c.settings.citations.scope, 'paragraph');
    assert.deepEqual(c.exclude, []);
    assert.deepEqual(c.languages, ['markdown', 'mdx']);
    assert.deepEqual(c.glossaryFiles, [path.join(dir, 'site', '.healthmark', 'glossary.json')]);
    assert.deepEqual(c.citationFiles, [path.join(dir, 'site', 'refs', 'extra.json')], 'extraFiles are relative to the folder holding .healthmark/');
  });

  it('a .healthmark/ folder without config.json is a root with default settings and its data', () => {
    const c = resolveConfig(path.join(dir, 'data-only', 'd.md'));
    assert.equal(c.root, path.join(dir, 'data-only'));
    assert.equal(c.configFile, undefined);
    assert.equal(c.settings.claims.sensitivity, 'medium');
    assert.deepEqual(c.citationFiles, [path.join(dir, 'data-only', '.healthmark', 'citations.json')]);
  });

  it('a file that does not exist (stdin named by --stdin-filename) resolves like one that does', () => {
    const c = resolveConfig(path.join(dir, 'articles', 'not-yet.md'));
    assert.equal(c.root, dir);
    assert.equal(c.settings.claims.sensitivity, 'low');
  });

  it('without any .healthmark/ above: defaults, no data, no baseline', () => {
    const host: ConfigHost = { readFile: () => undefined, isDirectory: () => false, isFile: () => false };
    const c = resolveConfig('/nowhere/x.md', { host });
    assert.equal(c.root, undefined);
    assert.equal(c.baselineFile, undefined);
    assert.deepEqual([c.glossaryFiles, c.citationFiles, c.problems], [[], [], []]);
    assert.deepEqual(c.languages, ['markdown', 'mdx', 'quarto']);
  });

  it('the repository file wins over user settings, key by key', () => {
    const base = { claims: { sensitivity: 'high', checkAllLanguages: true }, severity: { 'uncited-claim': 'hint', 'unused-reference': 'error' }, debounceMs: 50 };
    const c = resolveConfig(path.join(dir, 'articles', 'a.md'), { base });
    assert.equal(c.settings.claims.sensitivity, 'low', 'the file wins');
    assert.equal(c.settings.claims.checkAllLanguages, true, 'a key the file does not set keeps the user value');
    assert.deepEqual(c.settings.severity, { 'uncited-claim': 'hint', 'unused-reference': 'off' });
    assert.equal(c.settings.debounceMs, 50);
  });

  it("the user's extraFiles are relative to their workspace folder; the file's replace them", () => {
    const base = { glossary: { extraFiles: ['my-terms.json'] }, citations: { extraFiles: ['mine.bib'] } };
    const a = resolveConfig(path.join(dir, 'articles', 'a.md'), { base, baseFolder: '/ws' });
    assert.deepEqual(a.glossaryFiles, ['/ws/my-terms.json']);
    assert.deepEqual(a.citationFiles, [path.join(dir, '.healthmark', 'references.bib'), '/ws/mine.bib']);
    const site = resolveConfig(path.join(dir, 'site', 'docs', 'c.mdx'), { base, baseFolder: '/ws' });
    assert.deepEqual(site.citationFiles, [path.join(dir, 'site', 'refs', 'extra.json')]);
  });

  it('acronyms.unexpanded reaches the settings (the acronym-first-use list)', () => {
    const host: ConfigHost = { readFile: (f) => (f === '/a/.healthmark/config.json' ? '{ "acronyms": { "unexpanded": ["AMPK"] } }' : undefined), isDirectory: (d) => d === '/a/.healthmark', isFile: () => false };
    const c = resolveConfig('/a/x.md', { host });
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.settings.acronyms?.unexpanded, ['AMPK']);
  });

  it('a host can serve an unsaved config.json; the cache memoises lookups until cleared', () => {
    let reads = 0;
    let text = '{ "claims": { "sensitivity": "high" } }';
    const host: ConfigHost = {
      readFile: (f) => (f === '/repo/.healthmark/config.json' ? (reads++, text) : undefined),
      isDirectory: (d) => d === '/repo/.healthmark',
      isFile: () => false,
    };
    const cache = createConfigCache();
    assert.equal(resolveConfig('/repo/a/b.md', { host, cache }).settings.claims.sensitivity, 'high');
    assert.equal(resolveConfig('/repo/c.md', { host, cache }).settings.claims.sensitivity, 'high');
    assert.equal(reads, 1);
    text = '{ "claims": { "sensitivity": "low" } }';
    cache.clear();
    assert.equal(resolveConfig('/repo/c.md', { host, cache }).settings.claims.sensitivity, 'low');
  });
});

describe('config: parsing and the schema', () => {
  it('accepts comments, trailing commas and a BOM', () => {
    const { config, problems } = parseConfigText('\ufeff{\n  // quiet for now\n  "severity": { "uncited-claim": "off", },\n  /* block */ "claims": { "sensitivity": "low" },\n}\n', 'c.json');
    assert.deepEqual(problems, []);
    assert.deepEqual(config, { severity: { 'uncited-claim': 'off' }, claims: { sensitivity: 'low' } });
  });

  it('an empty file is an empty configuration', () => {
    assert.deepEqual(parseConfigText('', 'c.json'), { config: {}, problems: [] });
  });

  it('reports malformed JSON with its line and column, and applies nothing', () => {
    const { config, problems } = parseConfigText('{\n  "claims": { "sensitivity": "low" \n}', 'c.json');
    assert.equal(config, undefined);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^is not valid JSON: \w+ at line \d+, column \d+$/);
  });

  it('rejects unknown keys, misspelt rules and bad values with readable messages', () => {
    for (const [text, pattern] of [
      ['{ "sensitivity": "low" }', /must NOT have additional properties/],
      ['{ "claims": { "sensitivity": "extreme" } }', /\/claims\/sensitivity must be equal to one of the allowed values/],
      ['{ "severity": { "uncited-claim": "loud" } }', /\/severity\/uncited-claim/],
      ['{ "include": "articles/**" }', /\/include must be array/],
      ['{ "languages": ["asciidoc"] }', /\/languages\/0/],
      ['[]', /must be object/],
    ] as const) {
      const { config, problems } = parseConfigText(text, 'c.json');
      assert.equal(config, undefined, text);
      assert.match(problems[0].message, /^is not a valid Healthmark configuration: /, text);
      assert.match(problems[0].message, pattern, text);
    }
  });

  it('a malformed config file is reported by resolveConfig and its settings are not applied', () => {
    const dir = tree({ '.healthmark/config.json': '{ "claims": { "sensitivity": "low" }, }}', 'a.md': '' });
    try {
      const c = resolveConfig(path.join(dir, 'a.md'));
      assert.equal(c.root, dir);
      assert.equal(c.configFile, undefined);
      assert.equal(c.settings.claims.sensitivity, 'medium');
      assert.equal(c.problems.length, 1);
      assert.equal(c.problems[0].source, path.join(dir, '.healthmark', 'config.json'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a rule name the rules do not know is reported, by both names accepted', () => {
    assert.match(parseConfigText('{ "severity": { "uncited-claims": "off" } }', 'c.json').problems[0]?.message ?? '', /\/severity\/uncited-claims is not a rule/);
    const both = Object.fromEntries(rules.flatMap((r) => r.names.map((n) => [n, 'hint'])));
    assert.deepEqual(parseConfigText(JSON.stringify({ severity: both }), 'c.json').problems, []);
  });

  it('the schema completes only real rule names under severity, and has the keys of the healthmark.* settings', () => {
    const known = new Set(rules.flatMap((r) => r.names));
    for (const name of Object.keys(schema.properties.severity.properties)) assert.ok(known.has(name), `config.schema.json names "${name}", which is no rule`);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const settingKeys = Object.keys(pkg.contributes.configuration.properties)
      .filter((k) => k !== 'healthmark.trace.server')
      .map((k) => k.replace(/^healthmark\./, ''));
    for (const key of settingKeys) {
      const [head, tail] = key.split('.');
      assert.ok(schema.properties[head], `config.schema.json lacks "${head}"`);
      if (tail) assert.ok(schema.properties[head].properties[tail], `config.schema.json lacks "${key}"`);
    }
    for (const extra of ['include', 'exclude', 'languages']) assert.ok(schema.properties[extra], extra);
  });

  it("the README's example .healthmark/config.json is valid", () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const example = /```jsonc\n\/\/ \.healthmark\/config\.json\n([\s\S]*?)```/.exec(readme);
    assert.ok(example, 'README has the example');
    const { config, problems } = parseConfigText(example[1], 'README');
    assert.deepEqual(problems, []);
    assert.equal(config!.claims!.sensitivity, 'low');
  });

  it('the example in the issue is valid, and the schema is contributed to VS Code through jsonValidation', () => {
    const validate = schemaValidator(schema);
    assert.deepEqual(validate({ severity: { 'uncited-claim': 'off' }, claims: { sensitivity: 'low' } }), []);
    assert.deepEqual(validate({ $schema: '../node_modules/healthmark/server/schemas/config.schema.json', include: ['articles/**'], exclude: ['drafts/**'], languages: ['markdown'] }), []);
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const entry = pkg.contributes.jsonValidation.find((j: { url: string }) => j.url === './server/schemas/config.schema.json');
    assert.ok(entry, 'jsonValidation entry for config.schema.json');
    assert.ok(entry.fileMatch.includes('.healthmark/config.json'));
    assert.equal(schema.allowComments, true, 'VS Code accepts comments in the file');
  });
});

describe('config: include, exclude and languages', () => {
  const at = (over: object) => ({ ...resolveConfig('/r/x.md', { host: { readFile: () => undefined, isDirectory: (d) => d === '/r/.healthmark', isFile: () => false } }), ...over });

  it('languages by extension', () => {
    assert.deepEqual(['a.md', 'b.MARKDOWN', 'c.mdx', 'd.qmd', 'e.txt', 'f'].map(languageOf), ['markdown', 'markdown', 'mdx', 'quarto', undefined, undefined]);
  });

  it('only the enabled languages are selected (Markdown, MDX and Quarto by default)', () => {
    const c = at({});
    for (const f of ['/r/a.md', '/r/a.mdx', '/r/a.qmd']) assert.ok(isSelected(c, f), f);
    assert.ok(!isSelected(c, '/r/a.txt'));
    const mdOnly = at({ languages: ['markdown'] });
    assert.ok(isSelected(mdOnly, '/r/a.md'));
    assert.ok(!isSelected(mdOnly, '/r/a.mdx'));
    assert.ok(!isSelected(mdOnly, '/r/a.qmd'));
  });

  it('include and exclude are globs relative to the root; a pattern without / matches a file name anywhere', () => {
    const c = at({ include: ['articles/**'], exclude: ['articles/drafts/**', 'CHANGELOG.md'] });
    assert.ok(isSelected(c, '/r/articles/a.md'));
    assert.ok(isSelected(c, '/r/articles/x/y/a.md'));
    assert.ok(!isSelected(c, '/r/blog/a.md'), 'not included');
    assert.ok(!isSelected(c, '/r/articles/drafts/a.md'), 'excluded');
    assert.ok(!isSelected(c, '/r/articles/CHANGELOG.md'), 'excluded by name');
    assert.ok(isExcluded(c, '/r/articles/drafts/a.md'));
    assert.ok(isSelected(c, '/r/blog/a.md', false), 'a glob on the command line is its own include');
    assert.ok(isSelected(at({ include: ['./articles/*.md'] }), '/r/articles/a.md'), 'a leading ./ is allowed');
  });
});

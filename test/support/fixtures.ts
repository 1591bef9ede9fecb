import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildGlossary, type Glossary } from '../../server/src/core/glossary';
import { splitSentences } from '../../server/src/core/sentences';

export const fixturesDir = path.resolve(__dirname, '..', 'fixtures');
export const repoRoot = path.resolve(__dirname, '..', '..');

export function readFixture(...parts: string[]): string {
  return readFileSync(path.join(fixturesDir, ...parts), 'utf8');
}

export function listFixtures(dir: string, ext = '.md'): string[] {
  return readdirSync(path.join(fixturesDir, dir)).filter((f) => f.endsWith(ext)).sort();
}

let bundled: Glossary | undefined;
/** The bundled glossary, as the server loads it. */
export function bundledGlossary(): Glossary {
  if (!bundled) {
    const data = JSON.parse(readFileSync(path.join(repoRoot, 'server', 'data', 'glossary.json'), 'utf8'));
    const { glossary, problems } = buildGlossary([{ name: 'bundled glossary', data }]);
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('\n'));
    bundled = glossary;
  }
  return bundled;
}

/** All Markdown articles in the repository: fixtures and examples. */
export function allArticles(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const dir of ['prose', 'matching', 'eval']) {
    try {
      for (const f of listFixtures(dir)) out.push({ name: `${dir}/${f}`, text: readFixture(dir, f) });
    } catch {
      // directory may not exist yet
    }
  }
  const examples = path.join(repoRoot, 'examples');
  try {
    for (const f of readdirSync(examples).filter((f) => f.endsWith('.md'))) out.push({ name: `examples/${f}`, text: readFileSync(path.join(examples, f), 'utf8') });
  } catch {
    // no examples
  }
  return out;
}

/** Every sentence of allArticles(), paragraph by paragraph, that has a word of four letters or more. */
export function articleSentences(): string[] {
  return allArticles().flatMap(({ text }) =>
    text
      .split(/\n\s*\n/)
      .flatMap((paragraph) => splitSentences(paragraph).map((s) => paragraph.slice(s.start, s.end)))
      .filter((s) => /\p{L}{4}/u.test(s)),
  );
}

/** Every rule fixture (test/fixtures/rules) and article: what settings and line endings must not change the findings of. */
export function ruleFixturesAndArticles(): { name: string; text: string }[] {
  return [...listFixtures('rules').map((f) => ({ name: `rules/${f}`, text: readFixture('rules', f) })), ...allArticles()];
}

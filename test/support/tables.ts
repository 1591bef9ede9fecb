/**
 * Documents with long GFM tables of many shapes, from a seeded generator: leading and trailing
 * pipes or not, alignment colons, escaped pipes and pipes in code, rows with fewer or more
 * cells, a row without a leading pipe, CRLF, and what may come before and after a table.
 */
export function longTables(count: number, seed = 3): { name: string; text: string }[] {
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const cells = ['Oats lower LDL cholesterol', '(Smith, 2020)', 'GLUT4 rises [@richter2013exercise]', '`a|b`', 'x \\| y', '**bold** claim', '', 'Walking cures cancer', '[link](https://doi.org/10.1000/x)', 'AMPK', '1', 'Insulin lowers glucose [1]'];
  const docs: { name: string; text: string }[] = [];
  for (let d = 0; d < count; d++) {
    const columns = 1 + Math.floor(random() * 4);
    const header = (random() < 0.8 ? '| ' : '') + Array.from({ length: columns }, (_, i) => `H${i}`).join(' | ') + (random() < 0.8 ? ' |' : '');
    const delimiter = (random() < 0.8 ? '|' : '') + Array.from({ length: columns }, () => pick([':---', '---:', ':-:', '---'])).join('|') + '|';
    const rows: string[] = [];
    const n = 200 + Math.floor(random() * 900);
    for (let r = 0; r < n; r++) {
      const k = Math.max(1, columns + Math.floor(random() * 3) - 1);
      rows.push(random() < 0.001 ? 'no leading pipe | row' : '| ' + Array.from({ length: k }, () => pick(cells)).join(' | ') + (random() < 0.9 ? ' |' : ''));
    }
    const before = pick(['', '# Foods\n\n', 'Intro paragraph.\n\n', 'Text right before\n']);
    const after = pick(['\n', '\n\nAfter the table, walking helps.\n', '\nA paragraph glued to the table.\n', '\n# Heading after\n', '\n\n## References\n\n1. Smith J. Walking. 2020.\n']);
    const eol = random() < 0.15 ? '\r\n' : '\n';
    docs.push({ name: `long table ${d + 1}`, text: (before + [header, delimiter, ...rows].join('\n') + after).replace(/\n/g, eol) });
  }
  return docs;
}

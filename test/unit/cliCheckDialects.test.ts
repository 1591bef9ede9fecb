import assert from 'node:assert/strict';
import { dialectOf, maskDialect } from '../../server/src/core/dialects';
import { lint } from '../support/lint';

// MDX and Quarto (issue 14, part 6, core side): JSX, expressions, import/export lines, Quarto
// ::: fences, shortcodes, attributes and cross-references are never prose. The masked text has
// the original's length, so offsets, lines and fixes are the original file's.

const codes = (text: string) => lint(text).findings.map((f) => `${f.code} ${text.slice(f.start, f.end)}`);

const MDX = `---
title: Walking
---
import { Chart } from '../components/Chart'
export const meta = {
  author: 'Ann',
  summary: 'This tea cures cancer.',
}

# Walking {props.title}

<Callout type="warning">

Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].

</Callout>

<Chart data={[{ x: 1, label: "steps > 8000" }]} title="Steps" />

Use \`<Chart data={steps} />\` to draw it:

\`\`\`jsx
<Chart data={{ a: 1 }} />
\`\`\`
`;

const QMD = `---
title: "Walking"
---

## Steps and mortality {#sec-steps}

::: {.callout-note}
Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily]. See @fig-steps and @sec-steps (and [@fig-steps]).
:::

{{< video https://example.com/steps.mp4 >}}

\`\`\`{r}
#| echo: false
#| label: fig-steps
plot(steps)
\`\`\`
`;

describe('MDX and Quarto: never prose', () => {
  it('dialect by extension', () => {
    assert.deepEqual(['a.md', 'b.MDX', 'c.qmd', '<stdin>'].map(dialectOf), ['markdown', 'mdx', 'quarto', 'markdown']);
  });

  it('masking keeps the length and every line break; Markdown is unchanged', () => {
    for (const [text, d] of [[MDX, 'mdx'], [QMD, 'quarto']] as const) {
      const masked = maskDialect(text, d);
      assert.equal(masked.length, text.length);
      assert.deepEqual([...masked.matchAll(/\n/g)].map((m) => m.index), [...text.matchAll(/\n/g)].map((m) => m.index));
    }
    assert.equal(maskDialect(MDX, 'markdown'), MDX);
  });

  it('MDX: import/export, JSX tags and {…} expressions go; children, code, frontmatter stay', () => {
    const masked = maskDialect(MDX, 'mdx');
    for (const gone of ['import', 'export', "author: 'Ann'", '{props.title}', '<Callout', '</Callout>', '<Chart data={[', 'steps > 8000']) assert.ok(!masked.includes(gone), gone);
    for (const kept of ['title: Walking', '# Walking', 'Taking more daily steps', '`<Chart data={steps} />`', '<Chart data={{ a: 1 }} />']) assert.ok(masked.includes(kept), kept);
  });

  it('MDX: the analysis finds no finding in JSX or ESM, and still checks the prose between tags', () => {
    assert.deepEqual(codes(maskDialect(MDX, 'mdx')), []);
    assert.ok(codes(MDX).some((c) => c.startsWith('overclaim cures')), 'read as plain Markdown, the export statement is prose');
    const claim = MDX.replace('Taking more daily steps is linked to lower all-cause mortality [@paluch2022daily].', 'Walking after meals blunts the rise in blood glucose.');
    const found = lint(maskDialect(claim, 'mdx')).findings;
    assert.deepEqual(found.map((f) => f.code), ['uncited-claim']);
    assert.equal(claim.slice(found[0].start, found[0].end), 'Walking after meals blunts the rise in blood glucose.', 'offsets are the original file’s');
  });

  it('MDX: {/* healthmark-ignore */} suppresses like the HTML comment', () => {
    const text = 'Walking after meals blunts the rise in blood glucose. {/* healthmark-ignore */}\n';
    assert.deepEqual(codes(maskDialect(text, 'mdx')), []);
    assert.deepEqual(codes(maskDialect(text.replace(' {/* healthmark-ignore */}', ''), 'mdx')).map((c) => c.split(' ')[0]), ['uncited-claim']);
  });

  it('Quarto: ::: fences, shortcodes, attributes and @fig-/@sec- cross-references go; the callout text and code chunks stay', () => {
    const masked = maskDialect(QMD, 'quarto');
    for (const gone of [':::', '{.callout-note}', '{#sec-steps}', '{{<', '@fig-steps and', '@sec-steps.']) assert.ok(!masked.includes(gone), gone);
    for (const kept of ['Taking more daily steps', '[@paluch2022daily]', '#| label: fig-steps', '## Steps and mortality']) assert.ok(masked.includes(kept), kept);
    assert.deepEqual(codes(masked), [], 'cross-references are not unknown citations');
    assert.ok(codes(QMD).some((c) => c.startsWith('unknown-citation')), 'read as plain Markdown, [@fig-steps] is an unknown citation');
  });
});

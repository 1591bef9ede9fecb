// Pre-formats the bundled curated references (APA, via citation-js) at build time, so the
// language server never pays citeproc's start-up cost (about a second) for bundled records.
// Each entry carries a hash of its CSL-JSON item: a record edited without a rebuild is
// formatted at run time instead of showing a stale reference.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Cite } = require('@citation-js/core');
require('@citation-js/plugin-csl');

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const items = JSON.parse(readFileSync(path.join(root, 'server', 'data', 'citations.json'), 'utf8'));
const entries = new Cite(items, { forceType: '@csl/list+object' }).format('bibliography', { format: 'text', template: 'apa', lang: 'en-US', asEntryArray: true });
const byId = new Map(entries.map(([id, text]) => [id, text.trim()]));
const out = {};
for (const item of items) {
  out[item.id] = { hash: createHash('sha1').update(JSON.stringify(item)).digest('hex'), text: byId.get(item.id) };
}
mkdirSync(path.join(root, 'dist'), { recursive: true });
writeFileSync(path.join(root, 'dist', 'references.formatted.json'), JSON.stringify(out));

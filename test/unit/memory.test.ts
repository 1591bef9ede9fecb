import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { DocumentAnalyzer } from '../../server/src/core/analysis';
import { splitIntoChunks } from '../../server/src/core/chunks';
import { pastePlanFor } from '../../server/src/core/pasteCleanup';
import { runSteps } from '../../server/src/core/steps';
import { PASTED } from './paste.shared';
import { bundledGlossary, readFixture } from '../support/fixtures';

// Issue 16: memory must not grow with each version of a document. Unchanged chunks are reused
// by later versions; a chunk's text must not be a V8 view into the whole text of the version
// that made it, or every old version of the document stays in memory.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1048576;
};

/**
 * How much the heap grew over `versions` (ten edits), the smaller of two rounds one after the
 * other. Kept versions grow the heap in both rounds; what the rest of the suite happens to free
 * or allocate meanwhile (a full run left a round's reading megabytes off the same test's alone)
 * seldom lands in both.
 */
function grownOver(versions: () => void): number {
  const rounds: number[] = [];
  for (let round = 0; round < 2; round++) {
    const before = heapMB();
    versions();
    rounds.push(heapMB() - before);
  }
  return Math.min(...rounds);
}

describe('memory across versions', function () {
  this.timeout(60000);

  it('ten edits in ten places of a 1 MB article keep about one version in memory, not eleven', () => {
    const article = readFixture('eval', 'consumer-blog.md');
    let text = '';
    for (let i = 0; text.length < 1_000_000; i++) text += article.replace(/\.$/gm, ` (copy ${i}).`) + '\n\n';
    const analyzer = new DocumentAnalyzer({ glossary: bundledGlossary() });
    analyzer.analyze(text);
    const grown = grownOver(() => {
      for (let k = 0; k < 10; k++) {
        const at = text.indexOf(' the ', Math.floor((text.length * (k + 0.5)) / 10)) + 2;
        text = text.slice(0, at) + 'x' + text.slice(at);
        analyzer.analyze(text);
      }
    });
    // One version of this text is 2 MB (UTF-16): eleven kept would be over 20 MB.
    assert.ok(grown < 8, `the heap grew by ${grown.toFixed(1)} MB over ten versions`);
  });

  it('the paste-cleanup plan, moved through ten edits in pasted paragraphs of a 1 MB article, keeps no old version', () => {
    let text = '';
    for (let i = 0; text.length < 1_000_000; i++) text += PASTED.replace(/\.$/gm, ` (copy ${i}).`) + '\n\n';
    const history = {};
    const plan = () => runSteps(pastePlanFor({}, text, history));
    const first = plan();
    const withThe = (p: typeof first) => p.paragraphBreaks.flatMap((b) => b.glued).filter((l) => l.text.includes(' the '));
    const count = withThe(first).length;
    assert.ok(count > 100, `${count} glued lines`);
    const grown = grownOver(() => {
      for (let k = 0; k < 10; k++) {
        // Into a glued line each time (the plan is moved, and that line's text is the new one).
        const line = withThe(plan())[Math.floor((count * (k + 0.5)) / 10)];
        const at = text.indexOf(' the ', line.start);
        text = text.slice(0, at + 2) + 'x' + text.slice(at + 2);
        assert.ok(plan().paragraphBreaks.flatMap((p) => p.glued).some((l) => l.text.includes('txhe')), 'moved with the line as typed');
      }
    });
    // One version of this text is 2 MB (UTF-16): ten kept would be 20 MB.
    assert.ok(grown < 8, `the heap grew by ${grown.toFixed(1)} MB over ten versions`);
  });

  it('a chunk’s text is the same text as the slice it stands for', () => {
    const text = '# Title\n\nFirst paragraph of some length.\n\nSecond paragraph of some length.\n';
    for (const c of splitIntoChunks(text)) assert.equal(c.text, text.slice(c.start, c.end));
  });
});

import assert from 'node:assert/strict';
import { inSteps, runSteps, type Steps } from '../../server/src/core/steps';

// inSteps is how every pass over a whole document pauses, so the server can answer hovers
// between its slices: it must run the pass's steps from where each ended, pause between two
// steps and never after the last, and call a step written as a method with its object as `this`.
describe('inSteps: the passes over a document, in steps', () => {
  /** The items visited between two pauses, in order. */
  function stepsOf(steps: Steps<void>, visited: number[]): number[][] {
    const out: number[][] = [];
    let from = 0;
    for (;;) {
      const r = steps.next();
      out.push(visited.slice(from));
      from = visited.length;
      if (r.done) return out;
    }
  }

  /** A step as the passes write theirs: up to `every` items, ending early just after an item with work. */
  const stepOf = (visited: number[], count: number, every: number, work: (i: number) => boolean = () => false) => (from: number) => {
    const end = Math.min(count, from + every);
    for (let i = from; i < end; ) {
      visited.push(i);
      if (work(i++)) return i;
    }
    return end;
  };

  it('runs each step from where the last ended, pausing between steps', () => {
    const visited: number[] = [];
    const steps = stepsOf(inSteps(10, stepOf(visited, 10, 4), undefined), visited);
    assert.deepEqual(steps, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('pauses where a step ends early (after an item with work) and goes on from there', () => {
    const visited: number[] = [];
    const steps = stepsOf(inSteps(9, stepOf(visited, 9, 3, (i) => i === 1), undefined), visited);
    assert.deepEqual(steps, [[0, 1], [2, 3, 4], [5, 6, 7], [8]]);
  });

  it('never pauses after the last step, and calls no step when there is nothing', () => {
    const visited: number[] = [];
    assert.deepEqual(stepsOf(inSteps(3, stepOf(visited, 3, 3), undefined), visited), [[0, 1, 2]]);
    assert.deepEqual(stepsOf(inSteps(0, () => assert.fail('stepped'), undefined), []), [[]]);
  });

  it('calls the step with `self` as `this` (a pass written as a method)', () => {
    class Pass {
      seen: number[] = [];
      step(this: Pass, from: number): number {
        const end = Math.min(5, from + 2);
        for (let i = from; i < end; i++) this.seen.push(i * 10);
        return end;
      }
    }
    const pass = new Pass();
    runSteps(inSteps(5, pass.step, pass));
    assert.deepEqual(pass.seen, [0, 10, 20, 30, 40]);
  });
});

import assert from 'node:assert/strict';
import { eachInSteps, runSteps, type Steps } from '../../server/src/core/steps';

// eachInSteps is how every pass over a whole document pauses, so the server can answer hovers
// between its slices: it must visit every item once, in order, pause where it says, and call a
// pass written as a method with its object as `this`.
describe('eachInSteps: the passes over a document, in steps', () => {
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

  it('visits every item once, in order, pausing after every `every` items', () => {
    const visited: number[] = [];
    const steps = stepsOf(eachInSteps(10, (i) => void visited.push(i), 4), visited);
    assert.deepEqual(steps, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('pauses after an item whose visit had work to do (returned true), and counts afresh from there', () => {
    const visited: number[] = [];
    const steps = stepsOf(eachInSteps(9, (i) => visited.push(i) > 0 && i === 1, 3), visited);
    assert.deepEqual(steps, [[0, 1], [2, 3, 4], [5, 6, 7], [8]]);
  });

  it('never pauses after the last item, and visits nothing when there is nothing', () => {
    const visited: number[] = [];
    assert.deepEqual(stepsOf(eachInSteps(3, (i) => void visited.push(i), 3), visited), [[0, 1, 2]]);
    assert.deepEqual(stepsOf(eachInSteps(0, () => assert.fail('visited'), 3), []), [[]]);
  });

  it('calls the visit with `self` as `this` (a pass written as a method)', () => {
    class Pass {
      seen: number[] = [];
      visit(this: Pass, i: number): void {
        this.seen.push(i * 10);
      }
    }
    const pass = new Pass();
    runSteps(eachInSteps(5, pass.visit, 2, pass));
    assert.deepEqual(pass.seen, [0, 10, 20, 30, 40]);
  });
});

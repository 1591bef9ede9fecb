// Stepwise computations. Work over a whole document (every block, every line) is written as a
// generator that pauses (yields) every so often; the language server runs it in slices of a
// few milliseconds and answers hovers and code actions in between (lsp/documents.ts), and
// the CLI and the tests run it to its end at once with `runSteps`. A pause costs a yield:
// nothing is copied or re-computed when the computation resumes.

/** A stepwise computation: pauses (yields nothing) until it returns its result. */
export type Steps<T> = Generator<void, T>;

/** Runs a stepwise computation to its end, at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * A pause point for a loop: true once every `every` calls, so a loop over tens of thousands of
 * cheap items pauses every few hundred (a yield per item would cost more than the items).
 */
export function pacer(every: number): () => boolean {
  let n = 0;
  return () => {
    if (++n < every) return false;
    n = 0;
    return true;
  };
}

/**
 * Visits items 0 … count − 1 in steps: a pause after an item with real work to do (`visit`
 * returns true) and after every `every` others. `visit` is called with `self` as `this`, so a
 * pass can be a method defined once (see below) rather than a closure made for each call.
 *
 * Why not a loop in the generator itself: V8 optimises a long loop while it runs (on-stack
 * replacement), but never one inside a generator, so a generator's loop ran unoptimised through
 * the whole first pass over a document, and again after each deoptimisation. Here the loop is
 * in a plain function, defined once.
 *
 * Why functions defined once: V8 keeps a function's optimised code only while a function
 * object uses it. A closure made anew for every pass (the loop, or a pass's visit) left its
 * code with nothing holding it between two passes, so each full collection dropped it, and the
 * next pass over the document ran unoptimised while V8 compiled it again: in development runs, a
 * keystroke after a full collection took markedly longer than one before it. A function defined
 * at module level, or a method, holds its code.
 */
export function* eachInSteps<S = undefined>(count: number, visit: (this: S, index: number) => boolean | void, every: number, self?: S): Steps<void> {
  for (let i = 0; i < count; ) {
    i = visitUpTo(count, visit, every, self as S, i);
    if (i < count) yield;
  }
}

/** One step of eachInSteps: visits from `from` until a visit had work or `every` did not; returns where to go on. */
function visitUpTo<S>(count: number, visit: (this: S, index: number) => boolean | void, every: number, self: S, from: number): number {
  let i = from;
  for (let n = 0; i < count; ) {
    if (visit.call(self, i++) === true || ++n >= every) break;
  }
  return i;
}

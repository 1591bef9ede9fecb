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
 * A pass in steps, each step a call of `step(from)`: it visits items from `from` (its own loop)
 * and returns where the next step starts; a pause between steps, none after the last.
 *
 * Why each pass has its own loop, written out: a loop shared by the passes, calling a pass's
 * visit per item, made that call megamorphic (every pass went through it), so V8 could inline
 * no visit into it and paid a full call per item, on every block and unit of the document,
 * pass after pass, keystroke after keystroke (in development runs, a large part of the
 * document model's time per keystroke). In a pass's own loop the visit is one known function, inlined;
 * only the call of each step is shared, once per few hundred items.
 *
 * Why not a loop in the generator itself: V8 optimises a long loop while it runs (on-stack
 * replacement), but never one inside a generator, so a generator's loop ran unoptimised through
 * the whole first pass over a document, and again after each deoptimisation. Here the loop is
 * in a plain function.
 *
 * Why functions defined once (module-level functions or methods, with an object literal or
 * the build as `self`): V8 keeps a function's optimised code only while a function object uses
 * it. A closure made anew for every pass left its code with nothing holding it between two
 * passes, so each full collection dropped it, and the next pass over the document ran
 * unoptimised while V8 compiled it again: in development runs, a keystroke after a full
 * collection took markedly longer than one before it. A function defined at module level, or
 * a method, holds its code.
 */
export function* inSteps<S = undefined>(count: number, step: (this: S, from: number) => number, self?: S): Steps<void> {
  for (let i = 0; i < count; ) {
    i = step.call(self as S, i);
    if (i < count) yield;
  }
}

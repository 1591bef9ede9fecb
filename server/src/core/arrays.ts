/**
 * Arrays as V8 holds them. A literal `[]` starts as an array of small integers and changes
 * kind at its first object; code optimised for arrays of one kind is deoptimised on meeting
 * the other. The arrays a keystroke's passes fill (a build's blocks and units, a chunk's
 * sentences and glossary matches) start as arrays of objects, so those passes meet one kind
 * only: in development traces they were deoptimised on the first keystrokes after opening.
 */

/** An empty array already held as an array of objects. */
export function objectArray<T>(): T[] {
  const array: unknown[] = [undefined];
  array.pop();
  return array as T[];
}

/** `length` slots of `undefined`, held as an array of objects (even when `length` is 0). */
export function emptySlots<T>(length: number): (T | undefined)[] {
  const array = objectArray<T | undefined>();
  for (let i = 0; i < length; i++) array.push(undefined);
  return array;
}

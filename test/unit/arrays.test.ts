import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { emptySlots, objectArray } from '../../server/src/core/arrays';

// The arrays a keystroke's passes fill must start as arrays of objects in V8 (core/arrays.ts
// says why); V8's own test function tells the kinds apart, in a child process that allows it.
describe('arrays as V8 holds them', () => {
  it('gives empty arrays and slots of undefined', () => {
    assert.deepEqual(objectArray(), []);
    assert.deepEqual(emptySlots(3), [undefined, undefined, undefined]);
    assert.deepEqual(emptySlots(0), []);
  });

  it('holds them as arrays of objects from the start, where a literal [] holds small integers', () => {
    const module = path.resolve(__dirname, '../../server/src/core/arrays.ts');
    const script = `
      const loaded = await import(${JSON.stringify(module)});
      const { objectArray, emptySlots } = loaded.objectArray ? loaded : loaded.default;
      console.log(JSON.stringify([%HasObjectElements(objectArray()), %HasObjectElements(emptySlots(0)), %HasObjectElements(emptySlots(4)), %HasObjectElements([])]));`;
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import=tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out.trim()), [true, true, true, false]);
  });
});

/**
 * The compact (segment, listed option) layout: when the month's option list changes, each
 * segment's shares follow their options to the new positions (remapShares).
 */
import { describe, expect, it } from 'vitest';
import { remapShares } from '../../src/model/solvers/engine.js';
import { KernelSession } from '../../src/model/solvers/kernel-module.js';

/** Random old and new option lists of O options: every other trial only adds options. */
function randomLists(rand: () => number, O: number, trial: number): { a: Int32Array; b: Int32Array; oldOpts: Int32Array; newOpts: Int32Array } {
  const pick = () => Int32Array.from([...Array(O).keys()].filter(() => rand() < 0.5));
  const a = pick();
  const b = trial % 2 === 0 ? Int32Array.from(new Set([...a, ...pick()])).sort() : pick();
  const oldOpts = new Int32Array(O);
  oldOpts.set(a);
  const newOpts = new Int32Array(O);
  newOpts.set(b);
  return { a, b, oldOpts, newOpts };
}

describe('remapShares', () => {
  it('moves each share with its option, gives new options 0 and clears dropped positions', () => {
    const S = 2;
    const O = 6;
    const oldOpts = Int32Array.from([0, 2, 3, 5, 0, 0]);
    const newOpts = Int32Array.from([1, 3, 0, 0, 0, 0]); // new list 1, 3, 0: 1 is new, 2 and 5 dropped, 0 moves
    const x = Float64Array.from([
      // segment 0: options 0, 2, 3, 5
      0.1, 0.2, 0.3, 0.4, 9, 9,
      // segment 1
      0.5, 0, 0.25, 0.25, 9, 9,
    ]);
    remapShares(x, S, O, oldOpts, 4, newOpts, 3, new Float64Array(2 * O));
    expect(Array.from(x.subarray(0, 4))).toEqual([0, 0.3, 0.1, 0]);
    expect(Array.from(x.subarray(O, O + 4))).toEqual([0, 0.25, 0.5, 0]);
    // positions beyond both lists are left alone (never read)
    expect(x[4]).toBe(9);
  });

  it('moves shares in place when options only enter (the usual case), as the general path would', () => {
    const S = 3;
    const O = 8;
    const oldOpts = Int32Array.from([0, 2, 5, 0, 0, 0, 0, 0]);
    const newOpts = Int32Array.from([0, 1, 2, 4, 5, 7, 0, 0]); // 1, 4 and 7 enter
    const x = new Float64Array(S * O);
    for (let s = 0; s < S; s++) x.set([0.2 + s / 10, 0.3, 0.5 - s / 10], s * O);
    remapShares(x, S, O, oldOpts, 3, newOpts, 6, new Float64Array(2 * O));
    for (let s = 0; s < S; s++) expect(Array.from(x.subarray(s * O, s * O + 6))).toEqual([0.2 + s / 10, 0, 0.3, 0, 0.5 - s / 10, 0]);
  });

  it('agrees with a direct remap on random lists (entries, exits and both)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const O = 12;
    const S = 4;
    for (let trial = 0; trial < 200; trial++) {
      // every other trial only adds options (the in-place path), the others also drop some
      const { a, b, oldOpts, newOpts } = randomLists(rand, O, trial);
      const x = Float64Array.from({ length: S * O }, () => rand());
      const expected = Float64Array.from(x);
      for (let s = 0; s < S; s++) {
        const byOption = new Map([...a].map((o, j) => [o, x[s * O + j]]));
        for (let j = 0; j < Math.max(a.length, b.length); j++) expected[s * O + j] = j < b.length ? (byOption.get(b[j]) ?? 0) : 0;
      }
      remapShares(x, S, O, oldOpts, a.length, newOpts, b.length, new Float64Array(2 * O));
      expect(Array.from(x)).toEqual(Array.from(expected));
    }
  });

  it("the WebAssembly kernel's remap agrees with it on the same random lists", () => {
    let seed = 11;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const O = 12;
    const S = 4;
    const session = KernelSession.open();
    expect(session).not.toBeNull();
    const at = { x: session!.take(S * O * 8), old: session!.take(O * 4), neu: session!.take(O * 4), pos: session!.take(O * 4), from: session!.take(O * 4), row: session!.take(O * 8) };
    session!.finish();
    session!.exports.configureRemap(S, O, at.x, at.old, at.neu, at.pos, at.from, at.row);
    const xk = session!.f64(at.x, S * O);
    for (let trial = 0; trial < 200; trial++) {
      const { a, b, oldOpts, newOpts } = randomLists(rand, O, trial);
      const x = Float64Array.from({ length: S * O }, () => rand());
      xk.set(x);
      session!.i32(at.old, O).set(oldOpts);
      session!.i32(at.neu, O).set(newOpts);
      remapShares(x, S, O, oldOpts, a.length, newOpts, b.length, new Float64Array(2 * O));
      session!.exports.remapShares(a.length, b.length);
      expect(Array.from(xk)).toEqual(Array.from(x));
    }
    session!.release();
  });
});

/**
 * The compact (segment, listed option) layout: when the month's option list changes, each
 * segment's shares follow their options to the new positions (remapShares).
 */
import { describe, expect, it } from 'vitest';
import { remapShares } from '../../src/model/solvers/engine.js';

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
});

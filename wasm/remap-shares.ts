/**
 * remapShares (src/model/solvers/engine.ts) on the solver's shares in the kernel's memory:
 * when the month's option list changes, each segment's shares move to the new positions
 * (0 for an option new to the list). Copies only, so the same bits.
 */

let S: i32 = 0;
let O: i32 = 0;
/** Shares x [s·O + j]; old and new option lists (i32); scratch: old position of each option id, of each new entry (i32), a segment's old row (f64). */
let pX: usize = 0;
let pOld: usize = 0;
let pNew: usize = 0;
let pPos: usize = 0;
let pFrom: usize = 0;
let pRow: usize = 0;

/** Sets the dimensions and the addresses of the arrays. */
export function configureRemap(s: i32, o: i32, x: usize, oldOpts: usize, newOpts: usize, pos: usize, from: usize, row: usize): void {
  S = s;
  O = o;
  pX = x;
  pOld = oldOpts;
  pNew = newOpts;
  pPos = pos;
  pFrom = from;
  pRow = row;
}

/** Moves every segment's shares from the old list (oldN entries) to the new one (newN). */
export function remapShares(oldN: i32, newN: i32): void {
  for (let o = 0; o < O; o++) store<i32>(pPos + (<usize>o << 2), -1);
  for (let j = 0; j < oldN; j++) store<i32>(pPos + (<usize>load<i32>(pOld + (<usize>j << 2)) << 2), j);
  let upOnly = newN >= oldN;
  for (let j = 0; j < newN; j++) {
    const f = load<i32>(pPos + (<usize>load<i32>(pNew + (<usize>j << 2)) << 2));
    store<i32>(pFrom + (<usize>j << 2), f);
    if (f > j) upOnly = false;
  }
  if (upOnly) {
    // options entering the list move the later ones up: a downward pass moves them in place
    for (let s = 0; s < S; s++) {
      const base = pX + (<usize>(s * O) << 3);
      for (let j = newN - 1; j >= 0; j--) {
        const f = load<i32>(pFrom + (<usize>j << 2));
        store<f64>(base + (<usize>j << 3), f >= 0 ? load<f64>(base + (<usize>f << 3)) : 0);
      }
    }
    return;
  }
  const n = oldN > newN ? oldN : newN;
  for (let s = 0; s < S; s++) {
    const base = pX + (<usize>(s * O) << 3);
    memory.copy(pRow, base, <usize>oldN << 3);
    for (let j = 0; j < n; j++) {
      const f = j < newN ? load<i32>(pFrom + (<usize>j << 2)) : -1;
      store<f64>(base + (<usize>j << 3), f >= 0 ? load<f64>(pRow + (<usize>f << 3)) : 0);
    }
  }
}

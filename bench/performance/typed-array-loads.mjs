/**
 * Performance decision, kept runnable: why the meanfield step's TypeScript loops cost several
 * times their arithmetic in Node 20 (V8 11).
 *
 *   npm run build && node bench/performance/typed-array-loads.mjs [constants|fields|heap]
 *
 * The same reconsideration loop (adoption-choice.ts's reconsiderAndEnter, 336 cells × 30 options)
 * over typed arrays that are (a) module constants, (b) fields of run-state objects (three states
 * in turn, as runs of an ensemble), (c) one "heap" Float64Array per state with offsets.
 * In (b) the optimised code reloads each array's map, length and data pointer at every access:
 * the loop's stack check ends load elimination, and only constants escape it (read with
 * node --print-opt-code). One array per state (c) removes part of the cost.
 *
 * Result (2026-12-07, 2-core AMD EPYC, Node 20.20.2, three runs on a quiet machine): (a) 26–32 µs,
 * (b) 46–61 µs, (c) 38–41 µs per pass.
 * Decision: the engine keeps plain per-quantity arrays (readable, one name per quantity); the
 * remedy, if speed is needed, is a WebAssembly twin (meanfield-step-kernel.mjs), not a heap of
 * offsets in TypeScript.
 */
// The model's per-cell loop as it was when this was measured (adoption-choice.ts then had one
// function per cell; it now moves a segment's four class cells in one pass).
function reconsiderAndEnter(x, w, off, act, n, rho, ek, inv, z, a, b, tally, tallyRow = 0, m = 0) {
  const k1 = ek - 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = off + act[i];
    const wj = w[j];
    const d = 1 / (z + k1 * wj);
    inv[i] = d;
    const xj = x[j];
    if (xj !== 0) s += xj * (wj > 0 ? rho : 1) * d;
  }
  const keep = 1 - rho;
  for (let i = 0; i < n; i++) {
    const ao = act[i];
    const o = off + ao;
    const wo = w[o];
    const xo = x[o];
    const x2 = wo > 0 ? a * (xo * keep + wo * (s + xo * rho * k1 * inv[i])) + b * wo : 0;
    x[o] = x2;
    if (tally !== undefined) tally[tallyRow + ao] += m * x2;
  }
  return z;
}

const O = 38;
const G = 336;
const n = 30;
const act = new Int32Array(O);
for (let i = 0; i < n; i++) act[i] = i + (i > 20 ? 8 : 0);
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 0.1 + 0.01;
const filled = () => Float64Array.from({ length: G * O }, rand);

// (a) and (b) call the model's own function; (c) is the same loop rewritten over one array
const reconsider = reconsiderAndEnter;
function reconsiderHeap(h, px, pw, off, act, n, rho, ek, pinv, z, a, b, pt, m) {
  const k1 = ek - 1;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const j = off + act[i];
    const wj = h[pw + j];
    const d = 1 / (z + k1 * wj);
    h[pinv + i] = d;
    const xj = h[px + j];
    if (xj !== 0) s += xj * (wj > 0 ? rho : 1) * d;
  }
  for (let i = 0; i < n; i++) {
    const ao = act[i];
    const o = off + ao;
    const wo = h[pw + o];
    const xo = h[px + o];
    const x2 = wo > 0 ? a * (xo * (1 - rho) + wo * (s + xo * rho * k1 * h[pinv + i])) + b * wo : 0;
    h[px + o] = x2;
    h[pt + ao] += m * x2;
  }
}
class State {
  constructor() {
    this.x = filled();
    this.w = filled();
    this.A = new Float64Array(84 * O);
    this.inv = new Float64Array(O);
    this.heap = new Float64Array(2 * G * O + 84 * O + O);
    this.heap.set(this.x, 0);
    this.heap.set(this.w, G * O);
  }
}
const X = filled();
const W = filled();
const TALLY = new Float64Array(84 * O);
const INV = new Float64Array(O);
const constants = () => {
  for (let g = 0; g < G; g++) reconsider(X, W, g * O, act, n, 0.05, 20, INV, 1.2, 0.99, 1e-3, TALLY, (g >> 2) * O, 0.3);
};
const fields = (st) => {
  const { x, w, A, inv } = st;
  for (let g = 0; g < G; g++) reconsider(x, w, g * O, act, n, 0.05, 20, inv, 1.2, 0.99, 1e-3, A, (g >> 2) * O, 0.3);
};
const heap = (st) => {
  const h = st.heap;
  for (let g = 0; g < G; g++) reconsiderHeap(h, 0, G * O, g * O, act, n, 0.05, 20, 2 * G * O + 84 * O, 1.2, 0.99, 1e-3, 2 * G * O + ((g >> 2) * O), 0.3);
};
const states = [new State(), new State(), new State()];
const x0 = Float64Array.from(X);
function time(f) {
  for (let i = 0; i < 3000; i++) f(i);
  const t0 = performance.now();
  for (let i = 0; i < 10000; i++) f(i);
  return ((performance.now() - t0) / 10000) * 1000;
}
// each variant in its own process gives the cleanest figures; in one process the order matters little
const which = process.argv[2];
const variants = {
  constants: () => time(() => (X.set(x0), constants())),
  fields: () => time((i) => { const st = states[i % 3]; st.x.set(x0); fields(st); }),
  heap: () => time((i) => { const st = states[i % 3]; st.heap.set(x0, 0); heap(st); }),
};
for (const [name, run] of Object.entries(variants)) if (!which || which === name) console.log(`${name.padEnd(10)} ${run().toFixed(1)} µs per pass over ${G} cells × ${n} options`);

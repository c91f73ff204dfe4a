/**
 * Performance decision, kept runnable (Agents.jl's test/performance/ style): would a
 * WebAssembly twin of the meanfield step (reconsideration, entry and the adopters' tally,
 * mechanisms/adoption-choice.ts) pay for itself?
 *
 *   npm run build && node bench/performance/meanfield-step-kernel.mjs
 *
 * Captures the run state of the calibrated baseline in 2028-01 (month 60, 30 listed options,
 * 336 cells), then times one month of the TypeScript step and of a hand-written AssemblyScript
 * prototype over the same arrays in wasm memory, and checks that the two give the same bits.
 * The kernel below (SOURCE) was compiled with
 *   npx asc step.ts -O3 --noAssert --runtime stub --importMemory --initialMemory 16
 * (AssemblyScript 0.28.20); the bytes are embedded so the check needs no compiler.
 *
 * Result (2026-12-07, 2-core AMD EPYC, Node 20.20.2, quiet machine): TypeScript 68–69 µs a
 * month, kernel 39–40 µs, bit-identical. The step is about 35% of a run, so the kernel would make
 * a run about 15% faster: not the 3.5× that issue 15's 5 ms target needs. Decision: no kernel
 * for now (docs/architecture.md). Why TypeScript is slower here: V8 11's optimised loops reload
 * each typed array's map, length and data pointer at every access (the loop's stack check ends
 * load elimination); see typed-array-loads.mjs beside this file.
 */
import { MeanfieldSolver } from '../../dist/model/solvers/meanfield.js';
import { bassStep } from '../../dist/model/mechanisms/market-entry.js';
import { cellBase } from '../../dist/model/mechanisms/demand-classes.js';
import { ScenarioRegistry, runScenario } from '../../dist/model/index.js';

export const SOURCE = `
export function step(S: i32, O: i32, nAct: i32, pAct: u32, pX: u32, pW: u32, pZw: u32, pF: u32, pF1: u32, pEk: u32, pA: u32, pUsers: u32, pMass: u32, pCs: u32, pInv: u32, rho: f64): void {
  for (let i = 0; i < nAct; i++) store<f64>(pUsers + ((<u32>load<i32>(pAct + (<u32>i << 2))) << 3), 0.0);
  for (let s = 0; s < S; s++) {
    const ek = load<f64>(pEk + (<u32>s << 3));
    const k1 = ek - 1.0;
    const rowA = pA + (<u32>(s * O) << 3);
    for (let i = 0; i < nAct; i++) store<f64>(rowA + ((<u32>load<i32>(pAct + (<u32>i << 2))) << 3), 0.0);
    for (let c = 0; c < 4; c++) {
      const g = s * 4 + c;
      const off = <u32>(g * O) << 3;
      const z = load<f64>(pZw + (<u32>g << 3));
      const F = load<f64>(pF + (<u32>g << 3));
      const F1 = load<f64>(pF1 + (<u32>g << 3));
      const m = load<f64>(pMass + (<u32>s << 3)) * load<f64>(pCs + (<u32>g << 3)) * F1;
      if (z > 0 && F != 0) {
        const a = F / F1; const b = (F1 - F) / (F1 * z);
        let sum = 0.0;
        for (let i = 0; i < nAct; i++) {
          const j = off + ((<u32>load<i32>(pAct + (<u32>i << 2))) << 3);
          const wj = load<f64>(pW + j);
          const d = 1.0 / (z + k1 * wj);
          store<f64>(pInv + (<u32>i << 3), d);
          const xj = load<f64>(pX + j);
          if (xj != 0) sum += xj * (wj > 0 ? rho : 1.0) * d;
        }
        const keep = 1.0 - rho;
        for (let i = 0; i < nAct; i++) {
          const ao = <u32>load<i32>(pAct + (<u32>i << 2)) << 3;
          const o = off + ao;
          const wo = load<f64>(pW + o);
          const xo = load<f64>(pX + o);
          const x2 = wo > 0 ? a * (xo * keep + wo * (sum + xo * rho * k1 * load<f64>(pInv + (<u32>i << 3)))) + b * wo : 0.0;
          store<f64>(pX + o, x2);
          store<f64>(rowA + ao, load<f64>(rowA + ao) + m * x2);
        }
      }
      store<f64>(pF + (<u32>g << 3), F1);
    }
    for (let i = 0; i < nAct; i++) { const ao = <u32>load<i32>(pAct + (<u32>i << 2)) << 3; store<f64>(pUsers + ao, load<f64>(pUsers + ao) + load<f64>(rowA + ao)); }
  }
}`;
const WASM = 'AGFzbQEAAAABFAFgEH9/f39/f39/f39/f39/f3wAAg8BA2VudgZtZW1vcnkCABADAgEABxECBHN0ZXAAAAZtZW1vcnkCAArGBQHDBQIKfAh/A0AgAiAaSgRAIAsgAyAaQQJ0aigCAEEDdGpEAAAAAAAAAAA5AwAgGkEBaiEaDAELCwNAIAAgG0oEQCAJIBtBA3RqKwMARAAAAAAAAPC/oCESIAogASAbbEEDdGohHUEAIRoDQCACIBpKBEAgHSADIBpBAnRqKAIAQQN0akQAAAAAAAAAADkDACAaQQFqIRoMAQsLQQAhHANAIBxBBEgEQCAbQQJ0IBxqIh8gAWxBA3QhHiAfQQN0IhogBmorAwAhFyAMIBtBA3RqKwMAIA0gGmorAwCiIAggGmorAwAiEaIhEyAHIBpqKwMAIhBEAAAAAAAAAABiIBdEAAAAAAAAAABkcQRAIBAgEaMhFCARIBChIBEgF6KjIRVEAAAAAAAAAAAhEEEAIRoDQCACIBpKBEAgDiAaQQN0akQAAAAAAADwPyAXIBIgHiADIBpBAnRqKAIAQQN0aiIgIAVqKwMAIhiioKMiFjkDACAEICBqKwMAIhlEAAAAAAAAAABiBEAgECAZIA9EAAAAAAAA8D8gGEQAAAAAAAAAAGQboiAWoqAhEAsgGkEBaiEaDAELC0QAAAAAAADwPyAPoSEWQQAhGgNAIAIgGkoEQCADIBpBAnRqKAIAQQN0IiAgHmoiISAFaisDACEXIAQgIWoiISsDACEYICEgF0QAAAAAAAAAAGQEfCAUIBggFqIgFyAQIBggD6IgEqIgDiAaQQN0aisDAKKgoqCiIBUgF6KgBUQAAAAAAAAAAAsiFzkDACAdICBqIiAgICsDACATIBeioDkDACAaQQFqIRoMAQsLCyAHIB9BA3RqIBE5AwAgHEEBaiEcDAELC0EAIRoDQCACIBpKBEAgAyAaQQJ0aigCAEEDdCIcIAtqIh4gHisDACAcIB1qKwMAoDkDACAaQQFqIRoMAQsLIBtBAWohGwwBCwsL';

// the state at month 60 of the calibrated baseline
let st = null;
const original = MeanfieldSolver.prototype.step;
MeanfieldSolver.prototype.step = function (s, t) {
  if (t === 60) st = s.cloneFor(s.c);
  return original.call(this, s, t);
};
runScenario(new ScenarioRegistry().resolve('baseline'), { mode: 'meanfield' });
MeanfieldSolver.prototype.step = original;

const { S, O, G, nAct } = st;
const memory = new WebAssembly.Memory({ initial: 16 });
const kernel = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(WASM, 'base64')), { env: { memory, abort() {} } }).exports;
let top = 1024;
const alloc = (n, T) => {
  const a = new T(memory.buffer, top, n);
  top = (top + n * T.BYTES_PER_ELEMENT + 15) & ~15;
  return a;
};
const k = {
  act: alloc(O, Int32Array), x: alloc(G * O, Float64Array), w: alloc(G * O, Float64Array), zw: alloc(G, Float64Array),
  F: alloc(G, Float64Array), F1: alloc(G, Float64Array), ek: alloc(S, Float64Array), A: alloc(S * O, Float64Array),
  users: alloc(O, Float64Array), mass: alloc(S, Float64Array), cs: alloc(G, Float64Array), inv: alloc(O, Float64Array),
};
// the kernel keeps one row per cell (g·O + o), the engine a segment's classes side by side
const toRows = (a) => {
  const r = new Float64Array(G * O);
  for (let g = 0; g < G; g++) for (let o = 0; o < O; o++) r[g * O + o] = a[cellBase(g, O) + 4 * o];
  return r;
};
k.act.set(st.act); k.w.set(toRows(st.w)); k.zw.set(st.zw); k.ek.set(st.ek); k.mass.set(st.mass); k.cs.set(st.classShare);
const x0 = Float64Array.from(st.x);
const F0 = Float64Array.from(st.F);
const p = st.p;
function kernelStep() {
  // Bass entry stays in TypeScript: V8's Math.exp and AssemblyScript's differ in the last bit
  for (let g = 0; g < G; g++) k.F1[g] = k.zw[g] > 0 ? bassStep(k.F[g], p.bassP, p.bassQ, 1) : k.F[g];
  kernel.step(S, O, nAct, k.act.byteOffset, k.x.byteOffset, k.w.byteOffset, k.zw.byteOffset, k.F.byteOffset, k.F1.byteOffset, k.ek.byteOffset, k.A.byteOffset, k.users.byteOffset, k.mass.byteOffset, k.cs.byteOffset, k.inv.byteOffset, st.rho);
}
const solver = new MeanfieldSolver(st.c);
const tsStep = () => { st.x.set(x0); st.F.set(F0); solver.step(st, 60); };
const x0Rows = toRows(x0);
const wasmStep = () => { k.x.set(x0Rows); k.F.set(F0); kernelStep(); };

tsStep();
wasmStep();
let same = true;
const xRows = toRows(st.x);
for (let i = 0; i < G * O; i++) if (!Object.is(k.x[i], xRows[i])) same = false;
for (let i = 0; i < nAct; i++) {
  const o = st.act[i];
  if (!Object.is(k.users[o], st.users[o])) same = false;
  for (let s = 0; s < S; s++) if (!Object.is(k.A[s * O + o], st.A[s * O + o])) same = false;
}
function time(f) {
  for (let i = 0; i < 2000; i++) f();
  const runs = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 2000; i++) f();
    runs.push(((performance.now() - t0) / 2000) * 1000);
  }
  return runs.sort((a, b) => a - b)[2];
}
console.log(`meanfield step, month 60 (${G} cells × ${nAct} listed options)`);
console.log(`  bit-identical: ${same}`);
console.log(`  TypeScript: ${time(tsStep).toFixed(1)} µs a month (median of 5 × 2000)`);
console.log(`  kernel:     ${time(wasmStep).toFixed(1)} µs a month`);
if (!same) process.exitCode = 1;

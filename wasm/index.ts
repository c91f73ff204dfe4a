/**
 * The model's WebAssembly kernel (AssemblyScript): the hot loops of a meanfield month,
 * transcribed from the TypeScript lane by lane so that both give the same bits. Built by
 * `npm run build:kernel` into src/model/solvers/kernel-wasm.ts (committed).
 */
export { configureStep, step } from './meanfield-step';
export { configureFactors, factors, riskFactors, logForTest, log1pForTest, expForTest } from './utility-factors';
export { setPow2Table } from './table-exp';
export { configureTotals, optionTotals } from './option-totals';
export { configureSegments, segmentTotals } from './segment-totals';
export { configureRemap, remapShares } from './remap-shares';

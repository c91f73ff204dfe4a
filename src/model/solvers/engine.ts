/**
 * The monthly loop shared by both solvers. Each month, in this order (docs/model.md §2):
 * compute → efficiency → strategies → capability and releases → prices → utilities →
 * adoption (solver-specific) → usage, downloads, tokens, derivatives, data → outputs →
 * stocks for next month. Each step is a pass in passes/; each mechanism's equations are in
 * mechanisms/. Only the adoption step differs between the solvers: the meanfield solver
 * moves expected shares, the agents solver moves individual adopters.
 */
import type { Compiled } from './compile.js';
import { RunState } from './state.js';
import { computeStep, priceStep, releaseStep, strategyStep } from './passes/supply.js';
import { choiceStep, listOptions } from './passes/choice.js';
import { adoptersStep, flowsStep, marketStep, MonthTotals } from './passes/flows.js';
import { RunOutputs, frontierGroupsOf } from './passes/outputs.js';
import { SeriesSet } from '../outputs/series.js';
import { ecosystemSize, updateDerivativeStock } from '../mechanisms/ecosystem-derivatives.js';
import { updateDataStock } from '../mechanisms/data-feedback.js';
import { logitShares } from '../mechanisms/adoption-choice.js';
import { CLASSES, cellBase } from '../mechanisms/demand-classes.js';

/**
 * An adoption solver (the backend contract; docs/architecture.md): it owns how adopters
 * move. It reads the month's choice weights `st.w`, listed options `st.act[0..nAct)`,
 * masses and rates from the run state, and writes the adopted fraction `st.F[g]` and the
 * shares `st.x[cellBase(g, O) + CLASSES·o]` of every (segment, class) cell.
 */
export interface AdoptionSolver {
  /** Sets the state at t = 0 from the initial fractions and shares already in st.F, st.x. */
  init(st: RunState): void;
  /**
   * Advances one month (t ≥ 1): reconsideration, then entry. Returns true when it also
   * tallied the month's adopters (`st.A`, `st.users`, as `adoptersStep` does).
   */
  step(st: RunState, t: number): boolean | void;
}

/** Creates the solver once the run's dimensions are known. */
export type SolverFactory = (c: Compiled) => AdoptionSolver;

/** The frontier groups of a run, in output order. */
export function frontierGroups(c: Compiled): string[] {
  return frontierGroupsOf(c.world.blocs.map((b) => b.id));
}

/**
 * The whole state of a meanfield run at the start of month `t`: a run of a scenario that
 * differs from the checkpoint's only from month `t` on resumes from it and gives the same
 * bytes as a full run (the playground's policies start now: a lever move recomputes only the
 * months from now, tested in test/model/checkpoint.test.ts).
 */
export interface EngineCheckpoint {
  readonly t: number;
  readonly st: RunState;
  readonly series: SeriesSet;
  readonly labShare: Float64Array;
}

/** Resuming from a checkpoint, and taking one. */
export interface CheckpointOptions {
  resume?: EngineCheckpoint;
  /** Month at whose start to take a checkpoint (passed to `onCheckpoint`). */
  captureAt?: number;
  onCheckpoint?: (cp: EngineCheckpoint) => void;
}

/** Runs the monthly loop and returns every output series. */
export function simulate(c: Compiled, makeSolver: SolverFactory, onProgress?: (done: number, total: number) => void, cp: CheckpointOptions = {}): SeriesSet {
  const resume = cp.resume;
  const st = resume ? resume.st.cloneFor(c) : new RunState(c);
  const solver = makeSolver(c);
  const out = new RunOutputs(st, resume ? resume.series.clone() : undefined);
  const tot = new MonthTotals(st.B, st.L, st.O);
  const labShare = resume ? Float64Array.from(resume.labShare) : new Float64Array(st.L * st.T);
  const { T, G, O } = st;
  let epoch = -1;
  const t0 = resume ? resume.t : 0;
  if (resume) {
    // strategies from the resumed month on are this scenario's (runs that adapt strategies
    // are never resumed: adaptation rewrites them from the month it acts)
    for (let l = 0; l < st.L; l++) st.code.set(c.strategy.subarray(l * T + t0, (l + 1) * T), l * T + t0);
    // the epoch that covers the resumed month, with its derived constants
    while (epoch + 1 < c.epochStart.length && c.epochStart[epoch + 1] <= t0) epoch++;
    st.setEpoch(c.epochs[epoch]);
  }
  for (let t = t0; t < T; t++) {
    if (cp.captureAt === t && cp.onCheckpoint) cp.onCheckpoint({ t, st: st.cloneFor(c), series: out.set.clone(), labShare: Float64Array.from(labShare) });
    // a set-params event starts a new parameter epoch this month
    while (epoch + 1 < c.epochStart.length && c.epochStart[epoch + 1] <= t) st.setEpoch(c.epochs[++epoch]);
    const p = st.p;
    computeStep(st, t);
    strategyStep(st, t, labShare);
    releaseStep(st, t);
    priceStep(st, t);
    marketStep(st, t);
    listOptions(st, (o) => st.users[o] > 0);
    st.rho = Math.min(1, p.reconsiderRate + (st.major ? p.releaseReconsiderBoost : 0));
    if (t === 0) {
      // initial shares: logit with the ecosystem they imply (a short fixed point)
      st.F.fill(p.initialAdoption);
      for (let it = 0; it < 3; it++) {
        choiceStep(st, t);
        for (let g = 0; g < G; g++) logitShares(st.x, st.w, cellBase(g, O), st.act, st.nAct, CLASSES);
        adoptersStep(st);
        for (let i = 0; i < st.nAct; i++) {
          const o = st.act[i];
          st.eco[o] = ecosystemSize(st.users[o], st.derivStock[o], p.derivativeWeight);
        }
      }
      choiceStep(st, t);
      for (let g = 0; g < G; g++) logitShares(st.x, st.w, cellBase(g, O), st.act, st.nAct, CLASSES);
      solver.init(st);
      adoptersStep(st);
    } else {
      choiceStep(st, t);
      if (!solver.step(st, t)) adoptersStep(st);
    }
    flowsStep(st, t, tot);
    out.write(t, tot, labShare);
    // stocks for next month: data, derivatives, ecosystems
    for (let l = 0; l < st.L; l++) st.D[l] = updateDataStock(st.D[l], tot.inflow[l] + p.derivativeData * tot.derivNew[2 * l + 1], p.dataDepreciation);
    for (let o = 0; o < O; o++) {
      st.derivStock[o] = updateDerivativeStock(st.derivStock[o], tot.derivNew[o], p.derivativeDecay);
      st.eco[o] = ecosystemSize(st.users[o], st.derivStock[o], p.derivativeWeight);
    }
    onProgress?.(t + 1, T);
  }
  return out.set;
}

export { CLASSES };

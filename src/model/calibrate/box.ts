/**
 * Box-constrained minimisation problems, shared by the optimisers. Optimisers work in the
 * unit cube (every coordinate scaled to [0, 1] by its range) so one step size fits all
 * parameters; points outside the box are clamped before evaluation and penalised by their
 * squared distance to it, which keeps the search inside the ranges.
 */

/** A function to minimise over a box. */
export interface BoxProblem {
  lower: readonly number[];
  upper: readonly number[];
  /** The objective at x (inside the box). */
  f: (x: Float64Array) => number;
}

/** What an optimiser returns. */
export interface OptimizeResult {
  /** Best point found (inside the box). */
  x: Float64Array;
  /** Objective at x. */
  f: number;
  evaluations: number;
  iterations: number;
  /** True when a convergence criterion (not the budget) stopped the search. */
  converged: boolean;
  stopReason: string;
  /** Best objective after each iteration. */
  history: number[];
}

/** Common options. */
export interface OptimizeOptions {
  /** Starting point (in problem coordinates; clamped into the box). */
  x0: readonly number[];
  /** Maximum number of objective evaluations. */
  budget: number;
  /** Seed of the random streams (CMA-ES). */
  seed?: number;
  /** Initial step as a fraction of each range (default 0.2 for CMA-ES, 0.1 for Nelder–Mead). */
  step?: number;
  /** Stop when the best objective improves by less than this over a stall window. */
  tolFun?: number;
  /** Stop when the search has shrunk below this (unit-cube coordinates). */
  tolX?: number;
  /** Called after each iteration with the evaluations so far and the best objective. */
  onIteration?: (evaluations: number, best: number) => void;
}

/** Penalty per squared unit-cube distance outside the box. */
export const BOX_PENALTY = 1e4;

/** Maps unit-cube coordinates into the box (clamping) and evaluates with the penalty. */
export class UnitCube {
  readonly n: number;
  private readonly x: Float64Array;
  evaluations = 0;
  bestF = Infinity;
  readonly bestU: Float64Array;
  constructor(private readonly p: BoxProblem) {
    this.n = p.lower.length;
    if (p.upper.length !== this.n) throw new Error('lower and upper bounds differ in length');
    for (let i = 0; i < this.n; i++) if (!(p.upper[i] > p.lower[i])) throw new Error(`empty range for coordinate ${i}`);
    this.x = new Float64Array(this.n);
    this.bestU = new Float64Array(this.n);
  }
  /** Unit-cube coordinates of a problem point (clamped to [0, 1]). */
  toUnit(x: readonly number[]): Float64Array {
    const u = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) u[i] = Math.min(1, Math.max(0, (x[i] - this.p.lower[i]) / (this.p.upper[i] - this.p.lower[i])));
    return u;
  }
  /** Problem coordinates of a unit-cube point (clamped into the box). */
  toProblem(u: ArrayLike<number>): Float64Array {
    const x = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) x[i] = this.p.lower[i] + Math.min(1, Math.max(0, u[i])) * (this.p.upper[i] - this.p.lower[i]);
    return x;
  }
  /** Squared unit-cube distance of u to the box, and its clamped problem point written to `x`. */
  clampInto(u: ArrayLike<number>, x: Float64Array): number {
    let pen = 0;
    for (let i = 0; i < this.n; i++) {
      const c = Math.min(1, Math.max(0, u[i]));
      pen += (u[i] - c) * (u[i] - c);
      x[i] = this.p.lower[i] + c * (this.p.upper[i] - this.p.lower[i]);
    }
    return pen;
  }
  /**
   * Records the objective `f` computed elsewhere (e.g. in a worker) at unit-cube point u whose
   * squared distance to the box is `pen`; returns the penalised value.
   */
  record(u: ArrayLike<number>, f: number, pen: number): number {
    if (!Number.isFinite(f)) f = Number.MAX_VALUE / 4; // a failed evaluation is the worst point, not a crash
    this.evaluations++;
    if (f < this.bestF) {
      this.bestF = f;
      for (let i = 0; i < this.n; i++) this.bestU[i] = Math.min(1, Math.max(0, u[i]));
    }
    return f + BOX_PENALTY * pen;
  }
  /** Penalised objective at a unit-cube point; tracks the best feasible value. */
  eval(u: ArrayLike<number>): number {
    const pen = this.clampInto(u, this.x);
    return this.record(u, this.p.f(this.x), pen);
  }
}

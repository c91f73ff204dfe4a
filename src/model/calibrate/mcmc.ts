/**
 * Differential-evolution MCMC with sampling from past states, DE-MC-z (C. J. F. ter Braak and
 * J. A. Vrugt, "Differential Evolution Markov Chain with snooker updater and fewer chains",
 * Statistics and Computing 18 (2008) 435–446; after C. J. F. ter Braak, "A Markov Chain Monte
 * Carlo version of the genetic algorithm Differential Evolution", Statistics and Computing 16
 * (2006) 239–249).
 *
 * Several chains move together. Each proposal of chain i is its state plus a scaled difference of
 * two states drawn from the archive Z of past states (parallel direction update, γ = 2.38/√(2d),
 * and γ = 1 one time in ten so chains can jump between modes), or, one time in ten, a snooker
 * update along the line through a third archived state. The archive adapts the proposal to the
 * posterior's scale and correlations without tuning, and it needs no gradient: it fits a model
 * run of a few milliseconds. A whole generation (one proposal per chain) is proposed before any
 * is evaluated, so it is evaluated as one batch (worker threads), and the result does not depend
 * on how the batch is split.
 *
 * Independence proposals. A DE-MC-z chain in d dimensions gains about 0.3/d effective draws per
 * model run (the random-walk rate); at 17 parameters and a few milliseconds per run that is too
 * slow for thousands of effective draws in minutes. So, as an option (on by default, half of the
 * moves), the sampler also proposes from a multivariate t distribution (ν = 6, t-mixture.ts)
 * fitted to the archived unit-cube states (adaptive independence Metropolis–Hastings: P. Giordani
 * and R. Kohn, "Adaptive independent Metropolis–Hastings by fast estimation of mixtures of
 * normals", J. Comput. Graph. Stat. 19 (2010) 243–259) at the middle and at the end of burn-in,
 * and again 100, 200, 400, … generations after it, accepted with min(1, π(x*)q(x)/(π(x)q(x*)));
 * a draw outside the box is rejected without a model run (the target is truncated to the box).
 * Each of the two kernels leaves the posterior invariant, so their random mixture does too; the
 * refits are finitely many and ever rarer, and the archive only grows (diminishing adaptation, as
 * in ter Braak & Vrugt).
 * The fit is in the parameters' own (unit-cube) coordinates, where the soft priors are normal.
 * On the calibration posterior (bench/performance/posterior-independence-proposal.ts and the
 * sampler itself, 10 chains × 1,000 + 2,000 generations): a t fitted to the logits of the
 * coordinates (this sampler's earlier version) was accepted 5% of the time; a t on the unit cube
 * 13%, a normal 18–19% but with sticky tails (a tail-ESS of 144), a mixture of 3 t's fitted to
 * the archive by EM 8%. The effective sample per model run is about 2.5 times the logit fit's.
 * Where the posterior is close to its fit many independence proposals are accepted and draws
 * decorrelate in a few generations; where it is not, they are rejected and the DE moves still
 * explore (the diagnostics then show the slower mixing).
 *
 * Coordinates are the unit cube of the parameter ranges. Parallel-direction proposals that leave
 * the cube are reflected back in (reflection keeps the proposal symmetric, so the target stays
 * truncated to the box); snooker proposals that leave it are rejected.
 *
 * Burn-in: the chains start from draws of an initial distribution (the soft priors), and the
 * archive starts with 10·d such draws. During burn-in the differences come from the more recent
 * half of the archive, and at its end the older half is dropped, so that the priors' spread does
 * not keep inflating the jumps; chains whose mean log density is an outlier (below Q1 − 2·IQR of
 * the chains, DREAM's test) are moved to the state of another chain at a few points of burn-in.
 * Both only affect burn-in, whose draws are discarded; the number of moved chains is reported.
 *
 * Seeded (src/model/random.ts); pure and isomorphic.
 */
import { Rng } from '../random.js';
import { fitTMixture, tMixtureDraw, tMixtureLogDensity, type TMixture } from './t-mixture.js';

export { cholesky } from './t-mixture.js';

/** Log density at a batch of points (natural coordinates), split into likelihood and prior parts. */
export interface LogDensityBatch {
  logLik: ArrayLike<number>;
  logPrior: ArrayLike<number>;
}

/** Sampler settings. */
export interface DemczOptions {
  lower: readonly number[];
  upper: readonly number[];
  /** Number of chains (≥ 3). */
  chains: number;
  /** Retained iterations per chain after burn-in (each one kept every `thin` generations). */
  draws: number;
  /** Generations discarded before the retained ones. */
  burnIn: number;
  /** Keep one generation in `thin` (default 1). */
  thin?: number;
  seed: number;
  /** A draw from the initial distribution, in natural coordinates (e.g. the priors truncated to the box). */
  initial: (rng: Rng) => number[];
  /** Initial archive size (default 10·d). */
  archiveStart?: number;
  /** Generations between additions of the chains' states to the archive (default 10, as ter Braak & Vrugt). */
  archiveEvery?: number;
  /** Probability of a snooker update (default 0.1). */
  snooker?: number;
  /** Probability of γ = 1 in a parallel-direction update (default 0.1). */
  jump?: number;
  /** Move outlier chains during burn-in (default true). */
  resetOutliers?: boolean;
  /** Probability of an independence proposal from the t fit of the archive, once fitted (default 0.5; 0 = plain DE-MC-z). */
  independence?: number;
  /** Components of the independence proposal's t mixture (default 1: on the calibration posterior a 3-component fit to the archive was accepted less often, 8% against 13%). */
  components?: number;
  /** Called after each generation with (generations done, generations in all). */
  onGeneration?: (done: number, total: number) => void;
}

/** What a run returns. */
export interface DemczResult {
  /** Parameter dimension. */
  d: number;
  chains: number;
  /** Retained draws per chain. */
  draws: number;
  thin: number;
  burnIn: number;
  /** Generations run (burn-in included). */
  generations: number;
  /** draws[(k·chains + c)·d + j]: parameter j of chain c at retained iteration k (natural coordinates). */
  samples: Float64Array;
  logLik: Float64Array;
  logPrior: Float64Array;
  /** Generation number of each retained iteration. */
  iterations: Int32Array;
  /** Acceptance rate after burn-in (all chains). */
  acceptance: number;
  /** Acceptance rate of burn-in. */
  acceptanceBurnIn: number;
  /** Acceptance rate after burn-in by move (NaN for a move never proposed). */
  acceptanceByMove: { parallel: number; snooker: number; independence: number };
  /** Chains moved to another chain's state during burn-in as outliers. */
  outlierResets: number;
  /** Model evaluations (log densities computed). */
  evaluations: number;
}

/** Degrees of freedom of the independence proposal's components (heavier tails than a normal fit, so the weights π/q stay bounded). */
const IND_NU = 6;

const reflect = (v: number) => {
  let y = v % 2;
  if (y < 0) y += 2;
  return y > 1 ? 2 - y : y;
};

/**
 * DE-MC-z in ask/tell form: {@link DemczEngine.ask} gives the points of the next generation (the
 * starting points first), {@link DemczEngine.tell} takes their log densities. A synchronous or a
 * batch (worker threads) driver runs it with the same numbers.
 */
export class DemczEngine {
  readonly d: number;
  private readonly opts: Required<Omit<DemczOptions, 'onGeneration'>> & Pick<DemczOptions, 'onGeneration'>;
  private readonly rng: Rng;
  private readonly lower: Float64Array;
  private readonly span: Float64Array;
  /** Archive of unit-cube states, d per row. */
  private archive: number[] = [];
  private archiveRows = 0;
  /** Current unit-cube states and log densities. */
  private readonly x: Float64Array;
  private readonly ll: Float64Array;
  private readonly lp: Float64Array;
  /** Proposals of the pending generation, and the MH log correction of snooker moves (−∞: rejected outright). */
  private readonly prop: Float64Array;
  private readonly corr: Float64Array;
  private started = false;
  generation = 0;
  private readonly totalGenerations: number;
  private accepted = 0;
  private proposed = 0;
  /** Proposals and acceptances after burn-in by move: parallel direction, snooker, independence. */
  private readonly moveProposed = [0, 0, 0];
  private readonly moveAccepted = [0, 0, 0];
  /** Move of each chain's pending proposal (0 parallel, 1 snooker, 2 independence). */
  private readonly kind: Uint8Array;
  private acceptedBurn = 0;
  private proposedBurn = 0;
  outlierResets = 0;
  evaluations = 0;
  /** Sum of log densities per chain since the last outlier check. */
  private readonly windowSum: Float64Array;
  private windowCount = 0;
  private readonly checks: Set<number>;
  private readonly result: DemczResult;
  private kept = 0;
  /** Independence proposal (null until fitted). */
  private ind: TMixture | null = null;
  /** Generation at which the independence proposal is first fitted (the middle of burn-in). */
  private readonly fitAt: number;

  constructor(opts: DemczOptions) {
    const d = opts.lower.length;
    if (d < 1 || opts.upper.length !== d) throw new Error('DE-MC-z: lower and upper must have the same positive length');
    if (!(Number.isInteger(opts.chains) && opts.chains >= 3)) throw new Error('DE-MC-z: at least 3 chains');
    if (opts.components !== undefined && !(Number.isInteger(opts.components) && opts.components >= 1)) throw new Error('DE-MC-z: components must be a positive integer');
    this.d = d;
    this.opts = {
      thin: 1,
      archiveStart: 10 * d,
      archiveEvery: 10,
      snooker: 0.1,
      jump: 0.1,
      resetOutliers: true,
      independence: 0.5,
      components: 1,
      ...opts,
    };
    this.rng = new Rng(opts.seed, 0xde3c);
    this.lower = Float64Array.from(opts.lower);
    this.span = Float64Array.from(opts.upper, (u, j) => u - opts.lower[j]);
    const c = opts.chains;
    this.x = new Float64Array(c * d);
    this.ll = new Float64Array(c);
    this.lp = new Float64Array(c);
    this.prop = new Float64Array(c * d);
    this.corr = new Float64Array(c);
    this.kind = new Uint8Array(c);
    this.windowSum = new Float64Array(c);
    const thin = this.opts.thin;
    this.totalGenerations = opts.burnIn + opts.draws * thin;
    this.fitAt = Math.floor(opts.burnIn / 2);
    // outlier checks at 20%, 40%, 60% and 80% of burn-in
    this.checks = new Set(opts.burnIn >= 50 && this.opts.resetOutliers ? [0.2, 0.4, 0.6, 0.8].map((f) => Math.round(f * opts.burnIn)) : []);
    // initial archive: draws of the initial distribution (the chains start at its last `chains` rows)
    const m0 = Math.max(this.opts.archiveStart, c + 3);
    for (let i = 0; i < m0; i++) this.pushArchive(this.toUnit(opts.initial(this.rng)));
    for (let i = 0; i < c; i++) for (let j = 0; j < d; j++) this.prop[i * d + j] = this.archive[(m0 - c + i) * d + j];
    this.result = {
      d,
      chains: c,
      draws: opts.draws,
      thin,
      burnIn: opts.burnIn,
      generations: this.totalGenerations,
      samples: new Float64Array(opts.draws * c * d),
      logLik: new Float64Array(opts.draws * c),
      logPrior: new Float64Array(opts.draws * c),
      iterations: new Int32Array(opts.draws),
      acceptance: NaN,
      acceptanceBurnIn: NaN,
      acceptanceByMove: { parallel: NaN, snooker: NaN, independence: NaN },
      outlierResets: 0,
      evaluations: 0,
    };
  }

  private toUnit(v: readonly number[]): number[] {
    return v.map((x, j) => Math.min(1, Math.max(0, (x - this.lower[j]) / this.span[j])));
  }

  private pushArchive(u: ArrayLike<number>): void {
    for (let j = 0; j < this.d; j++) this.archive.push(u[j]);
    this.archiveRows++;
  }

  /** True when every generation has been told. */
  get done(): boolean {
    return this.started && this.generation >= this.totalGenerations;
  }

  /** Points to evaluate next (natural coordinates), one per chain. */
  ask(): Float64Array[] {
    const { d } = this;
    const c = this.opts.chains;
    if (this.started) this.propose();
    const out: Float64Array[] = [];
    for (let i = 0; i < c; i++) {
      const p = new Float64Array(d);
      for (let j = 0; j < d; j++) p[j] = this.lower[j] + this.prop[i * d + j] * this.span[j];
      out.push(p);
    }
    return out;
  }

  /**
   * Whether chain i's point of the last {@link ask} needs its log density: not when the proposal
   * is rejected outright (it left the box), whose value {@link tell} ignores.
   */
  needs(i: number): boolean {
    return !this.started || this.corr[i] !== -Infinity;
  }

  /** Draws the next generation's proposals (into `prop`, MH corrections into `corr`). */
  private propose(): void {
    const { d, rng } = this;
    const c = this.opts.chains;
    const burning = this.generation < this.opts.burnIn;
    const lo = burning ? Math.floor(this.archiveRows / 2) : 0;
    const n = this.archiveRows - lo;
    const pick = () => lo + rng.int(n);
    const gamma0 = 2.38 / Math.sqrt(2 * d);
    const Z = this.archive;
    for (let i = 0; i < c; i++) {
      const x = i * d;
      const r1 = pick();
      let r2 = pick();
      while (r2 === r1) r2 = pick();
      if (this.ind && rng.next() < this.opts.independence) {
        this.kind[i] = 2;
        const y = tMixtureDraw(this.ind, rng);
        let out = false;
        for (let j = 0; j < d; j++) {
          if (!(y[j] >= 0 && y[j] <= 1)) out = true;
          this.prop[x + j] = out ? this.x[x + j] : y[j];
        }
        if (out) {
          for (let j = 0; j < d; j++) this.prop[x + j] = this.x[x + j];
          this.corr[i] = -Infinity;
        } else {
          this.corr[i] = tMixtureLogDensity(this.ind, this.x.subarray(x, x + d)) - tMixtureLogDensity(this.ind, y);
        }
      } else if (rng.next() < this.opts.snooker) {
        this.kind[i] = 1;
        let r3 = pick();
        while (r3 === r1 || r3 === r2) r3 = pick();
        // snooker: project z1 − z2 on the line x − z3, step γ ~ U(1.2, 2.2)
        let uu = 0;
        let dot = 0;
        for (let j = 0; j < d; j++) {
          const u = this.x[x + j] - Z[r3 * d + j];
          uu += u * u;
          dot += (Z[r1 * d + j] - Z[r2 * d + j]) * u;
        }
        const g = 1.2 + rng.next();
        if (!(uu > 0)) {
          this.corr[i] = -Infinity;
          for (let j = 0; j < d; j++) this.prop[x + j] = this.x[x + j];
          continue;
        }
        let out = false;
        let nn = 0;
        for (let j = 0; j < d; j++) {
          const u = this.x[x + j] - Z[r3 * d + j];
          const v = this.x[x + j] + (g * dot * u) / uu;
          if (!(v >= 0 && v <= 1)) out = true;
          this.prop[x + j] = v;
          nn += (v - Z[r3 * d + j]) ** 2;
        }
        // MH correction (ter Braak & Vrugt eq. 3): (‖x* − z‖ / ‖x − z‖)^(d−1)
        this.corr[i] = out || !(nn > 0) ? -Infinity : ((d - 1) / 2) * (Math.log(nn) - Math.log(uu));
        if (out) for (let j = 0; j < d; j++) this.prop[x + j] = this.x[x + j];
      } else {
        this.kind[i] = 0;
        const g = rng.next() < this.opts.jump ? 1 : gamma0;
        for (let j = 0; j < d; j++) {
          const e = 1e-6 * rng.normal();
          this.prop[x + j] = reflect(this.x[x + j] + g * (Z[r1 * d + j] - Z[r2 * d + j]) + e);
        }
        this.corr[i] = 0;
      }
    }
  }

  /** Takes the log densities of the points of the last {@link ask}, in order. */
  tell(values: LogDensityBatch): void {
    const { d } = this;
    const c = this.opts.chains;
    const density = (i: number) => {
      const v = values.logLik[i] + values.logPrior[i];
      return Number.isNaN(v) ? -Infinity : v;
    };
    for (let i = 0; i < c; i++) if (this.needs(i)) this.evaluations++;
    if (!this.started) {
      this.started = true;
      for (let i = 0; i < c; i++) {
        for (let j = 0; j < d; j++) this.x[i * d + j] = this.prop[i * d + j];
        this.ll[i] = values.logLik[i];
        this.lp[i] = values.logPrior[i];
      }
      return;
    }
    const burning = this.generation < this.opts.burnIn;
    for (let i = 0; i < c; i++) {
      const u = this.rng.nextOpen();
      if (burning) this.proposedBurn++;
      else {
        this.proposed++;
        this.moveProposed[this.kind[i]]++;
      }
      if (this.corr[i] === -Infinity) continue; // rejected outright (a snooker step out of the box); the draw keeps the stream aligned
      const cur = this.ll[i] + this.lp[i];
      const logA = density(i) - (Number.isNaN(cur) ? -Infinity : cur) + this.corr[i];
      if (Math.log(u) < logA || (cur === -Infinity && density(i) > -Infinity)) {
        for (let j = 0; j < d; j++) this.x[i * d + j] = this.prop[i * d + j];
        this.ll[i] = values.logLik[i];
        this.lp[i] = values.logPrior[i];
        if (burning) this.acceptedBurn++;
        else {
          this.accepted++;
          this.moveAccepted[this.kind[i]]++;
        }
      }
    }
    this.generation++;
    const g = this.generation;
    if (g % this.opts.archiveEvery === 0) for (let i = 0; i < c; i++) this.pushArchive(this.x.subarray(i * d, (i + 1) * d));
    if (g <= this.opts.burnIn) {
      for (let i = 0; i < c; i++) this.windowSum[i] += this.ll[i] + this.lp[i];
      this.windowCount++;
      if (this.checks.has(g)) this.moveOutliers();
      if (g === this.fitAt && this.opts.independence > 0) this.fitIndependence();
      if (g === this.opts.burnIn) {
        this.endBurnIn();
        if (this.opts.independence > 0) this.fitIndependence();
      }
    }
    // refit the independence proposal at geometrically spaced generations after burn-in (100, 200,
    // 400, … after it): finitely many adaptations per run, each on a larger archive
    const after = g - this.opts.burnIn;
    if (after >= 100 && this.opts.independence > 0 && Number.isInteger(Math.log2(after / 100))) this.fitIndependence();
    if (g > this.opts.burnIn && (g - this.opts.burnIn) % this.opts.thin === 0) {
      const k = this.kept++;
      this.result.iterations[k] = g;
      for (let i = 0; i < c; i++) {
        const row = k * c + i;
        for (let j = 0; j < d; j++) this.result.samples[row * d + j] = this.lower[j] + this.x[i * d + j] * this.span[j];
        this.result.logLik[row] = this.ll[i];
        this.result.logPrior[row] = this.lp[i];
      }
    }
    this.opts.onGeneration?.(g, this.totalGenerations);
  }

  /** Moves chains whose mean log density over the window is below Q1 − 2·IQR to another chain's state. */
  private moveOutliers(): void {
    const { d } = this;
    const c = this.opts.chains;
    const means = Array.from(this.windowSum, (s) => s / Math.max(1, this.windowCount));
    const sorted = means.filter(Number.isFinite).sort((a, b) => a - b);
    this.windowSum.fill(0);
    this.windowCount = 0;
    if (sorted.length < 3) return;
    const q = (p: number) => {
      const h = (sorted.length - 1) * p;
      const l = Math.floor(h);
      return sorted[l] + (h - l) * (sorted[Math.min(sorted.length - 1, l + 1)] - sorted[l]);
    };
    const limit = q(0.25) - 2 * (q(0.75) - q(0.25));
    const good = means.map((m, i) => ({ m, i })).filter(({ m }) => m >= limit).map(({ i }) => i);
    for (let i = 0; i < c; i++) {
      if (means[i] >= limit) continue;
      const k = good[this.rng.int(good.length)];
      for (let j = 0; j < d; j++) this.x[i * d + j] = this.x[k * d + j];
      this.ll[i] = this.ll[k];
      this.lp[i] = this.lp[k];
      this.outlierResets++;
    }
  }

  /** Drops the older half of the archive (mostly draws of the initial distribution and early burn-in). */
  private endBurnIn(): void {
    const keep = Math.ceil(this.archiveRows / 2);
    this.archive = this.archive.slice((this.archiveRows - keep) * this.d);
    this.archiveRows = keep;
  }

  /**
   * Fits the independence proposal to the more recent half of the archive (a mixture of
   * `components` t distributions, t-mixture.ts). Left as it was when the fit fails (too few
   * points, a singular covariance).
   */
  private fitIndependence(): void {
    const { d } = this;
    const lo = Math.floor(this.archiveRows / 2);
    const n = this.archiveRows - lo;
    if (n < 2 * d + 2) return;
    const pts = Float64Array.from(this.archive.slice(lo * d, this.archiveRows * d));
    const fit = fitTMixture(pts, n, d, this.opts.components, IND_NU) ?? fitTMixture(pts, n, d, 1, IND_NU);
    if (fit) this.ind = fit;
  }

  /** The retained draws (valid once {@link done}). */
  finish(): DemczResult {
    return {
      ...this.result,
      acceptance: this.proposed ? this.accepted / this.proposed : NaN,
      acceptanceBurnIn: this.proposedBurn ? this.acceptedBurn / this.proposedBurn : NaN,
      acceptanceByMove: {
        parallel: this.moveProposed[0] ? this.moveAccepted[0] / this.moveProposed[0] : NaN,
        snooker: this.moveProposed[1] ? this.moveAccepted[1] / this.moveProposed[1] : NaN,
        independence: this.moveProposed[2] ? this.moveAccepted[2] / this.moveProposed[2] : NaN,
      },
      outlierResets: this.outlierResets,
      evaluations: this.evaluations,
    };
  }
}

/** Runs DE-MC-z on a synchronous log density (natural coordinates; −∞ outside its support). */
export function demcz(opts: DemczOptions, logDensity: (x: Float64Array) => { logLik: number; logPrior: number }): DemczResult {
  const e = new DemczEngine(opts);
  while (!e.done) {
    const g = pending(e);
    const ll = new Float64Array(g.points.length);
    const lp = new Float64Array(g.points.length);
    g.points.forEach((x, k) => {
      const v = logDensity(x);
      ll[k] = v.logLik;
      lp[k] = v.logPrior;
    });
    g.tell({ logLik: ll, logPrior: lp });
  }
  return e.finish();
}

/** Runs DE-MC-z with each generation evaluated as one batch (e.g. on worker threads): the same draws as {@link demcz}. */
export async function demczBatch(opts: DemczOptions, logDensity: (xs: Float64Array[]) => Promise<LogDensityBatch>): Promise<DemczResult> {
  const e = new DemczEngine(opts);
  while (!e.done) {
    const g = pending(e);
    g.tell(g.points.length ? await logDensity(g.points) : { logLik: [], logPrior: [] });
  }
  return e.finish();
}

/**
 * The next generation's points that need a log density (proposals rejected outright are not
 * run), and how to tell the engine their values (−∞ for the others, which it ignores).
 */
function pending(e: DemczEngine): { points: Float64Array[]; tell: (v: LogDensityBatch) => void } {
  const xs = e.ask();
  const idx = xs.map((_, i) => i).filter((i) => e.needs(i));
  return {
    points: idx.map((i) => xs[i]),
    tell: (v) => {
      const ll = new Float64Array(xs.length).fill(-Infinity);
      const lp = new Float64Array(xs.length).fill(-Infinity);
      idx.forEach((i, k) => {
        ll[i] = v.logLik[k];
        lp[i] = v.logPrior[k];
      });
      e.tell({ logLik: ll, logPrior: lp });
    },
  };
}

/** One parameter's retained draws, per chain: out[c][k]. */
export function chainsOf(r: DemczResult, j: number): Float64Array[] {
  return Array.from({ length: r.chains }, (_, c) => Float64Array.from({ length: r.draws }, (_, k) => r.samples[(k * r.chains + c) * r.d + j]));
}

/**
 * Seeded randomness with independent streams.
 *
 * Each stream is a xoroshiro128+ generator from pure-rand, seeded by mixing the run seed with
 * a stream id through SplitMix32, so streams never share state and adding a stream never
 * shifts the numbers of another. Same seed, same bytes.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** SplitMix32-style integer hash: decorrelates nearby seeds. */
export function mixSeed(a: number, b: number): number {
  let z = (Math.imul(a | 0, 0x9e3779b1) ^ Math.imul((b | 0) + 0x7f4a7c15, 0x85ebca6b)) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** Named streams used by the solvers. */
export const STREAM = {
  agentInit: 1,
  agentDynamics: 2,
  analytic: 3,
  /** Draws of uncalibrated assumptions from their priors (calibrate/prior-draws.ts). */
  assumptions: 4,
} as const;

/** A mutable uniform generator on [0, 1). */
export class Rng {
  private readonly g: RandomGenerator;
  constructor(seed: number, stream = 0) {
    this.g = xoroshiro128plus(mixSeed(seed, stream));
  }
  /** Uniform on [0, 1) with 32 bits of resolution (enough for the simulation; fast). */
  next(): number {
    return (this.g.next() >>> 0) * 2.3283064365386963e-10;
  }
  /** Uniform 32-bit unsigned integer (the raw draw behind {@link Rng.next}). */
  nextUint32(): number {
    return this.g.next() >>> 0;
  }
  /** Uniform on (0, 1]: safe for logarithms. */
  nextOpen(): number {
    return ((this.g.next() >>> 0) + 1) * 2.3283064365386963e-10;
  }
  /** Standard exponential variate. */
  exp(): number {
    return -Math.log(this.nextOpen());
  }
  /** Standard normal variate (Box–Muller, one of the pair). */
  normal(): number {
    const u = this.nextOpen();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Integer uniform on [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** Seed of replication `i` of an ensemble with seed `seed`: deterministic and well mixed. */
export function replicationSeed(seed: number, i: number): number {
  return mixSeed(mixSeed(seed, 0x5eed), i) >>> 0;
}

/**
 * Failures before the first success in independent Bernoulli trials with ln(1 − p) = logQ,
 * from U uniform on (0, 1]: ⌊ln U / logQ⌋; 0 when p = 1 (logQ = −∞), ∞ when p = 0.
 */
export function geometricSkip(u: number, logQ: number): number {
  if (logQ === -Infinity) return 0;
  if (!(logQ < 0)) return Infinity;
  return Math.floor(Math.log(u) / logQ);
}

/** Bins of the {@link GeometricSkips} table (the top 10 bits of a draw). */
const GEO_BINS = 1024;

/**
 * Failures before the first success in independent Bernoulli(p) trials: ⌊ln U / ln(1 − p)⌋
 * with U uniform on (0, 1] (U = (x + 1)·2⁻³², x a 32-bit draw). Bit-identical to that formula,
 * but the function is monotone in U, so a table over the top 10 bits of x answers every draw
 * whose bin lies inside one step of the function (most draws) without a logarithm.
 */
export class GeometricSkips {
  private p = NaN;
  private logQ = 0;
  /** Skip of each bin, −1 where the bin straddles a step. */
  private readonly table = new Float64Array(GEO_BINS);

  /** Sets the success probability (the table is rebuilt only when p changes). */
  set(p: number): void {
    if (p === this.p) return;
    this.p = p;
    this.logQ = p >= 1 ? -Infinity : p > 0 ? Math.log1p(-p) : 0;
    for (let b = 0; b < GEO_BINS; b++) {
      const hi = this.formula((b * 4194304 + 1) * 2.3283064365386963e-10);
      const lo = this.formula((b + 1) * 4194304 * 2.3283064365386963e-10);
      this.table[b] = hi === lo ? hi : -1;
    }
  }

  private formula(u: number): number {
    return geometricSkip(u, this.logQ);
  }

  /** One draw (consumes one 32-bit number from `rng`). */
  draw(rng: Rng): number {
    const x = rng.nextUint32();
    const v = this.table[x >>> 22];
    return v >= 0 ? v : this.formula((x + 1) * 2.3283064365386963e-10);
  }
}

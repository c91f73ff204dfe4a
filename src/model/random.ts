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

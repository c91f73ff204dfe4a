/**
 * How hard the chaos-tagged tests (kill, disk-full, bad-input) push.
 *
 * `npm test` runs each of them at its fixed regression points (the reproductions of issue
 * 17). `npm run test:chaos` (scripts/chaos.ts) sets MOMENTUM_CHAOS=1: the same tests then also
 * try extra points drawn from MOMENTUM_CHAOS_SEED (default 17), printed so that a failure can
 * be replayed, e.g. more kill points in one ensemble or more generated bad requests.
 */
import { Rng } from '../../src/model/random.js';

/** True under `npm run test:chaos`. */
export const CHAOS = process.env.MOMENTUM_CHAOS === '1';

/** The seed of the extra points (MOMENTUM_CHAOS_SEED, default 17). */
export const CHAOS_SEED = Number.isSafeInteger(Number(process.env.MOMENTUM_CHAOS_SEED)) && process.env.MOMENTUM_CHAOS_SEED ? Number(process.env.MOMENTUM_CHAOS_SEED) : 17;

/** `regular` normally; under test:chaos `chaos` (a campaign's size). */
export function chaosCount(regular: number, chaos: number): number {
  return CHAOS ? chaos : regular;
}

/**
 * `n` positive integers, each at most budget / n (so they sum to at most `budget`), drawn
 * from the chaos seed and `stream` (a test's own stream, so tests do not share draws): how
 * far a job gets between two interruptions of a campaign.
 */
export function chaosSteps(stream: number, n: number, budget: number): number[] {
  const rng = new Rng(CHAOS_SEED, stream);
  const most = Math.max(1, Math.floor(budget / n));
  return Array.from({ length: n }, () => 1 + Math.floor(rng.next() * most));
}

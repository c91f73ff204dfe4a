/**
 * Heterogeneous demand: persistent latent classes inside every segment. The article's
 * adopters are not one representative firm: some build on open weights they can fine-tune
 * and host ("the ability to customize open-source models and deploy them quickly"), others
 * buy APIs with support; some must or want to use domestic models (language, sovereignty,
 * procurement), others pick from the world market.
 *
 * Classes c = (open-leaning or API-leaning) × (home-loyal or cosmopolitan), four per
 * segment. A class's taste shifts the utility of open weights by ±openTaste and of
 * home-origin models by +homeTaste, both scaled by tasteSpread (0: one representative
 * adopter). Class shares depend on the segment: open-leaning adopters are more common where
 * self-hosting is common and support needs are low; home loyalty is a bloc trait.
 *
 * Both solvers use exactly these classes: the meanfield solver tracks expected shares per
 * (segment, class), the agents solver samples adopters into them, so the meanfield is the
 * expectation of the agents solver (docs/model.md §4).
 */
import type { Params } from '../params/numeric.js';

/** Number of latent classes per segment (the solvers' passes are unrolled for four: adoption-choice.ts, passes/choice.ts). */
export const CLASSES = 4;

/**
 * Where cell g = s·CLASSES + c starts in the per-cell option arrays (the choice weights and
 * shares): option o of the cell is at `cellBase(g, O) + CLASSES·o`. A segment's classes sit
 * side by side for each option, so the solvers' passes over the options serve all of them
 * at once (adoption-choice.ts, reconsiderSegment).
 */
export function cellBase(g: number, O: number): number {
  const c = g % CLASSES;
  return (g - c) * O + c;
}

/** Whether class c leans to open weights (bit 0) and is home-loyal (bit 1). */
export function classLeansOpen(c: number): boolean {
  return (c & 1) === 1;
}
export function classHomeLoyal(c: number): boolean {
  return (c & 2) === 2;
}

/** Share of open-leaning adopters in a (sector, size) cell. */
export function openLeaningShare(p: Params, selfHostK: number, supportZ: number): number {
  const s = p.openLeaningShare * (selfHostK / 0.5) * (1 - 0.5 * supportZ);
  return Math.min(0.95, Math.max(0.02, s));
}

/** Share of class c in a segment with open-leaning share `qOpen` and home-loyal share `qHome`. */
export function classShare(c: number, qOpen: number, qHome: number): number {
  return (classLeansOpen(c) ? qOpen : 1 - qOpen) * (classHomeLoyal(c) ? qHome : 1 - qHome);
}

/** The class's taste: utility added to an option that is open weights and/or of home origin. */
export function classTaste(p: Params, c: number, open: boolean, home: boolean): number {
  const spread = p.tasteSpread;
  let u = 0;
  if (open) u += (classLeansOpen(c) ? 1 : -1) * p.openTaste * spread;
  if (home && classHomeLoyal(c)) u += p.homeTaste * spread;
  return u;
}

/**
 * Market entry: how many potential adopters use any language model at all. A Bass diffusion
 * per segment, F' = (p + qF)(1 − F), stepped with its exact solution so that the meanfield
 * solver reproduces the Bass closed form (issue #2 analytic test).
 * Article: "This approach accelerates adoption … each new user contributes" (imitation q).
 */

/** Bass cumulative adoption from F(0) = 0: F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t}). */
export function bassClosedForm(t: number, p: number, q: number): number {
  if (p <= 0) return 0;
  const e = Math.exp(-(p + q) * t);
  return (1 - e) / (1 + (q / p) * e);
}

/** Peak time of Bass adoption speed: t* = ln(q/p) / (p + q). */
export function bassPeakTime(p: number, q: number): number {
  return Math.log(q / p) / (p + q);
}

/**
 * Exact solution of F' = (p + qF)(1 − F) after a time `h` from `F0`. The Bass family is
 * closed under time shifts, so F(h) = (1 − c e^{−(p+q)h}) / (1 + (q/p) c e^{−(p+q)h}) with
 * c = (1 − F0) / (1 + (q/p) F0); p = 0 reduces to the logistic curve.
 */
export function bassStep(F0: number, p: number, q: number, h: number): number {
  return bassAdvance(F0, p, q, h, bassDecay(p, q, h));
}

/** e^{−(p+q)h}: the same for every cell of a month, so the meanfield solver computes it once. */
export function bassDecay(p: number, q: number, h: number): number {
  return Math.exp(-(p + q) * h);
}

/** {@link bassStep} given its {@link bassDecay}. */
export function bassAdvance(F0: number, p: number, q: number, h: number, decay: number): number {
  if (F0 >= 1) return 1;
  // q/p overflows for a p of a few 1e-308 (found by fuzzing: NaN adoption): such a p is 0 here
  if (p <= 0 || !Number.isFinite(q / p)) {
    if (q <= 0 || F0 <= 0) return F0;
    const g = Math.exp(q * h);
    return (F0 * g) / (1 - F0 + F0 * g);
  }
  const r = q / p;
  const c = (1 - F0) / (1 + r * F0);
  const e = c * decay;
  return (1 - e) / (1 + r * e);
}

/**
 * Monthly entry hazard: the probability that a non-adopter starts using a model this month,
 * so that the expected adopted fraction follows {@link bassStep}.
 */
export function entryHazard(F0: number, p: number, q: number): number {
  if (F0 >= 1) return 0;
  const F1 = bassStep(F0, p, q, 1);
  return Math.max(0, (F1 - F0) / (1 - F0));
}

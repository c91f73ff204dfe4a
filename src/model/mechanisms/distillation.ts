/**
 * Closed → open spillover: distillation from closed APIs and fast imitation of published
 * methods. Labs that release open weights train on the outputs of the best closed models
 * and copy what works, so the open frontier follows the closed one at a short, stable lag
 * (Epoch AI measures about 3 months), whatever their own compute — while the gap between
 * blocs keeps depending on compute, efficiency and data.
 *
 * At each release a lab that releases open weights closes a fraction `distillation` of the
 * gap between its own capability and the best closed model available `distillationLagMonths`
 * earlier (the outputs it can learn from).
 */
export function withDistillation(own: number, closedFrontierLagged: number, distillation: number): number {
  return Number.isFinite(closedFrontierLagged) && closedFrontierLagged > own ? own + distillation * (closedFrontierLagged - own) : own;
}

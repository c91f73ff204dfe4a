/**
 * Closed → open spillover: distillation from closed APIs and fast imitation of published
 * methods. Labs that release open weights train on the outputs of the best closed models
 * and copy what works, so the open frontier follows the closed one at a short, stable lag
 * (Epoch AI measures about 3 months), whatever their own compute — while the gap between
 * blocs keeps depending on compute, efficiency and data.
 *
 * At each release a lab that releases open weights gains a fraction `distillation` of the gap
 * between the best closed model available `distillationLagMonths` earlier (the outputs it
 * can learn from) and last month's best open model: the whole open ecosystem moves up by
 * the same amount, so the order among open labs still comes from their compute,
 * efficiency, talent and data (a small lab distilling does not become a frontier lab), and
 * the gain shrinks as the open frontier closes in. It never lifts a lab above that closed model.
 */
export function withDistillation(own: number, closedFrontierLagged: number, bestOpen: number, distillation: number): number {
  if (!(Number.isFinite(closedFrontierLagged) && Number.isFinite(bestOpen)) || closedFrontierLagged <= bestOpen) return own;
  if (own >= closedFrontierLagged) return own;
  return Math.min(closedFrontierLagged, own + distillation * (closedFrontierLagged - bestOpen));
}

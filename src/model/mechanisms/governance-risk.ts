/**
 * Governance and security concerns. Perceived risk of a foreign-origin model depends on the
 * adopter's bloc and sector; security incidents raise it for a while; a bloc that bans an
 * origin in some sectors signals risk to its adopters in the others. Policy bans remove
 * options altogether. Article: "concerns around security, data governance, and
 * technological dependence … The integration of foreign-developed AI systems into critical
 * infrastructure".
 */

/**
 * Perceived risk of a model of origin b for an adopter in bloc a (0 at home): the origin's
 * risk plus incidents, weighted by the bloc's concern, plus the signal of the bloc's own
 * bans on that origin (`banned`: 1 if bloc a restricts origin b in some sector this month).
 */
export function foreignRisk(sameBloc: boolean, originRisk: number, incident: number, adopterConcern: number, banned: number, banSignal: number): number {
  return sameBloc ? 0 : (originRisk + incident) * adopterConcern + banned * banSignal;
}

/** Extra risk at month `t` from an incident of `severity` at month `t0`, halving every `halfLife` months. */
export function incidentDecay(severity: number, t: number, t0: number, halfLife: number): number {
  return t < t0 ? 0 : severity * Math.pow(0.5, (t - t0) / halfLife);
}

/** Whether a restriction with `sectors` ("all", "critical" or a list) covers sector `id`. */
export function restrictionCovers(sectors: 'all' | 'critical' | string[], id: string, critical: boolean): boolean {
  if (sectors === 'all') return true;
  if (sectors === 'critical') return critical;
  return sectors.includes(id);
}

/**
 * Sovereign procurement: a bloc's public buyers and regulated sectors favour models of
 * their own origin (data residency, strategic autonomy), and open weights they can host
 * themselves most. Article: "concerns around … technological dependence" and "Ecosystems,
 * not single models, decide the competition": procurement is how third countries (the EU,
 * the rest of the world) keep domestic ecosystems alive.
 *
 * The lever `sovereignProcurement.<bloc>` is a utility bonus for home-origin models in the
 * bloc's critical and public sectors (full), in large firms elsewhere (half), and in other
 * segments (a fifth); open weights get 1.5× the bonus (self-hostable, auditable).
 */
export function procurementBonus(level: number, home: boolean, critical: boolean, large: boolean, open: boolean): number {
  if (!home || level === 0) return 0;
  const reach = critical ? 1 : large ? 0.5 : 0.2;
  return level * reach * (open ? 1.5 : 1);
}

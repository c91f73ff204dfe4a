/**
 * Geopolitical blocs. Adopters live in a bloc; every lab has a home bloc (its model's origin).
 * The list is configurable through {@link WorldConfig}; these are the defaults of issue #2.
 */

/** A bloc id as spelled in metric groups (`US`, `CN`, `EU`, `RoW`). */
export type BlocId = string;

/** Static description of a bloc. */
export interface BlocDef {
  id: BlocId;
  label: string;
  /** Share of the world's AI compute in 2023-01 (before growth and export controls act). */
  computeShare0: number;
  /** Relative number of potential adopters (firms and developers), summing to 1 over blocs. */
  adopterWeight: number;
  /** Source or "assumption" for the numbers above. */
  source: string;
}

export const DEFAULT_BLOCS: readonly BlocDef[] = [
  {
    id: 'US',
    label: 'United States',
    computeShare0: 0.7,
    adopterWeight: 0.28,
    source:
      'compute: anchored on Pilz et al., "Trends in AI Supercomputers", arXiv 2504.16026 (2025): US ~75% of AI supercomputer performance in May 2025; the 2023-01 value is an assumption. adopters: assumption',
  },
  {
    id: 'CN',
    label: 'China',
    computeShare0: 0.2,
    adopterWeight: 0.3,
    source:
      'compute: anchored on Pilz et al. (2025): CN ~15% in May 2025, after export controls; the 2023-01 value is an assumption. adopters: assumption',
  },
  {
    id: 'EU',
    label: 'European Union',
    computeShare0: 0.05,
    adopterWeight: 0.2,
    source: 'assumption (Pilz et al. 2025 leave ~10% of AI supercomputer performance to all other countries)',
  },
  {
    id: 'RoW',
    label: 'Rest of world',
    computeShare0: 0.05,
    adopterWeight: 0.22,
    source: 'assumption (Pilz et al. 2025 leave ~10% of AI supercomputer performance to all other countries)',
  },
];

/**
 * The world: blocs, labs, sectors and firm sizes. The default world is issue #2's; a caller
 * may pass another list of blocs or labs (for analytic configurations and what-ifs).
 */
import { DEFAULT_BLOCS, type BlocDef } from './blocs.js';
import { DEFAULT_LABS, type LabDef } from './labs.js';
import { SECTORS, SIZES, type SectorDef, type SizeDef } from './sectors.js';

/** Everything structural about the simulated world. */
export interface WorldConfig {
  blocs: readonly BlocDef[];
  labs: readonly LabDef[];
  sectors: readonly SectorDef[];
  sizes: readonly SizeDef[];
}

/** The default world of issue #2. */
export const DEFAULT_WORLD: WorldConfig = {
  blocs: DEFAULT_BLOCS,
  labs: DEFAULT_LABS,
  sectors: SECTORS,
  sizes: SIZES,
};

export type { BlocDef, LabDef, SectorDef, SizeDef };

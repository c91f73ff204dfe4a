/** Opening the "How it works" panel at a section, from any control or chart. */
import { createContext, useContext } from 'react';

/** What the panel offers to the rest of the page. */
export interface ExplainApi {
  /** Opens the panel scrolled to a section (`how-<mechanism>`), or at the top. */
  open(section?: string): void;
  /** Observation authors → URL of their record (for source links). */
  authors: ReadonlyMap<string, string>;
}

export const ExplainContext = createContext<ExplainApi>({ open: () => undefined, authors: new Map() });

/** The panel's API. */
export function useExplain(): ExplainApi {
  return useContext(ExplainContext);
}

/** Titles of the mechanism sections of docs/model.md §3, by mechanism file (for link labels). */
export const MECHANISM_TITLES: Readonly<Record<string, string>> = {
  'adoption-choice': 'Adoption choice and heterogeneous demand',
  utility: 'Adoption choice: the utility',
  'demand-classes': 'Heterogeneous demand (latent classes)',
  'market-entry': 'Adoption choice (market entry)',
  'sequential-adoption': 'Adoption choice',
  'data-feedback': 'The self-reinforcing cycle: data feedback',
  'compute-and-export-controls': 'Compute and hardware constraints',
  capability: 'Capability',
  'cost-efficiency': 'Cost efficiency',
  'ecosystem-derivatives': 'Ecosystem and network effects',
  'governance-risk': 'Governance and security concerns',
  'embodied-shift': 'The shift to embodied AI',
  'lab-strategy': 'Lab strategy',
  releases: 'Dated releases and the developer trial flow',
  distillation: 'Closed → open spillover: distillation',
  'agentic-demand': 'Agentic demand and token volumes',
  'sovereign-procurement': 'Sovereign procurement',
};

/** Mechanism files explained in another mechanism's section (docs/model.md §3a holds four). */
const SECTION_OF: Readonly<Record<string, string>> = {
  'market-entry': 'adoption-choice',
  'sequential-adoption': 'adoption-choice',
  utility: 'adoption-choice',
  'demand-classes': 'adoption-choice',
};

/** The section id of a mechanism (market entry, the utility and the classes are explained in the adoption-choice section). */
export function sectionOf(mechanism: string): string {
  return `how-${SECTION_OF[mechanism] ?? mechanism}`;
}

/** Shared helpers for model tests. */
import { DEFAULT_WORLD, ScenarioRegistry, runScenario, withOverrides, type RunOptions, type RunResult, type WorldConfig, type LabDef, type SectorDef, type SizeDef } from '../../src/model/index.js';

export const registry = new ScenarioRegistry();

/** Runs a built-in scenario with parameter overrides. */
export function run(name: string, overrides: Record<string, number | string> = {}, opts: RunOptions = {}): RunResult {
  return runScenario(withOverrides(registry.resolve(name), overrides), opts);
}

/** Value of a series at a month. */
export function at(r: RunResult, metric: string, group: string, date: string): number {
  const v = r.series.find(metric, group);
  if (!v) throw new Error(`no series ${metric}/${group}`);
  const t = r.dates.indexOf(date);
  if (t < 0) throw new Error(`no month ${date}`);
  return v[t];
}

/** A one-bloc, one-sector, one-size, one-lab world for analytic configurations. */
export function tinyWorld(): WorldConfig {
  const lab: LabDef = { ...DEFAULT_WORLD.labs.find((l) => l.id === 'meta')!, entry: '2000-01', bloc: 'US' };
  const sector: SectorDef = { ...DEFAULT_WORLD.sectors[0] };
  const size: SizeDef = { ...DEFAULT_WORLD.sizes[0], weight: 1 };
  return {
    blocs: [{ ...DEFAULT_WORLD.blocs[0], adopterWeight: 1, computeShare0: 1 }],
    labs: [lab],
    sectors: [{ ...sector, weight: 1 }],
    sizes: [size],
  };
}

/**
 * The band worker's side of the agents band (sampling noise): agents runs of one scenario, a few
 * per request, kept until another scenario is asked for. Run i always uses the seed
 * replicationSeed(1, i), so the band of n runs is reproducible. A run in flight can be stopped
 * after any simulated month (the page's stop flag, bumped on every input), so the band never
 * holds a core while a lever's central line runs; a stopped run is not counted and runs again on
 * the next request. Pure apart from its own memory (no DOM, no messaging), so it runs the same in
 * the Web Worker and in the tests.
 */
import { replicationSeed, runScenario, type ResolvedScenario, type ScenarioInput } from '../../../src/model/index.js';
import { chartLinesOf, ensembleBand } from '../../../src/charts/band.js';
import { runSeriesOf, type RunSeries } from '../../../src/charts/run-series.js';
import { bandQuantiles, type BandReply } from './protocol.js';

/** Thrown inside a run (from its monthly progress callback) when an input asked it to stop. */
class RunStopped extends Error {}

export class AgentsBandRunner {
  private band: { key: string; scenario: ResolvedScenario; runs: RunSeries[] } | null = null;

  constructor(private readonly resolve: (s: ScenarioInput) => ResolvedScenario) {}

  /**
   * Runs `runs` more agents runs of `agents` adopters for the scenario `key` (another key starts
   * again) and returns the band of all its runs so far; with `stopped`, the run in flight was
   * stopped by `shouldStop` and the band is that of the runs before it (none: no band).
   */
  step(key: string, scenario: ScenarioInput, runs: number, agents: number, shouldStop?: () => boolean): Omit<BandReply, 'ms'> {
    if (this.band?.key !== key) this.band = { key, scenario: this.resolve(scenario), runs: [] };
    const band = this.band;
    const s = band.scenario;
    const onProgress = shouldStop
      ? () => {
          if (shouldStop()) throw new RunStopped();
        }
      : undefined;
    let stopped = false;
    try {
      for (let k = 0; k < runs; k++) band.runs.push(chartLinesOf(runSeriesOf(runScenario(s, { mode: 'agents', agents, seed: replicationSeed(1, band.runs.length), onProgress }))));
    } catch (e) {
      if (!(e instanceof RunStopped)) throw e;
      stopped = true;
    }
    const n = band.runs.length;
    const q = bandQuantiles(n);
    return { key, n, q, ...(n ? ensembleBand(band.runs, q[0], q[1]) : {}), ...(stopped ? { stopped: true } : {}) };
  }
}

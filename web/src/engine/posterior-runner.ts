/**
 * The band worker's side of the posterior band: runs the posterior draws of one scenario, one per
 * call, in the progressive order (posterior-plan.ts), and returns the band of each stage as it
 * completes. Pure apart from its own memory (no DOM, no messaging), so it runs the same in the
 * Web Worker and in the tests.
 */
import { CheckpointCache, InvariantError, runScenario, type ResolvedScenario, type ScenarioInput } from '../../../src/model/index.js';
import { assumptionDraw, assumptionsFor } from '../../../src/model/calibrate/prior-draws.js';
import { chartLinesOf, ensembleBand } from '../../../src/charts/band.js';
import { runSeriesOf, type RunSeries } from '../../../src/charts/run-series.js';
import { posteriorQuantiles, progressiveOrder, scenarioWithDraw, type ProgressivePlan } from './posterior-plan.js';
import type { PosteriorReply } from './protocol.js';
import { ResumeMonth } from './own-events.js';
import type { WebPosteriorSample } from '../../build/posterior-sample.js';

/** Thrown inside a run (from its monthly progress callback) when an input asked the draw to stop. */
class DrawStopped extends Error {}

/** Runs posterior draws for the band. */
export class PosteriorRunner {
  readonly plan: ProgressivePlan;
  /**
   * The draws of one scenario so far: the chart lines of each draw's run (by draw index; null
   * when the draw broke the model's invariants). Another scenario starts again, so work for a
   * superseded scenario stops after at most one draw.
   */
  private draws: { key: string; scenario: ResolvedScenario; from: string | undefined; withAssumptions: boolean; assumptions: string[]; runs: Map<number, RunSeries | null> } | null = null;
  /**
   * Checkpoints of the first stage's draws, one per draw (about 0.6 MB each): a lever from "now"
   * then resumes each of them at now, as the central run does, so the first band after a lever
   * move comes sooner. The later stages run in full (160 checkpoints would hold about 100 MB).
   */
  private readonly checkpoints = new Map<number, CheckpointCache>();
  private readonly resumeMonth = new ResumeMonth();

  constructor(
    readonly sample: WebPosteriorSample,
    private readonly resolve: (s: ScenarioInput) => ResolvedScenario,
  ) {
    this.plan = progressiveOrder(sample.values.length);
    for (const i of this.plan.stages[0]?.draws ?? []) this.checkpoints.set(i, new CheckpointCache());
  }

  /** Draw runs resumed from a checkpoint so far (diagnostics and tests). */
  get resumed(): number {
    let n = 0;
    for (const c of this.checkpoints.values()) n += c.hits;
    return n;
  }

  /**
   * Runs the next draw of the scenario `key` (none once all ran) and returns the progress, with
   * the stage's band when this draw completes a stage. `shouldStop` is asked after every
   * simulated month: true stops the draw, which is then not counted (`stopped`) and runs again
   * on the next call. With `assumptions`, each draw also takes the uncalibrated assumptions from
   * their priors, as `momentum ensemble --sample posterior --assumptions prior --seed 1` gives
   * the same draw of the sample (calibrate/prior-draws.ts; the scenario's own values win).
   */
  step(key: string, scenario: ScenarioInput, shouldStop?: () => boolean, assumptions = false): Omit<PosteriorReply, 'ms'> {
    const { plan, sample } = this;
    if (this.draws?.key !== key || this.draws.withAssumptions !== assumptions) {
      const resolved = this.resolve(scenario);
      this.draws = { key, scenario: resolved, from: this.resumeMonth.next(scenario), withAssumptions: assumptions, assumptions: assumptions ? assumptionsFor(resolved, sample.names) : [], runs: new Map() };
    }
    const d = this.draws;
    const done = d.runs.size;
    const base = { key, total: plan.order.length, placeholder: sample.placeholder, ...(d.assumptions.length ? { assumptions: d.assumptions.length } : {}) };
    if (done < plan.order.length) {
      const i = plan.order[done];
      const onProgress = shouldStop
        ? () => {
            if (shouldStop()) throw new DrawStopped();
          }
        : undefined;
      let lines: RunSeries | null;
      try {
        lines = chartLinesOf(runSeriesOf(runScenario(this.drawScenario(d, i), { onProgress, checkpoints: this.checkpoints.get(i), checkpointFrom: d.from })));
      } catch (e) {
        if (e instanceof DrawStopped) return { ...base, done, stopped: true };
        // a draw that breaks the model's invariants is left out of the band (and counted in its label)
        if (!(e instanceof InvariantError)) throw e;
        lines = null;
      }
      d.runs.set(i, lines);
    }
    const stage = plan.stages.find((st) => st.ready === d.runs.size && done < st.ready);
    if (!stage) return { ...base, done: d.runs.size };
    const ok = stage.draws.map((i) => d.runs.get(i)).filter((r): r is RunSeries => !!r);
    const q = posteriorQuantiles(ok.length);
    return { ...base, done: d.runs.size, stage: { size: stage.size, n: ok.length, failed: stage.draws.length - ok.length, q, ...(ok.length ? ensembleBand(ok, q[0], q[1]) : {}) } };
  }

  /** The scenario under shipped draw i, with its assumptions when the band draws them. */
  private drawScenario(d: NonNullable<PosteriorRunner['draws']>, i: number): ResolvedScenario {
    const { names, values, drawIds } = this.sample;
    if (!d.assumptions.length) return scenarioWithDraw(d.scenario, names, values[i]);
    const drawn = assumptionDraw(d.assumptions, d.scenario.params, 1, drawIds[i]);
    return scenarioWithDraw(d.scenario, [...names, ...d.assumptions], [...values[i], ...d.assumptions.map((n) => drawn[n])]);
  }
}

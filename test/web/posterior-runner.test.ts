/**
 * The band worker's posterior runner (web/src/engine/posterior-runner.ts), in Node: each stage's
 * band is the band of exactly its thinned draws, whatever happened before (checkpoints resumed
 * from an earlier scenario, a draw stopped by an input), and another scenario starts again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_WORLD, ScenarioRegistry, parseScenario, runScenario, type ScenarioInput } from '../../src/model/index.js';
import { chartLineBand } from '../../src/charts/band.js';
import { runSeriesOf } from '../../src/charts/run-series.js';
import { webPosteriorSample, type WebPosteriorSample } from '../../web/build/posterior-sample.js';
import { ResumeMonth, ownEventsFrom } from '../../web/src/engine/own-events.js';
import { posteriorQuantiles, scenarioWithDraw, thinIndices } from '../../web/src/engine/posterior-plan.js';
import { PosteriorRunner } from '../../web/src/engine/posterior-runner.js';
import { assumptionDraw, uncertainAssumptions } from '../../src/model/calibrate/prior-draws.js';
import { withOverrides } from '../../src/model/index.js';

const ROOT = join(import.meta.dirname, '../..');
const reg = new ScenarioRegistry();
const resolve = (s: ScenarioInput) => reg.resolve(parseScenario(s, 'test scenario', DEFAULT_WORLD));
/** A lever from "now" (2026-12): a set-params event, as the playground makes it. */
const lever = (v: number): ScenarioInput => ({ name: 'lever', extends: 'baseline', events: [{ date: '2026-12', type: 'set-params', params: { networkEffect: v } }] });

let sample: WebPosteriorSample;
beforeAll(() => {
  const dir = join(ROOT, 'data/posterior');
  // 20 draws: stages of 10 and 20
  sample = webPosteriorSample(readFileSync(join(dir, 'posterior.csv'), 'utf8'), readFileSync(join(dir, 'diagnostics.json'), 'utf8'), { csv: 'posterior.csv', diagnostics: 'diagnostics.json' }, 20);
});

/** The band of the thinned draws computed directly: full runs, no checkpoints. */
function reference(s: ScenarioInput, size: number) {
  const r = resolve(s);
  const runs = thinIndices(sample.values.length, size).map((i) => runSeriesOf(runScenario(scenarioWithDraw(r, sample.names, sample.values[i]))));
  const q = posteriorQuantiles(size);
  return chartLineBand(runs, q[0], q[1]);
}

/** Runs a scenario's draws to the end; returns the stages. */
function all(runner: PosteriorRunner, key: string, s: ScenarioInput, assumptions = false) {
  const stages = [];
  for (;;) {
    const r = runner.step(key, s, undefined, assumptions);
    if (r.stage) stages.push(r.stage);
    if (r.done >= r.total) return stages;
  }
}

describe('the posterior runner of the band worker', () => {
  it("each stage's band is the band of exactly its thinned draws, also when the first stage resumes from checkpoints", () => {
    const runner = new PosteriorRunner(sample, resolve);
    expect(runner.plan.stages.map((s) => s.size)).toEqual([10, 20]);
    const first = all(runner, 'a', lever(1.5));
    expect(first.map((s) => [s.size, s.n, s.failed])).toEqual([
      [10, 10, 0],
      [20, 20, 0],
    ]);
    expect(first[0].q).toEqual([0.1, 0.9]);
    expect(first[1].q).toEqual([0.05, 0.95]);
    expect(runner.resumed).toBe(0);
    // a second lever position: the first stage's draws resume at now from their checkpoints
    const second = all(runner, 'b', lever(3));
    expect(runner.resumed).toBe(10);
    for (const [k, size] of [10, 20].entries()) {
      const ref = reference(lever(3), size);
      expect({ low: second[k].low, high: second[k].high }, `stage ${size}`).toEqual(ref);
    }
    expect(second[0].low).not.toEqual(first[0].low);
  });

  it('with the assumptions drawn, each draw is the CLI ensemble\'s draw (seed 1, the draw\'s id in the sample), and the band is wider', () => {
    const runner = new PosteriorRunner(sample, resolve);
    const withA = all(runner, 'a|assumptions', lever(1.5), true);
    const plain = all(runner, 'a', lever(1.5));
    const r = runner.step('a|assumptions', lever(1.5), undefined, true);
    expect(r.assumptions).toBe(17);
    // the reference: what `momentum ensemble --sample posterior --assumptions prior --seed 1` runs for these draws
    const base = resolve(lever(1.5));
    const names = uncertainAssumptions(sample.names);
    const runs = thinIndices(sample.values.length, 20).map((i) => {
      const ov: Record<string, number> = { ...assumptionDraw(names, base.params, 1, sample.drawIds[i]) };
      sample.names.forEach((n, j) => (ov[n] = sample.values[i][j]));
      return runSeriesOf(runScenario(withOverrides(base, ov)));
    });
    expect({ low: withA[1].low, high: withA[1].high }).toEqual(chartLineBand(runs, 0.05, 0.95));
    // wider: the summed width of every chart line's band in the last month (the assumptions add to the parameters' spread)
    const width = (st: (typeof plain)[number]) =>
      st.high!.series.reduce((w, hi, k) => {
        const lo = st.low!.series[k].values;
        return w + ((hi.values[hi.values.length - 1] ?? 0) - (lo[lo.length - 1] ?? 0));
      }, 0);
    expect(width(withA[1])).toBeGreaterThan(width(plain[1]));
  });

  it('a restriction lever from now resumes the first stage too, with the same band', () => {
    const restrict = (bloc: string): ScenarioInput => ({ name: 'grid', extends: 'baseline', events: [{ date: '2026-12', type: 'model-restriction', bloc, origin: 'CN', sectors: 'critical', scope: 'all', lift: false }] });
    const runner = new PosteriorRunner(sample, resolve);
    all(runner, 'a', restrict('US'));
    expect(runner.resumed).toBe(0);
    const second = all(runner, 'b', restrict('EU'));
    expect(runner.resumed).toBe(10);
    expect({ low: second[0].low, high: second[0].high }).toEqual(reference(restrict('EU'), 10));
    // the lever switched off: the preset alone resumes at the month used last
    const off: ScenarioInput = { name: 'grid', extends: 'baseline' };
    const third = all(runner, 'c', off);
    expect(runner.resumed).toBe(20);
    expect({ low: third[0].low, high: third[0].high }).toEqual(reference(off, 10));
  });

  it('a scenario may differ from its own earliest event on', () => {
    expect(ownEventsFrom({ name: 'x', extends: 'baseline' })).toBeUndefined();
    expect(ownEventsFrom(lever(1))).toBe('2026-12');
    const mixed: ScenarioInput = { name: 'x', events: [{ date: '2027-03', type: 'export-control', bloc: 'CN', severity: 0.5 }, { date: '2026-06', type: 'set-params', params: { networkEffect: 1 } }, { date: 'not a month' } as never] };
    expect(ownEventsFrom(mixed)).toBe('2026-06');
    const m = new ResumeMonth();
    expect(m.next({ name: 'x', extends: 'baseline' })).toBeUndefined();
    expect(m.next(lever(1))).toBe('2026-12');
    expect(m.next({ name: 'x', extends: 'baseline' })).toBe('2026-12');
    expect(m.next(mixed)).toBe('2026-06');
  });

  it('a draw stopped by an input is not counted, runs again on the next call, and leaves the same band', () => {
    const runner = new PosteriorRunner(sample, resolve);
    for (let k = 0; k < 3; k++) runner.step('a', lever(2));
    let months = 0;
    const stopped = runner.step('a', lever(2), () => ++months > 30);
    expect(stopped).toMatchObject({ key: 'a', done: 3, stopped: true });
    expect(months).toBe(31);
    const rest = all(runner, 'a', lever(2));
    expect(rest.map((s) => s.size)).toEqual([10, 20]);
    expect({ low: rest[0].low, high: rest[0].high }).toEqual(reference(lever(2), 10));
  });

  it('another scenario starts again; once all draws ran, a call runs nothing', () => {
    const runner = new PosteriorRunner(sample, resolve);
    runner.step('a', lever(2));
    expect(runner.step('a', lever(2)).done).toBe(2);
    expect(runner.step('b', lever(2.5)).done).toBe(1);
    all(runner, 'b', lever(2.5));
    expect(runner.step('b', lever(2.5))).toEqual({ key: 'b', done: 20, total: 20, placeholder: false });
  });
});

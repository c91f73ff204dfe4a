/**
 * The band worker's agents band (web/src/engine/agents-band-runner.ts), in Node: run i of a
 * scenario uses seed replicationSeed(1, i), so the band is reproducible; a run stopped by an input
 * is not counted and the band that follows is the one an uninterrupted worker gives; another
 * scenario starts again.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, ScenarioRegistry, parseScenario, replicationSeed, runScenario, type ScenarioInput } from '../../src/model/index.js';
import { chartLineBand } from '../../src/charts/band.js';
import { runSeriesOf } from '../../src/charts/run-series.js';
import { AgentsBandRunner } from '../../web/src/engine/agents-band-runner.js';
import { bandQuantiles } from '../../web/src/engine/protocol.js';

const reg = new ScenarioRegistry();
const resolve = (s: ScenarioInput) => reg.resolve(parseScenario(s, 'test scenario', DEFAULT_WORLD));
const lever = (v: number): ScenarioInput => ({ name: 'lever', extends: 'baseline', events: [{ date: '2026-12', type: 'set-params', params: { networkEffect: v } }] });
const AGENTS = 2000;

/** The band of runs 0..n−1 computed directly. */
function reference(s: ScenarioInput, n: number) {
  const r = resolve(s);
  const runs = Array.from({ length: n }, (_, i) => runSeriesOf(runScenario(r, { mode: 'agents', agents: AGENTS, seed: replicationSeed(1, i) })));
  const q = bandQuantiles(n);
  return chartLineBand(runs, q[0], q[1]);
}

describe('the agents band of the band worker', () => {
  it('accumulates runs with seeds replicationSeed(1, i): the band of n runs is that of runs 0..n−1', () => {
    const runner = new AgentsBandRunner(resolve);
    runner.step('a', lever(1.5), 1, AGENTS);
    const r = runner.step('a', lever(1.5), 2, AGENTS);
    expect([r.n, r.q, r.stopped]).toEqual([3, [0, 1], undefined]);
    expect({ low: r.low, high: r.high }).toEqual(reference(lever(1.5), 3));
  });

  it('a run stopped by an input is not counted, and the next request gives the uninterrupted band', () => {
    const runner = new AgentsBandRunner(resolve);
    runner.step('a', lever(2), 1, AGENTS);
    let months = 0;
    // the input arrives during the second run, after 30 simulated months
    const stopped = runner.step('a', lever(2), 1, AGENTS, () => ++months > 30);
    expect(months).toBe(31);
    expect([stopped.n, stopped.stopped]).toEqual([1, true]);
    expect({ low: stopped.low, high: stopped.high }).toEqual(reference(lever(2), 1));
    const next = runner.step('a', lever(2), 1, AGENTS, () => false);
    expect([next.n, next.stopped]).toEqual([2, undefined]);
    expect({ low: next.low, high: next.high }).toEqual(reference(lever(2), 2));
  });

  it('a first run stopped gives no band; another scenario starts again', () => {
    const runner = new AgentsBandRunner(resolve);
    const none = runner.step('a', lever(2), 1, AGENTS, () => true);
    expect([none.n, none.stopped, none.low, none.high]).toEqual([0, true, undefined, undefined]);
    runner.step('a', lever(2), 2, AGENTS);
    const other = runner.step('b', lever(1), 1, AGENTS);
    expect(other.n).toBe(1);
    expect({ low: other.low, high: other.high }).toEqual(reference(lever(1), 1));
  });
});

import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, DEFAULT_WORLD, METRICS, ScenarioRegistry, type RunResult } from '../../src/model/index.js';
import { compile } from '../../src/model/solvers/compile.js';
import { simulate, type AdoptionSolver } from '../../src/model/solvers/engine.js';
import type { RunState } from '../../src/model/solvers/state.js';
import { meanfieldSolver } from '../../src/model/solvers/meanfield.js';
import { agentsSolver } from '../../src/model/solvers/agents.js';
import { run } from './helpers.js';
import { CLASSES, cellBase } from '../../src/model/mechanisms/demand-classes.js';

const STOCKS = ['compute', 'data_stock', 'downloads', 'derivatives', 'efficiency', 'avg_price', 'adoption', 'hhi', 'trial_downloads'];

/** Wraps a solver and checks the state of every (segment, class) cell after every step. */
function checked(inner: AdoptionSolver, failures: string[]): AdoptionSolver {
  const check = (st: RunState, t: number) => {
    for (let g = 0; g < st.G; g++) {
      const f = st.F[g];
      if (!(f >= 0 && f <= 1)) failures.push(`t=${t} g=${g}: F=${f}`);
      let sum = 0;
      for (let i = 0; i < st.nAct; i++) {
        const x = st.x[cellBase(g, st.O) + CLASSES * st.act[i]];
        if (!(x >= 0 && x <= 1 + 1e-12)) failures.push(`t=${t} g=${g} o=${st.act[i]}: x=${x}`);
        sum += x;
      }
      if (f > 0 && Math.abs(sum - 1) > 1e-9) failures.push(`t=${t} g=${g}: shares sum to ${sum}`);
    }
  };
  return {
    init(st) {
      inner.init(st);
      check(st, 0);
    },
    step(st, t) {
      const tallied = inner.step(st, t);
      check(st, t);
      return tallied;
    },
  };
}

function checkOutputs(r: RunResult): string[] {
  const bad: string[] = [];
  for (const s of r.series.list) {
    for (let t = 0; t < s.values.length; t++) {
      const v = s.values[t];
      if (Number.isNaN(v)) continue; // NaN = undefined that month, never written
      if (!Number.isFinite(v)) bad.push(`${s.metric}/${s.group} ${r.dates[t]} = ${v}`);
      if (STOCKS.includes(s.metric) && v < 0) bad.push(`${s.metric}/${s.group} ${r.dates[t]} negative ${v}`);
      if ((s.metric.endsWith('_share') || s.metric === 'hhi') && (v < -1e-12 || v > 1 + 1e-12)) bad.push(`${s.metric}/${s.group} ${r.dates[t]} = ${v}`);
    }
  }
  for (const m of METRICS.filter((d) => d.isShare)) {
    const groups = r.series.byMetric(m.id);
    for (let t = 0; t < r.dates.length; t++) {
      let sum = 0;
      let defined = 0;
      for (const g of groups) if (Number.isFinite(g.values[t])) {
        sum += g.values[t];
        defined++;
      }
      if (defined > 0 && Math.abs(sum - 1) > 1e-9) bad.push(`${m.id} ${r.dates[t]} sums to ${sum}`);
    }
  }
  // headline shares must be defined every month
  for (const id of ['usage_share', 'download_share', 'token_share', 'open_share', 'enterprise_open_share']) {
    for (const s of r.series.byMetric(id)) if (s.values.some((v) => !Number.isFinite(v))) bad.push(`${id}/${s.group} undefined in some month`);
  }
  return bad;
}

describe('invariants at every step of every built-in scenario', () => {
  const reg = new ScenarioRegistry();
  for (const sc of BUILTIN_SCENARIOS) {
    for (const mode of ['meanfield', 'agents'] as const) {
      it(`${sc.name} (${mode})`, () => {
        const resolved = reg.resolve(sc.name);
        const c = compile(DEFAULT_WORLD, resolved, '2023-01', '2030-12');
        const failures: string[] = [];
        const inner = mode === 'meanfield' ? meanfieldSolver : agentsSolver({ agents: 20_000, seed: 3 });
        simulate(c, (cc) => checked(inner(cc), failures));
        expect(failures.slice(0, 5)).toEqual([]);
        const r = run(sc.name, {}, { mode, agents: 20_000, seed: 3 });
        expect(checkOutputs(r).slice(0, 5)).toEqual([]);
      });
    }
  }
});

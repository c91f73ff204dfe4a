/**
 * Issue 17, items 2 and 3: runs that start before any lab exists, inputs outside the model's
 * domain (rejected with the field named), and the run-level invariant check that stops a run
 * whose output is not finite or whose shares leave [0, 1] or do not sum to 1.
 */
import { describe, expect, it } from 'vitest';
import {
  checkRunInvariants,
  DEFAULT_WORLD,
  InvariantError,
  parseScenario,
  resultToCsv,
  runScenario,
  ScenarioRegistry,
  SeriesSet,
  ValidationError,
  type ResolvedScenario,
  type RunResult,
} from '../../src/model/index.js';

const SPLIT = ['usage_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share'];

/** Every share in [0, 1]; in each month the groups of a split share sum to 1 or are all undefined. */
function expectSharesValid(r: RunResult): void {
  for (const id of SPLIT) {
    const groups = r.series.byMetric(id);
    expect(groups.length).toBeGreaterThan(0);
    let definedMonths = 0;
    for (let t = 0; t < r.dates.length; t++) {
      const vals = groups.map((g) => g.values[t]);
      if (vals.every((v) => Number.isNaN(v))) continue;
      definedMonths++;
      for (const v of vals) {
        expect(v, `${id} ${r.dates[t]}`).toBeGreaterThanOrEqual(0);
        expect(v, `${id} ${r.dates[t]}`).toBeLessThanOrEqual(1);
      }
      expect(vals.reduce((a, b) => a + b, 0), `${id} ${r.dates[t]}`).toBeCloseTo(1, 9);
    }
    expect(definedMonths, id).toBeGreaterThan(90);
  }
}

function rejection(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('agents solver: a run that starts before any lab exists (issue 17 item 2)', () => {
  const reg = new ScenarioRegistry();
  // on 7c77381: download_share US 1.029 and RoW −0.029 (from 2022-01); usage_share RoW −164.95 (from 1990-01)
  for (const from of ['2022-01', '1990-01']) {
    it(`keeps every share in [0, 1], summing to 1, from ${from}`, () => {
      const r = runScenario(reg.resolve('baseline'), { mode: 'agents', agents: 2000, from, seed: 1 });
      expectSharesValid(r);
      expect(checkRunInvariants(r.dates, r.series).total).toBe(0);
    });
  }
});

describe('"nobody has adopted yet" (docs/model.md §5)', () => {
  it('leaves every usage share undefined (no CSV row) until the first model exists, then defined to the end', () => {
    const r = runScenario(new ScenarioRegistry().resolve('baseline'), { from: '2022-01', to: '2022-07' });
    const us = r.series.find('usage_share', 'US')!;
    // Meta's OPT, the first model in the lab table, enters in 2022-05 (Zhipu's GLM follows in 2022-08)
    expect([...us.slice(0, 4)].every(Number.isNaN)).toBe(true);
    expect([...us.slice(4)].every(Number.isFinite)).toBe(true);
    const csv = resultToCsv(r);
    expect(csv).not.toMatch(/^2022-0[1-4],usage_share,/m);
    expect(csv).toMatch(/^2022-05,usage_share,US,1$/m);
    expect(r.summary.indicators.final.usage_share.US).toBe(1);
  });
});

describe('domain validation (issue 17 item 3)', () => {
  const world = DEFAULT_WORLD;
  it('rejects a price cut below a factor of 1e-3, naming the field', () => {
    const msg = rejection(() => parseScenario({ name: 'x', extends: 'baseline', events: [{ date: '2024-01', type: 'price-cut', bloc: 'CN', factor: 1e-200 }] }, 'cut.yaml', world));
    expect(msg).toBe('cut.yaml: events[0].factor: expected ≥ 0.001, found 1e-200');
  });

  it('rejects price cuts that compound below 1e-3 on one lab, across an extends chain', () => {
    const reg = new ScenarioRegistry();
    const ev = (d: string) => ({ date: d, type: 'price-cut', labs: ['deepseek'], factor: 0.05 });
    reg.add(parseScenario({ name: 'p', extends: 'baseline', events: [ev('2025-01'), ev('2026-01')] }, 'p.yaml', world));
    const c = parseScenario({ name: 'c', extends: 'p', events: [ev('2027-01')] }, 'c.yaml', world);
    // 0.05³ and the baseline's 0.4 on CN labs (2024-05)
    expect(rejection(() => reg.resolve(c, 'c.yaml'))).toBe(
      'c.yaml: events (price-cut): expected price cuts that compound to a factor of at least 0.001 on any lab, found a compounded factor of 5.00e-5 on deepseek',
    );
    // a bloc's cut and a lab's cut compound on that lab
    expect(rejection(() => parseScenario({ name: 'x', events: [{ date: '2025-01', type: 'price-cut', bloc: 'CN', factor: 0.01 }, { date: '2025-02', type: 'price-cut', labs: ['alibaba'], factor: 0.01 }] }, 'x.yaml', world))).toContain(
      'a compounded factor of 1.00e-4 on alibaba',
    );
  });

  it('rejects 300 compounding embodied-acceleration events', () => {
    const events = Array.from({ length: 300 }, () => ({ date: '2025-01', type: 'embodied-acceleration', factor: 2 }));
    expect(rejection(() => parseScenario({ name: 'x', extends: 'baseline', events }, 'emb.yaml', world))).toBe(
      'emb.yaml: events (embodied-acceleration): expected factors that compound to at most 5 at any month, found a compounded factor of 2.04e+90',
    );
    // a factor 0 at the end does not hide the overflow before it (found by the fuzzer)
    const hidden = [...events.slice(0, 5), { date: '2026-01', type: 'embodied-acceleration', factor: 0 }];
    expect(rejection(() => parseScenario({ name: 'x', events: hidden }, 'emb.yaml', world))).toContain('found a compounded factor of 3.20e+1');
    const earlier = Array.from({ length: 3 }, () => ({ date: '2025-01', type: 'embodied-acceleration', monthsEarlier: 60 }));
    expect(rejection(() => parseScenario({ name: 'x', events: earlier }, 'emb.yaml', world))).toContain('expected monthsEarlier adding up to at most 120, found 180 months');
  });

  it('rejects security incidents whose severities add up beyond 5 for one origin', () => {
    const events = Array.from({ length: 6 }, (_, i) => ({ date: `202${i}-01`, type: 'security-incident', origin: 'CN', severity: 1 }));
    expect(rejection(() => parseScenario({ name: 'x', events }, 'inc.yaml', world))).toBe(
      'inc.yaml: events (security-incident): expected severities adding up to at most 5 per origin, found 6 for CN',
    );
  });

  it('rejects horizons outside the supported range, or ending before the first lab, naming the field', () => {
    const b = new ScenarioRegistry().resolve('baseline');
    expect(rejection(() => runScenario(b, { from: '9999-01', to: '9999-12' }))).toBe(
      'run options: from: expected a month as YYYY-MM from 1990-01 to 2100-12, found "9999-01" (the supported horizon of the model)\n' +
        'run options: to: expected a month as YYYY-MM from 1990-01 to 2100-12, found "9999-12" (the supported horizon of the model)',
    );
    expect(rejection(() => runScenario(b, { from: '2000-01', to: '2001-01' }))).toBe(
      'run options: to: expected a month from 2022-05 on (no lab releases a model before then, so nobody could adopt one), found "2001-01"',
    );
    expect(rejection(() => runScenario(b, { from: '2025-01', to: '2024-12' }))).toBe('run options: to: expected a month not before from (2025-01), found "2024-12"');
  });
});

describe('the run-level invariant check', () => {
  /** The baseline with events that validation would refuse (built by hand, as a buggy caller could). */
  function unchecked(events: ResolvedScenario['events']): ResolvedScenario {
    const b = new ScenarioRegistry().resolve('baseline');
    return { ...b, name: 'unchecked', events: [...b.events, ...events] };
  }

  // The first version's outputs broke on these inputs (shares vanished after a price cut of
  // 1e-200; 300 compounding accelerations gave infinite capability). Validation now rejects
  // them; past validation, a run either finishes with outputs that pass every invariant or
  // stops with an InvariantError — it never returns broken output.
  const finishesCleanOrStops = (s: Parameters<typeof runScenario>[0]) => {
    try {
      const r = runScenario(s);
      expect(checkRunInvariants(r.dates, r.series).total).toBe(0);
      return 'finished';
    } catch (e) {
      expect(e).toBeInstanceOf(InvariantError);
      expect((e as Error).message).toMatch(/nothing was written/);
      return 'stopped';
    }
  };

  it('never returns broken output after an unvalidated price cut of 1e-200', () => {
    const s = unchecked([{ date: '2024-01', type: 'price-cut', bloc: 'CN', factor: 1e-200 }]);
    expect(['finished', 'stopped']).toContain(finishesCleanOrStops(s));
  });

  it('never returns broken output after 300 unvalidated compounding accelerations', () => {
    const s = unchecked(Array.from({ length: 300 }, () => ({ date: '2025-01', type: 'embodied-acceleration' as const, factor: 5, monthsEarlier: 0 })));
    expect(['finished', 'stopped']).toContain(finishesCleanOrStops(s));
  });

  it('flags values outside [0, 1], shares that do not sum to 1, partial months and negative stocks', () => {
    const set = new SeriesSet(3);
    const dates = ['2025-01', '2025-02', '2025-03'];
    set.get('usage_share', 'US').set([0.6, 0.5, 1.2]);
    set.get('usage_share', 'CN').set([0.4, NaN, -0.2]);
    set.get('hhi', 'all').set([0.3, 0.3, 0.3]);
    set.get('compute', 'US').set([1, -1, 1]);
    const { violations, total } = checkRunInvariants(dates, set);
    const lines = violations.map((v) => `${v.metric} ${v.group} ${v.date} ${v.rule}`);
    expect(lines).toEqual([
      'usage_share US 2025-03 outside [0, 1]',
      'usage_share CN 2025-02 a usage metric undefined after it was defined',
      'usage_share CN 2025-03 outside [0, 1]',
      'compute US 2025-02 negative',
      'usage_share CN 2025-02 undefined while other groups are defined',
    ]);
    expect(total).toBe(5);
  });

  it('passes every built-in scenario in both modes', () => {
    const reg = new ScenarioRegistry();
    for (const name of reg.names()) {
      for (const mode of ['meanfield', 'agents'] as const) {
        const r = runScenario(reg.resolve(name), { mode, agents: 3000 });
        expect(checkRunInvariants(r.dates, r.series).total, `${name} ${mode}`).toBe(0);
      }
    }
  });
});

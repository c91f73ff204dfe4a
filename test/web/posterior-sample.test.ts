/**
 * The playground's posterior sample: reading posterior.csv at build time (validation, thinning by
 * the format's rule), the progressive order of the draws, the band's quantiles and label, and a
 * scenario under one draw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARAM_INDEX, ScenarioRegistry, DEFAULT_WORLD, parseScenario } from '../../src/model/index.js';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../src/model/calibrate/default-params.js';
import { loadPosteriorSample, webPosteriorSample } from '../../web/build/posterior-sample.js';
import { parsePosteriorCsv } from '../../src/ensemble/posterior-sample.js';
import { MODEL_VERSION } from '../../src/model/index.js';
import { posteriorBandLabel, posteriorQuantiles, progressiveOrder, scenarioWithDraw, stagesFor, thinIndices, WEB_POSTERIOR_DRAWS } from '../../web/src/engine/posterior-plan.js';

const ROOT = join(import.meta.dirname, '../..');
const SAMPLE = 'data/posterior/posterior.csv';
const SRC = { csv: 'p/posterior.csv', diagnostics: 'p/diagnostics.json' };

/** A small valid posterior.csv over two parameters. */
function csv(rows: (string | number)[][], names = ['priceSensitivity', 'homeBias']): string {
  return [['draw', 'chain', 'iteration', ...names, 'log_likelihood', 'log_prior'].join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
const row = (draw: number, a = 0.2, b = 0.5) => [draw, 0, draw, a, b, -20.5, -1.25];
/** diagnostics.json text for the two-parameter sample above. */
const diagnostics = (draws: number, sampler = 'DE-MC-z', modelVersion = MODEL_VERSION) =>
  JSON.stringify({ modelVersion, draws, sampler, params: [{ name: 'priceSensitivity' }, { name: 'homeBias' }] });

describe('thinning and the progressive order', () => {
  it('thins N draws to M by ⌊i·N/M⌋ (all of them when M ≥ N)', () => {
    expect(thinIndices(240, 160).slice(0, 5)).toEqual([0, 1, 3, 4, 6]);
    expect(thinIndices(5, 8)).toEqual([0, 1, 2, 3, 4]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 400 }), (n, m) => {
        const t = thinIndices(n, m);
        expect(t.length).toBe(Math.min(n, m));
        t.forEach((d, i) => {
          expect(d).toBe(m >= n ? i : Math.floor((i * n) / m));
          if (i) expect(d).toBeGreaterThan(t[i - 1]);
        });
      }),
    );
    expect(() => thinIndices(-1, 3)).toThrow(RangeError);
  });

  it('with 160 draws each stage is exactly the first draws of the order (stages nest)', () => {
    const plan = progressiveOrder(WEB_POSTERIOR_DRAWS);
    expect(plan.stages.map((s) => s.size)).toEqual([10, 20, 40, 80, 160]);
    for (const st of plan.stages) {
      expect(st.ready).toBe(st.size);
      expect(new Set(plan.order.slice(0, st.ready))).toEqual(new Set(thinIndices(160, st.size)));
    }
    expect(plan.order.slice(0, 10)).toEqual([0, 16, 32, 48, 64, 80, 96, 112, 128, 144]);
  });

  it('for any sample size, the order is a permutation and every stage is done by its `ready`', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 600 }), (n) => {
        const plan = progressiveOrder(n);
        expect([...plan.order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        expect(plan.stages.map((s) => s.size)).toEqual(stagesFor(n));
        expect(plan.stages[plan.stages.length - 1].ready).toBe(n);
        for (const st of plan.stages) {
          const done = new Set(plan.order.slice(0, st.ready));
          expect(st.draws.every((d) => done.has(d))).toBe(true);
          expect(st.draws).toEqual(thinIndices(n, st.size));
        }
      }),
    );
  });
});

describe('the band: quantiles and label', () => {
  it('10–90% while fewer than 20 draws, 5–95% from 20; the label says what was computed', () => {
    expect(posteriorQuantiles(10)).toEqual([0.1, 0.9]);
    expect(posteriorQuantiles(19)).toEqual([0.1, 0.9]);
    expect(posteriorQuantiles(20)).toEqual([0.05, 0.95]);
    expect(posteriorBandLabel(10, [0.1, 0.9])).toBe('10 posterior draws, 10–90% (parameter uncertainty)');
    expect(posteriorBandLabel(160, [0.05, 0.95])).toBe('160 posterior draws, 5–95% (parameter uncertainty)');
    expect(posteriorBandLabel(38, [0.05, 0.95], { failed: 2 })).toMatch(/^38 posterior draws, 5–95% \(parameter uncertainty\); 2 draws broke the model's invariants and are left out$/);
    expect(posteriorBandLabel(160, [0.05, 0.95], { placeholder: true })).toMatch(/placeholder sample: .*not yet a fitted posterior$/);
    expect(posteriorBandLabel(20, [0.05, 0.95], { assumptions: 17 })).toBe('20 posterior draws, 5–95% (parameter uncertainty, and 17 uncalibrated assumptions drawn from their priors)');
  });
});

describe('posterior.csv → the web app sample (build time)', () => {
  it('reads the committed posterior (data/posterior): the default calibration parameters, 160 draws thinned by the rule, inside each range', () => {
    const s = loadPosteriorSample(ROOT, SAMPLE);
    const raw = parsePosteriorCsv(readFileSync(join(ROOT, SAMPLE), 'utf8'), SAMPLE);
    expect(s.names).toEqual([...DEFAULT_CALIBRATION_PARAM_NAMES]);
    expect(s.placeholder).toBe(false);
    expect(s.sampler).toMatch(/^DE-MC-z/);
    expect(s.drawsInFile).toBe(raw.draws.length);
    expect(s.values.length).toBe(WEB_POSTERIOR_DRAWS);
    expect(s.drawIds).toEqual(thinIndices(raw.draws.length, WEB_POSTERIOR_DRAWS));
    s.values.forEach((v, i) =>
      v.forEach((x, j) => {
        const d = PARAM_INDEX.get(s.names[j])!;
        expect(x).toBeGreaterThanOrEqual(d.min!);
        expect(x).toBeLessThanOrEqual(d.max!);
        // 6 significant digits of the file's value
        expect(Math.abs(x - raw.draws[s.drawIds[i]][j])).toBeLessThanOrEqual(Math.abs(raw.draws[s.drawIds[i]][j]) * 1e-5 + 1e-12);
      }),
    );
  });

  it('is deterministic: the same files give the same JSON', () => {
    const text = readFileSync(join(ROOT, SAMPLE), 'utf8');
    const diag = readFileSync(join(ROOT, 'data/posterior/diagnostics.json'), 'utf8');
    expect(JSON.stringify(webPosteriorSample(text, diag, SRC))).toBe(JSON.stringify(webPosteriorSample(text, diag, SRC)));
  });

  it('calls a sample a placeholder only when its sampler says so', () => {
    const text = csv([row(0), row(1)]);
    expect(webPosteriorSample(text, diagnostics(2, 'de-mcmc'), SRC)).toMatchObject({ placeholder: false, sampler: 'de-mcmc', modelVersion: MODEL_VERSION, drawsInFile: 2, names: ['priceSensitivity', 'homeBias'] });
    expect(webPosteriorSample(text, diagnostics(2, 'placeholder (not a posterior)'), SRC)).toMatchObject({ placeholder: true });
  });

  // the reader is the one of `momentum ensemble --sample posterior`; its every refusal is tested in test/ensemble
  it('refuses bad files with the shared reader, naming the file, the line and the field', () => {
    const bad = (text: string, diag = diagnostics(1)) => () => webPosteriorSample(text, diag, SRC);
    expect(bad('')).toThrow(/^p\/posterior\.csv: line 1: expected a header/);
    expect(bad(csv([row(0)], ['priceSensitivity', 'priceSensitivty']))).toThrow(/column "priceSensitivty": expected the name of a numeric model parameter/);
    expect(bad(csv([row(0), row(1, 99)]), diagnostics(2))).toThrow(/line 3: priceSensitivity: expected a number within the parameter's range \[0\.02, 2\], found "99"/);
    expect(bad(csv([row(0), row(2)]), diagnostics(2))).toThrow(/line 3: draw: expected 1/);
    expect(bad(csv([row(0)]), '{')).toThrow(/^p\/diagnostics\.json: \(file\): expected valid JSON/);
    expect(bad(csv([row(0)]), diagnostics(3))).toThrow(/p\/diagnostics\.json: draws: expected 1 \(the rows of posterior\.csv\), found 3/);
    expect(bad(csv([row(0)]), diagnostics(1, 'x', '0.0.1'))).toThrow(/p\/diagnostics\.json: modelVersion: expected a posterior sampled with this model/);
    expect(() => loadPosteriorSample(ROOT, 'data/no-such/posterior.csv')).toThrow(/data\/no-such\/posterior\.csv: \(file\): expected a posterior sample/);
  });
});

describe('a scenario under one draw', () => {
  const reg = new ScenarioRegistry();
  const names = ['priceSensitivity', 'homeBias'];
  it("sets the draw's values where the scenario does not set the parameter", () => {
    const s = reg.resolve('baseline');
    const d = scenarioWithDraw(s, names, [0.3, 0.9]);
    expect(d.params.priceSensitivity).toBe(0.3);
    expect(d.params.homeBias).toBe(0.9);
    expect(d.events).toEqual(s.events);
  });

  it('keeps a parameter the scenario sets (a lever in counterfactual mode), and dated set-params events', () => {
    const file = parseScenario(
      { name: 'mine', extends: 'baseline', params: { homeBias: 1.5 }, events: [{ date: '2027-01', type: 'set-params', params: { priceSensitivity: 1 } }] },
      'mine',
      DEFAULT_WORLD,
    );
    const s = reg.resolve(file);
    const d = scenarioWithDraw(s, names, [0.3, 0.9]);
    expect(d.params.homeBias).toBe(1.5);
    // history under the draw, the lever from its month on
    expect(d.params.priceSensitivity).toBe(0.3);
    expect(d.events.find((e) => e.type === 'set-params')).toMatchObject({ date: '2027-01', params: { priceSensitivity: 1 } });
  });
});

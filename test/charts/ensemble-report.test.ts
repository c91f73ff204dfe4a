/**
 * Fan charts and outcome probabilities in the HTML reports (issue 16 item 5): bands.csv as a
 * fan (only lines that are model series), the chart specification's fan marks and caption, and
 * `momentum report run|compare --ensemble DIR` on real ensembles over the posterior test
 * sample, with bad folders refused (exit 2, nothing written). Needs dist/ (`npm test` builds).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { CHART_INDEX, chartSpec, runSeriesOf } from '../../src/charts/index.js';
import { fanRows, parseBandsCsv, type FanBands } from '../../src/charts/fan.js';
import { parseOutcomesJson } from '../../src/charts/ensemble-report.js';
import { bandsToCsv } from '../../src/ensemble/quantile-bands.js';

const ROOT = join(import.meta.dirname, '..', '..');
const POSTERIOR = join(ROOT, 'test', 'ensemble', 'fixtures', 'posterior');
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
if (!built) console.warn('ensemble report CLI tests skipped: dist/ is missing (run `npm run build`; `npm test` builds it first)');
const tmp = mkdtempSync(join(tmpdir(), 'momentum-ens-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'momentum.js'), ...args], { cwd: tmp, encoding: 'utf8' });

/** A fan whose quantiles are the run's values shifted by −2, −1, 0, +1, +2 hundredths. */
function fanAround(run: ReturnType<typeof runSeriesOf>): FanBands {
  const level = (d: number) => ({ dates: run.dates, series: run.series.map((s) => ({ metric: s.metric, group: s.group, values: Float64Array.from(s.values as ArrayLike<number>, (v) => v + d) })) });
  return { q05: level(-0.02), q25: level(-0.01), q50: level(0), q75: level(0.01), q95: level(0.02), label: 'test fan' };
}

describe('fans', () => {
  const run = runSeriesOf(runScenario(new ScenarioRegistry().resolve('baseline'), { to: '2025-12' }));

  it('reads bands.csv back as quantile runs, and refuses what an ensemble does not write', () => {
    const rows = [
      { date: '2023-01', metric: 'usage_share', group: 'US', q: [0.6, 0.65, 0.7, 0.72, 0.75] },
      { date: '2023-03', metric: 'usage_share', group: 'US', q: [0.5, 0.55, 0.6, 0.62, 0.65] },
    ];
    const fan = parseBandsCsv(bandsToCsv(rows), 'b.csv', '2023-01', '2023-03', 'x');
    expect(fan.q05.dates).toEqual(['2023-01', '2023-02', '2023-03']);
    expect(Array.from(fan.q25.series[0].values as Float64Array)).toEqual([0.65, NaN, 0.55]);
    expect(Array.from(fan.q95.series[0].values as Float64Array)).toEqual([0.75, NaN, 0.65]);
    expect(() => parseBandsCsv('date,metric,group,value\n', 'b.csv', '2023-01', '2023-03', 'x')).toThrow(/b\.csv: line 1 \(header\): expected date,metric,group,q05,q25,q50,q75,q95/);
    expect(() => parseBandsCsv(bandsToCsv([{ ...rows[0], date: '2024-01' }]), 'b.csv', '2023-01', '2023-03', 'x')).toThrow(/line 2: date: expected a month from 2023-01 to 2023-03 \(the ensemble's horizon\), found "2024-01"/);
    expect(() => parseBandsCsv(bandsToCsv([{ ...rows[0], q: [0.7, 0.6, 0.7, 0.72, 0.75] }]), 'b.csv', '2023-01', '2023-03', 'x')).toThrow(/line 2: expected finite quantiles q05 ≤ q25 ≤ q50 ≤ q75 ≤ q95/);
    expect(() => parseBandsCsv(bandsToCsv(rows).replace('0.75', 'NaN'), 'b.csv', '2023-01', '2023-03', 'x')).toThrow(/line 2: expected finite quantiles/);
    // DuckDB's interpolated quantiles of near-equal values can be out of order by a rounding error (seen in a real bands.csv)
    const rounding = bandsToCsv([{ ...rows[0], q: [971.3621470217226, 971.3621470217228, 971.3621470217228, 971.3621470217228, 971.3621470217226] }]);
    expect(parseBandsCsv(rounding, 'b.csv', '2023-01', '2023-03', 'x').q95.series[0].values[0]).toBe(971.3621470217226);
  });

  it('fans the lines that are model series, not derived lines (a quantile of a ratio is not a ratio of quantiles)', () => {
    const fan = fanAround(run);
    const def = CHART_INDEX.get('download-share')!;
    const { outer, inner } = fanRows(def, fan, ['US', 'CN', 'cn_of_cn_us']);
    expect(new Set(outer.map((r) => r.label))).toEqual(new Set(['US', 'CN']));
    const us = outer.filter((r) => r.label === 'US');
    expect(us).toHaveLength(run.dates.length);
    expect(us[5].high - us[5].low).toBeCloseTo(0.04, 12);
    expect(inner[5].high - inner[5].low).toBeCloseTo(0.02, 12);
    // the token chart's open-model line is a series (hosted_open_share), the CN open line a product
    const tokens = fanRows(CHART_INDEX.get('token-share')!, fan, ['US', 'open_all', 'cn_open_tokens']);
    expect(new Set(tokens.outer.map((r) => r.label))).toEqual(new Set(['US', 'open models (any origin)']));
    // the compute-share chart is derived throughout: no fan
    expect(fanRows(CHART_INDEX.get('compute-share')!, fan, ['US', 'CN']).outer).toEqual([]);
  });

  it('draws the scenario fan as two shaded intervals and the reference fan as dotted edges, with a caption; not in the difference view', () => {
    const fan = fanAround(run);
    const def = CHART_INDEX.get('usage-share')!;
    const spec = chartSpec(def, { current: run, baseline: run, fan, baselineFan: { ...fan, label: 'ref fan' } }, { document: undefined });
    const marks = (spec.marks ?? []).flat() as { ariaDescription?: string }[];
    const described = marks.map((m) => m?.ariaDescription).filter(Boolean);
    expect(described).toEqual(expect.arrayContaining(['scenario: 90% interval', 'scenario: 50% interval', 'baseline: 90% interval, 5%', 'baseline: 90% interval, 95%']));
    expect(spec.caption).toContain('shaded: test fan');
    expect(spec.caption).toContain('dotted: ref fan (baseline)');
    const diff = chartSpec(def, { current: run, baseline: run, fan, view: 'difference' });
    expect(((diff.marks ?? []).flat() as { ariaDescription?: string }[]).some((m) => m?.ariaDescription?.includes('interval'))).toBe(false);
  });
});

describe.skipIf(!built)('momentum report run|compare --ensemble', () => {
  const push = join(tmp, 'push');
  const base = join(tmp, 'base');
  beforeAll(() => {
    for (const [scenario, dir] of [
      ['us-open-push', push],
      ['baseline', base],
    ]) {
      // the baseline's ensemble also draws the uncalibrated assumptions (--assumptions prior)
      const extra = scenario === 'baseline' ? ['--assumptions', 'prior'] : [];
      const r = cli('ensemble', scenario, '--posterior', POSTERIOR, '--runs', '6', '--to', '2028-12', '--db', `${dir}.duckdb`, '--out', dir, '--export', 'none', '--workers', '2', '--quiet', ...extra);
      expect(r.status, r.stderr).toBe(0);
    }
  }, 180_000);

  it('report run shows the outcome probabilities of outcomes.json and a fan on the charts, over the ensemble\'s months', () => {
    const file = join(tmp, 'run.html');
    const r = cli('report', 'run', 'us-open-push', '--ensemble', push, '--html', file);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(file, 'utf8');
    const o = parseOutcomesJson(readFileSync(join(push, 'outcomes.json'), 'utf8'), 'outcomes.json');
    expect(html).toContain('<h2>Outcome probabilities</h2>');
    expect(html).toContain('6 runs over 6 of the 128 draws of a posterior sample (meanfield)');
    const hosted = o.headline.find((h) => h.id === 'hosted_open_share_above_one_third_in_2028-12')!;
    expect(html).toContain(`<td>${hosted.label}</td><td class="num">${Math.round(hosted.p! * 100)}%</td>`);
    const t = o.cn_overtakes_us_tokens!.p_by_end_of_year['2028'].p!;
    expect(html).toMatch(new RegExp(`<tr><td>2028</td><td class="num">[0-9]+%</td><td class="num">${Math.round(t * 100)}%</td></tr>`));
    expect(html).toContain('Momentum 0.3.0 · meanfield · 2023-01..2028-12');
    expect((html.match(/aria-description="us-open-push: 90% interval"/g) ?? []).length).toBeGreaterThanOrEqual(10);
    expect(html).toContain('shaded: 50% and 90% intervals of 6 runs over 6 of the 128 draws');
    expect(html).not.toMatch(/<script/i);
  });

  it('report compare takes an ensemble of each scenario: A and B side by side, B shaded, A dotted', () => {
    const file = join(tmp, 'cmp.html');
    const r = cli('report', 'compare', 'baseline', 'us-open-push', '--ensemble', push, '--ensemble', base, '--html', file, '--quiet');
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<strong>A (baseline)</strong>');
    expect(html).toContain('<strong>B (us-open-push)</strong>');
    // A drew the assumptions and B did not: each says what it is, with its own note
    expect(html).toContain('6 runs over 6 of the 128 draws of a posterior sample, with 17 uncalibrated assumptions drawn from their priors (meanfield)');
    expect(html).toMatch(/<p><strong>A \(baseline\)<\/strong>: p = share of finished runs .*and its 17 uncalibrated assumptions from their soft priors/);
    expect(html).toMatch(/<p><strong>B \(us-open-push\)<\/strong>: p = share of finished runs \(runs = count\)\. Each run takes its parameters from a draw of the posterior over the calibrated parameters: /);
    expect(html).toContain('<th class="num" colspan="2">downloads</th>');
    expect(html).toContain('aria-description="baseline: 90% interval, 95%"');
    expect(html).toContain('aria-description="us-open-push: 50% interval"');
  });

  it('refuses folders that are not ensembles of the scenario, or other months: exit 2, nothing written', () => {
    const corrupt = join(tmp, 'corrupt');
    cpSync(push, corrupt, { recursive: true });
    writeFileSync(join(corrupt, 'outcomes.json'), '{"ensemble": {}}');
    const cases: [string[], RegExp][] = [
      [['run', 'us-open-push', '--ensemble', join(tmp, 'nope')], /--ensemble: expected the output folder of `momentum ensemble` \(bands\.csv and outcomes\.json\), found "[^"]*nope" \(no such folder\)/],
      [['run', 'baseline', '--ensemble', push], /--ensemble: expected an ensemble of scenario "baseline", found "[^"]*push", an ensemble of "us-open-push"/],
      [['run', 'us-open-push', '--ensemble', push, '--to', '2030-12'], /--to: expected the horizon of the ensemble in [^ ]+ \(2023-01\.\.2028-12\), or no --to, found "2030-12"/],
      [['run', 'us-open-push', '--ensemble', corrupt], /corrupt\/outcomes\.json: ensemble\.id: expected string, found nothing \(missing\)/],
      [['compare', 'baseline', 'closed-world', '--ensemble', push], /--ensemble: expected an ensemble of scenario "baseline" or "closed-world", at most one each/],
    ];
    for (const [args, message] of cases) {
      const file = join(tmp, 'bad', 'x.html');
      const r = cli('report', ...args, '--html', file);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(file)).toBe(false);
    }
  });
});

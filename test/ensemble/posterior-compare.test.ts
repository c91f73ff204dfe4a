/**
 * `momentum compare A B --sample posterior` (issue 16 item 2): the distribution of B − A over
 * paired runs (same draw, same seed), in columns added to compare.csv after the plain ones,
 * which keep their meaning (the calibrated point). Checked against runs made here, with
 * analytic cases (A against itself), a direction and 1 vs 2 threads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { monthRange, ScenarioRegistry } from '../../src/model/index.js';
import { compareRuns } from '../../src/model/outputs/compare.js';
import { planRuns, type EnsembleSpec } from '../../src/ensemble/ensemble-plan.js';
import { executeRun } from '../../src/ensemble/run-task.js';
import { comparableOf } from '../../src/ensemble/compare-posterior.js';
import { quantileLinear } from '../../src/ensemble/quantile-bands.js';
import { readPosteriorDir } from '../../src/shell/posterior-file.js';
import { removeTempDirs, runCli, tempDir } from './helpers.js';
import { POSTERIOR_FIXTURE } from './posterior-fixture.js';

afterAll(() => removeTempDirs());

const PLAIN_HEADER = 'metric,group,date,a,b,difference';
const HEADER = `${PLAIN_HEADER},difference_q05,difference_q25,difference_q50,difference_q75,difference_q95,p_difference_positive,pairs`;

function csvRows(text: string): Map<string, string[]> {
  const [, ...rows] = text.trimEnd().split('\n');
  return new Map(rows.map((r) => r.split(',')).map((c) => [`${c[0]}|${c[1]}`, c]));
}

async function compare(args: string[]): Promise<{ code: number | string; out: string; err: string; dir: string }> {
  const dir = join(tempDir(), 'cmp');
  const r = await runCli(['compare', ...args, '--to', '2026-12', '--out', dir]);
  return { ...r, dir };
}

describe('momentum compare --sample posterior', () => {
  it('adds the distribution of B − A after the plain columns, which stay the calibrated comparison; quantiles as computed here', async () => {
    const post = await compare(['baseline', 'closed-world', '--sample', 'posterior', '--posterior', POSTERIOR_FIXTURE, '--runs', '4', '--workers', '2']);
    expect(post.code, post.err).toBe(0);
    const plain = await compare(['baseline', 'closed-world']);
    expect(plain.code, plain.err).toBe(0);
    const postCsv = readFileSync(join(post.dir, 'compare.csv'), 'utf8');
    const plainCsv = readFileSync(join(plain.dir, 'compare.csv'), 'utf8');
    expect(postCsv.split('\n')[0]).toBe(HEADER);
    expect(plainCsv.split('\n')[0]).toBe(PLAIN_HEADER);
    // the first six columns are the plain command's, byte for byte
    const cut = (t: string) => t.trimEnd().split('\n').slice(1).map((l) => l.split(',').slice(0, 6).join(','));
    expect(cut(postCsv)).toEqual(cut(plainCsv));

    // the same four pairs, run here: draws 0, 32, 64, 96 of the sample
    const sample = readPosteriorDir(POSTERIOR_FIXTURE);
    const reg = new ScenarioRegistry();
    const spec = (name: string): EnsembleSpec => ({
      scenario: reg.resolve(name),
      runs: 4,
      seed: 1,
      mode: 'meanfield',
      agents: 100000,
      sample: 'posterior',
      vary: [],
      from: '2023-01',
      to: '2026-12',
      posterior: { source: POSTERIOR_FIXTURE, hash: sample.hash, names: sample.names, pinned: [], total: 128, seedsPerDraw: 1 },
    });
    const [sa, sb] = [spec('baseline'), spec('closed-world')];
    const dates = monthRange('2023-01', '2026-12');
    const pairs = planRuns(sa, sample).map((t, i) => compareRuns(comparableOf(executeRun(sa, t), dates), comparableOf(executeRun(sb, planRuns(sb, sample)[i]), dates)));
    const rows = csvRows(postCsv);
    for (const key of ['open_share|all', 'token_share|CN', 'capability_gap_months|cn_vs_us']) {
      const k = pairs[0].findIndex((r) => `${r.metric}|${r.group}` === key);
      const d = Float64Array.from(pairs.map((p) => p[k].difference!)).sort();
      const c = rows.get(key)!;
      expect(c.slice(6, 11).map(Number)).toEqual([0.05, 0.25, 0.5, 0.75, 0.95].map((q) => quantileLinear(d, q)));
      expect(Number(c[11])).toBe(d.filter((x) => x > 0).length / 4);
      expect(c[12]).toBe('4');
    }
    expect(post.out).toMatch(/compare baseline \(A\) vs closed-world \(B\): meanfield, 4 pairs of runs over 4 of the 128 draws \(draw ⌊i·128\/4⌋\) of the posterior sample/);
    expect(post.out).toContain('P(CN passes US by the end of the year)');
    const outcomes = JSON.parse(readFileSync(join(post.dir, 'outcomes.json'), 'utf8')) as { outcomes: { id: string; a: { p: number }; b: { p: number } }[] };
    expect(outcomes.outcomes.map((o) => o.id)).toEqual([
      'cn_overtakes_us_downloads_by_2025',
      'cn_overtakes_us_downloads_by_2026',
      'cn_overtakes_us_tokens_by_2025',
      'cn_overtakes_us_tokens_by_2026',
      'hosted_open_share_above_one_third_in_2026-12',
    ]);
  }, 180_000);

  it('a scenario against itself differs by exactly 0 at every pair, also with agents noise (same draw, same seed)', async () => {
    for (const extra of [[], ['--mode', 'agents', '--agents', '2000', '--seeds-per-draw', '2'], ['--assumptions', 'prior']]) {
      const r = await compare(['baseline', 'baseline', '--posterior', POSTERIOR_FIXTURE, '--runs', '4', ...extra]);
      expect(r.code, r.err).toBe(0);
      for (const c of csvRows(readFileSync(join(r.dir, 'compare.csv'), 'utf8')).values()) {
        if (Number(c[12]) === 0) continue; // e.g. a crossing that never happens
        expect(c.slice(5, 11).map(Number), c.join(',')).toEqual([0, 0, 0, 0, 0, 0]);
        expect(c[11]).toBe('0');
      }
    }
  }, 180_000);

  it('gives the same bytes on 1 and 2 threads', async () => {
    const args = ['baseline', 'us-open-push', '--posterior', POSTERIOR_FIXTURE, '--runs', '4', '--mode', 'agents', '--agents', '2000'];
    const one = await compare([...args, '--workers', '1']);
    const two = await compare([...args, '--workers', '2']);
    expect(one.code, one.err).toBe(0);
    expect(two.code, two.err).toBe(0);
    for (const f of ['compare.csv', 'outcomes.json']) expect(readFileSync(join(two.dir, f), 'utf8')).toBe(readFileSync(join(one.dir, f), 'utf8'));
  }, 180_000);

  it('refuses bad input with exit 2 and writes nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['--posterior', '/nonexistent'], /--posterior: expected a folder holding posterior\.csv and diagnostics\.json/],
      [['--runs', '4'], /--runs: expected to be given with --sample posterior, found --runs 4 without it/],
      [['--sample', 'lhs'], /--sample: expected "posterior" \(or no --sample: one run of each scenario\), found "lhs"/],
      [['--posterior', POSTERIOR_FIXTURE, '--runs', '500'], /--runs: expected at most 128/],
    ];
    for (const [args, message] of cases) {
      const r = await compare(['baseline', 'closed-world', ...args]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(existsSync(r.dir)).toBe(false);
    }
  }, 120_000);
});

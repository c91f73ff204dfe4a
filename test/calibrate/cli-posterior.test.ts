/**
 * `momentum calibrate --posterior` through the CLI (node bin/momentum.js; `npm test` builds dist/
 * first): bad input exits 2 naming the flag and writes nothing; a small real run writes the
 * posterior format (posterior.csv, diagnostics.json, predictive.csv) with the same bytes for 1 or
 * 2 worker threads and for the same seed; a run too short to mix is reported as such.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CALIBRATION_PARAM_NAMES } from '../../src/model/calibrate/default-params.js';
import { PARAM_INDEX } from '../../src/model/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/momentum.js');

function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const tmp = () => mkdtempSync(join(tmpdir(), 'momentum-post-'));
const SMALL = ['calibrate', '--posterior', '--samples', '24', '--chains', '4', '--burn-in', '6', '--thin', '1', '--check-draws', '8'];

describe('momentum calibrate --posterior: bad input exits 2, names the flag, writes nothing', () => {
  const cases: [string, string[], RegExp][] = [
    ['samples not a multiple of chains', ['--samples', '1001', '--chains', '10'], /--samples: expected a multiple of --chains \(10\).*found 1001/],
    ['too few chains', ['--chains', '2'], /--chains: expected an integer in \[3, 1000\], found "2"/],
    ['negative burn-in', ['--burn-in', '-1'], /--burn-in: expected an integer in \[0, 10000000\], found "-1"/],
    ['thin zero', ['--thin', '0'], /--thin: expected an integer in \[1, 100000\], found "0"/],
    ['--apply with --posterior', ['--apply'], /--apply: expected no --apply with --posterior/],
    ['--budget with --posterior', ['--budget', '100'], /--budget: expected no --budget with --posterior/],
    ['unknown parameter', ['--params', 'homeBias,netwrkEffect'], /--params: expected a numeric parameter name .*found "netwrkEffect" \(did you mean "networkEffect"\?\)/],
    ['bad backtest month', ['--backtest', '2025-13'], /--backtest: expected a month as YYYY-MM, found "2025-13"/],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const dir = tmp();
      const r = await runCli(['calibrate', '--posterior', ...args, '--out', join(dir, 'out')]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    });
  }
  it('sampler flags without --posterior', async () => {
    const dir = tmp();
    const r = await runCli(['calibrate', '--samples', '100', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--samples: expected only with --posterior/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('momentum calibrate --posterior: a small run', () => {
  it('writes the posterior format; 1 or 2 workers and the same seed give the same bytes; another seed differs; a short run is reported as not mixed', async () => {
    const dir = tmp();
    const [a, b, c] = await Promise.all([
      runCli([...SMALL, '--workers', '1', '--seed', '5', '--out', join(dir, 'a')]),
      runCli([...SMALL, '--workers', '2', '--seed', '5', '--out', join(dir, 'b')]),
      runCli([...SMALL, '--workers', '2', '--seed', '6', '--out', join(dir, 'c'), '--quiet']),
    ]);
    for (const r of [a, b, c]) expect(r.code, r.err).toBe(0);
    for (const f of ['posterior.csv', 'diagnostics.json', 'predictive.csv']) {
      expect(readFileSync(join(dir, 'b', f), 'utf8'), f).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
    }
    expect(readFileSync(join(dir, 'c', 'posterior.csv'), 'utf8')).not.toBe(readFileSync(join(dir, 'a', 'posterior.csv'), 'utf8'));

    // posterior.csv: header, draws 0..N−1 in order, chains, values inside the ranges, finite log densities
    const lines = readFileSync(join(dir, 'a', 'posterior.csv'), 'utf8').trimEnd().split('\n');
    const names = [...DEFAULT_CALIBRATION_PARAM_NAMES];
    expect(lines[0]).toBe(['draw', 'chain', 'iteration', ...names, 'log_likelihood', 'log_prior'].join(','));
    expect(lines.length).toBe(25);
    lines.slice(1).forEach((line, i) => {
      const v = line.split(',').map(Number);
      expect(v[0]).toBe(i);
      expect(v[1]).toBe(i % 4);
      expect(v[2]).toBe(7 + Math.floor(i / 4));
      names.forEach((n, j) => {
        const d = PARAM_INDEX.get(n)!;
        expect(v[3 + j]).toBeGreaterThanOrEqual(d.min!);
        expect(v[3 + j]).toBeLessThanOrEqual(d.max!);
      });
      expect(Number.isFinite(v[3 + names.length])).toBe(true);
      expect(v[3 + names.length + 1]).toBeLessThanOrEqual(0);
    });

    // diagnostics.json: the contract's fields; no wall time (identical bytes); the short run is flagged
    const d = JSON.parse(readFileSync(join(dir, 'a', 'diagnostics.json'), 'utf8'));
    expect(d).toMatchObject({ command: 'momentum calibrate --posterior --samples 24 --chains 4 --burn-in 6 --thin 1 --check-draws 8 --seed 5', seed: 5, chains: 4, iterations: 6, burnIn: 6, thin: 1, draws: 24, seconds: null });
    expect(typeof d.modelVersion).toBe('string');
    expect(d.sampler).toMatch(/DE-MC-z/);
    expect(d.params.map((p: { name: string }) => p.name)).toEqual(names);
    for (const p of d.params) for (const k of ['mean', 'sd', 'q05', 'q50', 'q95', 'rhat', 'ess']) expect(k in p).toBe(true);
    expect(d.minEss).toBe(Math.min(...d.params.map((p: { ess: number }) => p.ess)));
    expect(d.warnings.length).toBeGreaterThan(0);
    expect(a.err).toMatch(/warning: the chains have not mixed/);
    expect(c.err).toMatch(/warning: the chains have not mixed/); // even with --quiet
    expect(c.out).toBe('');
    expect(d.coverage.fitted.n).toBe(18);
    expect(d.coverage.heldOut.n).toBe(0);

    // predictive.csv: one row per observation, quantiles in order
    const pred = readFileSync(join(dir, 'a', 'predictive.csv'), 'utf8').trimEnd().split('\n');
    expect(pred[0]).toBe('observation_id,set,observed,q05,q25,q50,q75,q95,pit,in50,in90,draws');
    const fitted = pred.slice(1).filter((l) => l.split(',')[1] === 'fitted');
    expect(fitted.length).toBe(18);
    for (const l of fitted) {
      const v = l.split(',');
      const q = v.slice(3, 8).map(Number);
      expect(q).toEqual([...q].sort((x, y) => x - y));
      expect(Number(v[11])).toBe(8);
    }

    // report calibration on the posterior folder: diagnostics with the mixing problem on top, marginals, predictive check
    const html = join(dir, 'post.html');
    const rep = await runCli(['report', 'calibration', '--in', join(dir, 'a'), '--html', html, '--quiet']);
    expect(rep.code, rep.err).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).not.toMatch(/<script/i);
    expect(text).toContain('The chains have not mixed');
    expect(text).toContain('Posterior predictive check');
    // and the same check with the 17 uncalibrated assumptions drawn from their priors
    expect(text).toMatch(/<td>fitted, with the 17 uncalibrated assumptions drawn from their priors<\/td><td class="num">\d+\/\d+ \(\d+%\)<\/td>/);
    expect(text).toContain('<code>adaptiveInnovation</code>');
    expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(names.length + 1);
    const bad = await runCli(['report', 'calibration', '--in', join(dir, 'a'), '--posterior', join(dir, 'nope'), '--html', join(dir, 'x.html')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--posterior: expected a folder holding posterior\.csv and diagnostics\.json \(written by `momentum calibrate --posterior`\), found ".*nope" \(no such folder\)/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  }, 300_000);

  it('with --backtest, the held-out records get predictive intervals and a coverage', async () => {
    const dir = tmp();
    const r = await runCli([...SMALL, '--backtest', '2025-07', '--out', join(dir, 'bt')]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/held-out records \(from 2025-07\): 50% interval \d+\/12 .*, 90% interval \d+\/12/);
    const d = JSON.parse(readFileSync(join(dir, 'bt', 'diagnostics.json'), 'utf8'));
    expect(d.backtest).toBe('2025-07');
    expect(d.fitted.length).toBe(6);
    expect(d.coverage.heldOut.n).toBe(12);
    expect(d.command).toMatch(/--backtest 2025-07$/);
  }, 300_000);
});

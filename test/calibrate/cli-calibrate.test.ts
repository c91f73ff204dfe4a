/**
 * `momentum calibrate`, `momentum sensitivity` and `momentum report calibration` through the
 * CLI (node bin/momentum.js; `npm test` builds dist/ first): bad input exits 2 naming the
 * record and field and writes nothing; small real runs write the documented files.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'bin/momentum.js');
const OBS = JSON.parse(readFileSync(join(ROOT, 'data/observations.json'), 'utf8')) as Record<string, unknown>[];

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

const tmp = () => mkdtempSync(join(tmpdir(), 'momentum-cal-'));

/** Writes an observations file with one record changed by `edit`. */
function obsFile(dir: string, id: string, edit: (o: Record<string, unknown>) => void): string {
  const recs = structuredClone(OBS);
  edit(recs.find((o) => o.id === id)!);
  const f = join(dir, 'obs.json');
  writeFileSync(f, JSON.stringify(recs));
  return f;
}

describe('momentum calibrate: bad input exits 2, names the record and field, writes nothing', () => {
  it('unknown parameter name', async () => {
    const dir = tmp();
    const r = await runCli(['calibrate', '--params', 'priceSensitivty,homeBias', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--params: expected a numeric parameter name .*found "priceSensitivty" \(did you mean "priceSensitivity"\?\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
  it('observation with no source', async () => {
    const dir = tmp();
    const f = obsFile(dir, 'pilz-compute-share-cn-2025-05', (o) => delete o.source);
    const r = await runCli(['calibrate', '--observations', f, '--budget', '4', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/obs\.json: \[\d+\] \(id "pilz-compute-share-cn-2025-05"\)\.source: expected object, found nothing \(missing\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
  it('malformed period', async () => {
    const dir = tmp();
    const f = obsFile(dir, 'menlo-enterprise-open-share-2024', (o) => (o.period = '2024/11'));
    const r = await runCli(['calibrate', '--observations', f, '--budget', '4', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\(id "menlo-enterprise-open-share-2024"\)\.period: expected a month as YYYY-MM/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
  it('metric id the model lacks', async () => {
    const dir = tmp();
    const f = obsFile(dir, 'openrouter-token-share-cn-2025', (o) => (o.metric = 'tokens_share'));
    const r = await runCli(['calibrate', '--observations', f, '--budget', '4', '--out', join(dir, 'out')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\(id "openrouter-token-share-cn-2025"\)\.metric: expected a model metric id .*found "tokens_share" \(did you mean "token_share"\?\)/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
  it('bad --backtest month and --apply with --backtest', async () => {
    const a = await runCli(['calibrate', '--backtest', '2025-13', '--out', join(tmp(), 'o')]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--backtest: expected a month as YYYY-MM, found "2025-13"/);
    const b = await runCli(['calibrate', '--backtest', '2025-06', '--apply', '--out', join(tmp(), 'o')]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--apply: expected no --backtest/);
  });
});

describe('momentum calibrate → report calibration (small budget)', () => {
  it('writes calibrated.json, fit.csv, backtest.csv and an HTML report with one chart per observation', async () => {
    const dir = tmp();
    const out = join(dir, 'cal');
    const r = await runCli(['calibrate', '--params', 'priceSensitivity,supportWeight', '--budget', '14', '--seed', '2', '--backtest', '2025-06', '--out', out, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const fit = readFileSync(join(out, 'fit.csv'), 'utf8').split('\n');
    expect(fit[0]).toBe('observation_id,metric,group,period,observed,modelled,uncertainty,z');
    const back = readFileSync(join(out, 'backtest.csv'), 'utf8').split('\n');
    expect(back[0]).toBe(fit[0]);
    expect(back.some((l) => l.startsWith('menlo-enterprise-open-share-mid-2025,'))).toBe(true);
    expect(fit.some((l) => l.startsWith('menlo-enterprise-open-share-2024,'))).toBe(true);
    const j = JSON.parse(readFileSync(join(out, 'calibrated.json'), 'utf8'));
    expect(j.command).toBe('momentum calibrate --params priceSensitivity,supportWeight --budget 14 --seed 2 --backtest 2025-06');
    expect(Object.keys(j.values)).toEqual(['priceSensitivity', 'supportWeight']);
    expect(typeof j.loss).toBe('number');
    expect(j.seed).toBe(2);
    expect(typeof j.modelVersion).toBe('string');
    expect(j.residuals.length + j.backtest_residuals.length).toBe(OBS.length);

    // the same fit on one thread and on two worker threads
    const one = join(dir, 'one');
    const r1 = await runCli(['calibrate', '--params', 'priceSensitivity,supportWeight', '--budget', '14', '--seed', '2', '--backtest', '2025-06', '--workers', '1', '--out', one, '--quiet']);
    expect(r1.code, r1.err).toBe(0);
    const two = join(dir, 'two');
    const r2 = await runCli(['calibrate', '--params', 'priceSensitivity,supportWeight', '--budget', '14', '--seed', '2', '--backtest', '2025-06', '--workers', '2', '--out', two, '--quiet']);
    expect(r2.code, r2.err).toBe(0);
    expect(readFileSync(join(one, 'fit.csv'), 'utf8')).toBe(readFileSync(join(two, 'fit.csv'), 'utf8'));
    expect(JSON.parse(readFileSync(join(two, 'calibrated.json'), 'utf8')).values).toEqual(j.values);

    const html = join(dir, 'fit.html');
    const rep = await runCli(['report', 'calibration', '--in', out, '--html', html, '--quiet']);
    expect(rep.code, rep.err).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(text).not.toMatch(/<script/i);
    for (const o of OBS) expect(text).toContain(`id="obs-${o.id}"`);
    // every observation with a modelled series has a chart (three records have no model series)
    expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(OBS.length - 3);
    expect((text.match(/No modelled series/g) ?? []).length).toBeLessThanOrEqual(3);
    expect(text).toContain('Observations the model does not reproduce');
  });
  it('report calibration names a missing folder and writes nothing', async () => {
    const dir = tmp();
    const r = await runCli(['report', 'calibration', '--in', join(dir, 'nope'), '--html', join(dir, 'x.html')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/calibrated\.json: \(file\): expected the output of `momentum calibrate --out DIR`, found no such file/);
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
  });
});

describe('momentum sensitivity', () => {
  it('morris: writes sensitivity.csv and a tornado SVG', async () => {
    const out = join(tmp(), 'sens');
    const r = await runCli(['sensitivity', '--method', 'morris', '--params', 'priceSensitivity,homeBias,supportWeight', '--outputs', 'enterprise_open_share@2025-07,download_share:CN@2025-08', '--samples', '3', '--out', out, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const csv = readFileSync(join(out, 'sensitivity.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('output,param,method,rank,mu_star,mu,sigma,S1,ST');
    expect(csv.length).toBe(1 + 2 * 3);
    expect(readFileSync(join(out, 'tornado.svg'), 'utf8')).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });
  it('rejects an unknown output metric and group', async () => {
    const out = join(tmp(), 'sens');
    const r = await runCli(['sensitivity', '--outputs', 'download_shares:CN@2025-08,token_share:China@2025-01', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/did you mean "download_share"/);
    expect(r.err).toMatch(/expected a group of token_share \(US, CN, EU, RoW\), found "China"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('momentum calibrate: outputs of different commands, and --apply', () => {
  it('says so before replacing the results of a different calibration in the same --out folder', async () => {
    const out = join(tmp(), 'calibration');
    const a = await runCli(['calibrate', '--params', 'priceSensitivity', '--budget', '4', '--out', out]);
    expect(a.code, a.err).toBe(0);
    expect(a.err).not.toContain('note:');
    const again = await runCli(['calibrate', '--params', 'priceSensitivity', '--budget', '4', '--out', out]);
    expect(again.err).not.toContain('note:');
    const b = await runCli(['calibrate', '--params', 'priceSensitivity', '--budget', '4', '--backtest', '2025-06', '--out', out]);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toContain(`note: ${out} holds the results of \`momentum calibrate --params priceSensitivity --budget 4 --seed 1\`; they will be replaced (use --out DIR to keep both)`);
  });

  it('--apply reproduces the committed src/model/params/calibrated.ts byte for byte', async () => {
    // A copy of the package (compiled code, data, the calibrated file), so --apply writes into
    // the copy: the test never touches the checkout. Fails after a model change until the
    // calibration is re-run: `momentum calibrate --apply`, then `npm run build && npm run docs`.
    const pkg = tmp();
    cpSync(join(ROOT, 'dist'), join(pkg, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'data'), join(pkg, 'data'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'), 'dir');
    const committed = readFileSync(join(ROOT, 'src/model/params/calibrated.ts'), 'utf8');
    mkdirSync(join(pkg, 'src/model/params'), { recursive: true });
    writeFileSync(join(pkg, 'src/model/params/calibrated.ts'), '// replaced by --apply\n');
    const command = /command: "([^"]+)"/.exec(committed)![1];
    expect(command.startsWith('momentum calibrate ')).toBe(true);
    const args = command.slice('momentum '.length).split(' ');
    const r = await new Promise<{ code: number; err: string }>((resolve) => {
      const p = spawn(process.execPath, [join(pkg, 'dist/cli/main.js'), ...args, '--apply', '--quiet', '--out', join(pkg, 'out')], { cwd: pkg });
      let err = '';
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => resolve({ code: code ?? -1, err }));
    });
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(pkg, 'src/model/params/calibrated.ts'), 'utf8'), 'calibrated.ts is not what its own command gives: re-run `momentum calibrate --apply`, then `npm run build && npm run docs`').toBe(committed);
  }, 300_000);
});

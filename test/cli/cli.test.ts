/**
 * The momentum CLI, run as users run it (node bin/momentum.js, compiled by `npm test`'s
 * pretest build).
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARAM_DEFS } from '../../src/model/index.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/momentum.js');

function momentum(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp = '';
beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
  tmp = mkdtempSync(join(tmpdir(), 'momentum-cli-'));
});

describe('momentum run', () => {
  it('runs the baseline, prints a summary table and writes series.csv and summary.json', () => {
    const out = join(tmp, 'baseline');
    const r = momentum(['run', 'baseline', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('CN open-weight downloads overtake US: ');
    expect(r.out).toMatch(/download_share\s+CN/);
    const csv = readFileSync(join(out, 'series.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('date,metric,group,value');
    expect(csv).toMatch(/^2023-01,usage_share,US,0\.\d+$/m);
    expect(csv).toMatch(/^2030-12,hhi,all,0\.\d+$/m);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ scenario: 'baseline', mode: 'meanfield', seed: 1, from: '2023-01', to: '2030-12', months: 96 });
    expect(summary.modelVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(summary.paramsHash).toMatch(/^[0-9a-f]{16}$/);
    expect(summary.indicators).toHaveProperty('cn_overtakes_us_downloads');
    for (const m of ['usage_share', 'open_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share', 'enterprise_open_share', 'capability', 'frontier_capability', 'capability_gap_months', 'avg_price', 'compute', 'data_stock', 'hhi']) {
      expect(summary.indicators.final, m).toHaveProperty(m);
    }
  });

  it('is byte-for-byte deterministic for a seed (agents)', () => {
    const a = join(tmp, 'a1');
    const b = join(tmp, 'a2');
    expect(momentum(['run', 'baseline', '--mode', 'agents', '--agents', '5000', '--seed', '9', '--to', '2025-12', '--out', a, '--quiet']).code).toBe(0);
    expect(momentum(['run', 'baseline', '--mode', 'agents', '--agents', '5000', '--seed', '9', '--to', '2025-12', '--out', b, '--quiet']).code).toBe(0);
    expect(readFileSync(join(a, 'series.csv'))).toEqual(readFileSync(join(b, 'series.csv')));
  });

  it('runs a YAML scenario file that extends a built-in one, with --set overrides', () => {
    const file = join(tmp, 'my-policy.yaml');
    writeFileSync(file, 'name: my-policy\ndescription: test\nextends: baseline\nparams:\n  customizability: 0.8\nevents:\n  - {date: 2027-01, type: open-subsidy, bloc: EU, amount: 1}\n');
    const out = join(tmp, 'my');
    const r = momentum(['run', file, '--set', 'networkEffect=0.5', '--out', out, '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.scenario).toBe('my-policy');
    expect(s.overrides).toEqual({ customizability: 0.8, networkEffect: 0.5 });
  });

  it('rejects an invalid scenario file with a precise message and writes nothing', () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'name: bad\nparams:\n  priceSensitivty: 0.3\nevents:\n  - {date: 2027-01, type: export-control, bloc: CN, severity: 2}\n');
    const out = join(tmp, 'bad-out');
    const r = momentum(['run', file, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: events[0].severity: expected ≤ 1, found 2`);
    expect(existsSync(out)).toBe(false);
    writeFileSync(file, 'name: bad\nparams:\n  priceSensitivty: 0.3\n');
    const r2 = momentum(['run', file, '--out', out]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain(`${file}: params.priceSensitivty: expected a known parameter name (see \`momentum params\`), found unknown parameter "priceSensitivty" (did you mean "priceSensitivity"?)`);
    writeFileSync(file, 'name: bad\nevents: [unclosed\n');
    const r3 = momentum(['run', file, '--out', out]);
    expect(r3.code).toBe(2);
    expect(r3.err).toContain(`${file}: (file): expected valid YAML, found a syntax error`);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects bad options and unknown scenarios without touching the output folder', () => {
    const out = join(tmp, 'keep');
    expect(momentum(['run', 'baseline', '--out', out, '--quiet', '--to', '2024-01']).code).toBe(0);
    const before = readFileSync(join(out, 'series.csv'));
    const bad = momentum(['run', 'baseline', '--out', out, '--from', '2024-13']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--from: expected a month as YYYY-MM from 1990-01 to 2100-12, found "2024-13"');
    const unknown = momentum(['run', 'baselin', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('(did you mean "baseline"?)');
    expect(momentum(['run', 'baseline', '--mode', 'quantum', '--out', out]).code).toBe(2);
    expect(readFileSync(join(out, 'series.csv'))).toEqual(before);
    expect(readdirSync(tmp).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('momentum scenarios, params, compare, schema', () => {
  it('lists the built-in scenarios', () => {
    const r = momentum(['scenarios']);
    expect(r.code).toBe(0);
    for (const n of ['baseline', 'export-controls-tighten', 'export-controls-relax', 'us-open-push', 'foreign-model-restrictions', 'embodied-acceleration', 'closed-world']) expect(r.out).toContain(n);
  });

  it('lists every parameter with unit, default, range and source', () => {
    const r = momentum(['params', '--json']);
    expect(r.code).toBe(0);
    const defs = JSON.parse(r.out) as { name: string; unit: string; source: string; kind: string }[];
    expect(defs.map((d) => d.name)).toEqual(PARAM_DEFS.map((d) => d.name));
    for (const d of defs) {
      expect(d.unit.length).toBeGreaterThan(0);
      expect(d.source.length).toBeGreaterThan(0);
      expect(['policy', 'world']).toContain(d.kind);
    }
    expect(momentum(['params']).out).toMatch(/priceSensitivity\s+world/);
  });

  it('params shows each calibrated default with its prior and its full source; --kind is checked', () => {
    // the full table (--wide): the source in full, so a calibrated default says so
    const table = momentum(['params', '--wide']);
    expect(table.code).toBe(0);
    const [header, , ...rows] = table.out.trimEnd().split('\n');
    expect(header).toMatch(/^name\s+kind\s+unit\s+default\s+prior\s+range\s+description\s+source$/);
    const fitted = PARAM_DEFS.filter((d) => d.prior !== undefined);
    expect(fitted.length).toBeGreaterThan(0);
    for (const d of fitted) {
      const row = rows.find((r) => r.startsWith(`${d.name} `))!;
      expect(row, d.name).toContain(`  ${d.prior}  `);
      expect(row, d.name).toContain('calibrated: fitted value');
    }
    const policy = momentum(['params', '--kind', 'policy', '--wide']);
    expect(policy.code).toBe(0);
    expect(policy.out.trimEnd().split('\n').length - 2).toBe(PARAM_DEFS.filter((d) => d.kind === 'policy').length);
    const bad = momentum(['params', '--kind', 'bogus']);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain('--kind: expected "policy" or "world", found "bogus"');
  });

  it('names a bad flag once in its error message', () => {
    const r = momentum(['run', 'baseline', '--mode', 'fast', '--out', join(tmp, 'never')]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: invalid input\n--mode: expected "meanfield" or "agents", found "fast"\n');
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });

  it('compares two scenarios into compare.csv', () => {
    const out = join(tmp, 'cmp');
    const r = momentum(['compare', 'baseline', 'export-controls-tighten', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/compute\s+CN/);
    const csv = readFileSync(join(out, 'compare.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('metric,group,date,a,b,difference');
    const cn = csv.find((l) => l.startsWith('compute,CN,2030-12,'))!.split(',');
    expect(Number(cn[5])).toBeLessThan(0); // tighter controls: less CN compute
  });

  it('writes the scenario JSON Schema', () => {
    const f = join(tmp, 'schema.json');
    expect(momentum(['schema', '--out', f]).code).toBe(0);
    expect(JSON.parse(readFileSync(f, 'utf8')).properties.events.type).toBe('array');
  });
});

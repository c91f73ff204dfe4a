/**
 * The observatory's outputs through the CLI (needs dist/): the offline demo, Parquet/CSV/DuckDB
 * exports read back, metrics by day/week/month, the HTML report's titles and phone layout, and
 * the daily schedule (the cron line is run as cron would run it, against the local stand-in).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegistry } from '../../src/observatory/registry.js';
import { OBSERVATORY_METRICS } from '../../src/observatory/metrics.js';
import { DEMO_SYNC_DATES } from '../../src/observatory/stand-in/demo.js';
import { generateEcosystem } from './hub-ecosystem.js';
import { startHubServer } from './hub-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/momentum.js');
const HAVE_DIST = existsSync(join(ROOT, 'dist/cli/main.js'));
if (!HAVE_DIST) console.warn('observatory CLI output tests skipped: dist/ is missing (run `npm run build`; `npm test` builds first)');
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'momentum-observe-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, HF_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const r = await conn.runAndReadAll(sql.replace(/\$F/g, `'${file}'`));
  const rows = r.getRowObjectsJson() as Record<string, unknown>[];
  conn.closeSync();
  inst.closeSync();
  return rows;
}

describe.skipIf(!HAVE_DIST)('observe demo, export, metrics periods and the report', () => {
  const db = () => join(tmp, 'demo.duckdb');

  it('the offline demo syncs a synthetic sample on four dates and writes metrics and a report', async () => {
    const r = await cli(['observe', 'demo', '--db', db(), '--out', join(tmp, 'demo-metrics'), '--html', join(tmp, 'demo.html'), '--size', '3000']);
    expect(r.code, r.stderr).toBe(0);
    for (const d of DEMO_SYNC_DATES) expect(r.stdout).toContain(`synced ${d}`);
    expect(r.stdout).toContain('synthetic');
    expect(readFileSync(join(tmp, 'demo.html'), 'utf8')).toContain('synthetic data from the bundled stand-in');
    const csv = readFileSync(join(tmp, 'demo-metrics/metrics.csv'), 'utf8');
    expect(csv).toContain('2026-06,period_download_share,US,');
    expect(csv).toContain('2026-06,snapshots,all,2');
  });

  it('exports Parquet, CSV and DuckDB files that read back with the store\'s rows', async () => {
    const pq = join(tmp, 'export-parquet');
    const r = await cli(['observe', 'export', '--db', db(), '--out', pq]);
    expect(r.code, r.stderr).toBe(0);
    const inst = await DuckDBInstance.create(db(), { access_mode: 'READ_ONLY' });
    const conn = await inst.connect();
    const n = async (sql: string) => Number((await conn.runAndReadAll(sql)).getRows()[0][0]);
    const snapshots = await n('SELECT count(*) FROM snapshots');
    const models = await n('SELECT count(*) FROM models');
    conn.closeSync();
    inst.closeSync();
    expect(Number((await query(join(pq, 'snapshots.parquet'), 'SELECT count(*) AS n FROM read_parquet($F)'))[0].n)).toBe(snapshots);
    expect(Number((await query(join(pq, 'models.parquet'), 'SELECT count(*) AS n FROM read_parquet($F)'))[0].n)).toBe(models);
    const dates = await query(join(pq, 'syncs.parquet'), 'SELECT sync_date::VARCHAR AS d FROM read_parquet($F) ORDER BY 1');
    expect(dates.map((x) => x.d)).toEqual([...DEMO_SYNC_DATES]);
    // The metrics table equals metrics.csv of the same period.
    const m = await cli(['observe', 'metrics', '--db', db(), '--out', join(tmp, 'm-month')]);
    expect(m.code, m.stderr).toBe(0);
    const lines = readFileSync(join(tmp, 'm-month/metrics.csv'), 'utf8').trim().split('\n').length - 1;
    const fromParquet = await query(join(pq, 'metrics.parquet'), 'SELECT count(*) AS n, count(DISTINCT metric) AS k FROM read_parquet($F)');
    expect(Number(fromParquet[0].n)).toBe(lines);
    const c = await cli(['observe', 'export', '--db', db(), '--format', 'csv', '--out', join(tmp, 'export-csv')]);
    expect(c.code, c.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'export-csv/metrics.csv'), 'utf8').split('\n')[0]).toBe('date,metric,group,value');
    const d = await cli(['observe', 'export', '--db', db(), '--format', 'duckdb', '--out', join(tmp, 'export-duckdb')]);
    expect(d.code, d.stderr).toBe(0);
    expect(Number((await query(join(tmp, 'export-duckdb/observatory.duckdb'), "ATTACH $F AS x (READ_ONLY); SELECT count(*) AS n FROM x.snapshots"))[0].n)).toBe(snapshots);
    const bad = await cli(['observe', 'export', '--db', db(), '--format', 'xlsx', '--out', join(tmp, 'export-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('parquet, csv, duckdb');
    expect(existsSync(join(tmp, 'export-bad'))).toBe(false);
  });

  it('computes daily and weekly series; a bad period exits 2', async () => {
    const day = await cli(['observe', 'metrics', '--db', db(), '--period', 'day', '--out', join(tmp, 'm-day')]);
    expect(day.code, day.stderr).toBe(0);
    expect(day.stdout).toMatch(/without a sync left as gaps/);
    const csv = readFileSync(join(tmp, 'm-day/metrics.csv'), 'utf8');
    expect(csv).toContain('2026-06-15,period_downloads,US,');
    expect(csv).toContain('2026-06-01,snapshots,all,0');
    const week = await cli(['observe', 'metrics', '--db', db(), '--period', 'week', '--out', join(tmp, 'm-week')]);
    expect(week.code, week.stderr).toBe(0);
    expect(readFileSync(join(tmp, 'm-week/metrics.csv'), 'utf8')).toContain('2026-W25,snapshots,all,1');
    const bad = await cli(['observe', 'metrics', '--db', db(), '--period', 'hour', '--out', join(tmp, 'm-bad')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--period');
  });

  it('the HTML report has readable titles, gap breaks and a phone layout', async () => {
    const html = join(tmp, 'daily.html');
    const r = await cli(['observe', 'metrics', '--db', db(), '--period', 'day', '--out', join(tmp, 'm-day2'), '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('minmax(min(100%,420px),1fr)');
    const titles = [...page.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]);
    expect(titles.length).toBeGreaterThanOrEqual(10);
    const ids = new Set<string>(OBSERVATORY_METRICS.map((m) => m.id));
    expect(titles.filter((t) => ids.has(t))).toEqual([]);
    expect(titles).toContain('Share of downloads by bloc (Hub 30-day counter)');
    expect(page).toMatch(/no completed sync in \d+ day\(s\)/);
  });
});

describe.skipIf(!HAVE_DIST)('observe schedule', () => {
  it('prints a valid daily cron line whose command, run as cron runs it, syncs the store', async () => {
    const registry = loadRegistry(join(ROOT, 'data/organizations.csv'));
    const eco = generateEcosystem({ seed: 3, size: 2000, tracked: registry.entries });
    const srv = await startHubServer(eco);
    try {
      const db = join(tmp, 'cron dir', 'hub.duckdb');
      const r = await cli(['observe', 'schedule', '--format', 'cron', '--time', '04:05', '--db', db, '--hub-url', srv.url, '--log', join(tmp, 'cron dir', 'sync.log')]);
      expect(r.code, r.stderr).toBe(0);
      const line = r.stdout.trim();
      expect(line.split('\n').length).toBe(1);
      const m = /^(\S+) (\S+) (\S+) (\S+) (\S+) (.+)$/.exec(line)!;
      expect(m.slice(1, 6)).toEqual(['5', '4', '*', '*', '*']);
      // cron runs the rest with /bin/sh, with a minimal environment (asynchronously here: the
      // stand-in answers from this process).
      const runAs = (date: string) =>
        new Promise<number | null>((res) => {
          const sh = spawn('/bin/sh', ['-c', m[6].replace(/\\%/g, '%')], { env: { PATH: '/usr/bin:/bin', HOME: tmp, MOMENTUM_SYNC_DATE: date }, stdio: 'ignore' });
          sh.on('close', (code) => res(code));
        });
      expect(m[6]).toContain('--since last');
      const status = await runAs('2026-06-15');
      let log = readFileSync(join(tmp, 'cron dir', 'sync.log'), 'utf8');
      expect(status, log).toBe(0);
      expect(log).toContain('no earlier completed sync, so a full listing');
      expect(log).toContain('synced 2026-06-15');
      // The next day's run lists only the derivatives new since the day before the last sync.
      expect(await runAs('2026-06-16')).toBe(0);
      log = readFileSync(join(tmp, 'cron dir', 'sync.log'), 'utf8');
      expect(log).toContain('derivatives created on or after 2026-06-14');
      expect(log).toContain('synced 2026-06-16');
      const s = await cli(['observe', 'schedule', '--format', 'systemd', '--time', '04:05', '--db', db, '--hub-url', srv.url, '--out', join(tmp, 'units')]);
      expect(s.code, s.stderr).toBe(0);
      const timer = readFileSync(join(tmp, 'units/momentum-observe.timer'), 'utf8');
      expect(timer).toContain('OnCalendar=*-*-* 04:05:00 UTC');
      expect(timer).toContain('Persistent=true');
      const service = readFileSync(join(tmp, 'units/momentum-observe.service'), 'utf8');
      expect(service).toMatch(/^ExecStart=.*bin\/momentum\.js observe sync --db ".*cron dir\/hub\.duckdb" /m);
      expect(service).toContain('Type=oneshot');
      const bad = await cli(['observe', 'schedule', '--time', '25:00']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--time');
    } finally {
      await srv.close();
    }
  });
});

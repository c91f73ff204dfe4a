/**
 * The observatory as a time series: three dated snapshots give, by month and by day, the same
 * metrics as an independent computation from the generator's ground truth (period downloads as
 * differences of all-time downloads, gaps as gaps); relative adoption follows ATOM's
 * definition on a hand-computed example; ISO weeks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubClient } from '../../src/observatory/hub-fetch.js';
import { computeMetrics, isoWeek, periodStart, periodsBetween } from '../../src/observatory/metrics.js';
import { toModelRecord } from '../../src/observatory/model-record.js';
import { loadRegistry } from '../../src/observatory/registry.js';
import { Store } from '../../src/observatory/store.js';
import { runSync } from '../../src/observatory/sync.js';
import { CREATED_AT_UNKNOWN_SENTINEL } from '../../src/observatory/hub-api.js';
import { expectedSeries, type SyncSpec } from './expected-metrics.js';
import { generateEcosystem } from './hub-ecosystem.js';
import { startHubServer } from './hub-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const registry = loadRegistry(join(ROOT, 'data/organizations.csv'));
let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'momentum-series-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

function compare(got: { metric: string; date: string; group: string; value: number }[], want: Map<string, number>) {
  const g = new Map(got.map((r) => [`${r.metric}|${r.date}|${r.group}`, r.value]));
  expect([...want.keys()].filter((k) => !g.has(k))).toEqual([]);
  expect([...g.keys()].filter((k) => !want.has(k))).toEqual([]);
  expect([...want].filter(([k, v]) => !close(v, g.get(k)!)).map(([k, v]) => `${k}: want ${v} got ${g.get(k)}`)).toEqual([]);
}

describe('a three-snapshot time series', () => {
  it('gives the same daily and monthly metrics as an independent computation, with gaps left as gaps', async () => {
    const eco = generateEcosystem({ seed: 11, size: 4000, tracked: registry.entries, asOf: '2026-06-15' });
    const srv = await startHubServer(eco);
    const db = join(tmp, 'series.duckdb');
    const syncs: SyncSpec[] = [
      { date: '2026-05-20', variant: 0 },
      { date: '2026-06-14', variant: 1 },
      { date: '2026-06-15', variant: 2 },
    ];
    const store = await Store.open(db);
    try {
      for (const s of syncs) {
        srv.setAsOf(s.date);
        srv.setVariant(s.variant);
        await runSync(store, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date: s.date, since: null, pageSize: 300 });
      }
      const monthly = await computeMetrics(store, { period: 'month' });
      compare(monthly.rows, expectedSeries(eco, syncs, 'month'));
      expect(monthly.gaps).toEqual([]);
      expect(monthly.rows.filter((r) => r.metric === 'period_downloads').map((r) => r.date)).toContain('2026-06');
      const daily = await computeMetrics(store, { period: 'day' });
      compare(daily.rows, expectedSeries(eco, syncs, 'day'));
      // 2026-05-21 … 2026-06-13 have no sync: gaps, with no snapshot metric and snapshots = 0.
      expect(daily.gaps.length).toBe(24);
      expect(daily.rows.find((r) => r.metric === 'snapshots' && r.date === '2026-06-01')?.value).toBe(0);
      expect(daily.rows.some((r) => r.date === '2026-06-01' && r.metric === 'download_share')).toBe(false);
      // Period downloads only where the previous day has a sync: 2026-06-15 (against 06-14), not 06-14 (against a gap).
      expect([...new Set(daily.rows.filter((r) => r.metric === 'period_downloads').map((r) => r.date))]).toEqual(['2026-06-15']);
      const weekly = await computeMetrics(store, { period: 'week' });
      expect(weekly.rows.filter((r) => r.metric === 'snapshots').map((r) => `${r.date}:${r.value}`)).toEqual(['2026-W21:1', '2026-W22:0', '2026-W23:0', '2026-W24:1', '2026-W25:1']);
    } finally {
      store.close();
      await srv.close();
    }
  });

  it('names ISO weeks and their Mondays correctly across year ends', () => {
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(periodStart('2025-W01', 'week')).toBe('2024-12-30');
    expect(periodStart('2020-W53', 'week')).toBe('2020-12-28');
    expect(periodsBetween('2026-01-30', '2026-02-02', 'day')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(periodsBetween('2025-12-31', '2026-02-01', 'month')).toEqual(['2025-12', '2026-01', '2026-02']);
  });
});

describe('relative adoption (ATOM\'s definition)', () => {
  it('matches a hand-computed example: day-level ages, the 10th-ranked model of the class at the same age, curated sizes and dates', async () => {
    const db = join(tmp, 'ram.duckdb');
    const store = await Store.open(db);
    const item = (name: string, createdAt: string, total: number, dla: number) => ({ id: `Qwen/${name}`, pipeline_tag: 'text-generation', createdAt, safetensors: { total }, downloads: 1, downloadsAllTime: dla, tags: [] });
    const snapshot = async (date: string, items: ReturnType<typeof item>[]) => {
      await store.beginFresh({ syncDate: date, hubUrl: 'http://hand', since: null, orgsHash: 'x', phase: 'orgs', cursor: null, pages: 0, records: 0 });
      await store.writeBatch(date, items.map((i) => toModelRecord(i, 'rest', registry)!), { org: 'Qwen' });
      await store.pruneAndFinish(date);
    };
    const day0 = '2026-01-01T10:00:00.000Z';
    // Sync 1 (2026-01-11): M1…M11 are 10 days old with 100·k downloads; M12's Hub size (685B)
    // is wrong, curated 7B; M13 was created on 12-22 but released on 01-01 (curated); M14 has
    // the createdAt sentinel (no age); M15 is 1-5B (alone in its class); M16 is 20 days old.
    const s1 = [...Array.from({ length: 11 }, (_, k) => item(`M${k + 1}`, day0, 7e9, 100 * (k + 1))), item('M12', day0, 685e9, 2400), item('M13', '2025-12-22T00:00:00.000Z', 7e9, 50), item('M14', CREATED_AT_UNKNOWN_SENTINEL, 7e9, 9999), item('M15', day0, 3e9, 777), item('M16', '2025-12-22T00:00:00.000Z', 7e9, 5000)];
    // Sync 2 (2026-01-21): everyone 10 days older, downloads doubled.
    const s2 = s1.map((i) => ({ ...i, downloadsAllTime: 2 * i.downloadsAllTime }));
    await snapshot('2026-01-11', s1);
    await snapshot('2026-01-21', s2);
    const facts = [
      { id: 'Qwen/M12', parameters: 7e9, releaseDate: null, source: 'hand example' },
      { id: 'Qwen/M13', parameters: null, releaseDate: '2026-01-01', source: 'hand example' },
    ];
    const m = await computeMetrics(store, { period: 'day', facts });
    store.close();
    const ram = new Map(m.rows.filter((r) => r.metric === 'relative_adoption').map((r) => [`${r.date} ${r.group}`, r.value]));
    // Age 10, class 5-10B: M1…M11 (100…1100), M12 (2400), M13 (50): 13 values, 10th largest 300.
    // Age 20, class 5-10B: sync 2's M1…M11 (200…2200), M12 (4800), M13 (100) and sync 1's M16
    // (5000): 14 values, 10th largest 800. M16 at age 30 and M15 are alone: undefined.
    const want = new Map<string, number>();
    for (let k = 1; k <= 11; k++) {
      want.set(`2026-01-11 Qwen/M${k}`, (100 * k) / 300);
      want.set(`2026-01-21 Qwen/M${k}`, (200 * k) / 800);
    }
    want.set('2026-01-11 Qwen/M12', 2400 / 300);
    want.set('2026-01-11 Qwen/M13', 50 / 300);
    want.set('2026-01-11 Qwen/M16', 5000 / 800);
    want.set('2026-01-21 Qwen/M12', 4800 / 800);
    want.set('2026-01-21 Qwen/M13', 100 / 800);
    expect([...ram.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, v] of want) expect(ram.get(k), k).toBeCloseTo(v, 12);
    const med = new Map(m.rows.filter((r) => r.metric === 'relative_adoption_median').map((r) => [`${r.date} ${r.group}`, r.value]));
    expect(med.get('2026-01-11 CN')).toBeCloseTo(13 / 6, 12);
    expect(med.get('2026-01-21 CN')).toBeCloseTo(1.5, 12);
    // Without the curated facts M12 falls in 250B+ and M13 is 20 days old at sync 1: other values.
    const bare = await Store.open(db);
    const m0 = await computeMetrics(bare, { period: 'day' });
    bare.close();
    expect(m0.rows.find((r) => r.metric === 'relative_adoption' && r.group === 'Qwen/M12')).toBeUndefined();
    expect(m0.rows.find((r) => r.metric === 'relative_adoption' && r.date === '2026-01-11' && r.group === 'Qwen/M1')?.value).toBeCloseTo(100 / 200, 12);
  });
});

describe('an observatory store of layout 2', () => {
  it('is migrated on open: the createdAt sentinel becomes an unknown date and roots are filled in', async () => {
    const eco = generateEcosystem({ seed: 4, size: 1500, tracked: registry.entries, asOf: '2026-06-15' });
    const srv = await startHubServer(eco);
    const db = join(tmp, 'layout2.duckdb');
    let store = await Store.open(db);
    await runSync(store, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date: '2026-06-15', since: null, pageSize: 500 });
    await srv.close();
    const want = await store.query(`SELECT id, root_id, created_at::VARCHAR AS c, created_before::VARCHAR AS b FROM models ORDER BY id`);
    expect(want.some((r) => r.b === '2022-03-02')).toBe(true);
    // Back to layout 2: the sentinel stored as a creation day, no created_before or root_id.
    await store.conn.run(`UPDATE models SET created_at = created_before WHERE created_before IS NOT NULL`);
    await store.conn.run(`ALTER TABLE models DROP COLUMN created_before; ALTER TABLE models DROP COLUMN root_id; ALTER TABLE pending_models DROP COLUMN created_before`);
    await store.conn.run(`UPDATE meta SET value = '2' WHERE key = 'schema_version'`);
    store.close();
    store = await Store.open(db);
    const got = await store.query(`SELECT id, root_id, created_at::VARCHAR AS c, created_before::VARCHAR AS b FROM models ORDER BY id`);
    const version = await store.query(`SELECT value FROM meta WHERE key = 'schema_version'`);
    store.close();
    expect(got).toEqual(want);
    expect(version[0].value).toBe('3');
  });
});

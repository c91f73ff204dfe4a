/**
 * The store's `series` is a view over numbers (`series_values`) with the columns of the
 * long format; stores written when `series` was a table of strings are migrated on open.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ResultsStore } from '../../src/ensemble/results-store.js';

const dir = mkdtempSync(join(tmpdir(), 'momentum-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('results store layout', () => {
  it('migrates a store whose series is a table of strings, keeping every row', async () => {
    const file = join(dir, 'legacy.duckdb');
    const rows: [number, string, string, string, number][] = [
      [1, '2023-01', 'usage_share', 'CN', 0.25],
      [1, '2023-02', 'usage_share', 'CN', 0.26],
      [1, '2023-03', 'open_share', 'all', 0.4],
      [2, '2023-01', 'usage_share', 'CN', 0.3],
    ];
    {
      const inst = await DuckDBInstance.create(file);
      const c = await inst.connect();
      await c.run(`CREATE TABLE ensemble (key VARCHAR PRIMARY KEY, value VARCHAR)`);
      await c.run(`INSERT INTO ensemble VALUES ('id', 'e1'), ('spec', '{"from":"2023-01","to":"2023-03","runs":2}'), ('model_version', 'x')`);
      await c.run(`CREATE TABLE series (run_id INTEGER NOT NULL, date VARCHAR NOT NULL, metric VARCHAR NOT NULL, "group" VARCHAR NOT NULL, value DOUBLE NOT NULL)`);
      await c.run(`CREATE TABLE series_keys (ord INTEGER NOT NULL, metric VARCHAR NOT NULL, "group" VARCHAR NOT NULL)`);
      await c.run(`INSERT INTO series_keys VALUES (0, 'usage_share', 'CN'), (1, 'open_share', 'all')`);
      for (const r of rows) await c.run(`INSERT INTO series VALUES (${r[0]}, '${r[1]}', '${r[2]}', '${r[3]}', ${r[4]})`);
      c.closeSync();
      inst.closeSync();
    }
    const store = await ResultsStore.open(file);
    try {
      const got = await store.query(`SELECT run_id, date, metric, "group", value FROM series ORDER BY run_id, date, metric`);
      expect(got).toEqual(rows);
      expect(await store.query(`SELECT table_type FROM information_schema.tables WHERE table_name = 'series'`)).toEqual([['VIEW']]);
      expect(await store.query(`SELECT count(*)::INTEGER FROM series_values`)).toEqual([[rows.length]]);
    } finally {
      await store.close();
    }
  });

  it('exposes series with the long format\'s columns, in order', async () => {
    const store = await ResultsStore.open(join(dir, 'fresh.duckdb'));
    try {
      const cols = await store.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'series' ORDER BY ordinal_position`);
      expect(cols.map((r) => r[0])).toEqual(['run_id', 'date', 'metric', 'group', 'value']);
    } finally {
      await store.close();
    }
  });
});

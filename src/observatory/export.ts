/**
 * `momentum observe export`: the store's tables and the metrics as Parquet, CSV or a DuckDB
 * file, written by DuckDB itself (COPY … TO). Files land in a temporary sibling folder first
 * and are renamed into place, so a failure never leaves a partial export.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { metricsToCsv, type MetricRow } from './metrics.js';
import type { Store } from './store.js';

/** Export formats. */
export const EXPORT_FORMATS = ['parquet', 'csv', 'duckdb'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Tables exported (data only: checkpoints and pending batches stay behind). */
export const EXPORTED_TABLES = {
  models: 'SELECT * FROM models ORDER BY id',
  snapshots: 'SELECT * FROM snapshots WHERE sync_date IN (SELECT sync_date FROM sync_state WHERE phase = \'done\') ORDER BY sync_date, id',
  lineage: 'SELECT * FROM lineage ORDER BY child, position',
  syncs: 'SELECT sync_date, hub_url, since, started_at, finished_at FROM sync_state WHERE phase = \'done\' ORDER BY sync_date',
} as const;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * Writes models, snapshots, lineage, syncs and metrics into `outDir` (replaced whole).
 * @returns the files written (names inside `outDir`)
 */
export async function exportStore(store: Store, metrics: readonly MetricRow[], format: ExportFormat, outDir: string): Promise<string[]> {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  const files: string[] = [];
  try {
    const metricsCsv = join(tmp, '.metrics-staging.csv');
    writeFileSync(metricsCsv, metricsToCsv(metrics));
    await store.conn.run(`CREATE OR REPLACE TEMP TABLE metrics_out AS SELECT * FROM read_csv(${sqlString(metricsCsv)}, header = true, auto_detect = false, columns = {'date': 'VARCHAR', 'metric': 'VARCHAR', 'group': 'VARCHAR', 'value': 'DOUBLE'})`);
    rmSync(metricsCsv);
    const queries: [string, string][] = [...Object.entries(EXPORTED_TABLES), ['metrics', 'SELECT * FROM metrics_out']];
    if (format === 'duckdb') {
      const file = join(tmp, 'observatory.duckdb');
      await store.conn.run(`ATTACH ${sqlString(file)} AS export_db`);
      try {
        for (const [name, q] of queries) await store.conn.run(`CREATE TABLE export_db.${name} AS ${q}`);
      } finally {
        await store.conn.run('DETACH export_db');
      }
      files.push('observatory.duckdb');
    } else {
      for (const [name, q] of queries) {
        const file = `${name}.${format}`;
        await store.conn.run(`COPY (${q}) TO ${sqlString(join(tmp, file))} (${format === 'parquet' ? 'FORMAT parquet, COMPRESSION zstd' : 'FORMAT csv, HEADER true'})`);
        files.push(file);
      }
    }
    await store.conn.run('DROP TABLE IF EXISTS metrics_out');
    const old = `${tmp}.old`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    if (existsSync(old)) rmSync(old, { recursive: true, force: true });
    return files;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Reads an observatory database's data tables as sorted text lines, for equality checks. */
import { DuckDBInstance } from '@duckdb/node-api';

/** models, snapshots and lineage rows, each table sorted, as JSON lines. */
export async function dumpTables(file: string): Promise<Record<'models' | 'snapshots' | 'lineage', string[]>> {
  const inst = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const conn = await inst.connect();
  const out = {} as Record<'models' | 'snapshots' | 'lineage', string[]>;
  for (const t of ['models', 'snapshots', 'lineage'] as const) {
    const r = await conn.runAndReadAll(`SELECT * FROM ${t}`);
    out[t] = r
      .getRowsJson()
      .map((row) => JSON.stringify(row))
      .sort();
  }
  conn.closeSync();
  inst.closeSync();
  return out;
}

/**
 * The observatory's DuckDB store.
 *
 * - `models`: one row per repository (the latest description seen);
 * - `snapshots`: one row per model per sync date (append-only across dates; a sync on the
 *   same date replaces that date's rows and nothing else);
 * - `lineage`: child, parent, relation (position = order of the declared bases);
 * - `sync_state`, `sync_orgs`: checkpoints that let an interrupted sync resume.
 *
 * During a sync, rows arrive in batches into `pending_models` / `pending_lineage`, each batch
 * in one transaction together with its checkpoint, so a crash loses nothing already committed.
 * When the listing is complete they are merged into the tables and pruned in one transaction.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { ModelRecord } from './model-record.js';
import { CREATED_AT_UNKNOWN_BEFORE } from './hub-api.js';

/** Version of the table layout (stored in `meta`). */
export const STORE_SCHEMA_VERSION = 3;

/** Additions since version 1, applied to older files on open (idempotent). */
const MIGRATIONS = `
ALTER TABLE models ADD COLUMN IF NOT EXISTS base_model VARCHAR;
ALTER TABLE models ADD COLUMN IF NOT EXISTS root_bloc VARCHAR;
ALTER TABLE pending_models ADD COLUMN IF NOT EXISTS base_model VARCHAR;
ALTER TABLE models ADD COLUMN IF NOT EXISTS created_before DATE;
ALTER TABLE models ADD COLUMN IF NOT EXISTS root_id VARCHAR;
ALTER TABLE pending_models ADD COLUMN IF NOT EXISTS created_before DATE;
`;

const MODEL_COLUMNS = `id VARCHAR NOT NULL, namespace VARCHAR NOT NULL, organisation VARCHAR, bloc VARCHAR,
  created_at DATE, parameters BIGINT, license VARCHAR, pipeline_tag VARCHAR, library_name VARCHAR,
  mainline BOOLEAN NOT NULL, exclusion VARCHAR, is_derivative BOOLEAN NOT NULL, relation VARCHAR,
  children_count BIGINT, base_model VARCHAR`;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key VARCHAR, value VARCHAR);
CREATE TABLE IF NOT EXISTS models (${MODEL_COLUMNS}, root_bloc VARCHAR, created_before DATE, root_id VARCHAR);
CREATE TABLE IF NOT EXISTS snapshots (
  sync_date DATE NOT NULL, id VARCHAR NOT NULL, downloads BIGINT NOT NULL, downloads_all_time BIGINT, likes BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS lineage (child VARCHAR NOT NULL, parent VARCHAR NOT NULL, relation VARCHAR NOT NULL, position INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS sync_state (
  sync_date DATE NOT NULL, hub_url VARCHAR NOT NULL, since VARCHAR, orgs_hash VARCHAR NOT NULL,
  phase VARCHAR NOT NULL, cursor VARCHAR, pages BIGINT NOT NULL, records BIGINT NOT NULL,
  started_at TIMESTAMP, finished_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS sync_orgs (sync_date DATE NOT NULL, namespace VARCHAR NOT NULL, models BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_models (sync_date DATE NOT NULL, seq BIGINT NOT NULL, ${MODEL_COLUMNS},
  downloads BIGINT NOT NULL, downloads_all_time BIGINT, likes BIGINT NOT NULL, created_before DATE);
CREATE TABLE IF NOT EXISTS pending_lineage (sync_date DATE NOT NULL, seq BIGINT NOT NULL, child VARCHAR NOT NULL, parent VARCHAR NOT NULL, relation VARCHAR NOT NULL, position INTEGER NOT NULL);
`;

const PENDING_MODEL_CSV_COLUMNS = `{'sync_date': 'DATE', 'seq': 'BIGINT', 'id': 'VARCHAR', 'namespace': 'VARCHAR', 'organisation': 'VARCHAR', 'bloc': 'VARCHAR',
  'created_at': 'DATE', 'parameters': 'BIGINT', 'license': 'VARCHAR', 'pipeline_tag': 'VARCHAR', 'library_name': 'VARCHAR',
  'mainline': 'BOOLEAN', 'exclusion': 'VARCHAR', 'is_derivative': 'BOOLEAN', 'relation': 'VARCHAR', 'children_count': 'BIGINT',
  'base_model': 'VARCHAR', 'downloads': 'BIGINT', 'downloads_all_time': 'BIGINT', 'likes': 'BIGINT', 'created_before': 'DATE'}`;
const PENDING_LINEAGE_CSV_COLUMNS = `{'sync_date': 'DATE', 'seq': 'BIGINT', 'child': 'VARCHAR', 'parent': 'VARCHAR', 'relation': 'VARCHAR', 'position': 'INTEGER'}`;
const CSV_OPTIONS = `header = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, auto_detect = false, parallel = false`;

/** A CSV string field (always quoted, so an empty string is not NULL). */
function q(s: string): string {
  return s.includes('"') ? `"${s.replace(/"/g, '""')}"` : `"${s}"`;
}
function qn(s: string | null): string {
  return s === null ? '' : q(s);
}
function nn(v: number | null): string {
  return v === null ? '' : String(v);
}
function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Checkpoint of a sync date. */
export interface SyncState {
  syncDate: string;
  hubUrl: string;
  since: string | null;
  orgsHash: string;
  phase: 'orgs' | 'derivatives' | 'prune' | 'done';
  cursor: string | null;
  pages: number;
  records: number;
}

/** Converts DuckDB values (BigInt counts, dates) to plain JS numbers and strings. */
export function plain(v: DuckDBValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v === null || typeof v !== 'object') return v;
  return String(v);
}

/**
 * Test hooks: called with the 1-based number of the store transaction about to commit (or just
 * committed). The CLI wires them to MOMENTUM_TEST_KILL_BEFORE_COMMIT / _AFTER_COMMIT so a test
 * can kill -9 a sync at a known point.
 */
export interface StoreHooks {
  beforeCommit?: (n: number, label: string) => void;
  afterCommit?: (n: number, label: string) => void;
}

/** An open store. Close it with {@link Store.close}. */
export class Store {
  /** Transactions committed through this handle. */
  commits = 0;
  hooks: StoreHooks = {};
  private txChain: Promise<void> = Promise.resolve();
  private batchChain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    readonly conn: DuckDBConnection,
    readonly file: string,
  ) {}

  /** Opens (creating if needed) the database file and its tables. */
  static async open(file: string): Promise<Store> {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    try {
      // A store already at this version is opened without writing anything (reading the
      // metrics of a store leaves its bytes as they were).
      const v = await conn.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`).catch(() => null);
      const before = v === null ? null : Number(v.getRows()[0]?.[0] ?? 0);
      if (before !== STORE_SCHEMA_VERSION) {
        await conn.run(SCHEMA);
        await conn.run(MIGRATIONS);
        const store = new Store(instance, conn, path);
        if (before !== null && before < 3) {
          // Version 2 stored the "before March 2022" sentinel as a creation day, and had no root_id.
          await conn.run(`UPDATE models SET created_before = created_at, created_at = NULL WHERE created_at = DATE '${CREATED_AT_UNKNOWN_BEFORE}'`);
          await store.refreshRootBlocs();
        }
        await conn.run(`DELETE FROM meta WHERE key = 'schema_version'; INSERT INTO meta VALUES ('schema_version', '${STORE_SCHEMA_VERSION}')`);
        return store;
      }
    } catch (e) {
      conn.closeSync();
      instance.closeSync();
      throw e;
    }
    return new Store(instance, conn, path);
  }

  /** Runs a query and returns its rows as plain objects (BigInt → number, dates → strings). */
  async query(sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown>[]> {
    const r = await this.conn.runAndReadAll(sql, params);
    const names = r.columnNames();
    return r.getRows().map((row) => Object.fromEntries(row.map((v, k) => [names[k], plain(v)])));
  }

  /**
   * Runs a query and returns its columns (name → values, converted like {@link query}): much
   * cheaper than row objects for results of hundreds of thousands of rows.
   */
  async queryColumns(sql: string, params?: DuckDBValue[]): Promise<Record<string, unknown[]>> {
    const r = await this.conn.runAndReadAll(sql, params);
    const names = r.columnNames();
    const cols = r.getColumns();
    return Object.fromEntries(names.map((n, k) => [n, (cols[k] ?? []).map((v) => (typeof v === 'string' || typeof v === 'number' ? v : plain(v)))]));
  }

  /** The checkpoint of `date`, if any. */
  async state(date: string): Promise<SyncState | null> {
    const rows = await this.query(`SELECT * FROM sync_state WHERE sync_date = ?::DATE`, [date]);
    if (rows.length === 0) return null;
    const r = rows[0];
    return { syncDate: date, hubUrl: String(r.hub_url), since: (r.since as string | null) ?? null, orgsHash: String(r.orgs_hash), phase: r.phase as SyncState['phase'], cursor: (r.cursor as string | null) ?? null, pages: Number(r.pages), records: Number(r.records) };
  }

  /**
   * Starts a fresh sync of `date`: deletes that date's checkpoints and pending rows (and nothing
   * else), in one transaction. A snapshot already stored for the date stays until the new one
   * replaces it in the final merge, so a rerun that fails loses no data (the date counts as a
   * completed sync again once the rerun completes).
   */
  async beginFresh(s: SyncState): Promise<void> {
    await this.tx(async () => {
      await this.conn.run(`DELETE FROM sync_orgs WHERE sync_date = ?::DATE`, [s.syncDate]);
      await this.conn.run(`DELETE FROM pending_models WHERE sync_date = ?::DATE`, [s.syncDate]);
      await this.conn.run(`DELETE FROM pending_lineage WHERE sync_date = ?::DATE`, [s.syncDate]);
      await this.conn.run(`DELETE FROM sync_state WHERE sync_date = ?::DATE`, [s.syncDate]);
      await this.conn.run(`INSERT INTO sync_state VALUES (?::DATE, ?, ?, ?, ?, ?, 0, 0, now()::TIMESTAMP, NULL)`, [s.syncDate, s.hubUrl, s.since, s.orgsHash, s.phase, s.cursor]);
    });
  }

  /** Namespaces already synced on `date`. */
  async orgsDone(date: string): Promise<Set<string>> {
    const rows = await this.query(`SELECT namespace FROM sync_orgs WHERE sync_date = ?::DATE`, [date]);
    return new Set(rows.map((r) => String(r.namespace)));
  }

  /**
   * Runs `fn` in one transaction. Transactions are serialised (one connection; concurrent
   * organisation downloads queue their writes here).
   */
  private tx(fn: () => Promise<void>, label = 'batch'): Promise<void> {
    const run = this.txChain.then(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        await fn();
        this.commits++;
        this.hooks.beforeCommit?.(this.commits, label);
        await this.conn.run('COMMIT');
      } catch (e) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw e;
      }
      this.hooks.afterCommit?.(this.commits, label);
    });
    this.txChain = run.catch(() => undefined);
    return run;
  }

  /**
   * Appends a batch of records for `date` to the pending tables and advances the checkpoint,
   * in one transaction. The batch goes through a CSV file read by DuckDB (much faster than
   * row-by-row appends); the file is removed afterwards.
   * @param checkpoint `{org}` marks an organisation done; `{phase, cursor, pages}` moves the cursor
   */
  writeBatch(date: string, recs: readonly ModelRecord[], checkpoint: { org: string } | { phase: SyncState['phase']; cursor: string | null; pages: number }): Promise<void> {
    // Serialised: the sequence numbers and the staging files belong to one batch at a time.
    const run = this.batchChain.then(() => this.writeBatchNow(date, recs, checkpoint));
    this.batchChain = run.catch(() => undefined);
    return run;
  }

  private async writeBatchNow(date: string, recs: readonly ModelRecord[], checkpoint: { org: string } | { phase: SyncState['phase']; cursor: string | null; pages: number }): Promise<void> {
    const seq0 = Number((await this.query(`SELECT records FROM sync_state WHERE sync_date = ?::DATE`, [date]))[0]?.records ?? 0);
    const modelsCsv = `${this.file}.pending-models-${process.pid}.csv`;
    const lineageCsv = `${this.file}.pending-lineage-${process.pid}.csv`;
    let nLineage = 0;
    if (recs.length > 0) {
      const m: string[] = [];
      const l: string[] = [];
      for (let k = 0; k < recs.length; k++) {
        const r = recs[k];
        const seq = seq0 + k;
        m.push(
          `${date},${seq},${q(r.id)},${q(r.namespace)},${qn(r.organisation)},${qn(r.bloc)},${r.createdAt ?? ''},${nn(r.parameters)},${qn(r.license)},${qn(r.pipelineTag)},${qn(r.libraryName)},${r.mainline},${qn(r.exclusion)},${r.derivative},${qn(r.relation)},${nn(r.childrenCount)},${r.parents.length > 0 ? q(r.parents[0].id) : ''},${r.downloads},${nn(r.downloadsAllTime)},${r.likes},${r.createdBefore ?? ''}\n`,
        );
        for (let j = 0; j < r.parents.length; j++) l.push(`${date},${seq},${q(r.id)},${q(r.parents[j].id)},${q(r.parents[j].relation)},${j}\n`);
      }
      nLineage = l.length;
      writeFileSync(modelsCsv, m.join(''));
      if (nLineage > 0) writeFileSync(lineageCsv, l.join(''));
    }
    try {
      await this.tx(async () => {
        if (recs.length > 0) {
          await this.conn.run(`INSERT INTO pending_models BY NAME SELECT * FROM read_csv(${sqlString(modelsCsv)}, ${CSV_OPTIONS}, columns = ${PENDING_MODEL_CSV_COLUMNS})`);
          if (nLineage > 0) await this.conn.run(`INSERT INTO pending_lineage BY NAME SELECT * FROM read_csv(${sqlString(lineageCsv)}, ${CSV_OPTIONS}, columns = ${PENDING_LINEAGE_CSV_COLUMNS})`);
        }
        if ('org' in checkpoint) {
          await this.conn.run(`INSERT INTO sync_orgs VALUES (?::DATE, ?, ?)`, [date, checkpoint.org, recs.length]);
          await this.conn.run(`UPDATE sync_state SET records = records + ? WHERE sync_date = ?::DATE`, [recs.length, date]);
        } else {
          await this.conn.run(`UPDATE sync_state SET phase = ?, cursor = ?, pages = ?, records = records + ? WHERE sync_date = ?::DATE`, [checkpoint.phase, checkpoint.cursor, checkpoint.pages, recs.length, date]);
        }
      });
    } finally {
      rmSync(modelsCsv, { force: true });
      rmSync(lineageCsv, { force: true });
    }
  }

  /** Moves the checkpoint to `phase` (no data). */
  async setPhase(date: string, phase: SyncState['phase'], cursor: string | null): Promise<void> {
    await this.tx(async () => {
      await this.conn.run(`UPDATE sync_state SET phase = ?, cursor = ? WHERE sync_date = ?::DATE`, [phase, cursor, date]);
    });
  }

  /** Completed sync dates, oldest first. */
  async completedSyncDates(): Promise<string[]> {
    return (await this.query(`SELECT sync_date::VARCHAR AS d FROM sync_state WHERE phase = 'done' ORDER BY sync_date`)).map((r) => String(r.d));
  }

  /**
   * Keeps only what the observatory tracks: models of tracked organisations and models that
   * descend (through any chain of declared bases) from one. Today's snapshot rows of the
   * others are deleted; their model and lineage rows go too unless an earlier date's snapshot
   * still refers to them. Then refreshes `root_bloc` and marks the sync done. One transaction.
   * @returns number of models dropped from today's snapshot
   */
  async pruneAndFinish(date: string): Promise<number> {
    let dropped = 0;
    await this.tx(async () => {
      // Merge the date's pending rows (the last copy of a model listed twice wins).
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE chosen AS
        SELECT * FROM pending_models WHERE sync_date = ?::DATE
        QUALIFY row_number() OVER (PARTITION BY id ORDER BY seq DESC) = 1`, [date]);
      await this.conn.run(`DELETE FROM models WHERE id IN (SELECT id FROM chosen)`);
      await this.conn.run(`INSERT INTO models SELECT id, namespace, organisation, bloc, created_at, parameters, license, pipeline_tag, library_name, mainline, exclusion, is_derivative, relation, children_count, base_model, NULL, created_before, NULL FROM chosen`);
      await this.conn.run(`DELETE FROM lineage WHERE child IN (SELECT id FROM chosen)`);
      await this.conn.run(`INSERT INTO lineage SELECT l.child, l.parent, l.relation, l.position FROM pending_lineage l JOIN chosen c ON c.seq = l.seq AND c.id = l.child WHERE l.sync_date = ?::DATE`, [date]);
      await this.conn.run(`DELETE FROM snapshots WHERE sync_date = ?::DATE`, [date]);
      await this.conn.run(`INSERT INTO snapshots SELECT sync_date, id, downloads, downloads_all_time, likes FROM chosen`);
      await this.conn.run(`DELETE FROM pending_models WHERE sync_date = ?::DATE`, [date]);
      await this.conn.run(`DELETE FROM pending_lineage WHERE sync_date = ?::DATE`, [date]);
      await this.conn.run(`DROP TABLE chosen`);
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE keep AS
        WITH RECURSIVE reach(id) AS (
          SELECT id FROM models WHERE organisation IS NOT NULL
          UNION
          SELECT l.child FROM lineage l JOIN reach r ON l.parent = r.id
        ) SELECT id FROM reach`);
      const n = await this.query(`SELECT count(*) AS n FROM snapshots WHERE sync_date = ?::DATE AND id NOT IN (SELECT id FROM keep)`, [date]);
      dropped = Number(n[0].n);
      await this.conn.run(`DELETE FROM snapshots WHERE sync_date = ?::DATE AND id NOT IN (SELECT id FROM keep)`, [date]);
      await this.conn.run(`CREATE OR REPLACE TEMP TABLE gone AS SELECT id FROM models WHERE id NOT IN (SELECT id FROM keep) AND id NOT IN (SELECT DISTINCT id FROM snapshots)`);
      await this.conn.run(`DELETE FROM lineage WHERE child IN (SELECT id FROM gone)`);
      await this.conn.run(`DELETE FROM models WHERE id IN (SELECT id FROM gone)`);
      await this.conn.run(`DROP TABLE keep; DROP TABLE gone`);
      await this.refreshRootBlocs();
      await this.conn.run(`UPDATE sync_state SET phase = 'done', cursor = NULL, finished_at = now()::TIMESTAMP WHERE sync_date = ?::DATE`, [date]);
    }, 'prune');
    return dropped;
  }

  /**
   * Sets `models.root_id` and `models.root_bloc`: the first tracked ancestor, following
   * first-listed bases (`base_model`), and its bloc. Computed top-down from every tracked model;
   * propagation continues only through untracked models, so each model is reached once through
   * its unique first base. Only rows whose values change are updated.
   */
  async refreshRootBlocs(): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TEMP TABLE roots AS
      WITH RECURSIVE edges AS (
        SELECT base_model AS parent, id AS child, organisation IS NULL AS untracked FROM models WHERE base_model IS NOT NULL
      ), r(id, root, bloc, propagate, depth) AS (
        SELECT id, id, bloc, true, 0 FROM models WHERE organisation IS NOT NULL AND bloc IS NOT NULL
        UNION ALL
        SELECT e.child, r.root, r.bloc, e.untracked, r.depth + 1 FROM r JOIN edges e ON e.parent = r.id
        WHERE r.propagate AND r.depth < 64
      )
      SELECT id, arg_min(root, depth) AS root, arg_min(bloc, depth) AS bloc FROM r WHERE depth > 0 GROUP BY id`);
    await this.conn.run(`UPDATE models SET root_bloc = c.bloc, root_id = c.root FROM (
        SELECT m.id, r.bloc, r.root FROM models m LEFT JOIN roots r ON r.id = m.id
        WHERE m.root_bloc IS DISTINCT FROM r.bloc OR m.root_id IS DISTINCT FROM r.root
      ) c WHERE models.id = c.id`);
    await this.conn.run(`DROP TABLE roots`);
  }

  /** Latest completed sync date, or null. */
  async latestSyncDate(): Promise<string | null> {
    const r = await this.query(`SELECT max(sync_date)::VARCHAR AS d FROM sync_state WHERE phase = 'done'`);
    return (r[0]?.d as string | null) ?? null;
  }

  /** Closes the connection and the database. */
  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}

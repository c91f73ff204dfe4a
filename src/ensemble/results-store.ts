/**
 * The results store of an ensemble: one embedded DuckDB file.
 *
 * Tables:
 * - `ensemble` (key, value): the spec, its id and the model version, so `--resume` can check
 *   that it continues the same ensemble;
 * - `runs`: one row per planned run (run id, parameters JSON, seed, status, timings, worker,
 *   first-crossing months);
 * - `series` (run_id, date, metric, group, value): the long-format output of every finished
 *   run (undefined months are not stored). It is a view over `series_values` (run_id, t, k,
 *   value: numbers only, 16 bytes a row) joined with `series_dates` (t, date) and
 *   `series_keys`: query it like a table. Storing numbers instead of three strings per row
 *   cut the store's cost per run about threefold, which the workers' cores get back;
 * - `series_keys` (ord, metric, group): the model's display order of the series;
 * - `series_dates` (t, date): the ensemble's months.
 *
 * Exactly once: a run's series rows are written in the same transaction that marks the run
 * done, after deleting any rows a crashed earlier attempt could have left; results for a run
 * already done are ignored. Retries and duplicate deliveries therefore never duplicate rows.
 */
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DOUBLE, DuckDBDataChunk, DuckDBInstance, INTEGER, SMALLINT, type DuckDBConnection, type DuckDBVector } from '@duckdb/node-api';
import { canonicalJson, MODEL_VERSION, monthRange, ValidationError } from '../model/index.js';
import type { EnsembleSpec, RunTask } from './ensemble-plan.js';
import type { RunPayload } from './run-task.js';
import { isDiskFull } from '../shell/disk-full.js';

/** Where a run's result came from (written to `runs`). */
export interface RunOrigin {
  worker: string;
  attempt: number;
}

/** Counts of runs by status. */
export interface StoreCounts {
  planned: number;
  done: number;
  failed: number;
}

/** One row of bands.csv. */
export interface BandRow {
  date: string;
  metric: string;
  group: string;
  q: number[];
}

/** The quantile levels of bands.csv. */
export const BAND_LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95] as const;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS ensemble (key VARCHAR PRIMARY KEY, value VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS runs (
     run_id INTEGER PRIMARY KEY,
     params JSON NOT NULL,
     seed BIGINT NOT NULL,
     status VARCHAR NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     worker VARCHAR,
     run_ms DOUBLE,
     finished_at TIMESTAMP,
     cn_overtakes_us_downloads VARCHAR,
     cn_overtakes_us_derivatives VARCHAR,
     cn_overtakes_us_usage VARCHAR,
     error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS series_keys (ord INTEGER NOT NULL, metric VARCHAR NOT NULL, "group" VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS series_dates (t SMALLINT NOT NULL, date VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS series_values (run_id INTEGER NOT NULL, t SMALLINT NOT NULL, k SMALLINT NOT NULL, value DOUBLE NOT NULL)`,
];

/** Column types of `series_values` (run_id, t, k, value). */
const SERIES_VALUE_TYPES = [INTEGER, SMALLINT, SMALLINT, DOUBLE];

/** Writes the first `n` numbers of `from` into a chunk's vector. */
function writeVector(vector: DuckDBVector, from: Int32Array | Int16Array | Float64Array, n: number): void {
  for (let i = 0; i < n; i++) vector.setItem(i, from[i]);
  vector.flush();
}

/** The `series` view: the long format, as the earlier `series` table had it. */
const SERIES_VIEW = `CREATE VIEW IF NOT EXISTS series AS
  SELECT v.run_id, d.date, k.metric, k."group", v.value
    FROM series_values v JOIN series_dates d ON d.t = v.t JOIN series_keys k ON k.ord = v.k`;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** An open results store. */
export class ResultsStore {
  private keyOrder = new Map<string, number>();
  private dates: string[] = [];
  private batches = 0;
  /**
   * Test hook: called with the batch's number (1, 2, …) just before a batch of runs is
   * committed, its rows written but not yet durable (crash tests kill the process there).
   */
  readonly hooks: { beforeCommit?: (batch: number) => void } = {};

  private constructor(
    readonly file: string,
    /** True when this process created the file (it held nothing before). */
    readonly created: boolean,
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
  ) {}

  /**
   * Opens (creating if needed) the store at `file`. When creating it fails part-way (a full
   * disk leaves a header DuckDB can never open again, or a file without tables), the partial
   * file is removed before the error is passed on: a failed open never leaves a store behind.
   */
  static async open(file: string): Promise<ResultsStore> {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    const created = !existsSync(path) || statSync(path).size === 0;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path);
    } catch (e) {
      if (created) ResultsStore.removeFiles(path);
      if (isDiskFull(e)) throw e; // the coordinator names the disk
      const msg = (e as Error).message.split('\n')[0];
      throw new ValidationError('--db', [
        { path: '--db', expected: 'a DuckDB file that this process can open for writing', found: `${JSON.stringify(file)} (${msg})`, hint: /lock/i.test(msg) ? 'another momentum process is using this store' : undefined },
      ]);
    }
    let db: DuckDBConnection | undefined;
    try {
      db = await instance.connect();
      const store = new ResultsStore(path, created, instance, db);
      for (const s of SCHEMA) await db.run(s);
      // this connection's scratch for a batch of finished runs (temporary: never in the file)
      await db.run(`CREATE TEMP TABLE IF NOT EXISTS done_batch (run_id INTEGER, attempts INTEGER, worker VARCHAR, run_ms DOUBLE, downloads VARCHAR, derivatives VARCHAR, usage VARCHAR)`);
      await store.migrateSeriesTable();
      await db.run(SERIES_VIEW);
      return store;
    } catch (e) {
      closeQuietly(db, instance);
      if (created) ResultsStore.removeFiles(path);
      throw e;
    }
  }

  /** Deletes a store's files: the database, its write-ahead log and DuckDB's spill folder. */
  static removeFiles(path: string): void {
    for (const f of [path, `${path}.wal`, `${path}.tmp`]) rmSync(f, { recursive: true, force: true });
  }

  /**
   * Stores written before `series` became a view hold it as a table of strings: move its rows
   * into `series_values` (months and keys by their names) and replace it with the view.
   */
  private async migrateSeriesTable(): Promise<void> {
    const legacy = await this.db.runAndReadAll(`SELECT 1 FROM information_schema.tables WHERE table_name = 'series' AND table_type = 'BASE TABLE'`);
    if (legacy.currentRowCount === 0) return;
    const rec = await this.recordedSpec();
    await this.db.run('BEGIN TRANSACTION');
    try {
      await this.writeDates(rec ? monthRange(rec.spec.from, rec.spec.to) : []);
      await this.db.run(
        `INSERT INTO series_values SELECT s.run_id, d.t, k.ord, s.value
           FROM series s JOIN series_dates d ON d.date = s.date JOIN series_keys k ON k.metric = s.metric AND k."group" = s."group"`,
      );
      await this.db.run('DROP TABLE series');
      await this.db.run('COMMIT');
    } catch (e) {
      await this.rollback();
      throw e;
    }
  }

  /** Replaces `series_dates` with `dates` (t = position). */
  private async writeDates(dates: string[]): Promise<void> {
    await this.db.run('DELETE FROM series_dates');
    const app = await this.db.createAppender('series_dates');
    dates.forEach((d, t) => {
      app.appendSmallInt(t);
      app.appendVarchar(d);
      app.endRow();
    });
    app.flushSync();
    app.closeSync();
  }

  /** The ensemble recorded in the store, if any. */
  async recordedSpec(): Promise<{ id: string; spec: EnsembleSpec; modelVersion: string } | undefined> {
    const rows = (await this.db.runAndReadAll(`SELECT key, value FROM ensemble`)).getRowsJS() as [string, string][];
    const m = new Map(rows);
    if (!m.has('id') || !m.has('spec')) return undefined;
    return { id: m.get('id')!, spec: JSON.parse(m.get('spec')!) as EnsembleSpec, modelVersion: m.get('model_version') ?? '' };
  }

  /**
   * Prepares the store for an ensemble and returns the ids of runs already done.
   * Without `resume`, everything in the store is replaced, but only with `force` when it holds
   * another ensemble's finished runs. With `resume`, the store must hold the same ensemble
   * (same id); runs not done are run again.
   */
  async prepare(spec: EnsembleSpec, id: string, tasks: RunTask[], resume: boolean, force = false): Promise<Set<number>> {
    this.dates = monthRange(spec.from, spec.to);
    const rec = await this.recordedSpec();
    if (!resume && !force && rec && rec.id !== id) {
      const done = Number(((await this.db.runAndReadAll(`SELECT count(*) FROM runs WHERE status = 'done'`)).getRowsJS() as bigint[][])[0][0]);
      if (done > 0) {
        throw new ValidationError('--db', [
          {
            path: '--db',
            expected: "a store that holds no other ensemble's finished runs",
            found: `${this.file} holding ${done} finished runs of ensemble ${rec.id} (${describeDiff(rec.spec, spec, rec.modelVersion)})`,
            hint: 'use another --db, or --force to replace them',
          },
        ]);
      }
    }
    if (resume) {
      if (rec && rec.id !== id) {
        throw new ValidationError('--resume', [
          {
            path: '--resume',
            expected: `a store holding the same ensemble (same scenario, --runs, --seed, --mode, --agents, --sample, --vary, --posterior sample, --assumptions, horizon and model version)`,
            found: `${this.file} holding ensemble ${rec.id} (${describeDiff(rec.spec, spec, rec.modelVersion)})`,
            hint: 'run without --resume to start over, or use another --db',
          },
        ]);
      }
      if (rec) {
        await this.loadKeyOrder();
        const rows = (await this.db.runAndReadAll(`SELECT run_id FROM runs WHERE status = 'done'`)).getRowsJS() as [number][];
        return new Set(rows.map((r) => Number(r[0])));
      }
    }
    await this.db.run('BEGIN TRANSACTION');
    try {
      for (const t of ['series_values', 'runs', 'series_keys', 'ensemble']) await this.db.run(`DELETE FROM ${t}`);
      await this.writeDates(this.dates);
      const meta = await this.db.prepare(`INSERT INTO ensemble VALUES ($1, $2)`);
      for (const [k, v] of [
        ['id', id],
        ['spec', JSON.stringify(spec)],
        ['model_version', MODEL_VERSION],
        ['created_at', new Date().toISOString()],
      ]) {
        meta.bindVarchar(1, k);
        meta.bindVarchar(2, v);
        await meta.run();
      }
      const app = await this.db.createAppender('runs');
      for (const t of tasks) {
        app.appendInteger(t.runId);
        app.appendVarchar(canonicalJson(t.params));
        app.appendBigInt(BigInt(t.seed));
        app.appendVarchar('pending');
        app.appendInteger(0);
        for (let k = 0; k < 7; k++) app.appendNull();
        app.endRow();
      }
      app.flushSync();
      app.closeSync();
      await this.db.run('COMMIT');
    } catch (e) {
      await this.rollback();
      throw e;
    }
    this.keyOrder.clear();
    return new Set();
  }

  /**
   * Rolls back the open transaction, if any. A COMMIT that failed (e.g. on a full disk) has
   * already ended it, and DuckDB then answers ROLLBACK with "cannot rollback - no transaction
   * is active": that answer must not replace the error that matters.
   */
  private async rollback(): Promise<void> {
    try {
      await this.db.run('ROLLBACK');
    } catch {
      // no transaction left to roll back
    }
  }

  private async loadKeyOrder(): Promise<void> {
    const rows = (await this.db.runAndReadAll(`SELECT ord, metric, "group" FROM series_keys ORDER BY ord`)).getRowsJS() as [number, string, string][];
    this.keyOrder = new Map(rows.map(([o, m, g]) => [`${m}|${g}`, Number(o)]));
  }

  /**
   * Stores finished runs in one transaction (delete-then-insert of their series, then status
   * done). Payloads of runs already done, or repeated within the batch, are ignored. Returns
   * the run ids actually stored.
   */
  async storeRuns(batch: { payload: RunPayload; origin: RunOrigin }[]): Promise<number[]> {
    if (batch.length === 0) return [];
    const ids = [...new Set(batch.map((b) => b.payload.runId))];
    const doneRows = (await this.db.runAndReadAll(`SELECT run_id FROM runs WHERE status = 'done' AND run_id IN (${ids.join(',')})`)).getRowsJS() as [number][];
    const skip = new Set(doneRows.map((r) => Number(r[0])));
    const fresh: typeof batch = [];
    for (const b of batch) {
      if (skip.has(b.payload.runId)) continue;
      skip.add(b.payload.runId);
      fresh.push(b);
    }
    if (fresh.length === 0) return [];
    const T = this.dates.length;
    for (const { payload } of fresh) {
      if (payload.T !== T || payload.values.length !== payload.metrics.length * T) {
        throw new Error(`run ${payload.runId}: result has ${payload.T} months and ${payload.values.length} values; expected ${T} months per series`);
      }
    }
    const freshIds = fresh.map((b) => b.payload.runId);
    await this.db.run('BEGIN TRANSACTION');
    try {
      // series order: new keys get the next ordinal (first-seen order = the model's order)
      const newKeys: [number, string, string][] = [];
      for (const { payload } of fresh) {
        for (let s = 0; s < payload.metrics.length; s++) {
          const key = `${payload.metrics[s]}|${payload.groups[s]}`;
          if (!this.keyOrder.has(key)) {
            this.keyOrder.set(key, this.keyOrder.size);
            newKeys.push([this.keyOrder.size - 1, payload.metrics[s], payload.groups[s]]);
          }
        }
      }
      if (newKeys.length) {
        const ka = await this.db.createAppender('series_keys');
        for (const [o, m, g] of newKeys) {
          ka.appendInteger(o);
          ka.appendVarchar(m);
          ka.appendVarchar(g);
          ka.endRow();
        }
        ka.flushSync();
        ka.closeSync();
      }
      await this.db.run(`DELETE FROM series_values WHERE run_id IN (${freshIds.join(',')})`);
      await this.appendSeries(fresh.map((b) => b.payload));
      // the batch's run records go to a temporary table, then into `runs` by one UPDATE (one
      // prepared UPDATE per run cost about 4 ms of the coordinator's time per run)
      await this.db.run('DELETE FROM done_batch');
      const ba = await this.db.createAppender('done_batch');
      for (const { payload, origin } of fresh) {
        const ind = payload.indicators;
        ba.appendInteger(payload.runId);
        ba.appendInteger(origin.attempt);
        ba.appendVarchar(origin.worker);
        ba.appendDouble(payload.runMs);
        for (const v of [ind.cn_overtakes_us_downloads, ind.cn_overtakes_us_derivatives, ind.cn_overtakes_us_usage]) {
          if (v === null) ba.appendNull();
          else ba.appendVarchar(v);
        }
        ba.endRow();
      }
      ba.flushSync();
      ba.closeSync();
      await this.db.run(
        `UPDATE runs SET status = 'done', attempts = b.attempts, worker = b.worker, run_ms = b.run_ms, finished_at = now()::TIMESTAMP,
           cn_overtakes_us_downloads = b.downloads, cn_overtakes_us_derivatives = b.derivatives, cn_overtakes_us_usage = b.usage, error = NULL
         FROM done_batch b WHERE runs.run_id = b.run_id`,
      );
      this.hooks.beforeCommit?.(++this.batches);
      await this.db.run('COMMIT');
    } catch (e) {
      await this.rollback();
      // the in-memory key order may now hold keys that were rolled back: reload it (a
      // database DuckDB invalidated after an I/O error cannot be read; the error above stands)
      await this.loadKeyOrder().catch(() => undefined);
      throw e;
    }
    return freshIds;
  }

  /**
   * Appends the finite values of `payloads` to `series_values` as (run id, month index, series
   * ordinal, value), in columnar chunks: numbers only, a few milliseconds per run. Rows are
   * staged in typed arrays and written into each chunk's vectors directly: JS arrays of
   * values (and `setColumns`) cost about a third more here, and their element-kind changes
   * kept V8 re-optimising this function.
   */
  private async appendSeries(payloads: RunPayload[]): Promise<void> {
    const T = this.dates.length;
    const CHUNK = 2048; // DuckDB's vector size
    const runCol = new Int32Array(CHUNK);
    const tCol = new Int16Array(CHUNK);
    const kCol = new Int16Array(CHUNK);
    const vCol = new Float64Array(CHUNK);
    let n = 0;
    const app = await this.db.createAppender('series_values');
    const flush = () => {
      if (n === 0) return;
      const chunk = DuckDBDataChunk.create(SERIES_VALUE_TYPES, n);
      writeVector(chunk.getColumnVector(0), runCol, n);
      writeVector(chunk.getColumnVector(1), tCol, n);
      writeVector(chunk.getColumnVector(2), kCol, n);
      writeVector(chunk.getColumnVector(3), vCol, n);
      app.appendDataChunk(chunk);
      n = 0;
    };
    for (const { runId, metrics, groups, values } of payloads) {
      for (let s = 0; s < metrics.length; s++) {
        const k = this.keyOrder.get(`${metrics[s]}|${groups[s]}`)!;
        const off = s * T;
        for (let t = 0; t < T; t++) {
          const v = values[off + t];
          if (!Number.isFinite(v)) continue;
          runCol[n] = runId;
          tCol[n] = t;
          kCol[n] = k;
          vCol[n] = v;
          if (++n === CHUNK) flush();
        }
      }
    }
    flush();
    app.flushSync();
    app.closeSync();
  }

  /** Records a run that failed (it stays out of the results; `--resume` retries it). */
  async markFailed(runId: number, error: string, origin: RunOrigin): Promise<void> {
    const st = await this.db.prepare(`UPDATE runs SET status = 'failed', error = $2, worker = $3, attempts = $4 WHERE run_id = $1 AND status <> 'done'`);
    st.bindInteger(1, runId);
    st.bindVarchar(2, error.slice(0, 2000));
    st.bindVarchar(3, origin.worker);
    st.bindInteger(4, origin.attempt);
    await st.run();
  }

  /** Runs by status. */
  async counts(): Promise<StoreCounts> {
    const rows = (await this.db.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE status = 'done'), count(*) FILTER (WHERE status = 'failed') FROM runs`)).getRowsJS() as bigint[][];
    const [planned, done, failed] = rows[0].map(Number);
    return { planned, done, failed };
  }

  /** Runs a query and returns its rows as JS values (BigInt counts included). */
  async query(sql: string): Promise<unknown[][]> {
    return (await this.db.runAndReadAll(sql)).getRowsJS() as unknown[][];
  }

  /**
   * Quantile bands (linear interpolation between order statistics, DuckDB's
   * `quantile_cont`) per date, metric and group over the finished runs, ordered by date and
   * then by the model's series order.
   */
  async bands(): Promise<BandRow[]> {
    const levels = BAND_LEVELS.join(', ');
    // numbers only, read as columns, names joined here: converting 7.7k rows of strings and
    // lists to JS values cost more than DuckDB's quantiles on a 60-run ensemble
    const dates = (await this.db.runAndReadAll(`SELECT t, date FROM series_dates`)).getRowsJS() as [number, string][];
    const keys = (await this.db.runAndReadAll(`SELECT ord, metric, "group" FROM series_keys`)).getRowsJS() as [number, string, string][];
    const dateOf = new Map(dates.map(([t, d]) => [Number(t), d]));
    const keyOf = new Map(keys.map(([o, m, g]) => [Number(o), [m, g] as const]));
    const cols = (await this.db.runAndReadAll(
      `SELECT t, k, ${BAND_LEVELS.map((_, i) => `q[${i + 1}]`).join(', ')}
         FROM (SELECT t, k, quantile_cont(value, [${levels}]) AS q FROM series_values GROUP BY t, k)
        ORDER BY t, k`,
    )).getColumnsJS() as number[][];
    const [ts, ks, ...qs] = cols;
    const rows: BandRow[] = [];
    for (let i = 0; i < ts.length; i++) {
      const date = dateOf.get(ts[i]);
      const key = keyOf.get(ks[i]);
      if (date === undefined || key === undefined) continue; // a month or series no longer in the ensemble
      rows.push({ date, metric: key[0], group: key[1], q: qs.map((q) => Number(q[i])) });
    }
    return rows;
  }

  /**
   * Writes `runs` and `series` (ordered by run id, date and series order) to
   * `dir/runs.EXT` and `dir/series.EXT` in Parquet or CSV format.
   */
  async exportTables(dir: string, format: 'parquet' | 'csv'): Promise<string[]> {
    mkdirSync(dir, { recursive: true });
    const opts = format === 'parquet' ? '(FORMAT parquet, COMPRESSION zstd)' : '(FORMAT csv, HEADER true)';
    const runsFile = resolve(dir, `runs.${format}`);
    const seriesFile = resolve(dir, `series.${format}`);
    await this.db.run(
      `COPY (SELECT run_id, params, seed, status, attempts, worker, run_ms, finished_at, cn_overtakes_us_downloads, cn_overtakes_us_derivatives, cn_overtakes_us_usage, error
               FROM runs ORDER BY run_id) TO ${sqlString(runsFile)} ${opts}`,
    );
    await this.db.run(
      `COPY (SELECT v.run_id, d.date, k.metric, k."group", v.value
               FROM series_values v JOIN series_dates d ON d.t = v.t JOIN series_keys k ON k.ord = v.k
              ORDER BY v.run_id, v.t, v.k) TO ${sqlString(seriesFile)} ${opts}`,
    );
    return [runsFile, seriesFile];
  }

  /** Closes the store (checkpointing the write-ahead log). */
  async close(): Promise<void> {
    try {
      await this.db.run('CHECKPOINT');
    } catch {
      // a failed checkpoint leaves the WAL in place; DuckDB replays it on the next open
    }
    closeQuietly(this.db, this.instance);
  }
}

/** Closes a connection and its database, whatever state an earlier error left them in. */
function closeQuietly(db: DuckDBConnection | undefined, instance: DuckDBInstance): void {
  try {
    db?.closeSync();
  } catch {
    // already unusable
  }
  try {
    instance.closeSync();
  } catch {
    // already unusable
  }
}

/** Which settings differ between a recorded and a requested spec (for --resume errors). */
function describeDiff(a: EnsembleSpec, b: EnsembleSpec, modelVersion: string): string {
  const diffs: string[] = [];
  const fields: (keyof EnsembleSpec)[] = ['runs', 'seed', 'mode', 'agents', 'sample', 'from', 'to'];
  for (const f of fields) if (canonicalJson(a[f]) !== canonicalJson(b[f])) diffs.push(`${f} ${JSON.stringify(a[f])} instead of ${JSON.stringify(b[f])}`);
  if (canonicalJson(a.vary) !== canonicalJson(b.vary)) diffs.push(`vary ${a.vary.map((v) => `${v.name}=${v.lo}:${v.hi}`).join(' ') || '(none)'}`);
  const pa = a.posterior;
  const pb = b.posterior;
  if (pa?.hash !== pb?.hash) diffs.push(`posterior ${pa ? `sample ${pa.hash} (${pa.source})` : '(none)'} instead of ${pb ? `sample ${pb.hash} (${pb.source})` : '(none)'}`);
  else if (pa && pb && canonicalJson([pa.names, pa.pinned, pa.seedsPerDraw]) !== canonicalJson([pb.names, pb.pinned, pb.seedsPerDraw])) diffs.push(`posterior parameters or seeds per draw ${JSON.stringify([pa.names.length, pa.pinned, pa.seedsPerDraw])} instead of ${JSON.stringify([pb.names.length, pb.pinned, pb.seedsPerDraw])}`);
  else if (pa && pb && canonicalJson(pa.assumptions ?? null) !== canonicalJson(pb.assumptions ?? null)) diffs.push(`assumptions ${pa.assumptions ? 'drawn from their priors' : 'fixed'} instead of ${pb.assumptions ? 'drawn from their priors' : 'fixed'}`);
  if (a.scenario.name !== b.scenario.name) diffs.push(`scenario "${a.scenario.name}" instead of "${b.scenario.name}"`);
  else if (canonicalJson([a.scenario.params, a.scenario.events]) !== canonicalJson([b.scenario.params, b.scenario.events])) diffs.push(`scenario "${a.scenario.name}" with other parameters or events`);
  if (modelVersion && modelVersion !== MODEL_VERSION) diffs.push(`model version ${modelVersion} instead of ${MODEL_VERSION}`);
  return diffs.length ? diffs.join('; ') : 'a different ensemble';
}

/**
 * `momentum observe sync|metrics|export-observations`: the observatory. Measures the open-model
 * ecosystem on the Hugging Face Hub, stores snapshots in DuckDB, computes the metrics and hands
 * them to calibration. See docs/observatory.md.
 *
 * Testing knobs (environment, undocumented in --help): MOMENTUM_SYNC_DATE (the sync date,
 * YYYY-MM-DD), MOMENTUM_HUB_BACKOFF_MS (first backoff delay), MOMENTUM_HUB_TIMEOUT_MS (per
 * request), MOMENTUM_HUB_PAGE_SIZE and MOMENTUM_SYNC_BATCH (page and commit sizes).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ValidationError } from '../../model/index.js';
import { writeFileAtomic, writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { formatTable } from '../format-table.js';
import { parseIntOption } from '../options.js';
import { HubClient } from '../../observatory/hub-fetch.js';
import { loadRegistry } from '../../observatory/registry.js';
import { Store } from '../../observatory/store.js';
import { preflight, runSync } from '../../observatory/sync.js';
import { DEFAULT_IN_FLIGHT, MAX_IN_FLIGHT } from '../../observatory/hub-api.js';
import { computeMetrics, metricsToCsv } from '../../observatory/metrics.js';
import { metricsReportHtml } from '../../observatory/html-report.js';
import { buildObservations } from '../../observatory/export-observations.js';

/** Default database file. */
export const DEFAULT_DB = 'out/observatory/hub.duckdb';
/** The registry shipped with Momentum (resolved from the package root). */
export const DEFAULT_ORGS = fileURLToPath(new URL('../../../data/organizations.csv', import.meta.url));
const DEFAULT_HUB = 'https://huggingface.co';

function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

function dayOption(flag: string, v: string): string {
  if (!isDay(v)) throw new ValidationError(flag, [{ path: flag, expected: 'a date as YYYY-MM-DD', found: JSON.stringify(v) }]);
  return v;
}

function hubUrlOption(v: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ValidationError('--hub-url', [{ path: '--hub-url', expected: 'an http(s) URL such as https://huggingface.co', found: JSON.stringify(v) }]);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ValidationError('--hub-url', [{ path: '--hub-url', expected: 'an http(s) URL', found: JSON.stringify(v) }]);
  return u.href.replace(/\/+$/, '');
}

function envInt(name: string, min: number, max: number): number | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : parseIntOption(name, v, min, max);
}

async function openStore(file: string, mustExist: boolean): Promise<Store> {
  if (mustExist && !existsSync(file)) throw new ValidationError('--db', [{ path: '--db', expected: 'an observatory database (run `momentum observe sync` first)', found: JSON.stringify(file) }]);
  try {
    return await Store.open(file);
  } catch (e) {
    throw new ValidationError('--db', [{ path: '--db', expected: 'an observatory DuckDB database that no other process holds open (a corrupt file is left as it is: move it away and sync again)', found: `${JSON.stringify(file)}: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

/** Opens a store for reading measurements: it must hold at least one completed sync. */
async function openSyncedStore(file: string): Promise<Store> {
  const store = await openStore(file, true);
  if ((await store.latestSyncDate()) === null) {
    const st = await store.query(`SELECT sync_date::VARCHAR AS d, phase FROM sync_state ORDER BY sync_date DESC LIMIT 1`);
    store.close();
    const found = st.length ? `a sync of ${st[0].d} that stopped in its ${st[0].phase} phase (rerun \`momentum observe sync\` to resume it)` : 'no sync at all';
    throw new ValidationError('--db', [{ path: '--db', expected: 'a database with a completed sync', found: `${JSON.stringify(file)}: ${found}` }]);
  }
  return store;
}

/** True when an error comes from a full disk (Node's ENOSPC or DuckDB's IO error text). */
function isDiskFull(e: unknown): boolean {
  const msg = `${(e as { code?: string })?.code ?? ''} ${(e as Error)?.message ?? ''}`;
  return /ENOSPC|No space left on device|disk is full|Could not write/i.test(msg);
}

/** Test hooks: kill -9 this process right before or after the n-th store commit. */
function killHooks(store: Store): void {
  const before = process.env.MOMENTUM_TEST_KILL_BEFORE_COMMIT;
  const after = process.env.MOMENTUM_TEST_KILL_AFTER_COMMIT;
  if (before) store.hooks.beforeCommit = (n) => void (n === Number(before) && process.kill(process.pid, 'SIGKILL'));
  if (after) store.hooks.afterCommit = (n) => void (n === Number(after) && process.kill(process.pid, 'SIGKILL'));
}

/** Registers `momentum observe …`. */
export function registerObserve(program: Command): void {
  const observe = program.command('observe').description('measure the open-model ecosystem on the Hugging Face Hub (sync, metrics, export-observations)');

  observe
    .command('sync')
    .description('crawl the tracked organisations and their derivatives into the DuckDB store (resumable)')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--orgs <file>', 'organisation registry CSV', DEFAULT_ORGS)
    .option('--hub-url <url>', 'Hub base URL', DEFAULT_HUB)
    .option('--token-env <name>', 'environment variable holding a Hub token (default: HF_TOKEN when set)')
    .option('--since <YYYY-MM-DD>', 'list derivatives created on or after this day only (tracked organisations are always listed in full)')
    .option('--in-flight <n>', `requests in flight at once, 1-${MAX_IN_FLIGHT}`, String(DEFAULT_IN_FLIGHT))
    .action(async (o: { db: string; orgs: string; hubUrl: string; tokenEnv?: string; since?: string; inFlight: string }) => {
      const hubUrl = hubUrlOption(o.hubUrl);
      const inFlight = parseIntOption('--in-flight', o.inFlight, 1, MAX_IN_FLIGHT);
      const since = o.since === undefined ? null : dayOption('--since', o.since);
      const date = process.env.MOMENTUM_SYNC_DATE ? dayOption('MOMENTUM_SYNC_DATE', process.env.MOMENTUM_SYNC_DATE) : new Date().toISOString().slice(0, 10);
      let token: string | undefined;
      if (o.tokenEnv !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.tokenEnv)) throw new ValidationError('--token-env', [{ path: '--token-env', expected: 'an environment variable name', found: JSON.stringify(o.tokenEnv) }]);
        token = process.env[o.tokenEnv];
        if (!token) throw new ValidationError('--token-env', [{ path: '--token-env', expected: `a token in the environment variable ${o.tokenEnv}`, found: 'an unset or empty variable' }]);
      } else token = process.env.HF_TOKEN || undefined;
      const registry = loadRegistry(o.orgs);
      const client = new HubClient({
        token,
        baseDelayMs: envInt('MOMENTUM_HUB_BACKOFF_MS', 0, 600_000),
        requestTimeoutMs: envInt('MOMENTUM_HUB_TIMEOUT_MS', 100, 600_000),
        connectTimeoutMs: envInt('MOMENTUM_HUB_TIMEOUT_MS', 100, 600_000),
        maxInFlight: inFlight,
        onWait: ({ reason, ms }) => {
          if (ms >= 2000) process.stderr.write(`observe: ${reason}; waiting ${(ms / 1000).toFixed(1)} s\n`);
        },
      });
      // Nothing is written before the Hub has answered and accepted the token.
      await preflight(client, hubUrl, registry, token !== undefined);
      const store = await openStore(o.db, false);
      killHooks(store);
      // One bar per phase (organisations, then listing pages), on a TTY only.
      let progress = createProgress('sync', false);
      let phase = '';
      try {
        const r = await runSync(store, registry, client, {
          hubUrl,
          date,
          since,
          pageSize: envInt('MOMENTUM_HUB_PAGE_SIZE', 1, 1000),
          batchRecords: envInt('MOMENTUM_SYNC_BATCH', 1, 10_000_000),
          onLog: (line) => process.stderr.write(`observe: ${line}\n`),
          onProgress: ({ phase: p, done, total }) => {
            if (p !== phase) {
              progress.stop();
              progress = createProgress(`sync ${p}`, true);
              phase = p;
            }
            progress.update(done, total);
          },
        });
        progress.stop();
        process.stdout.write(
          `synced ${r.date}${r.resumed ? ' (resumed)' : ''} into ${o.db}: ${r.orgs} organisations, ${r.pages} listing pages, ${r.records} models written, ` +
            `${r.pruned} untracked derivatives pruned, ${r.skipped} malformed items skipped; ${r.requests} requests (at most ${r.maxInFlight} in flight), ${r.retries} retries, ${(r.waitedMs / 1000).toFixed(1)} s waited\n`,
        );
      } catch (e) {
        if (isDiskFull(e)) {
          const full = new Error(`the disk holding ${o.db} is full (${(e as Error).message.split('\n')[0]}). The batch being written was rolled back: the store's data is unchanged. Free some space and rerun \`momentum observe sync\` to resume.`);
          full.stack = `Error: ${full.message}`;
          throw full;
        }
        throw e;
      } finally {
        progress.stop();
        store.close();
      }
    });

  observe
    .command('metrics')
    .description('compute the monthly metrics: DIR/metrics.csv (date,metric,group,value) and an optional HTML report')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--out <dir>', 'output folder', 'out/observatory/metrics')
    .option('--html <file>', 'also write an HTML report with charts')
    .action(async (o: { db: string; out: string; html?: string }) => {
      const store = await openSyncedStore(o.db);
      try {
        const m = await computeMetrics(store);
        writeOutputDir(o.out, { 'metrics.csv': metricsToCsv(m.rows) });
        if (o.html) writeFileAtomic(o.html, metricsReportHtml(m, o.db));
        const last = m.latestSync?.slice(0, 7);
        const show = m.rows.filter((r) => r.date === last && ['download_share', 'cumulative_download_share', 'hhi'].includes(r.metric));
        process.stdout.write(
          (show.length ? `${formatTable(['metric', 'group', last ?? ''], show.map((r) => [r.metric, r.group, r.value]))}\n\n` : 'no completed sync yet: only history metrics\n') +
            `wrote ${o.out}/metrics.csv (${m.rows.length} rows)${o.html ? ` and ${o.html}` : ''}\n`,
        );
      } finally {
        store.close();
      }
    });

  observe
    .command('export-observations')
    .description('write the measurements as observation records for `momentum calibrate --observations`')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--out <file>', 'output JSON file', 'out/observatory/observations.json')
    .action(async (o: { db: string; out: string }) => {
      const store = await openSyncedStore(o.db);
      try {
        const m = await computeMetrics(store);
        if (!m.latestSync) throw new ValidationError('--db', [{ path: '--db', expected: 'a database with a completed sync', found: 'no completed sync' }]);
        const hub = await store.query(`SELECT hub_url FROM sync_state WHERE sync_date = ?::DATE`, [m.latestSync]);
        const obs = await buildObservations(store, m, String(hub[0].hub_url));
        writeFileAtomic(o.out, JSON.stringify(obs, null, 2) + '\n');
        process.stdout.write(`wrote ${obs.length} observations to ${o.out} (Hugging Face Hub, synced ${m.latestSync})\n`);
      } finally {
        store.close();
      }
    });
}

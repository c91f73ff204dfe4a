/**
 * `momentum observe sync|metrics|export|export-observations|schedule|demo|stand-in`: the
 * observatory. Measures the open-model ecosystem on the Hugging Face Hub, stores dated
 * snapshots in DuckDB, computes the metrics and hands them to calibration. See
 * docs/observatory.md.
 *
 * Testing knobs (environment, undocumented in --help): MOMENTUM_SYNC_DATE (the sync date,
 * YYYY-MM-DD), MOMENTUM_HUB_BACKOFF_MS (first backoff delay), MOMENTUM_HUB_TIMEOUT_MS (per
 * request), MOMENTUM_HUB_PAGE_SIZE and MOMENTUM_SYNC_BATCH (page and commit sizes).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ValidationError } from '../../model/index.js';
import { writeFileAtomic, writeOutputDir } from '../../shell/output-dir.js';
import { createProgress } from '../../shell/progress.js';
import { formatTable } from '../format-table.js';
import { parseIntOption } from '../options.js';
import { HubClient, HubError } from '../../observatory/hub-fetch.js';
import { loadRegistry } from '../../observatory/registry.js';
import { Store } from '../../observatory/store.js';
import { preflight, runSync } from '../../observatory/sync.js';
import { DEFAULT_IN_FLIGHT, MAX_IN_FLIGHT } from '../../observatory/hub-api.js';
import { computeMetrics, metricsToCsv, PERIODS, type Period } from '../../observatory/metrics.js';
import { DEFAULT_MODEL_FACTS, loadModelFacts } from '../../observatory/model-facts.js';
import { EXPORT_FORMATS, exportStore, type ExportFormat } from '../../observatory/export.js';
import { cronLine, systemdUnits, type ScheduleSpec } from '../../observatory/schedule.js';
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

function choice<T extends string>(flag: string, v: string, options: readonly T[]): T {
  if (!(options as readonly string[]).includes(v)) throw new ValidationError(flag, [{ path: flag, expected: `one of ${options.join(', ')}`, found: JSON.stringify(v) }]);
  return v as T;
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
    if (isDiskFull(e)) {
      const full = new Error(`the disk holding ${file} is full (${(e as Error).message.split('\n')[0]}); nothing was written. Free some space and rerun.`);
      full.stack = full.message;
      throw full;
    }
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
  return /ENOSPC|No space left on device|disk is full|database or disk is full/i.test(msg);
}

/**
 * Test hooks: kill -9 this process right before or after the n-th store commit of this run
 * (a number), or before or after the final merge-and-prune commit ("prune").
 */
function killHooks(store: Store): void {
  const at = (spec: string | undefined) => (spec ? (n: number, label: string) => void ((spec === label || Number(spec) === n) && process.kill(process.pid, 'SIGKILL')) : undefined);
  store.hooks.beforeCommit = at(process.env.MOMENTUM_TEST_KILL_BEFORE_COMMIT);
  store.hooks.afterCommit = at(process.env.MOMENTUM_TEST_KILL_AFTER_COMMIT);
}

/** Registers `momentum observe …`. */
export function registerObserve(program: Command): void {
  const observe = program.command('observe').description('measure the open-model ecosystem on the Hugging Face Hub (sync, metrics, export, schedule, demo)');

  observe
    .command('sync')
    .description('crawl the tracked organisations and their derivatives into the DuckDB store (resumable)')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--orgs <file>', 'organisation registry CSV', DEFAULT_ORGS)
    .option('--hub-url <url>', 'Hub base URL', DEFAULT_HUB)
    .option('--token-env <name>', 'environment variable holding a Hub token (default: HF_TOKEN when set)')
    .option('--since <YYYY-MM-DD|last>', 'list derivatives created on or after this day only, or since the last completed sync ("last"); tracked organisations are always listed in full')
    .option('--in-flight <n>', `requests in flight at once, 1-${MAX_IN_FLIGHT}`, String(DEFAULT_IN_FLIGHT))
    .action(async (o: { db: string; orgs: string; hubUrl: string; tokenEnv?: string; since?: string; inFlight: string }) => {
      const hubUrl = hubUrlOption(o.hubUrl);
      const inFlight = parseIntOption('--in-flight', o.inFlight, 1, MAX_IN_FLIGHT);
      const sinceLast = o.since === 'last';
      let since = o.since === undefined || sinceLast ? null : dayOption('--since', o.since);
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
      try {
        await preflight(client, hubUrl, registry, token !== undefined);
      } catch (e) {
        if (e instanceof HubError && (e.status === 401 || e.status === 403))
          throw new ValidationError(o.tokenEnv ?? 'HF_TOKEN', [{ path: o.tokenEnv ? `--token-env ${o.tokenEnv}` : 'HF_TOKEN', expected: 'a Hugging Face token the Hub accepts (nothing was written)', found: `HTTP ${e.status} from ${hubUrl}` }]);
        throw e;
      }
      const store = await openStore(o.db, false);
      killHooks(store);
      if (sinceLast) {
        // The day before the last completed sync (one day of overlap); a first sync is full.
        const last = (await store.completedSyncDates()).filter((d) => d < date).pop();
        since = last ? new Date(Date.parse(`${last}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10) : null;
        process.stderr.write(`observe: --since last: ${since ? `derivatives created on or after ${since}` : 'no earlier completed sync, so a full listing'}\n`);
      }
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
          full.stack = full.message;
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
    .description('compute the daily, weekly or monthly series: DIR/metrics.csv (date,metric,group,value) and an optional HTML report')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--out <dir>', 'output folder', 'out/observatory/metrics')
    .option('--html <file>', 'also write an HTML report with charts')
    .option('--period <p>', `series period: ${PERIODS.join(', ')}`, 'month')
    .option('--facts <file>', 'curated model sizes and release dates (CSV)', DEFAULT_MODEL_FACTS)
    .action(async (o: { db: string; out: string; html?: string; period: string; facts: string }) => {
      const period = choice<Period>('--period', o.period, PERIODS);
      const facts = loadModelFacts(o.facts);
      const store = await openSyncedStore(o.db);
      try {
        const m = await computeMetrics(store, { period, facts });
        writeOutputDir(o.out, { 'metrics.csv': metricsToCsv(m.rows) });
        if (o.html) writeFileAtomic(o.html, metricsReportHtml(m, o.db));
        const last = m.rows.filter((r) => r.metric === 'download_share').reduce((p, r) => (r.date > p ? r.date : p), '');
        const show = m.rows.filter((r) => r.date === last && ['download_share', 'cumulative_download_share', 'period_download_share', 'hhi'].includes(r.metric));
        process.stdout.write(
          (show.length ? `${formatTable(['metric', 'group', last ?? ''], show.map((r) => [r.metric, r.group, r.value]))}\n\n` : 'no completed sync yet: only history metrics\n') +
            `wrote ${o.out}/metrics.csv (${m.rows.length} rows by ${period}, ${m.allSyncDates.length} completed syncs${m.gaps.length ? `, ${m.gaps.length} ${period}(s) without a sync left as gaps` : ''})${o.html ? ` and ${o.html}` : ''}\n`,
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
        const m = await computeMetrics(store, { facts: loadModelFacts() });
        if (!m.latestSync) throw new ValidationError('--db', [{ path: '--db', expected: 'a database with a completed sync', found: 'no completed sync' }]);
        const hub = await store.query(`SELECT hub_url FROM sync_state WHERE sync_date = ?::DATE`, [m.latestSync]);
        const obs = await buildObservations(store, m, String(hub[0].hub_url));
        writeFileAtomic(o.out, JSON.stringify(obs, null, 2) + '\n');
        process.stdout.write(`wrote ${obs.length} observations to ${o.out} (Hugging Face Hub, synced ${m.latestSync})\n`);
      } finally {
        store.close();
      }
    });

  observe
    .command('export')
    .description('write the snapshots, models, lineage and metrics as Parquet, CSV or a DuckDB file')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--format <f>', `one of ${EXPORT_FORMATS.join(', ')}`, 'parquet')
    .option('--out <dir>', 'output folder (replaced whole)', 'out/observatory/export')
    .option('--period <p>', `period of the metrics: ${PERIODS.join(', ')}`, 'month')
    .option('--facts <file>', 'curated model sizes and release dates (CSV)', DEFAULT_MODEL_FACTS)
    .action(async (o: { db: string; format: string; out: string; period: string; facts: string }) => {
      const format = choice<ExportFormat>('--format', o.format, EXPORT_FORMATS);
      const period = choice<Period>('--period', o.period, PERIODS);
      const facts = loadModelFacts(o.facts);
      const store = await openSyncedStore(o.db);
      try {
        const m = await computeMetrics(store, { period, facts });
        const files = await exportStore(store, m.rows, format, o.out);
        process.stdout.write(`wrote ${files.map((f) => `${o.out}/${f}`).join(', ')} (${m.allSyncDates.length} completed syncs, metrics by ${period})\n`);
      } finally {
        store.close();
      }
    });

  observe
    .command('schedule')
    .description('print (or write) a daily sync as a cron line or a systemd service and timer')
    .option('--format <f>', 'cron or systemd', 'cron')
    .option('--time <HH:MM>', 'time of day, UTC', '03:17')
    .option('--db <file>', 'DuckDB database file', DEFAULT_DB)
    .option('--orgs <file>', 'organisation registry CSV', DEFAULT_ORGS)
    .option('--hub-url <url>', 'Hub base URL', DEFAULT_HUB)
    .option('--token-env <name>', 'environment variable holding a Hub token')
    .option('--log <file>', 'log file the syncs append to', 'out/observatory/sync.log')
    .option('--out <dir>', 'write momentum-observe.{cron,service,timer} into this folder instead of printing')
    .option('--full', 'list every derivative each day (default: --since last, derivatives new since the previous sync)')
    .action((o: { format: string; time: string; db: string; orgs: string; hubUrl: string; tokenEnv?: string; log: string; out?: string; full?: boolean }) => {
      const format = choice('--format', o.format, ['cron', 'systemd'] as const);
      const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(o.time);
      if (!m) throw new ValidationError('--time', [{ path: '--time', expected: 'a time of day HH:MM (00:00-23:59)', found: JSON.stringify(o.time) }]);
      const args = ['--db', resolve(o.db), '--orgs', resolve(o.orgs), '--hub-url', hubUrlOption(o.hubUrl), ...(o.full ? [] : ['--since', 'last'])];
      if (o.tokenEnv !== undefined) {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(o.tokenEnv)) throw new ValidationError('--token-env', [{ path: '--token-env', expected: 'an environment variable name', found: JSON.stringify(o.tokenEnv) }]);
        args.push('--token-env', o.tokenEnv);
      }
      const spec: ScheduleSpec = { node: process.execPath, bin: fileURLToPath(new URL('../../../bin/momentum.js', import.meta.url)), cwd: process.cwd(), syncArgs: args, time: o.time, log: resolve(o.log) };
      mkdirSync(dirname(spec.log), { recursive: true });
      const files: Record<string, string> = format === 'cron' ? { 'momentum-observe.cron': `${cronLine(spec)}\n` } : (({ service, timer }) => ({ 'momentum-observe.service': service, 'momentum-observe.timer': timer }))(systemdUnits(spec));
      if (o.out) {
        for (const [name, text] of Object.entries(files)) writeFileAtomic(`${o.out}/${name}`, text);
        process.stdout.write(`wrote ${Object.keys(files).map((f) => `${o.out}/${f}`).join(', ')}\n`);
        return;
      }
      for (const [name, text] of Object.entries(files)) process.stdout.write(format === 'cron' ? text : `# ${name}\n${text}\n`);
      process.stderr.write(
        format === 'cron'
          ? 'observe: add the line with `crontab -e` (cron reads local time; put CRON_TZ=UTC above it where supported). A token: export it in the crontab (HF_TOKEN=...) or pass --token-env.\n'
          : 'observe: copy both files to ~/.config/systemd/user/ and run `systemctl --user daemon-reload && systemctl --user enable --now momentum-observe.timer`.\n',
      );
    });

  observe
    .command('demo')
    .description('offline demo: serve a bundled synthetic Hub sample locally, sync it on four dates, compute the metrics and the HTML report')
    .option('--db <file>', 'DuckDB database file of the demo (never the default store)', 'out/observatory/demo.duckdb')
    .option('--out <dir>', 'metrics folder', 'out/observatory/demo-metrics')
    .option('--html <file>', 'HTML report', 'out/observatory/demo-report.html')
    .option('--size <n>', 'models in the synthetic sample', '20000')
    .option('--seed <n>', 'seed of the synthetic sample', '1')
    .action(async (o: { db: string; out: string; html: string; size: string; seed: string }) => {
      const size = parseIntOption('--size', o.size, 1000, 3_000_000);
      const seed = parseIntOption('--seed', o.seed, 0, 2 ** 31 - 1);
      const { runDemo } = await import('../../observatory/stand-in/demo.js');
      const r = await runDemo({ db: o.db, out: o.out, html: o.html, size, seed, registry: loadRegistry(DEFAULT_ORGS), facts: loadModelFacts() });
      process.stdout.write(r);
    });

  observe
    .command('stand-in')
    .description('serve the bundled synthetic Hub sample on 127.0.0.1 (for `observe sync --hub-url`); Ctrl-C stops it')
    .option('--port <n>', 'port (0: any free port)', '0')
    .option('--size <n>', 'models in the synthetic sample', '20000')
    .option('--seed <n>', 'seed of the synthetic sample', '1')
    .action(async (o: { port: string; size: string; seed: string }) => {
      const port = parseIntOption('--port', o.port, 0, 65535);
      const size = parseIntOption('--size', o.size, 1000, 3_000_000);
      const seed = parseIntOption('--seed', o.seed, 0, 2 ** 31 - 1);
      const { generateEcosystem } = await import('../../observatory/stand-in/ecosystem.js');
      const { startHubServer } = await import('../../observatory/stand-in/server.js');
      const eco = generateEcosystem({ seed, size, tracked: loadRegistry(DEFAULT_ORGS).entries });
      const srv = await startHubServer(eco, {}, { port });
      process.stdout.write(`serving a synthetic Hub sample of ${size} models (seed ${seed}) at ${srv.url}\nsync it with: momentum observe sync --hub-url ${srv.url} --db out/observatory/stand-in.duckdb\n`);
      await new Promise<void>((done) => {
        const stop = () => void srv.close().then(done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

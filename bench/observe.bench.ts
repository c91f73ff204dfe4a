/**
 * Observatory benchmark (not a timed test): ingest a generated listing of 2.5M models from the
 * strict local Hub stand-in (in its own process) into DuckDB, then compute the metrics.
 * Targets: ingest ≤ 5 min, metrics ≤ 5 s on a 2-core machine. A standard run (2.5M models)
 * writes its figures, with the date and the machine, to bench/records/observe/ (bench/record.mjs).
 *
 *   npm run bench:observe              # 2.5M models
 *   npm run bench:observe -- 200000    # a smaller listing (no record written)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HubClient } from '../src/observatory/hub-fetch.js';
import { loadRegistry } from '../src/observatory/registry.js';
import { Store } from '../src/observatory/store.js';
import { runSync } from '../src/observatory/sync.js';
import { computeMetrics } from '../src/observatory/metrics.js';
import { loadModelFacts } from '../src/observatory/model-facts.js';
import { writeBenchRecord } from './record.mjs';

const size = Number(process.argv[2] ?? 2_500_000);
const root = new URL('..', import.meta.url).pathname;
const registry = loadRegistry(join(root, 'data/organizations.csv'));

const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'test/observatory/hub-server-main.ts'), '--size', String(size), '--seed', '1'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
const ready = await new Promise<string>((res, rej) => {
  const rl = createInterface({ input: server.stdout! });
  rl.on('line', (l) => l.startsWith('READY ') && res(l));
  server.on('exit', (c) => rej(new Error(`server exited with ${c}`)));
});
const [, url, n, genMs] = ready.split(' ');
console.log(`server: ${Number(n).toLocaleString('en')} models generated in ${genMs} ms at ${url}`);

/** CPU seconds used so far by the server process (Linux /proc; 0 elsewhere). */
function serverCpuSeconds(): number {
  try {
    const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'momentum-observe-bench-'));
/** OBSERVE_BENCH_DB=FILE keeps the database (for profiling queries); it must not exist yet. */
const db = process.env.OBSERVE_BENCH_DB ?? join(dir, 'hub.duckdb');
try {
  const store = await Store.open(db);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const serverCpu0 = serverCpuSeconds();
  let lastLog = t0;
  const load0 = loadavg()[0];
  const rep = await runSync(store, registry, new HubClient(), {
    hubUrl: url,
    date: '2026-06-15',
    since: null,
    onProgress: ({ phase, done }) => {
      const now = performance.now();
      if (now - lastLog > 15_000) {
        lastLog = now;
        console.log(`  … ${phase} ${done} after ${((now - t0) / 1000).toFixed(0)} s`);
      }
    },
  });
  const ingestS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const clientCpuS = (cpu.user + cpu.system) / 1e6;
  const serverCpuS = serverCpuSeconds() - serverCpu0;
  const dbMB = Math.round(statSync(db).size / 1e6);
  const counts = await store.query(`SELECT (SELECT count(*) FROM models) AS models, (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM lineage) AS lineage`);
  console.log(`ingest: ${ingestS.toFixed(1)} s for ${Number(n).toLocaleString('en')} listed models (${rep.pages} pages, ${rep.requests} requests): ${(Number(n) / ingestS).toFixed(0)} models/s listed; stored ${JSON.stringify(counts[0])}, pruned ${rep.pruned}; db ${(statSync(db).size / 1e6).toFixed(0)} MB${process.env.OBSERVE_BENCH_DB ? ` kept at ${db}` : ''}  [target ≤ 300 s]`);
  console.log(`  CPU: ingesting process ${clientCpuS.toFixed(1)} s (Node + DuckDB threads), server process ${serverCpuS.toFixed(1)} s; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine inflates wall time)`);
  const times: number[] = [];
  let rows = 0;
  const cpuTimes: number[] = [];
  const facts = loadModelFacts();
  for (let k = 0; k < 3; k++) {
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    rows = (await computeMetrics(store, { facts })).rows.length;
    times.push((performance.now() - t1) / 1000);
    const c = process.cpuUsage(c1);
    cpuTimes.push((c.user + c.system) / 1e6);
  }
  console.log(`metrics: ${times.map((t) => t.toFixed(2)).join(' / ')} s wall, ${cpuTimes.map((t) => t.toFixed(2)).join(' / ')} s CPU (3 runs) → ${rows} rows  [target ≤ 5 s]`);
  const t2 = performance.now();
  const dailyRows = (await computeMetrics(store, { facts, period: 'day' })).rows.length;
  const dailyS = (performance.now() - t2) / 1000;
  console.log(`metrics by day: ${dailyS.toFixed(2)} s → ${dailyRows} rows`);
  // A year of daily syncs: 364 earlier snapshots of the tracked organisations' models, copied in
  // SQL with fewer all-time downloads each day back (a timing load, not a world: the listing is
  // not re-run), then the series by day and by month.
  await store.conn.run(`INSERT INTO snapshots SELECT (DATE '2026-06-15' - to_days(k::INTEGER))::DATE, s.id, s.downloads, greatest(0, s.downloads_all_time - k * (s.downloads // 30)), s.likes
    FROM snapshots s JOIN models m USING (id), range(1, 365) t(k) WHERE m.organisation IS NOT NULL AND s.sync_date = DATE '2026-06-15'`);
  await store.conn.run(`INSERT INTO sync_state SELECT (DATE '2026-06-15' - to_days(k::INTEGER))::DATE, hub_url, since, orgs_hash, 'done', NULL, pages, records, started_at, finished_at
    FROM sync_state, range(1, 365) t(k) WHERE sync_date = DATE '2026-06-15'`);
  const yearRows = Number((await store.query(`SELECT count(*) AS n FROM snapshots`))[0].n);
  const t3 = performance.now();
  const yearDaily = (await computeMetrics(store, { facts, period: 'day' })).rows.length;
  const yearDailyS = (performance.now() - t3) / 1000;
  const t4 = performance.now();
  const yearMonthly = (await computeMetrics(store, { facts, period: 'month' })).rows.length;
  const yearMonthlyS = (performance.now() - t4) / 1000;
  console.log(`a year of daily syncs (${yearRows.toLocaleString('en')} snapshot rows): metrics by day ${yearDailyS.toFixed(2)} s → ${yearDaily} rows, by month ${yearMonthlyS.toFixed(2)} s → ${yearMonthly} rows`);
  store.close();
  // The documented listing of 2.5M models is standard; smaller listings are not recorded.
  if (size === 2_500_000) {
    const sorted = [...times].sort((a, b) => a - b);
    const r1 = (x: number) => Math.round(x * 10) / 10;
    const r2 = (x: number) => Math.round(x * 100) / 100;
    writeBenchRecord({
      bench: 'observe',
      command: 'npm run bench:observe',
      options: { models: size, listing_pages: rep.pages, requests: rep.requests, max_in_flight: rep.maxInFlight, load_average_at_start: r2(load0) },
      figures: {
        ingest_s: { label: `ingest (sync, all three phases) of ${Number(n).toLocaleString('en')} listed models, wall time`, value: r1(ingestS), unit: 's', max: 300 },
        ingest_cpu_s: { label: 'ingest: CPU time of the ingesting process (Node + DuckDB threads)', value: r1(clientCpuS), unit: 's' },
        ingest_server_cpu_s: { label: 'ingest: CPU time of the local Hub server process', value: r1(serverCpuS), unit: 's' },
        metrics_s: { label: 'metrics by month, median of 3 runs, wall time', value: r2(sorted[1]), unit: 's', max: 5 },
        metrics_cpu_s: { label: 'metrics by month, median of 3 runs, CPU time', value: r2([...cpuTimes].sort((a, b) => a - b)[1]), unit: 's' },
        metrics_by_day_s: { label: 'metrics by day (one sync), wall time', value: r2(dailyS), unit: 's' },
        stored_models: { label: 'models stored (tracked and their derivatives)', value: Number(counts[0].models), unit: 'models' },
        database_mb: { label: 'database size after the ingest', value: dbMB, unit: 'MB' },
        year_snapshot_rows: { label: 'a year of daily syncs: snapshot rows', value: yearRows, unit: 'rows' },
        year_metrics_by_day_s: { label: 'a year of daily syncs: metrics by day, wall time', value: r2(yearDailyS), unit: 's' },
        year_metrics_by_month_s: { label: 'a year of daily syncs: metrics by month, wall time', value: r2(yearMonthlyS), unit: 's' },
      },
    });
  }
} finally {
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}

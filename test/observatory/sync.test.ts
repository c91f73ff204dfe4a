/**
 * End-to-end: a local Hub-compatible server with a generated ecosystem (and faults), synced
 * into DuckDB; metrics compared with values computed independently from the ground truth;
 * same-day rerun rule; killed-and-resumed sync equals an uninterrupted one; fail-fast.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { observationsFileSchema } from '../../src/model/calibrate/observation-schema.js';
import { parseObservations } from '../../src/model/calibrate/validate-observations.js';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { HubClient } from '../../src/observatory/hub-fetch.js';
import { loadRegistry } from '../../src/observatory/registry.js';
import { Store } from '../../src/observatory/store.js';
import { runSync } from '../../src/observatory/sync.js';
import { computeMetrics, metricsToCsv } from '../../src/observatory/metrics.js';
import { buildObservations } from '../../src/observatory/export-observations.js';
import { generateEcosystem, type Ecosystem } from './hub-ecosystem.js';
import { startHubServer, type HubServer } from './hub-server.js';
import { expectedMetrics } from './expected-metrics.js';
import { dumpTables } from './db-dump.js';

const ROOT = resolve(import.meta.dirname, '../..');
const ORGS = join(ROOT, 'data/organizations.csv');
const BIN = join(ROOT, 'bin/momentum.js');
const HAVE_DIST = existsSync(join(ROOT, 'dist/cli/main.js'));
if (!HAVE_DIST) console.warn('observatory CLI tests skipped: dist/ is missing (run `npm run build`; `npm test` builds first)');

const registry = loadRegistry(ORGS);
const DAY = '2026-06-15';
let eco: Ecosystem;
let tmp: string;

beforeAll(() => {
  eco = generateEcosystem({ seed: 7, size: 5000, tracked: registry.entries, asOf: DAY });
  tmp = mkdtempSync(join(tmpdir(), 'momentum-observe-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs the CLI; resolves with exit code and output. */
function cli(args: string[], env: Record<string, string> = {}, onSpawn?: (kill: () => void) => void): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, HF_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    onSpawn?.(() => child.kill('SIGKILL'));
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr }));
  });
}

async function syncInProcess(db: string, srv: HubServer, date: string, pageSize = 500): Promise<void> {
  const store = await Store.open(db);
  try {
    await runSync(store, registry, new HubClient({ baseDelayMs: 5, seed: 3 }), { hubUrl: srv.url, date, since: null, pageSize, batchRecords: 700 });
  } finally {
    store.close();
  }
}

async function readState(db: string) {
  const store = await Store.open(db);
  try {
    return await store.state(DAY);
  } finally {
    store.close();
  }
}

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

describe('observe sync and metrics against a local Hub', () => {
  it('survives 429, 500, a malformed page and slow responses, and its metrics equal the ground truth', async () => {
    const srv = await startHubServer(eco, { rateLimited: [4, 70], rateLimitSeconds: 1, serverErrors: [9, 10, 66], requestTimeouts: [15, 71], malformedPages: [2, 5], slow: [12, 67], slowMs: 400 });
    const db = join(tmp, 'truth.duckdb');
    try {
      const waits: string[] = [];
      const store = await Store.open(db);
      const client = new HubClient({ baseDelayMs: 5, seed: 3, onWait: (w) => waits.push(`${w.reason}:${w.ms}`) });
      const rep = await runSync(store, registry, client, { hubUrl: srv.url, date: DAY, since: null, pageSize: 400 });
      expect(rep.retries).toBeGreaterThanOrEqual(7);
      // 429: waited what the RateLimit/Retry-After headers asked (1 s), not less.
      expect(waits.filter((w) => w.startsWith('HTTP 429')).every((w) => Number(w.split(':')[1]) >= 1000)).toBe(true);
      expect(waits.some((w) => w.startsWith('malformed page'))).toBe(true);
      expect(waits.some((w) => w.startsWith('HTTP 500'))).toBe(true);
      expect(waits.some((w) => w.startsWith('HTTP 408'))).toBe(true);
      // The strict stand-in answered every listing request 200 or a planned fault: no 400 for the fields asked.
      expect(srv.log.filter(([, status]) => status === 400)).toEqual([]);
      // Pagination followed every absolute Link to the end.
      expect(rep.pages).toBe(Math.ceil(eco.n / 400));

      const m = await computeMetrics(store);
      const got = new Map(m.rows.map((r) => [`${r.metric}|${r.date}|${r.group}`, r.value]));
      const want = expectedMetrics(eco, DAY, 0);
      const missing = [...want.keys()].filter((k) => !got.has(k));
      const extra = [...got.keys()].filter((k) => !want.has(k));
      expect(missing).toEqual([]);
      expect(extra).toEqual([]);
      const wrong = [...want].filter(([k, v]) => !close(v, got.get(k)!)).map(([k, v]) => `${k}: want ${v} got ${got.get(k)}`);
      expect(wrong).toEqual([]);
      // Sanity of the generated world: every metric family is present and non-trivial.
      for (const id of ['download_share', 'cumulative_download_share', 'hhi', 'download_share_by_size', 'cross_organisation_mainline_share', 'family_downloads', 'family_download_share', 'new_mainline_models', 'derivative_share', 'new_derivatives', 'new_derivatives_other_modalities', 'family_new_derivatives', 'family_derivative_share', 'snapshots'])
        expect(m.rows.some((r) => r.metric === id), id).toBe(true);
      // Renamed namespaces count as one organisation.
      const orgs = await store.query(`SELECT DISTINCT namespace, organisation FROM models WHERE namespace IN ('THUDM', 'zai-org')`);
      expect(new Set(orgs.map((r) => r.organisation)).size).toBeLessThanOrEqual(1);
      // Re-uploads (GGUF/MLX) are never mainline; untracked orphans were pruned.
      const bad = await store.query(`SELECT count(*) AS n FROM models WHERE mainline AND (regexp_matches(id, '(?i)(gguf|mlx)'))`);
      expect(bad[0].n).toBe(0);
      const csv = metricsToCsv(m.rows);
      expect(csv.startsWith('date,metric,group,value\n')).toBe(true);
      // Observations: schema-valid, sourced, matching the metrics.
      const obs = await buildObservations(store, m, srv.url);
      expect(observationsFileSchema.safeParse(obs).success).toBe(true);
      expect(obs.length).toBeGreaterThan(5);
      for (const o of obs) {
        expect(o.source.title).toBe(`Hugging Face Hub, synced ${DAY}`);
        expect(o.source.url).toBe(srv.url);
      }
      // The calibrator accepts the file against a reference run (groups and horizon checked for fitted records).
      const reference = runScenario(new ScenarioRegistry().resolve('baseline'), { mode: 'meanfield' });
      expect(parseObservations(JSON.parse(JSON.stringify(obs)), 'export', reference).length).toBe(obs.length);
      expect(obs.filter((o) => o.group === 'unknown').every((o) => o.fit === false)).toBe(true);
      const ds = obs.find((o) => o.id === 'hub-download_share-CN-2026-06')!;
      expect(close(ds.value, want.get(`download_share|2026-06|CN`)!)).toBe(true);
      store.close();
    } finally {
      await srv.close();
    }
  });

  it('a same-day rerun replaces that day\'s snapshot rows and nothing else', async () => {
    const srv = await startHubServer(eco);
    const db = join(tmp, 'sameday.duckdb');
    try {
      srv.setVariant(0);
      await syncInProcess(db, srv, '2026-05-20');
      srv.setVariant(1);
      await syncInProcess(db, srv, DAY);
      const before = await dumpTables(db);
      srv.setVariant(2);
      await syncInProcess(db, srv, DAY);
      const after = await dumpTables(db);
      const day = (rows: string[], d: string) => rows.filter((r) => r.includes(`"${d}"`));
      expect(day(after.snapshots, '2026-05-20')).toEqual(day(before.snapshots, '2026-05-20'));
      expect(day(after.snapshots, DAY).length).toBe(day(before.snapshots, DAY).length);
      expect(day(after.snapshots, DAY)).not.toEqual(day(before.snapshots, DAY));
      expect(after.models).toEqual(before.models);
      expect(after.lineage).toEqual(before.lineage);
      // The day's rows are exactly variant 2's numbers: metrics equal the truth for variant 2.
      const store = await Store.open(db);
      const m = await computeMetrics(store);
      store.close();
      const want = expectedMetrics(eco, DAY, 2);
      for (const key of ['download_share|2026-06|CN', 'hhi|2026-06|all', 'cumulative_download_share|2026-06|US']) {
        const [metric, date, group] = key.split('|');
        expect(close(m.rows.find((r) => r.metric === metric && r.date === date && r.group === group)!.value, want.get(key)!), key).toBe(true);
      }
      // Both days are snapshots: two months of download_share.
      expect(new Set(m.rows.filter((r) => r.metric === 'download_share').map((r) => r.date))).toEqual(new Set(['2026-05', '2026-06']));
    } finally {
      await srv.close();
    }
  });

  it.skipIf(!HAVE_DIST)('metrics and export-observations through the CLI; --html draws charts', async () => {
    const db = join(tmp, 'truth.duckdb');
    const out = join(tmp, 'metrics');
    const html = join(tmp, 'report.html');
    const r = await cli(['observe', 'metrics', '--db', db, '--out', out, '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    const csv = readFileSync(join(out, 'metrics.csv'), 'utf8');
    expect(csv.split('\n')[0]).toBe('date,metric,group,value');
    expect(csv).toContain('2026-06,download_share,CN,');
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain('download_share');
    const obsFile = join(tmp, 'obs.json');
    const e = await cli(['observe', 'export-observations', '--db', db, '--out', obsFile]);
    expect(e.code, e.stderr).toBe(0);
    const obs = observationsFileSchema.parse(JSON.parse(readFileSync(obsFile, 'utf8')));
    expect(obs.every((o) => o.source.title === `Hugging Face Hub, synced ${DAY}` && o.source.author === 'Hugging Face' && o.source.year === 2026)).toBe(true);
    // A missing database is a clear input error (exit 2), not a crash.
    const bad = await cli(['observe', 'metrics', '--db', join(tmp, 'nope.duckdb'), '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--db');
  });

  it.skipIf(!HAVE_DIST)('rejects bad flags with exit 2 before touching the network', async () => {
    const db = join(tmp, 'flags.duckdb');
    const cases: [string[], string][] = [
      [['--since', '2026-13-01'], '--since'],
      [['--hub-url', 'ftp://example.org'], '--hub-url'],
      [['--token-env', 'MOMENTUM_TEST_NO_SUCH_VAR'], 'MOMENTUM_TEST_NO_SUCH_VAR'],
      [['--orgs', join(tmp, 'missing.csv')], 'missing.csv'],
      [['--in-flight', '9'], '--in-flight'],
      [['--since', 'yesterday'], '--since'],
    ];
    for (const [flags, needle] of cases) {
      const r = await cli(['observe', 'sync', '--db', db, '--hub-url', 'http://127.0.0.1:1', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toContain(needle);
    }
    expect(existsSync(db)).toBe(false);
  });

  it.skipIf(!HAVE_DIST)('fails fast with a clear message when the Hub is unreachable or silent', async () => {
    // A port nobody listens on.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await cli(['observe', 'sync', '--db', join(tmp, 'offline.duckdb'), '--hub-url', `http://127.0.0.1:${port}`]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('cannot reach the Hugging Face Hub');
    expect(r.stderr).not.toContain('waiting'); // failed at once: no backoff
    // A server that accepts connections and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    try {
      const s = await cli(['observe', 'sync', '--db', join(tmp, 'silent.duckdb'), '--hub-url', `http://127.0.0.1:${(silent.address() as { port: number }).port}`], { MOMENTUM_HUB_TIMEOUT_MS: '700' });
      expect(s.code).not.toBe(0);
      expect(s.stderr).toContain('no answer within 0.7 s');
      expect(s.stderr).not.toContain('waiting');
    } finally {
      silent.close();
    }
  });

  it('--since lists only new derivatives but never shrinks the snapshot: its snapshot metrics equal a full sync\'s', async () => {
    const srv = await startHubServer(eco);
    const full = join(tmp, 'since-full.duckdb');
    const inc = join(tmp, 'since-inc.duckdb');
    try {
      // Both stores hold the same earlier full snapshot.
      srv.setAsOf('2026-05-20');
      for (const db of [full, inc]) {
        const store = await Store.open(db);
        await runSync(store, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date: '2026-05-20', since: null, pageSize: 200 });
        store.close();
      }
      srv.setAsOf(DAY);
      srv.setVariant(1);
      const a = await Store.open(full);
      const ra = await runSync(a, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date: DAY, since: null, pageSize: 200 });
      const b = await Store.open(inc);
      const rb = await runSync(b, registry, new HubClient({ baseDelayMs: 5 }), { hubUrl: srv.url, date: DAY, since: '2026-05-15', pageSize: 200 });
      // Newest-first listing: the incremental crawl stopped early instead of reading every page.
      expect(rb.pages).toBeLessThan(ra.pages / 3);
      const ma = await computeMetrics(a);
      const mb = await computeMetrics(b);
      const pick = (m: typeof ma) => m.rows.filter((r) => r.date === '2026-06' && ['download_share', 'cumulative_download_share', 'hhi', 'download_share_by_size', 'family_download_share', 'period_downloads'].includes(r.metric));
      expect(pick(mb).length).toBeGreaterThan(10);
      expect(pick(mb)).toEqual(pick(ma));
      // Every metric, history ones included, equals the full sync's.
      expect(mb.rows).toEqual(ma.rows);
      // The tracked organisations' snapshot rows are complete: same count as the full sync's.
      const n = async (s: Store) => (await s.query(`SELECT count(*) AS n FROM snapshots s JOIN models m USING (id) WHERE s.sync_date = DATE '${DAY}' AND m.organisation IS NOT NULL`))[0].n;
      expect(await n(b)).toBe(await n(a));
      a.close();
      b.close();
    } finally {
      await srv.close();
    }
  });
});

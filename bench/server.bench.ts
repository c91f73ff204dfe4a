/**
 * `npm run bench:server [-- --duration S --connections 50,200]`: load on `momentum serve`
 * with autocannon (issue 17): requests/s, p99 latency and errors for a static file, GET
 * /api/scenarios and POST /api/run, each at 50 and 200 connections.
 *
 * The server runs as its own process (`node bin/momentum.js serve --port 0`, default threads),
 * on 127.0.0.1 only; the load generator runs here. Every loop is bounded by `--duration` (default
 * 5 s per case). Overload is expected on /api/run: more than 32 model requests waiting get 503
 * with Retry-After (counted apart from errors). Prints a table and writes out/bench/server.json
 * (date, machine, figures). Needs `npm run build` (dist/ and web/dist/).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : def;
}
const duration = Number(arg('duration', '5'));
const connectionsList = arg('connections', '50,200').split(',').map(Number);
if (!(duration > 0 && duration <= 120) || connectionsList.some((c) => !(Number.isInteger(c) && c > 0 && c <= 1000))) {
  process.stderr.write('usage: npm run bench:server -- [--duration 1..120] [--connections 50,200]\n');
  process.exit(2);
}

/** Starts `momentum serve` on a free port; resolves with its base URL and a stop function. */
function startServer(): Promise<{ base: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/momentum.js'), 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not start:\n${out}\n${err}`)), 30_000);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (!m) return;
      clearTimeout(t);
      resolve({
        base: `http://127.0.0.1:${m[1]}`,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

interface Case {
  name: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
}

const asset = readdirSync(join(ROOT, 'web/dist/assets')).find((f) => f.endsWith('.js'));
const CASES: Case[] = [
  { name: 'static file', path: asset ? `/assets/${asset}` : '/' },
  { name: 'GET /api/scenarios', path: '/api/scenarios' },
  // a two-year meanfield run: the model threads' work, with the queue's shedding under load
  { name: 'POST /api/run', path: '/api/run', method: 'POST', body: JSON.stringify({ scenario: 'baseline', to: '2024-12' }) },
];

interface Row {
  case: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  ok2xx: number;
  shed503: number;
  otherNon2xx: number;
  errors: number;
  timeouts: number;
}

async function measure(base: string, c: Case, connections: number): Promise<Row> {
  const r = await autocannon({
    url: base + c.path,
    method: c.method ?? 'GET',
    headers: c.method === 'POST' ? { 'content-type': 'application/json' } : {},
    body: c.body,
    connections,
    duration,
    timeout: 30,
  });
  const codes = (r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  const shed = codes['503']?.count ?? 0;
  return {
    case: c.name,
    connections,
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    ok2xx: r['2xx'],
    shed503: shed,
    otherNon2xx: r.non2xx - shed,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

const server = await startServer();
const rows: Row[] = [];
try {
  // warm the model threads (and the JIT) outside the measurements
  for (let i = 0; i < 20; i++) {
    await fetch(server.base + '/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: CASES[2].body }).then((r) => r.arrayBuffer());
  }
  for (const c of CASES) for (const n of connectionsList) rows.push(await measure(server.base, c, n));
} finally {
  await server.stop();
}

const header = ['case', 'conns', 'req/s', 'p50 ms', 'p99 ms', '2xx', '503 (shed)', 'other non-2xx', 'errors', 'timeouts'];
const table = [header, ...rows.map((r) => [r.case, r.connections, r.requestsPerSecond, r.p50Ms, r.p99Ms, r.ok2xx, r.shed503, r.otherNon2xx, r.errors, r.timeouts].map(String))];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
process.stdout.write(table.map((row) => row.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ')).join('\n') + '\n');
const record = {
  bench: 'server',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, loadavg1mBefore: loadavg()[0] },
  durationSeconds: duration,
  rows,
};
mkdirSync(join(ROOT, 'out/bench'), { recursive: true });
writeFileSync(join(ROOT, 'out/bench/server.json'), JSON.stringify(record, null, 2) + '\n');
process.stdout.write(`wrote out/bench/server.json (load average ${loadavg()[0].toFixed(2)} on ${cpus().length} cores: a shared machine gives lower, noisier figures)\n`);

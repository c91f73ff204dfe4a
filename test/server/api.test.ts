import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { createMomentumServer, type MomentumServer } from '../../src/server/server.js';

let dir: string;
let srv: MomentumServer;
let base: string;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'momentum-serve-'));
  mkdirSync(join(dir, 'web', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'web', 'index.html'), '<!DOCTYPE html><title>test app</title>');
  writeFileSync(join(dir, 'web', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
  mkdirSync(join(dir, 'data'));
  srv = createMomentumServer({ webRoot: join(dir, 'web'), dataRoot: join(dir, 'data-absent'), limits: { maxAgents: 2000, maxMonths: 120, maxBodyBytes: 4096, timeLimitMs: 15_000 }, log: (l) => logs.push(l), accessLog: true });
  const port = await srv.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

interface ErrorBody {
  error: string;
  issues?: { path: string; expected: string; found: string; hint?: string }[];
}

async function expectIssue(res: Response, status: number, path: string, re?: RegExp): Promise<ErrorBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  const issue = body.issues?.find((i) => i.path === path);
  expect(issue, `issues: ${JSON.stringify(body.issues)}`).toBeDefined();
  if (re) expect(`${issue!.expected} | ${issue!.found} | ${issue!.hint ?? ''}`).toMatch(re);
  return body;
}

describe('GET endpoints', () => {
  it('/api/scenarios lists the built-in scenarios in the file format', async () => {
    const res = await fetch(`${base}/api/scenarios`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scenarios: { name: string; events: unknown[] }[] };
    expect(body.scenarios.map((s) => s.name)).toContain('baseline');
    expect(body.scenarios.find((s) => s.name === 'baseline')!.events.length).toBeGreaterThan(0);
  });

  it('/api/params lists parameter metadata', async () => {
    const body = (await (await fetch(`${base}/api/params`)).json()) as { params: { name: string; source: string; kind: string }[] };
    const p = body.params.find((d) => d.name === 'priceSensitivity');
    expect(p?.kind).toBe('world');
    expect(p?.source).toBeTruthy();
  });

  it('/api/observations is [] when data/observations.json is absent', async () => {
    const res = await fetch(`${base}/api/observations`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
  });

  it('serves the web app and its assets, and nothing outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('test app');
    const asset = await fetch(`${base}/assets/app.js`);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    for (const p of ['/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await fetch(base + p);
      expect(res.status, p).toBe(404);
      expect(await res.text()).not.toContain('do not serve');
    }
  });

  it('without a built web app, / explains how to build it (503) and the API still works', async () => {
    const s = createMomentumServer({ webRoot: join(dir, 'no-such-dist'), dataRoot: dir, log: () => undefined });
    const port = await s.listen(0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(res.status).toBe(503);
      expect(await res.text()).toMatch(/npm run build/);
      expect((await fetch(`http://127.0.0.1:${port}/api/params`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('unknown endpoints are 404 and wrong methods 405, as JSON', async () => {
    expect((await fetch(`${base}/api/nope`)).status).toBe(404);
    const r = await fetch(`${base}/api/run`);
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('POST');
    expect((await post('/api/params', {})).status).toBe(405);
  });
});

describe('POST /api/run', () => {
  it('runs a built-in scenario and returns series and summary', async () => {
    const res = await post('/api/run', { scenario: 'closed-world' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { summary: { scenario: string; mode: string }; dates: string[]; series: { metric: string; group: string; values: (number | null)[] }[] };
    expect(body.summary.scenario).toBe('closed-world');
    expect(body.summary.mode).toBe('meanfield');
    expect(body.dates[0]).toBe('2023-01');
    const us = body.series.find((s) => s.metric === 'usage_share' && s.group === 'US')!;
    expect(us.values).toHaveLength(body.dates.length);
    // shares by origin sum to 1 each month
    const shares = body.series.filter((s) => s.metric === 'usage_share');
    for (let t = 0; t < body.dates.length; t += 12) expect(shares.reduce((a, s) => a + (s.values[t] ?? 0), 0)).toBeCloseTo(1, 6);
  });

  it('accepts a scenario object (file), overrides, a horizon and the agents mode', async () => {
    const file = { name: 'mine', extends: 'baseline', params: { networkEffect: 0.9 }, events: [{ date: '2026-01', type: 'open-subsidy', bloc: 'EU', amount: 1 }] };
    const res = await post('/api/run', { file, overrides: { priceSensitivity: 1 }, from: '2024-01', to: '2025-12', mode: 'agents', agents: 500, seed: 3 });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { summary: { scenario: string; overrides: Record<string, number>; agents: number; seed: number }; dates: string[] };
    expect(body.summary.scenario).toBe('mine');
    expect(body.summary.overrides).toMatchObject({ networkEffect: 0.9, priceSensitivity: 1 });
    expect(body.summary.agents).toBe(500);
    expect(body.dates).toHaveLength(24);
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const a = await (await post('/api/run', { scenario: 'baseline', to: '2024-12' })).text();
    const b = await (await post('/api/run', { scenario: 'baseline', to: '2024-12' })).text();
    expect(a).toBe(b);
  });

  it('rejects bad input with a 400 naming the field', async () => {
    await expectIssue(await post('/api/run', { scenario: 'baselin' }), 400, 'scenario', /did you mean "baseline"/);
    await expectIssue(await post('/api/run', { overrides: { priceSensitivty: 1 } }), 400, 'overrides.priceSensitivty', /did you mean "priceSensitivity"/);
    await expectIssue(await post('/api/run', { overrides: { priceSensitivity: 99 } }), 400, 'overrides.priceSensitivity', /a number in/);
    await expectIssue(await post('/api/run', { mode: 'fast' }), 400, 'mode');
    await expectIssue(await post('/api/run', { agents: -5 }), 400, 'agents');
    await expectIssue(await post('/api/run', { sceanrio: 'baseline' }), 400, 'sceanrio');
    await expectIssue(await post('/api/run', { from: '2023-13' }), 400, 'from');
    await expectIssue(await post('/api/run', { from: '2025-01', to: '2024-01' }), 400, 'to');
    await expectIssue(await post('/api/run', '{"scenario": '), 400, '(body)', /invalid JSON/);
    await expectIssue(await post('/api/run', [1, 2]), 400, '', /object/);
    await expectIssue(await post('/api/run', { scenario: 'baseline', file: { name: 'x' } }), 400, 'file', /not both/);
    await expectIssue(await post('/api/run', { file: { name: 'x', events: [{ date: '2026-01', type: 'export-control', bloc: 'CN', severity: 7 }] } }), 400, 'file.events[0].severity', /≤ 1/);
    await expectIssue(await post('/api/run', { file: { name: 'x', events: [{ date: '2026-01', type: 'export-control', bloc: 'XX', severity: 0.5 }] } }), 400, 'file.events[0].bloc');
    await expectIssue(await post('/api/run', { file: { name: 'Bad Name' } }), 400, 'file.name');
    await expectIssue(await post('/api/run', { file: { name: 'x', extends: 'baselien' } }), 400, 'file.extends', /did you mean "baseline"/);
    await expectIssue(await post('/api/run', { file: 'baseline' }), 400, 'file', /object/);
  });
});

describe('limits', () => {
  it('maximum agents → 400 naming agents', async () => {
    await expectIssue(await post('/api/run', { mode: 'agents', agents: 2001 }), 400, 'agents', /at most 2000 agents \(server limit\)/);
  });

  it('maximum horizon → 400 naming to', async () => {
    await expectIssue(await post('/api/run', { from: '2023-01', to: '2033-01' }), 400, 'to', /at most 120 months/);
  });

  it('maximum body size → 413', async () => {
    const big = JSON.stringify({ file: { name: 'x', description: 'y'.repeat(10_000) } });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(`${base}/api/run`);
      const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) } }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end(big);
    });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).error).toMatch(/too large.*4096 bytes/);
  });

  it('per-request time limit → 408', async () => {
    // the model thread holds the run (a test hook, never released): only the time limit can end it
    const slow = createMomentumServer({ webRoot: join(dir, 'web'), dataRoot: dir, limits: { timeLimitMs: 1 }, threads: 1, modelHold: new SharedArrayBuffer(8), log: () => undefined });
    const port = await slow.listen(0);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'agents', agents: 50_000 }) });
      expect(res.status).toBe(408);
      const body = (await res.json()) as { error: string; limitMs: number };
      expect(body.error).toMatch(/time limit of 1 ms/);
    } finally {
      await slow.close();
    }
  });
});

describe('POST /api/compare', () => {
  it('compares B with A', async () => {
    const res = await post('/api/compare', { a: 'baseline', b: { scenario: 'closed-world', overrides: { networkEffect: 0.5 } } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { a: { scenario: string }; b: { scenario: string; overrides: Record<string, number> }; rows: { metric: string; group: string; a: number | null; b: number | null; difference: number | null }[] };
    expect(body.a.scenario).toBe('baseline');
    expect(body.b.overrides.networkEffect).toBe(0.5);
    const row = body.rows.find((r) => r.metric === 'usage_share' && r.group === 'US')!;
    expect(row.difference).toBeCloseTo((row.b ?? 0) - (row.a ?? 0), 12);
  });

  it('names the side of a bad field', async () => {
    await expectIssue(await post('/api/compare', { a: 'baseline', b: 'nope' }), 400, 'b.scenario');
    await expectIssue(await post('/api/compare', { a: { overrides: { x: 1 } }, b: 'baseline' }), 400, 'a.overrides.x');
    await expectIssue(await post('/api/compare', { a: 'baseline' }), 400, 'b');
  });
});

describe('observations file', () => {
  it('serves a valid data/observations.json and reports an invalid one with a 500 naming the field', async () => {
    const root = mkdtempSync(join(tmpdir(), 'momentum-obs-'));
    mkdirSync(join(root, 'data'));
    const good = [{ id: 'x', metric: 'download_share', group: 'CN', period: '2025-06', kind: 'point', value: 0.4, uncertainty: { se: 0.05, note: 'n' }, unit: 'share', definition: 'd', source: { title: 't', author: 'a', year: 2025, url: 'https://example.org/' } }];
    const s = createMomentumServer({ webRoot: join(dir, 'web'), dataRoot: root, log: () => undefined });
    const port = await s.listen(0);
    try {
      writeFileSync(join(root, 'data', 'observations.json'), JSON.stringify(good));
      expect(await (await fetch(`http://127.0.0.1:${port}/api/observations`)).json()).toEqual(good);
      writeFileSync(join(root, 'data', 'observations.json'), JSON.stringify([{ ...good[0], value: 'high' }]));
      const res = await fetch(`http://127.0.0.1:${port}/api/observations`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as ErrorBody;
      expect(body.issues?.[0].path).toBe('[0].value');
    } finally {
      await s.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('logging', () => {
  it('writes one line per request with method, path, status and duration', async () => {
    const before = logs.length;
    await fetch(`${base}/api/params`);
    await post('/api/run', { scenario: 'nope' });
    const lines = logs.slice(before);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/ GET \/api\/params 200 [\d.]+ms \d+B$/);
    expect(lines[1]).toMatch(/ POST \/api\/run 400 /);
  });
});

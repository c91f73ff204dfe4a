/**
 * The server's model threads: long runs do not stall other requests, a thread still busy after
 * the deadline is stopped, and a full queue answers 503.
 */
import { describe, expect, it } from 'vitest';
import { createMomentumServer } from '../../src/server/server.js';
import { ModelPool } from '../../src/server/model-pool.js';
import { DEFAULT_LIMITS } from '../../src/server/limits.js';

/** Starts a server with these options, runs `fn` against its base URL, and closes it. */
async function withServer(opts: Parameters<typeof createMomentumServer>[0], fn: (base: string) => Promise<void>): Promise<void> {
  const srv = createMomentumServer({ dataRoot: '/nonexistent', log: () => undefined, ...opts });
  const port = await srv.listen(0, '127.0.0.1');
  try {
    await fn(`http://127.0.0.1:${port}`);
  } finally {
    await srv.close();
  }
}

/** Order in which a long agents run and a GET /api/params issued just after it finish. */
async function finishOrder(base: string): Promise<string[]> {
  const order: string[] = [];
  const run = fetch(`${base}/api/run`, { method: 'POST', body: JSON.stringify({ mode: 'agents', agents: 400_000, seed: 3 }) }).then(async (r) => {
    expect(r.status).toBe(200);
    await r.arrayBuffer();
    order.push('run');
  });
  // let the run reach the server (and, in-process, start) before asking for the parameters
  await new Promise((r) => setTimeout(r, 60));
  const params = fetch(`${base}/api/params`).then(async (r) => {
    expect(r.status).toBe(200);
    await r.arrayBuffer();
    order.push('params');
  });
  await Promise.all([run, params]);
  return order;
}

describe('model threads', () => {
  it('a long run does not hold up other requests (and in-process it does, which is what this detects)', async () => {
    const limits = { maxAgents: 1_000_000 };
    await withServer({ limits, threads: 1 }, async (base) => {
      expect(await finishOrder(base)).toEqual(['params', 'run']);
    });
    await withServer({ limits, threads: 0 }, async (base) => {
      expect(await finishOrder(base)).toEqual(['run', 'params']);
    });
  });

  it('gives the same bytes on a thread as in-process', async () => {
    const bodies: string[] = [];
    for (const threads of [1, 0]) {
      await withServer({ threads }, async (base) => {
        const r = await fetch(`${base}/api/run`, { method: 'POST', body: JSON.stringify({ scenario: 'export-controls-tighten', mode: 'agents', agents: 3000, seed: 5 }) });
        expect(r.status).toBe(200);
        bodies.push(await r.text());
      });
    }
    expect(bodies[0]).toBe(bodies[1]);
  });

  it('stops a thread that is still running after the deadline (408), and the next request runs', async () => {
    // 20 million agents reach the run's first time check (after 12 months) only after a second
    // or more; the pool stops the thread 50 ms after the request arrived instead.
    const pool = new ModelPool(1, 4, 20);
    try {
      // a warm thread, so that the run itself (not the thread's start) is what gets stopped
      expect((await pool.run('run', { to: '2023-03' }, DEFAULT_LIMITS, Date.now())).status).toBe(200);
      const limits = { ...DEFAULT_LIMITS, maxAgents: 50_000_000, timeLimitMs: 30 };
      const t0 = Date.now();
      const r = await pool.run('run', { mode: 'agents', agents: 20_000_000, to: '2023-12' }, limits, t0);
      const elapsed = Date.now() - t0;
      expect(r.status).toBe(408);
      expect(JSON.parse(r.json)).toEqual({ error: 'the request exceeded the time limit of 30 ms', limitMs: 30 });
      expect(elapsed).toBeLessThan(500);
      const next = await pool.run('run', { to: '2023-06' }, { ...DEFAULT_LIMITS }, Date.now());
      expect(next.status).toBe(200);
    } finally {
      await pool.close();
    }
  });

  it('answers bad input at once, without starting a thread', async () => {
    const pool = new ModelPool(1, 4);
    try {
      const r = await pool.run('run', { scenario: 'baselin' }, DEFAULT_LIMITS, Date.now());
      expect(r.status).toBe(400);
      expect(JSON.parse(r.json).issues[0]).toMatchObject({ path: 'scenario', hint: 'did you mean "baseline"?' });
      const c = await pool.run('compare', { a: 'baseline', b: 'baseline', agents: 0 }, DEFAULT_LIMITS, Date.now());
      expect(c.status).toBe(400);
      expect(JSON.parse(c.json).issues[0].path).toBe('agents');
      expect(pool.started).toBe(false);
    } finally {
      await pool.close();
    }
  });

  it('warm() starts the threads before any request, and closing while it warms is not an error', async () => {
    const pool = new ModelPool(2, 4);
    try {
      await pool.warm(2);
      expect(pool.started).toBe(true);
      expect((await pool.run('run', { to: '2023-06' }, DEFAULT_LIMITS, Date.now())).status).toBe(200);
    } finally {
      await pool.close();
    }
    const closing = new ModelPool(1, 4);
    const warming = closing.warm(50);
    await new Promise((r) => setTimeout(r, 50));
    await closing.close();
    await expect(warming).resolves.toBeUndefined();
  });

  it('answers 503 with retry-after when too many requests wait for a thread', async () => {
    await withServer({ threads: 1, maxQueued: 1, limits: { maxAgents: 1_000_000 } }, async (base) => {
      const rs = await Promise.all(
        Array.from({ length: 4 }, (_, i) => fetch(`${base}/api/run`, { method: 'POST', body: JSON.stringify({ mode: 'agents', agents: 200_000, seed: i + 1 }) })),
      );
      const statuses = rs.map((r) => r.status).sort();
      expect(statuses).toContain(200);
      expect(statuses).toContain(503);
      const busy = rs.find((r) => r.status === 503)!;
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(((await busy.json()) as { error: string }).error).toMatch(/server busy/);
      await Promise.all(rs.map((r) => r.arrayBuffer().catch(() => undefined)));
    });
  });
});

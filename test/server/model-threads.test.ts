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

/**
 * The model threads' test hook (ModelHold): a thread that takes a run announces it and waits
 * until released, so a test knows a run is in progress, for as long as it needs.
 */
function modelHold() {
  const sab = new SharedArrayBuffer(8);
  const cells = new Int32Array(sab);
  return {
    sab,
    /** Resolves once a thread has taken a run. */
    started: async () => {
      // Atomics.waitAsync is in Node 20 (V8), not in this project's ES2022 lib typings
      const w = (Atomics as unknown as { waitAsync: (a: Int32Array, i: number, v: number) => { async: boolean; value: Promise<string> | string } }).waitAsync(cells, 1, 0);
      if (w.async) await w.value;
    },
    release: () => {
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
    },
  };
}

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('model threads', () => {
  it('a run in progress on a thread does not hold up other requests', async () => {
    const hold = modelHold();
    await withServer({ threads: 1, modelHold: hold.sab }, async (base) => {
      let runDone = false;
      const run = post(`${base}/api/run`, { to: '2024-06' }).then(async (r) => {
        runDone = true;
        return { status: r.status, body: await r.text() };
      });
      await hold.started(); // the run is on the thread, and stays there until released
      const params = await fetch(`${base}/api/params`);
      expect(params.status).toBe(200);
      await params.arrayBuffer();
      expect(runDone).toBe(false); // answered while the run was still in progress
      hold.release();
      const r = await run;
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).summary.to).toBe('2024-06');
    });
  });

  it('gives the same bytes on a thread as in-process', async () => {
    const bodies: string[] = [];
    for (const threads of [1, 0]) {
      await withServer({ threads }, async (base) => {
        const r = await post(`${base}/api/run`, { scenario: 'export-controls-tighten', mode: 'agents', agents: 3000, seed: 5 });
        expect(r.status).toBe(200);
        bodies.push(await r.text());
      });
    }
    expect(bodies[0]).toBe(bodies[1]);
  });

  it('stops a thread that is still running after the deadline (408), and the next request runs', async () => {
    // the run is held on its thread (the test hook) and never ends by itself: only the pool's
    // hard stop, 20 ms after the 30 ms deadline, can answer the request
    const hold = modelHold();
    const pool = new ModelPool(1, 4, 20, hold.sab);
    try {
      const limits = { ...DEFAULT_LIMITS, timeLimitMs: 30 };
      const r = await pool.run('run', { to: '2023-12' }, limits, Date.now());
      expect(r.status).toBe(408);
      expect(JSON.parse(r.json)).toEqual({ error: 'the request exceeded the time limit of 30 ms', limitMs: 30 });
      hold.release();
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
    const warming = closing.warm(50); // 50 rounds cannot finish before the next line
    await closing.close();
    await expect(warming).resolves.toBeUndefined();
  });

  it('answers 503 with retry-after when too many requests wait for a thread', async () => {
    const hold = modelHold();
    await withServer({ threads: 1, maxQueued: 1, modelHold: hold.sab }, async (base) => {
      const first = post(`${base}/api/run`, { to: '2024-06', seed: 1 });
      await hold.started(); // the thread is busy until released
      // one of the next three waits for the thread (the queue holds 1); the other two are shed
      const rest = [2, 3, 4].map((seed) => post(`${base}/api/run`, { to: '2024-06', seed }));
      // the queued one cannot be answered before the release: the first two answers are the shed ones
      const shed: Response[] = [];
      await new Promise<void>((done) => rest.forEach((p) => void p.then((r) => shed.push(r) === 2 && done())));
      expect(shed.map((r) => r.status)).toEqual([503, 503]);
      for (const busy of shed) {
        expect(busy.headers.get('retry-after')).toBe('1');
        expect(((await busy.json()) as { error: string }).error).toMatch(/server busy/);
      }
      hold.release();
      expect((await first).status).toBe(200);
      const all = await Promise.all(rest);
      expect(all.map((r) => r.status).sort()).toEqual([200, 503, 503]);
      await Promise.all([...all, await first].map((r) => r.arrayBuffer().catch(() => undefined)));
    });
  });
});

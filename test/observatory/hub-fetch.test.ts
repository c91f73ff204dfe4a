/** The polite Hub client: rate limits, backoff, bounded retries, fail-fast. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubClient, HubError, parseLinkHeader, parseRateLimit, parseRetryAfter } from '../../src/observatory/hub-fetch.js';

type Reply = { status: number; body?: string; headers?: Record<string, string>; delayMs?: number };
let server: Server | undefined;

/** A server answering the scripted replies in order (the last one repeats). */
async function scripted(replies: Reply[]): Promise<{ url: string; hits: () => number }> {
  let k = 0;
  server = createServer((_req, res) => {
    const r = replies[Math.min(k++, replies.length - 1)];
    setTimeout(() => res.writeHead(r.status, { 'content-type': 'application/json', ...(r.headers ?? {}) }).end(r.body ?? '[]'), r.delayMs ?? 0);
  });
  await new Promise<void>((res) => server!.listen(0, '127.0.0.1', res));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/models`, hits: () => k };
}

afterEach(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
  }
});

/** A client whose sleeps are recorded, not slept. */
function recordingClient(opts: ConstructorParameters<typeof HubClient>[0] = {}) {
  const waits: { reason: string; ms: number }[] = [];
  const client = new HubClient({ sleep: async () => undefined, onWait: (w) => waits.push({ reason: w.reason, ms: w.ms }), ...opts });
  return { client, waits };
}

describe('header parsing', () => {
  it('reads RateLimit r= and t=, Retry-After in seconds or as a date, and absolute or relative Link targets', () => {
    expect(parseRateLimit('"api";r=0;t=55')).toEqual({ remaining: 0, resetSeconds: 55 });
    expect(parseRateLimit('"resolvers";r=12;t=3')).toEqual({ remaining: 12, resetSeconds: 3 });
    expect(parseRateLimit(null)).toEqual({ remaining: null, resetSeconds: null });
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseLinkHeader('<https://huggingface.co/api/models?cursor=abc&limit=1000>; rel="next"', 'https://x.org/')).toEqual({ next: 'https://huggingface.co/api/models?cursor=abc&limit=1000' });
    expect(parseLinkHeader('</api/models?cursor=x>; rel="next", <https://h/prev>; rel="prev"', 'http://127.0.0.1:9/api/models')).toEqual({ next: 'http://127.0.0.1:9/api/models?cursor=x', prev: 'https://h/prev' });
  });
});

describe('HubClient', () => {
  it('waits what a 429 asks (RateLimit t= or Retry-After, whichever is longer) and then succeeds', async () => {
    const s = await scripted([{ status: 200, body: '[1]' }, { status: 429, headers: { ratelimit: '"api";r=0;t=42', 'retry-after': '5' } }, { status: 200, body: '[2]' }]);
    const { client, waits } = recordingClient();
    await client.getJson(s.url);
    const r = await client.getJson(s.url);
    expect(r.data).toEqual([2]);
    expect(waits).toEqual([{ reason: 'HTTP 429 rate limited', ms: 42_100 }]);
    expect(client.stats.rateLimited).toBe(1);
  });

  it('pauses before the next request when a success reports r=0 remaining', async () => {
    const s = await scripted([{ status: 200, body: '[]', headers: { ratelimit: '"api";r=0;t=30' } }, { status: 200, body: '[]' }]);
    const { client, waits } = recordingClient();
    await client.getJson(s.url);
    expect(waits).toEqual([]);
    await client.getJson(s.url);
    expect(waits.length).toBe(1);
    expect(waits[0].reason).toBe('rate limit budget exhausted');
    expect(waits[0].ms).toBeGreaterThan(29_000);
  });

  it('retries 5xx with exponential backoff and seeded jitter, a bounded number of times', async () => {
    const s = await scripted([{ status: 200 }, { status: 503 }]);
    const { client, waits } = recordingClient({ maxRetries: 4, baseDelayMs: 1000, seed: 9 });
    await client.getJson(s.url);
    const err = await client.getJson(s.url).catch((e) => e);
    expect(err).toBeInstanceOf(HubError);
    expect((err as HubError).message).toContain('HTTP 503');
    expect(s.hits()).toBe(1 + 5);
    expect(waits.map((w) => w.reason)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503', 'HTTP 503']);
    // Backoff k lies in [0.5, 1) × 1000·2^(k-1): grows, jittered, deterministic for a seed.
    waits.forEach((w, k) => {
      expect(w.ms).toBeGreaterThanOrEqual(500 * 2 ** k);
      expect(w.ms).toBeLessThan(1000 * 2 ** k);
    });
    const again = new HubClient({ seed: 9, baseDelayMs: 1000 });
    expect([1, 2, 3, 4].map((a) => again.backoffMs(a))).toEqual(waits.map((w) => w.ms));
  });

  it('retries 408 Request Timeout like a 5xx', async () => {
    const s = await scripted([{ status: 408, body: '{"error":"timeout"}' }, { status: 200, body: '[3]' }]);
    const { client, waits } = recordingClient();
    expect((await client.getJson(s.url)).data).toEqual([3]);
    expect(waits.map((w) => w.reason)).toEqual(['HTTP 408']);
  });

  it('keeps at most maxInFlight requests in flight, queueing the others', async () => {
    let open = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    server = createServer((_req, res) => {
      open++;
      peak = Math.max(peak, open);
      // Each request is answered only when the test says so: the overlap is known, not timed.
      release.push(() => {
        open--;
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/models`;
    const client = new HubClient({ maxInFlight: 2 });
    const all = Promise.all([1, 2, 3, 4, 5].map(() => client.getJson(url)));
    const settle = async (n: number) => {
      for (let k = 0; k < 200 && release.length < n; k++) await new Promise((r) => setTimeout(r, 5));
    };
    let answered = 0;
    while (answered < 5) {
      await settle(answered + 1);
      expect(open).toBeLessThanOrEqual(2);
      release[answered++]();
    }
    await all;
    expect(peak).toBe(2);
    expect(client.stats.maxInFlightSeen).toBe(2);
    expect(new HubClient({ maxInFlight: 9 }).maxInFlight).toBe(4);
  });

  it('retries a malformed JSON page, then returns the good one', async () => {
    const s = await scripted([{ status: 200, body: '[{"id":"a/b"' }, { status: 200, body: '[{"id":"a/b"}]' }]);
    const { client, waits } = recordingClient();
    const r = await client.getJson(s.url);
    expect(r.data).toEqual([{ id: 'a/b' }]);
    expect(waits.map((w) => w.reason)).toEqual(['malformed page']);
  });

  it('sends the token as a bearer header', async () => {
    let auth: string | undefined;
    server = createServer((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    await new HubClient({ token: 'hf_test' }).getJson(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/models`);
    expect(auth).toBe('Bearer hf_test');
  });

  it('does not retry a 404 or 401', async () => {
    const s = await scripted([{ status: 401, body: '{"error":"unauthorized"}' }]);
    const { client } = recordingClient();
    const err = (await client.getJson(s.url).catch((e) => e)) as HubError;
    expect(err.kind).toBe('http');
    expect(err.message).toContain('--token-env');
    expect(s.hits()).toBe(1);
  });

  it('fails fast on first contact with a refused connection or a silent server: one attempt, no retry', async () => {
    const { client, waits } = recordingClient();
    const err = (await client.getJson('http://127.0.0.1:1/api/models').catch((e) => e)) as HubError;
    expect(err.kind).toBe('unreachable');
    expect(err.message).toContain('cannot reach the Hugging Face Hub at http://127.0.0.1:1');
    expect([client.stats.requests, client.stats.retries, waits.length]).toEqual([1, 0, 0]);
    const s = await scripted([{ status: 200, delayMs: 5000 }]);
    const slow = new HubClient({ connectTimeoutMs: 300 });
    const err2 = (await slow.getJson(s.url).catch((e) => e)) as HubError;
    expect(err2.kind).toBe('unreachable');
    expect(err2.message).toContain('no answer within 0.3 s');
    expect([slow.stats.requests, slow.stats.retries, s.hits()]).toEqual([1, 0, 1]);
  });

  it('passes slow-but-answering responses and gives the official client a fetch', async () => {
    const s = await scripted([{ status: 200, body: '[{"id":"x/y"}]', delayMs: 300, headers: { link: '<http://127.0.0.1:1/next>; rel="next"' } }]);
    const { client } = recordingClient();
    const res = await client.asFetch()(s.url);
    expect(await res.json()).toEqual([{ id: 'x/y' }]);
    expect(res.headers.get('link')).toContain('rel="next"');
  });
});

/**
 * A polite HTTP client for the Hugging Face Hub. It never hammers:
 * - 429 responses wait for `Retry-After` or the `t=` of the `RateLimit: "api";r=…;t=…` header;
 * - a success that reports `r=0` remaining waits `t` seconds before the next request;
 * - 408, 5xx, timeouts, dropped connections and malformed JSON are retried with exponential
 *   backoff and seeded jitter, a bounded number of times;
 * - at most `maxInFlight` requests (default 3, see hub-api.ts) are in flight at once;
 * - a Hub that cannot be reached on first contact (refused, unknown host, connect timeout)
 *   fails at once with a clear message instead of retrying.
 */
import { Rng } from '../model/index.js';
import { DEFAULT_IN_FLIGHT, MAX_IN_FLIGHT, isRetryableStatus } from './hub-api.js';

/** Why a Hub request failed for good. */
export type HubErrorKind = 'unreachable' | 'http' | 'malformed' | 'timeout' | 'rate-limited';

/** A Hub request that failed after its retries. Its stack is its message: the CLI prints it as is. */
export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'HubError';
    this.stack = `${this.name}: ${message}`;
  }
}

/** Options of {@link HubClient}. */
export interface HubClientOptions {
  /** Bearer token (never logged). */
  token?: string;
  /** Retries per request after the first attempt (default 6). */
  maxRetries?: number;
  /** First backoff delay in ms (default 1000); doubles per retry. */
  baseDelayMs?: number;
  /** Largest backoff delay in ms (default 60 000). */
  maxDelayMs?: number;
  /** Largest server-requested wait in ms before giving up (default 15 min). */
  maxServerWaitMs?: number;
  /** Time limit of one attempt, headers and body, in ms (default 60 000). */
  requestTimeoutMs?: number;
  /** Time limit of the first contact with the Hub, in ms (default 15 000). */
  connectTimeoutMs?: number;
  /** Seed of the jitter stream (default 1). */
  seed?: number;
  /** Sleep function (tests inject a recorder). */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to log "rate limited, waiting 55 s". */
  onWait?: (info: { url: string; reason: string; ms: number; attempt: number }) => void;
  /** Underlying fetch (default globalThis.fetch). */
  fetchImpl?: typeof fetch;
  /** Requests in flight at once, 1 … 4 (default 3). */
  maxInFlight?: number;
}

/** A fetched response body with its status and headers. */
export interface HubText {
  status: number;
  headers: Headers;
  text: string;
  url: string;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'EPIPE', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Parses `RateLimit: "api";r=0;t=55` into remaining requests and seconds to reset. */
export function parseRateLimit(header: string | null): { remaining: number | null; resetSeconds: number | null } {
  if (!header) return { remaining: null, resetSeconds: null };
  const r = /(?:^|[;,\s])r=(\d+)/.exec(header);
  const t = /(?:^|[;,\s])t=(\d+)/.exec(header);
  return { remaining: r ? Number(r[1]) : null, resetSeconds: t ? Number(t[1]) : null };
}

/** Parses `Retry-After` (seconds or an HTTP date) into ms, or null. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const s = header.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const d = Date.parse(s);
  return Number.isFinite(d) ? Math.max(0, d - now) : null;
}

function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let k = 0; k < 4 && cur; k++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The Hub client: one per sync. Concurrent calls share one rate-limit pause and at most
 * `maxInFlight` of them run at once (the others queue in call order).
 */
export class HubClient {
  readonly stats = { requests: 0, retries: 0, waitedMs: 0, rateLimited: 0, maxInFlightSeen: 0 };
  private readonly o: Required<Omit<HubClientOptions, 'token' | 'onWait'>> & Pick<HubClientOptions, 'token' | 'onWait'>;
  private readonly rng: Rng;
  private contacted = false;
  private pauseUntil = 0;
  private inFlight = 0;
  private readonly queue: (() => void)[] = [];

  constructor(opts: HubClientOptions = {}) {
    this.o = {
      token: opts.token,
      maxRetries: opts.maxRetries ?? 6,
      baseDelayMs: opts.baseDelayMs ?? 1000,
      maxDelayMs: opts.maxDelayMs ?? 60_000,
      maxServerWaitMs: opts.maxServerWaitMs ?? 15 * 60_000,
      requestTimeoutMs: opts.requestTimeoutMs ?? 60_000,
      connectTimeoutMs: opts.connectTimeoutMs ?? 15_000,
      seed: opts.seed ?? 1,
      sleep: opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      onWait: opts.onWait,
      fetchImpl: opts.fetchImpl ?? globalThis.fetch,
      maxInFlight: Math.max(1, Math.min(MAX_IN_FLIGHT, Math.floor(opts.maxInFlight ?? DEFAULT_IN_FLIGHT))),
    };
    this.rng = new Rng(this.o.seed, 0x4b1d);
  }

  /** Backoff before retry `attempt` (1-based): base·2^(attempt-1), capped, times a jitter in [0.5, 1). */
  backoffMs(attempt: number): number {
    const d = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(d * (0.5 + 0.5 * this.rng.next()));
  }

  private async wait(url: string, reason: string, ms: number, attempt: number): Promise<void> {
    if (ms <= 0) return;
    this.o.onWait?.({ url, reason, ms, attempt });
    this.stats.waitedMs += ms;
    await this.o.sleep(ms);
  }

  /** Requests this client keeps in flight at most. */
  get maxInFlight(): number {
    return this.o.maxInFlight;
  }

  private async acquire(): Promise<void> {
    if (this.inFlight >= this.o.maxInFlight) await new Promise<void>((r) => this.queue.push(r));
    this.inFlight++;
    this.stats.maxInFlightSeen = Math.max(this.stats.maxInFlightSeen, this.inFlight);
  }

  private release(): void {
    this.inFlight--;
    this.queue.shift()?.();
  }

  /** GET `url` and return its body as text, retrying transient failures. */
  async getText(url: string, validate?: (text: string) => void): Promise<HubText> {
    await this.acquire();
    try {
      return await this.getTextNow(url, validate);
    } finally {
      this.release();
    }
  }

  private async getTextNow(url: string, validate?: (text: string) => void): Promise<HubText> {
    let attempt = 0;
    for (;;) {
      const pause = this.pauseUntil - Date.now();
      if (pause > 0) await this.wait(url, 'rate limit budget exhausted', pause, attempt);
      const first = !this.contacted;
      const timeout = first ? Math.min(this.o.connectTimeoutMs, this.o.requestTimeoutMs) : this.o.requestTimeoutMs;
      let res: Response;
      let text: string;
      this.stats.requests++;
      try {
        const headers: Record<string, string> = { accept: 'application/json' };
        if (this.o.token) headers.authorization = `Bearer ${this.o.token}`;
        res = await this.o.fetchImpl(url, { headers, signal: AbortSignal.timeout(timeout) });
        text = await res.text();
      } catch (e) {
        const code = errorCode(e);
        const isTimeout = (e as Error)?.name === 'TimeoutError' || (e as Error)?.name === 'AbortError' || code === 'UND_ERR_CONNECT_TIMEOUT';
        if (first) {
          const what = isTimeout ? `no answer within ${timeout < 10_000 ? (timeout / 1000).toFixed(1) : Math.round(timeout / 1000)} s` : (code ?? (e as Error).message);
          throw new HubError('unreachable', `cannot reach the Hugging Face Hub at ${new URL(url).origin} (${what}). Check the network connection or --hub-url.`);
        }
        if (!isTimeout && !(code && NETWORK_CODES.has(code)) && !(e instanceof TypeError)) throw e;
        attempt++;
        if (attempt > this.o.maxRetries) {
          throw new HubError(isTimeout ? 'timeout' : 'unreachable', `the Hub stopped answering at ${url} after ${attempt} attempts (${isTimeout ? 'timeout' : (code ?? (e as Error).message)})`);
        }
        this.stats.retries++;
        await this.wait(url, isTimeout ? 'timeout' : `network error ${code ?? ''}`.trim(), this.backoffMs(attempt), attempt);
        continue;
      }
      this.contacted = true;
      const rl = parseRateLimit(res.headers.get('ratelimit'));
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (res.status === 429) {
        this.stats.rateLimited++;
        attempt++;
        const serverMs = Math.max(retryAfter ?? 0, (rl.resetSeconds ?? 0) * 1000);
        const ms = serverMs > 0 ? serverMs + 100 : this.backoffMs(attempt);
        if (attempt > this.o.maxRetries || ms > this.o.maxServerWaitMs) {
          throw new HubError('rate-limited', `the Hub kept rate-limiting requests to ${url} (HTTP 429 after ${attempt} attempts; asked to wait ${Math.round(ms / 1000)} s). Try again later or pass a token with --token-env.`, 429);
        }
        this.stats.retries++;
        await this.wait(url, 'HTTP 429 rate limited', ms, attempt);
        continue;
      }
      if (isRetryableStatus(res.status)) {
        attempt++;
        if (attempt > this.o.maxRetries) throw new HubError('http', `the Hub answered HTTP ${res.status} for ${url} ${attempt} times in a row`, res.status);
        this.stats.retries++;
        await this.wait(url, `HTTP ${res.status}`, Math.max(retryAfter ?? 0, this.backoffMs(attempt)), attempt);
        continue;
      }
      if (res.status >= 400) {
        const hint = res.status === 401 || res.status === 403 ? ' (the Hub rejected the token: check the token passed with --token-env or HF_TOKEN)' : '';
        throw new HubError('http', `the Hub answered HTTP ${res.status} for ${url}${hint}: ${text.slice(0, 200)}`, res.status);
      }
      if (validate) {
        try {
          validate(text);
        } catch (e) {
          attempt++;
          if (attempt > this.o.maxRetries) throw new HubError('malformed', `the Hub sent a malformed page for ${url} ${attempt} times: ${(e as Error).message}`);
          this.stats.retries++;
          await this.wait(url, 'malformed page', this.backoffMs(attempt), attempt);
          continue;
        }
      }
      if (rl.remaining === 0 && rl.resetSeconds !== null) this.pauseUntil = Date.now() + rl.resetSeconds * 1000 + 100;
      return { status: res.status, headers: res.headers, text, url };
    }
  }

  /** GET `url` and parse its JSON body (a malformed body is retried like a 5xx). */
  async getJson(url: string): Promise<{ data: unknown; headers: Headers }> {
    let data: unknown;
    const r = await this.getText(url, (t) => {
      data = JSON.parse(t);
    });
    return { data, headers: r.headers };
  }

  /**
   * A `fetch` for `@huggingface/hub`: every request goes through the retry rules above and
   * returns a response whose JSON body is known to parse.
   */
  asFetch(): typeof fetch {
    return (async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const r = await this.getText(url, (t) => void JSON.parse(t));
      return new Response(r.text, { status: r.status, headers: r.headers });
    }) as typeof fetch;
  }
}

/** Parses a `Link` header into rel → absolute URL (relative targets resolve against `base`). */
export function parseLinkHeader(header: string | null, base: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (!m) continue;
    const rel = /rel="?([^";]+)"?/.exec(m[2]);
    if (!rel) continue;
    try {
      out[rel[1]] = new URL(m[1], base).href;
    } catch {
      /* an unparsable target is ignored: pagination stops */
    }
  }
  return out;
}

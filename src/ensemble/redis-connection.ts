/**
 * Redis connections for distributed ensembles: URL validation, a fail-fast reachability check
 * (bounded connect timeout, no retries, no offline queue) and the shared key names.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { MODEL_VERSION, ValidationError } from '../model/index.js';

/**
 * The BullMQ queue that `momentum worker` processes consume. It carries the model version, so
 * workers running another version of the model never take (and silently mis-compute) a run.
 */
export const QUEUE_NAME = `momentum-runs-v${MODEL_VERSION}`;

/** Redis key holding an ensemble's spec (workers read it once per ensemble). */
export const specKey = (id: string): string => `momentum:ensemble:${id}:spec`;

/** Redis list where workers push the results of an ensemble's runs. */
export const resultsKey = (id: string): string => `momentum:ensemble:${id}:results`;

/** BullMQ job id of a run: one job per (ensemble, run), so re-enqueueing never duplicates. */
export const jobId = (id: string, runId: number): string => `${id}-${runId}`;

/** How long a reachability check may take before it fails. */
export const CONNECT_TIMEOUT_MS = 3000;

/** Parses `redis://[user:pass@]HOST[:PORT][/DB]` (or rediss://) into ioredis options. */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ValidationError('--redis', [{ path: '--redis', expected: 'a Redis URL redis://HOST:PORT', found: JSON.stringify(url) }]);
  }
  if ((u.protocol !== 'redis:' && u.protocol !== 'rediss:') || !u.hostname) {
    throw new ValidationError('--redis', [{ path: '--redis', expected: 'a Redis URL redis://HOST:PORT (or rediss:// for TLS)', found: JSON.stringify(url) }]);
  }
  const port = u.port ? Number(u.port) : 6379;
  const dbPath = u.pathname.replace(/^\//, '');
  const db = dbPath === '' ? 0 : Number(dbPath);
  if (!Number.isInteger(db) || db < 0) {
    throw new ValidationError('--redis', [{ path: '--redis', expected: 'a database number after the port (redis://HOST:PORT/0)', found: JSON.stringify(url) }]);
  }
  const opts: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db,
    connectTimeout: CONNECT_TIMEOUT_MS,
  };
  if (u.username) opts.username = decodeURIComponent(u.username);
  if (u.password) opts.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') opts.tls = {};
  return opts;
}

/** BullMQ connection options for `url` (plain options: BullMQ creates its own connections). */
export function bullConnection(url: string, extra: { maxRetriesPerRequest: number | null; enableOfflineQueue?: boolean }): BullRedisOptions {
  const o = redisOptions(url);
  const c: BullRedisOptions = { host: o.host, port: o.port, db: o.db, connectTimeout: o.connectTimeout, ...extra };
  if (o.username) c.username = o.username;
  if (o.password) c.password = o.password;
  if (o.tls) c.tls = o.tls;
  return c;
}

/**
 * Connects to Redis once and pings it, failing within about CONNECT_TIMEOUT_MS with a
 * message naming the URL and the cause. Never retries, never queues commands offline.
 */
export async function checkRedis(url: string): Promise<void> {
  const opts = redisOptions(url);
  const r = new Redis({ ...opts, lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null, reconnectOnError: () => false });
  let lastError: Error | undefined;
  r.on('error', (e: Error) => {
    lastError = e;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS + 500);
    });
    await Promise.race([r.connect().then(() => r.ping()), timeout]);
  } catch (e) {
    const cause = lastError ?? (e as Error);
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'unknown host' : code === 'ETIMEDOUT' ? 'connection timed out' : cause.message;
    throw new ValidationError('--redis', [
      { path: '--redis', expected: 'a reachable Redis server', found: `${JSON.stringify(url)} (${why})`, hint: 'start redis-server there, or check the host, port, password and firewall' },
    ]);
  } finally {
    if (timer) clearTimeout(timer);
    r.disconnect();
  }
}

/**
 * A local HTTP server compatible with the parts of the Hugging Face Hub API the observatory
 * uses (`GET /api/models` with `author`, `limit`, `expand`, `sort`, `direction`, `cursor`),
 * serving a generated {@link Ecosystem}. It can misbehave on purpose: 429 with RateLimit
 * headers, 500s, a malformed page, slow responses. Binds to 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubItem, type Ecosystem } from './hub-ecosystem.js';

/** Fault plan: request numbers are 1-based counts of /api/models requests. */
export interface FaultPlan {
  /** Requests answered 429 with `RateLimit: "api";r=0;t=…` (and Retry-After). */
  rateLimited?: number[];
  /** Seconds in the 429's RateLimit t= (default 1). */
  rateLimitSeconds?: number;
  /** Requests answered 500. */
  serverErrors?: number[];
  /** Full-listing page numbers (1-based) whose first serving is truncated JSON. */
  malformedPages?: number[];
  /** Requests delayed by `slowMs`. */
  slow?: number[];
  slowMs?: number;
  /** Delay of every request in ms (to make a sync last long enough to be killed). */
  everyRequestDelayMs?: number;
}

/** A running server. */
export interface HubServer {
  url: string;
  server: Server;
  /** Requests served so far (all /api/models requests, faults included). */
  requests: () => number;
  /** Full-listing pages served successfully so far. */
  listingPages: () => number;
  /** Request log: [request number, status, path]. */
  log: [number, number, string][];
  /** Download variant (a later day's numbers); see downloadsOf. */
  setVariant: (v: number) => void;
  setFaults: (f: FaultPlan) => void;
  close: () => Promise<void>;
}

const EXPANDABLE = new Set(['author', 'cardData', 'config', 'createdAt', 'disabled', 'downloads', 'downloadsAllTime', 'gated', 'gitalyUid', 'inferenceProviderMapping', 'lastModified', 'library_name', 'likes', 'model-index', 'pipeline_tag', 'private', 'safetensors', 'sha', 'spaces', 'tags', 'transformersInfo', 'baseModels', 'childrenModelCount', 'siblings', 'trendingScore', 'usedStorage', 'resourceGroup', 'xetEnabled']);
const DEFAULT_FIELDS = ['pipeline_tag', 'private', 'gated', 'downloads', 'likes', 'lastModified', 'createdAt', 'tags', 'library_name'];

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startHubServer(eco: Ecosystem, faults: FaultPlan = {}): Promise<HubServer> {
  let plan = faults;
  let variant = 0;
  let count = 0;
  let pagesOk = 0;
  const malformedServed = new Set<number>();
  const log: [number, number, string][] = [];
  const nsIndex = new Map(eco.orgs.map((o, k) => [o.namespace, k]));
  let base = '';

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    if (u.pathname !== '/api/models' || req.method !== 'GET') {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const reqNo = ++count;
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      const delay = (plan.everyRequestDelayMs ?? 0) + (plan.slow?.includes(reqNo) ? (plan.slowMs ?? 500) : 0);
      log.push([reqNo, status, u.search]);
      const go = () => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
      };
      if (delay > 0) setTimeout(go, delay);
      else go();
    };
    if (plan.rateLimited?.includes(reqNo)) {
      const t = plan.rateLimitSeconds ?? 1;
      send(429, '{"error":"rate limited"}', { ratelimit: `"api";r=0;t=${t}`, 'ratelimit-policy': '"fixed window";"api";q=500;w=300', 'retry-after': String(t) });
      return;
    }
    if (plan.serverErrors?.includes(reqNo)) {
      send(500, '{"error":"internal error"}');
      return;
    }
    const expandRaw = [...u.searchParams.getAll('expand'), ...u.searchParams.getAll('expand[]')];
    for (const e of expandRaw) {
      if (!EXPANDABLE.has(e)) {
        send(400, JSON.stringify({ error: `"expand" must be one of the expandable fields, got ${e}` }));
        return;
      }
    }
    const expand = new Set(expandRaw.length > 0 ? expandRaw : DEFAULT_FIELDS);
    const limit = Math.max(1, Math.min(1000, Number(u.searchParams.get('limit') ?? 1000) || 1000));
    const author = u.searchParams.get('author');
    let list: Int32Array;
    if (author !== null) {
      const k = nsIndex.get(author);
      list = k === undefined ? new Int32Array(0) : eco.byNs[k];
    } else list = eco.order;
    const cursor = u.searchParams.get('cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').slice(2)) : 0;
    if (!Number.isInteger(start) || start < 0) {
      send(400, '{"error":"bad cursor"}');
      return;
    }
    const end = Math.min(list.length, start + limit);
    const parts: string[] = [];
    for (let p = start; p < end; p++) parts.push(JSON.stringify(hubItem(eco, list[p], expand, variant)));
    let body = `[${parts.join(',')}]`;
    const headers: Record<string, string> = { ratelimit: `"api";r=${Math.max(1, 1000 - reqNo)};t=300` };
    if (end < list.length) {
      const next = new URL(u.href);
      next.searchParams.set('cursor', Buffer.from(`p:${end}`, 'utf8').toString('base64url'));
      headers.link = `<${next.href}>; rel="next"`;
    }
    if (author === null) {
      const page = Math.floor(start / limit) + 1;
      if (plan.malformedPages?.includes(page) && !malformedServed.has(page)) {
        malformedServed.add(page);
        body = body.slice(0, Math.floor(body.length / 2));
      } else pagesOk++;
    }
    send(200, body, headers);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    server,
    requests: () => count,
    listingPages: () => pagesOk,
    log,
    setVariant: (v) => {
      variant = v;
    },
    setFaults: (f) => {
      plan = f;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

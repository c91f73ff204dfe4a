/**
 * A local stand-in for the parts of the Hugging Face Hub API the observatory uses, serving a
 * generated {@link Ecosystem}. It is as strict as the Hub where the Hub's client libraries say
 * what the Hub rejects (see ../hub-api.ts):
 * - `GET /api/models` (`author`, `limit`, `expand`, `sort`, `direction`, `cursor`) answers 400
 *   to an `expand` value outside the listing's fields, `baseModels` and `childrenModelCount`
 *   included (huggingface_hub PR #3182, test `test_list_models_expand_unexpected_value`);
 * - `GET /api/models/{namespace}/{name}` accepts those two as well;
 * - a bearer token that is not valid is answered 401 on every endpoint, `GET /api/whoami-v2`
 *   included; no token means anonymous access;
 * - `createdAt` of repositories created before 2022-03-02 is the Hub's sentinel value.
 * It can misbehave on purpose: 408, 429 with RateLimit headers, 500s, a truncated page, slow
 * responses, and a hook called on the n-th request (to kill a client at a known point).
 * Binds to 127.0.0.1 only.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LISTING_EXPANDABLE, LISTING_PAGE_SIZE, MODEL_INFO_ONLY_EXPAND, WHOAMI_PATH } from '../hub-api.js';
import { hubItem, modelId, type Ecosystem } from './ecosystem.js';

/** Fault plan: request numbers are 1-based counts of API requests. */
export interface FaultPlan {
  /** Requests answered 429 with `RateLimit: "api";r=0;t=…` (and Retry-After). */
  rateLimited?: number[];
  /** Seconds in the 429's RateLimit t= (default 1). */
  rateLimitSeconds?: number;
  /** Requests answered 500. */
  serverErrors?: number[];
  /** Requests answered 408 Request Timeout. */
  requestTimeouts?: number[];
  /** Full-listing page numbers (1-based) whose first serving is truncated JSON. */
  malformedPages?: number[];
  /** Requests delayed by `slowMs`. */
  slow?: number[];
  slowMs?: number;
  /** Delay of every request in ms. */
  everyRequestDelayMs?: number;
}

/** Options of {@link startHubServer}. */
export interface HubServerOptions {
  /** Bearer tokens the stand-in accepts (any other token is answered 401). */
  tokens?: readonly string[];
  /** Port (default: an ephemeral one). */
  port?: number;
  /**
   * Called with the request number before each API request is answered (after counting it).
   * A test kills its client here: the kill then lands at a known request, not at a time.
   */
  onRequest?: (requestNumber: number, path: string) => void;
}

/** A running server. */
export interface HubServer {
  url: string;
  server: Server;
  /** Requests served so far (all API requests, faults included). */
  requests: () => number;
  /** Full-listing pages served successfully so far. */
  listingPages: () => number;
  /** Request log: [request number, status, path and query]. */
  log: [number, number, string][];
  /** Download variant (a later day's numbers); see downloadsOf. */
  setVariant: (v: number) => void;
  /** Only models created on or before this day are listed (null: all). */
  setAsOf: (day: string | null) => void;
  setFaults: (f: FaultPlan) => void;
  close: () => Promise<void>;
}

const LISTING_FIELDS = new Set<string>(LISTING_EXPANDABLE);
const MODEL_INFO_FIELDS = new Set<string>([...LISTING_EXPANDABLE, ...MODEL_INFO_ONLY_EXPAND]);
/** Fields the Hub returns without `expand` (huggingface.js MODEL_EXPAND_KEYS plus the ones the Hub adds). */
const DEFAULT_FIELDS = ['pipeline_tag', 'private', 'gated', 'downloads', 'likes', 'lastModified', 'createdAt', 'tags', 'library_name'];
/** Sort keys the Hub knows; the stand-in serves createdAt only and says so for the others. */
const HUB_SORTS = new Set(['createdAt', 'downloads', 'likes', 'lastModified', 'trendingScore', 'id']);

/** Starts the server on 127.0.0.1. */
export async function startHubServer(eco: Ecosystem, faults: FaultPlan = {}, options: HubServerOptions = {}): Promise<HubServer> {
  let plan = faults;
  let variant = 0;
  let asOfDay: number | null = null;
  let count = 0;
  let pagesOk = 0;
  const malformedServed = new Set<number>();
  const log: [number, number, string][] = [];
  const nsIndex = new Map(eco.orgs.map((o, k) => [o.namespace, k]));
  const tokens = new Set(options.tokens ?? []);
  let byId: Map<string, number> | null = null;
  /** Filtered or reversed listings, per author, day and direction (built once). */
  const views = new Map<string, Int32Array>();
  let base = '';

  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', base);
    const reqNo = ++count;
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      const delay = (plan.everyRequestDelayMs ?? 0) + (plan.slow?.includes(reqNo) ? (plan.slowMs ?? 500) : 0);
      log.push([reqNo, status, u.pathname + u.search]);
      const go = () => {
        if (!res.destroyed) res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
      };
      if (delay > 0) setTimeout(go, delay);
      else go();
    };
    const error = (status: number, message: string) => send(status, JSON.stringify({ error: message }));
    options.onRequest?.(reqNo, u.pathname + u.search);
    if (req.method !== 'GET') return error(405, 'method not allowed');
    const auth = req.headers.authorization;
    if (auth !== undefined) {
      const m = /^Bearer (.+)$/.exec(auth);
      if (!m || !tokens.has(m[1])) return error(401, 'Invalid credentials in Authorization header');
    }
    if (u.pathname === WHOAMI_PATH) {
      if (auth === undefined) return error(401, 'Invalid credentials in Authorization header');
      return send(200, JSON.stringify({ type: 'user', name: 'stand-in-user', auth: { type: 'access_token' } }));
    }
    if (plan.rateLimited?.includes(reqNo)) {
      const t = plan.rateLimitSeconds ?? 1;
      return send(429, '{"error":"rate limited"}', { ratelimit: `"api";r=0;t=${t}`, 'ratelimit-policy': '"fixed window";"api";q=500;w=300', 'retry-after': String(t) });
    }
    if (plan.serverErrors?.includes(reqNo)) return error(500, 'internal error');
    if (plan.requestTimeouts?.includes(reqNo)) return error(408, 'request timeout');
    const expandRaw = [...u.searchParams.getAll('expand'), ...u.searchParams.getAll('expand[]')];
    const info = /^\/api\/models\/([^/]+\/[^/]+)$/.exec(u.pathname);
    if (info) {
      for (const e of expandRaw) if (!MODEL_INFO_FIELDS.has(e)) return error(400, `"expand" must be one of the expandable fields, got ${e}`);
      if (!byId) {
        byId = new Map();
        for (let i = 0; i < eco.n; i++) byId.set(modelId(eco, i), i);
      }
      const i = byId.get(decodeURIComponent(info[1]));
      if (i === undefined || (asOfDay !== null && eco.created[i] > asOfDay)) return error(404, 'Repository not found');
      return send(200, JSON.stringify(hubItem(eco, i, new Set(expandRaw.length > 0 ? expandRaw : DEFAULT_FIELDS), variant)));
    }
    if (u.pathname !== '/api/models') return error(404, 'not found');
    for (const e of expandRaw) {
      if (!LISTING_FIELDS.has(e)) return error(400, `"expand" must be one of the expandable fields, got ${e}`);
    }
    const sort = u.searchParams.get('sort');
    if (sort !== null && !HUB_SORTS.has(sort)) return error(400, `"sort" must be one of ${[...HUB_SORTS].join(', ')}, got ${sort}`);
    if (sort !== null && sort !== 'createdAt') return error(501, `the local stand-in serves sort=createdAt only, got ${sort}`);
    const direction = u.searchParams.get('direction');
    if (direction !== null && direction !== '-1' && direction !== '1') return error(400, `"direction" must be -1 or 1, got ${direction}`);
    const expand = new Set(expandRaw.length > 0 ? expandRaw : DEFAULT_FIELDS);
    const limitRaw = u.searchParams.get('limit');
    if (limitRaw !== null && !/^\d+$/.test(limitRaw)) return error(400, `"limit" must be a positive integer, got ${limitRaw}`);
    const limit = Math.max(1, Math.min(LISTING_PAGE_SIZE, Number(limitRaw ?? LISTING_PAGE_SIZE) || LISTING_PAGE_SIZE));
    const author = u.searchParams.get('author');
    let list: Int32Array;
    if (author !== null) {
      const k = nsIndex.get(author);
      list = k === undefined ? new Int32Array(0) : eco.byNs[k];
    } else list = eco.order;
    const key = `${author}|${asOfDay}|${direction}`;
    const cached = views.get(key);
    if (cached) list = cached;
    else {
      if (asOfDay !== null) list = list.filter((i) => eco.created[i] <= asOfDay!);
      if (direction === '1') list = list.slice().reverse();
      if (list !== eco.order) views.set(key, list);
    }
    const cursor = u.searchParams.get('cursor');
    const start = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').slice(2)) : 0;
    if (!Number.isInteger(start) || start < 0) return error(400, 'bad cursor');
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
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
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
    setAsOf: (day) => {
      asOfDay = day === null ? null : Date.parse(`${day}T00:00:00Z`) / 86_400_000;
      views.clear();
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

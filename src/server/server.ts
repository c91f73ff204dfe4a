/**
 * `momentum serve`: a node:http server for the playground (static web/dist) and the JSON
 * API. Model runs (/api/run, /api/compare) go to a pool of worker threads (model-pool.ts), so
 * the server stays responsive during long runs and the time limit is hard. The server reads
 * only web/dist and data/observations.json under the package root and writes nothing.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { hostname, networkInterfaces } from 'node:os';
import { fileURLToPath } from 'node:url';
import { escapeControl, ValidationError } from '../model/index.js';
import { errorResponse, listParams, listScenarios, type ApiResponse } from './api.js';
import { HttpError } from './http-error.js';
import { DEFAULT_LIMITS, type ServerLimits } from './limits.js';
import { defaultModelThreads, ModelPool } from './model-pool.js';
import { readObservations } from './observations-file.js';
import { etagMatches, staticFile } from './static-files.js';
import type { ModelHold } from './model-task.js';

/** Package root (works from src/server under tsx and from dist/server). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Options of {@link createMomentumServer}. */
export interface ServeOptions {
  /** Folder of the built web app (default `<root>/web/dist`). */
  webRoot?: string;
  /** Folder holding data/observations.json (default the package root). */
  dataRoot?: string;
  limits?: Partial<ServerLimits>;
  /** Model threads (default: the cores, at most 4); 0 runs models in the server's own thread. */
  threads?: number;
  /** Model requests allowed to wait for a thread before the server answers 503 (default 32). */
  maxQueued?: number;
  /** Receives error lines, and with `accessLog` one line per request (default: stderr). */
  log?: (line: string) => void;
  /** One line per request to `log` (`momentum serve --access-log`; default off). */
  accessLog?: boolean;
  /**
   * Host names (besides the bound address and, on a loopback or wildcard address, `localhost`)
   * that the Host header may carry (`momentum serve --allowed-host`).
   */
  allowedHosts?: string[];
  /** Test hook: model threads wait on it before each run (see ModelHold in model-task.ts). */
  modelHold?: ModelHold;
}

/** A running server. */
export interface MomentumServer {
  server: Server;
  limits: ServerLimits;
  /** Starts listening; resolves to the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /** Starts the model threads and warms them with a few baseline runs (resolves when done). */
  warm(): Promise<void>;
  /** Stops accepting connections, closes open ones and stops the model threads. */
  close(): Promise<void>;
}

function sendResponse(res: ServerResponse, r: ApiResponse): void {
  // setHeader (not writeHead's object) so the request log can read the length back
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(r.json));
  res.setHeader('cache-control', 'no-store');
  if (r.close) res.setHeader('connection', 'close');
  if (r.status === 503) res.setHeader('retry-after', '1');
  res.writeHead(r.status);
  res.end(r.json);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendResponse(res, { status, json: JSON.stringify(body) });
}

function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, `request body too large: ${declared} bytes, limit ${maxBytes} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const timer = setTimeout(() => finish(new HttpError(408, `request body not received within ${timeoutMs} ms`)), timeoutMs);
    const finish = (err: Error | null, text?: string) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        req.resume();
        reject(err);
      } else resolveBody(text ?? '');
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) finish(new HttpError(413, `request body too large: more than ${maxBytes} bytes`));
      else if (!done) chunks.push(c);
    });
    req.on('end', () => finish(null, Buffer.concat(chunks).toString('utf8')));
    req.on('error', (e) => finish(e));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ValidationError('request body', [{ path: '(body)', expected: 'a JSON object', found: `invalid JSON: ${(e as Error).message}` }]);
  }
}

/** The host part of a Host header or an Origin's host (`name`, `1.2.3.4`, `[::1]`), lower-cased. */
function hostName(hostHeader: string): string | undefined {
  const m = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i.exec(hostHeader.trim());
  return m ? m[1].toLowerCase().replace(/\.$/, '') : undefined;
}

/**
 * The names a client may use for a server bound to `host`: that address or name; on a loopback
 * address also `localhost` and the other loopback forms; on a wildcard address (0.0.0.0, ::)
 * every address of this machine, `localhost` and its host name; plus `extra`.
 */
export function allowedHostNames(host: string, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  const add = (n: string) => names.add((n.includes(':') && !n.startsWith('[') ? `[${n}]` : n).toLowerCase());
  add(host);
  const loopback = ['127.0.0.1', '::1', 'localhost'];
  if (loopback.includes(host) || /^127\./.test(host)) for (const n of loopback) add(n);
  if (host === '0.0.0.0' || host === '::' || host === '') {
    for (const n of loopback) add(n);
    add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) add(a.address.replace(/%.*$/, ''));
  }
  for (const n of extra) add(n);
  return names;
}

/** 400 without a Host header, 421 with a name this server is not known by. */
function checkHost(header: string | undefined, hosts: Set<string>): void {
  if (header === undefined) throw new HttpError(400, 'missing Host header');
  const name = hostName(header);
  if (!name || !hosts.has(name)) {
    throw new HttpError(421, `this server does not answer to the host ${JSON.stringify(escapeControl(header.slice(0, 100)))} (it answers to ${[...hosts].join(', ')}; see --allowed-host)`);
  }
}

/** POST bodies must be JSON (415), and come from no page of another origin (403). */
function checkJsonPost(req: IncomingMessage, hosts: Set<string>): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `expected Content-Type: application/json, found ${type ? JSON.stringify(escapeControl(type.slice(0, 100))) : 'none'}`);
  }
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let name: string | undefined;
    try {
      name = origin === 'null' ? undefined : hostName(new URL(origin).host);
    } catch {
      name = undefined;
    }
    if (!name || !hosts.has(name)) throw new HttpError(403, `requests from the page origin ${JSON.stringify(escapeControl(origin.slice(0, 100)))} are not accepted`);
  }
}

const NOT_BUILT = `<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Momentum</title><body style="font-family:system-ui;padding:2rem"><h1>Momentum playground not built</h1><p>The web app has not been built. Run <code>npm run build</code> (or <code>npm run build:web</code>) in the project folder, then restart <code>momentum serve</code>. The JSON API under <code>/api/</code> works without it.</p></body></html>`;

/** Creates (but does not start) the server. */
export function createMomentumServer(opts: ServeOptions = {}): MomentumServer {
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const webRoot = opts.webRoot ?? join(PACKAGE_ROOT, 'web', 'dist');
  const dataRoot = opts.dataRoot ?? PACKAGE_ROOT;
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const models = new ModelPool(opts.threads ?? defaultModelThreads(), opts.maxQueued ?? 32, undefined, opts.modelHold);
  /** Host names the Host header may name; set by listen() from the bound address. */
  let hosts = new Set<string>();

  async function route(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const method = req.method ?? 'GET';
    // DNS rebinding: a page of another site whose name resolves to this machine reaches this
    // server under that name; only the names this server is known by are answered
    checkHost(req.headers.host, hosts);
    if (pathname.startsWith('/api/')) {
      const api = pathname.slice(5);
      const get = method === 'GET' || method === 'HEAD';
      if (api === 'scenarios' && get) return sendJson(res, 200, listScenarios());
      if (api === 'params' && get) return sendJson(res, 200, listParams());
      if (api === 'observations' && get) {
        const r = readObservations(dataRoot);
        if (!r.ok) return sendJson(res, 500, { error: 'data/observations.json is invalid', source: 'data/observations.json', issues: r.issues });
        return sendJson(res, 200, r.observations);
      }
      if ((api === 'run' || api === 'compare') && method === 'POST') {
        // CSRF: a form or a no-cors fetch of another site can send text/plain or form bodies
        // without asking; application/json needs a CORS preflight, which this server never grants
        checkJsonPost(req, hosts);
        const start = Date.now();
        const body = parseJson(await readBody(req, limits.maxBodyBytes, limits.timeLimitMs));
        return sendResponse(res, await models.run(api, body, limits, start));
      }
      if (['scenarios', 'params', 'observations', 'run', 'compare'].includes(api)) {
        res.setHeader('allow', api === 'run' || api === 'compare' ? 'POST' : 'GET, HEAD');
        throw new HttpError(405, `method ${method} not allowed on ${pathname}`);
      }
      throw new HttpError(404, `no such API endpoint: ${pathname}`);
    }
    if (method !== 'GET' && method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      throw new HttpError(405, `method ${method} not allowed`);
    }
    const f = staticFile(webRoot, pathname, req.headers['accept-encoding']);
    if (!f) {
      if (pathname === '/' || pathname === '/index.html') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('content-length', Buffer.byteLength(NOT_BUILT));
        res.writeHead(503);
        res.end(NOT_BUILT);
        return;
      }
      throw new HttpError(404, `not found: ${pathname}`);
    }
    // hashed assets never change; the page itself is revalidated with its ETag on every load
    res.setHeader('cache-control', f.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    res.setHeader('etag', f.etag);
    if (f.varies) res.setHeader('vary', 'accept-encoding');
    res.setHeader('x-content-type-options', 'nosniff');
    // cross-origin isolation: the playground then shares memory with its band worker
    // (SharedArrayBuffer), which lets an input stop a posterior draw in flight at once
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('cross-origin-embedder-policy', 'require-corp');
    if (etagMatches(req.headers['if-none-match'], f.etag)) {
      res.writeHead(304);
      res.end();
      return;
    }
    res.setHeader('content-type', f.type);
    if (f.encoding !== 'identity') res.setHeader('content-encoding', f.encoding);
    res.setHeader('content-length', f.body.length);
    res.writeHead(200);
    res.end(method === 'HEAD' ? undefined : f.body);
  }

  const server = createServer((req, res) => {
    const t0 = process.hrtime.bigint();
    let pathname = '/';
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      /* keep "/" */
    }
    if (opts.accessLog) {
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        log(`${new Date().toISOString()} ${req.socket.remoteAddress ?? '-'} ${req.method} ${escapeControl(pathname)} ${res.statusCode} ${ms.toFixed(1)}ms ${res.getHeader('content-length') ?? '-'}B`);
      });
    }
    route(req, res, pathname).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const r = errorResponse(e);
      if (r) sendResponse(res, r);
      else {
        log(`error: ${(e as Error).stack ?? String(e)}`);
        sendJson(res, 500, { error: 'internal error' });
      }
    });
  });

  return {
    server,
    limits,
    listen(port: number, host = '127.0.0.1') {
      return new Promise((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const a = server.address();
          hosts = allowedHostNames(host, opts.allowedHosts ?? []);
          resolveListen(typeof a === 'object' && a ? a.port : port);
        });
      });
    },
    warm() {
      return models.warm();
    },
    async close() {
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await models.close();
    },
  };
}

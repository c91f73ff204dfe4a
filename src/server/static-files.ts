/**
 * Serves the built web app (web/dist) read-only. Paths are resolved inside the folder and
 * anything that would escape it (.., encoded slashes, NUL) is refused.
 *
 * Compression: the build writes `NAME.br` and `NAME.gz` beside each text asset
 * (vite.config.ts), and the server sends the smallest variant the client accepts
 * (`Accept-Encoding`), with `Vary: Accept-Encoding`. A text file without precompressed
 * siblings (e.g. a build made without the plugin) is gzipped once in memory. Every response
 * carries a strong ETag (a hash of the bytes sent), and `If-None-Match` gets a 304.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map', '.wasm']);

/** A content coding the server can send. */
export type Coding = 'br' | 'gzip' | 'identity';

/** A file to send, or null when there is none. */
export interface StaticFile {
  body: Buffer;
  type: string;
  immutable: boolean;
  /** Content coding of `body` (`identity` = uncompressed). */
  encoding: Coding;
  /** Strong validator of `body` (quoted). */
  etag: string;
  /** True when other codings of the same file exist (the response must carry `Vary: Accept-Encoding`). */
  varies: boolean;
}

interface Variant {
  body: Buffer;
  etag: string;
}

interface Entry {
  /** Identity of the file on disk when it was read (mtime and size of the file and its siblings). */
  stamp: string;
  variants: Partial<Record<Coding, Variant>>;
}

const cache = new Map<string, Entry>();

function variant(body: Buffer, coding: Coding): Variant {
  const h = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return { body, etag: `"${h}${coding === 'identity' ? '' : `-${coding}`}"` };
}

function stampOf(file: string): string {
  const part = (f: string) => {
    if (!existsSync(f)) return '-';
    const s = statSync(f);
    return `${s.mtimeMs}:${s.size}`;
  };
  return `${part(file)}|${part(`${file}.br`)}|${part(`${file}.gz`)}`;
}

function load(file: string, compressible: boolean): Entry {
  const stamp = stampOf(file);
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit;
  const identity = readFileSync(file);
  const variants: Entry['variants'] = { identity: variant(identity, 'identity') };
  if (compressible) {
    if (existsSync(`${file}.br`)) variants.br = variant(readFileSync(`${file}.br`), 'br');
    if (existsSync(`${file}.gz`)) variants.gzip = variant(readFileSync(`${file}.gz`), 'gzip');
    // no precompressed siblings: gzip once here (cached until the file changes)
    if (!variants.br && !variants.gzip && identity.length > 1024) variants.gzip = variant(gzipSync(identity, { level: 9 }), 'gzip');
    // a compressed variant larger than the original is never sent
    for (const c of ['br', 'gzip'] as const) if (variants[c] && variants[c]!.body.length >= identity.length) delete variants[c];
  }
  const entry = { stamp, variants };
  cache.set(file, entry);
  return entry;
}

/**
 * The codings a client accepts, from its `Accept-Encoding` header (RFC 9110 §12.5.3):
 * q-values are honoured, `q=0` refuses, `*` stands for codings not named.
 */
export function acceptedCodings(header: string | undefined): Set<Coding> {
  const out = new Set<Coding>(['identity']);
  if (!header) return out;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const star = q.get('*');
  for (const c of ['br', 'gzip'] as const) {
    const w = q.get(c) ?? (c === 'gzip' ? q.get('x-gzip') : undefined) ?? star;
    if (w !== undefined && w > 0) out.add(c);
  }
  const id = q.get('identity') ?? star;
  if (id === 0) out.delete('identity');
  return out;
}

/** Resolves `pathname` under `root` (`/` → index.html); null for missing or unsafe paths. */
function resolveFile(root: string, pathname: string): { file: string; rel: string } | null {
  let rel: string;
  try {
    rel = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (rel.includes('\0') || rel.includes('\\')) return null;
  if (rel === '/' || rel === '') rel = '/index.html';
  // the precompressed siblings are served through content negotiation only
  if (/\.(br|gz)$/i.test(rel)) return null;
  const base = resolve(root);
  const file = resolve(base, '.' + rel);
  if (!file.startsWith(base + sep)) return null;
  if (!existsSync(file) || !statSync(file).isFile()) return null;
  return { file, rel };
}

/**
 * Looks `pathname` up under `root` and picks the smallest coding that `acceptEncoding`
 * allows. Returns null for missing or unsafe paths.
 */
export function staticFile(root: string, pathname: string, acceptEncoding?: string): StaticFile | null {
  const r = resolveFile(root, pathname);
  if (!r) return null;
  const ext = extname(r.file).toLowerCase();
  const entry = load(r.file, COMPRESSIBLE.has(ext));
  const accepted = acceptedCodings(acceptEncoding);
  const varies = Object.keys(entry.variants).length > 1;
  let pick: Coding = 'identity';
  for (const c of ['br', 'gzip'] as const) {
    const v = entry.variants[c];
    if (v && accepted.has(c) && v.body.length < entry.variants[pick]!.body.length) pick = c;
  }
  const v = entry.variants[pick]!;
  return { body: v.body, type: TYPES[ext] ?? 'application/octet-stream', immutable: r.rel.startsWith('/assets/'), encoding: pick, etag: v.etag, varies };
}

/** True when an `If-None-Match` header matches `etag` (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

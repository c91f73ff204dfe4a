/**
 * Static assets of `momentum serve`: precompressed brotli/gzip variants chosen by
 * Accept-Encoding, strong ETags with 304 answers, caching headers. Raw node:http requests
 * (fetch would decompress and hide the coding).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { createMomentumServer, type MomentumServer } from '../../src/server/server.js';
import { acceptedCodings, etagMatches } from '../../src/server/static-files.js';

let dir: string;
let srv: MomentumServer;
let port: number;
const APP = 'export const text = "' + 'momentum '.repeat(2000) + '";\n';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'momentum-static-'));
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!DOCTYPE html><title>app</title>' + '<p>x</p>'.repeat(400));
  writeFileSync(join(dir, 'assets', 'app.js'), APP);
  writeFileSync(join(dir, 'assets', 'app.js.br'), brotliCompressSync(APP));
  writeFileSync(join(dir, 'assets', 'app.js.gz'), gzipSync(APP));
  writeFileSync(join(dir, 'assets', 'tiny.css'), 'a{}');
  srv = createMomentumServer({ webRoot: dir, dataRoot: dir, threads: 0, log: () => undefined });
  port = await srv.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await srv?.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static assets', () => {
  it('sends brotli when accepted, else gzip, else the plain file; the bytes decode to the file', async () => {
    const br = await get('/assets/app.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).toString()).toBe(APP);
    const gz = await get('/assets/app.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(APP);
    const plain = await get('/assets/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(APP);
    const refused = await get('/assets/app.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(br.body.length).toBeLessThan(APP.length / 10);
  });

  it('gives each variant its own strong ETag and answers a matching If-None-Match with 304', async () => {
    const br = await get('/assets/app.js', { 'accept-encoding': 'br' });
    const gz = await get('/assets/app.js', { 'accept-encoding': 'gzip' });
    const etag = String(br.headers.etag);
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(gz.headers.etag).not.toBe(etag);
    const again = await get('/assets/app.js', { 'accept-encoding': 'br', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const other = await get('/assets/app.js', { 'accept-encoding': 'br', 'if-none-match': '"something-else"' });
    expect(other.status).toBe(200);
  });

  it('caches hashed assets for a year and revalidates the page on every load', async () => {
    expect((await get('/assets/app.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await get('/', { 'accept-encoding': 'gzip' });
    expect(page.headers['cache-control']).toBe('no-cache');
    // no precompressed siblings: gzipped in memory
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString()).toBe(readFileSync(join(dir, 'index.html'), 'utf8'));
    const revalidated = await get('/', { 'accept-encoding': 'gzip', 'if-none-match': String(page.headers.etag) });
    expect(revalidated.status).toBe(304);
  });

  it('makes the page cross-origin isolated (the playground shares a stop flag with its band worker)', async () => {
    for (const path of ['/', '/assets/app.js']) {
      const r = await get(path);
      expect(r.headers['cross-origin-opener-policy'], path).toBe('same-origin');
      expect(r.headers['cross-origin-embedder-policy'], path).toBe('require-corp');
    }
  });

  it('leaves tiny files uncompressed, answers HEAD without a body, and does not serve the .br/.gz files by name', async () => {
    const tiny = await get('/assets/tiny.css', { 'accept-encoding': 'br, gzip' });
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('a{}');
    const head = await get('/assets/app.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    expect((await get('/assets/app.js.br')).status).toBe(404);
  });

  it('serves a file changed on disk, not a stale cached copy', async () => {
    const before = await get('/assets/tiny.css');
    writeFileSync(join(dir, 'assets', 'tiny.css'), 'b{color:red}');
    const after = await get('/assets/tiny.css');
    expect(after.body.toString()).toBe('b{color:red}');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });
});

describe('Accept-Encoding and If-None-Match parsing', () => {
  it('honours q-values, * and identity;q=0', () => {
    expect([...acceptedCodings(undefined)]).toEqual(['identity']);
    expect(acceptedCodings('br').has('br')).toBe(true);
    expect(acceptedCodings('gzip;q=0').has('gzip')).toBe(false);
    expect(acceptedCodings('*').has('br')).toBe(true);
    expect(acceptedCodings('*;q=0, gzip').has('br')).toBe(false);
    expect(acceptedCodings('gzip, identity;q=0').has('identity')).toBe(false);
    expect(acceptedCodings('x-gzip').has('gzip')).toBe(true);
  });

  it('matches lists, weak tags and *', () => {
    expect(etagMatches('"a", "b"', '"b"')).toBe(true);
    expect(etagMatches('W/"b"', '"b"')).toBe(true);
    expect(etagMatches('*', '"b"')).toBe(true);
    expect(etagMatches('"a"', '"b"')).toBe(false);
    expect(etagMatches(undefined, '"b"')).toBe(false);
  });
});

describe('layering', () => {
  it('the server imports nothing from the CLI (the server and the CLI are peers)', () => {
    const root = join(import.meta.dirname, '..', '..', 'src', 'server');
    for (const f of readdirSync(root)) expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/from '\.\.\/cli\//);
  });
});

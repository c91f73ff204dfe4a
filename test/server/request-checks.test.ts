/**
 * Issue 17 item 7: the local server cannot be driven by any web page. POST bodies must be
 * application/json (a form or a no-cors fetch of another site sends text/plain without a CORS
 * preflight: on 7c77381 that got 200), requests from a page of another origin are refused, and
 * the Host header must name this server (DNS rebinding: on 7c77381 any name got 200).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedHostNames, createMomentumServer, type MomentumServer } from '../../src/server/server.js';

let srv: MomentumServer;
let port = 0;

beforeAll(async () => {
  srv = createMomentumServer({ dataRoot: '/nonexistent', threads: 0, log: () => undefined, allowedHosts: ['momentum.internal'] });
  port = await srv.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await srv.close();
});

/** A raw request (node:http, so that Host can be anything or absent). */
function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const RUN = JSON.stringify({ to: '2023-06' });

describe('POST bodies', () => {
  it('are refused unless application/json (415): no CSRF by form or no-cors fetch', async () => {
    const host = `127.0.0.1:${port}`;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await send('POST', '/api/run', { host, 'content-type': type, origin: 'https://evil.example' }, RUN);
      expect(r.status, type).toBe(415);
      expect(JSON.parse(r.body).error).toBe(`expected Content-Type: application/json, found "${type.split(';')[0]}"`);
    }
    const none = await send('POST', '/api/compare', { host }, JSON.stringify({ a: 'baseline', b: 'baseline' }));
    expect(none.status).toBe(415);
    expect(JSON.parse(none.body).error).toBe('expected Content-Type: application/json, found none');
  });

  it('are refused from a page of another origin (403), accepted from this one or none', async () => {
    const host = `127.0.0.1:${port}`;
    const json = { host, 'content-type': 'application/json; charset=utf-8' };
    const evil = await send('POST', '/api/run', { ...json, origin: 'https://evil.example' }, RUN);
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body).error).toBe('requests from the page origin "https://evil.example" are not accepted');
    expect((await send('POST', '/api/run', { ...json, origin: 'null' }, RUN)).status).toBe(403);
    expect((await send('POST', '/api/run', { ...json, origin: `http://localhost:${port}` }, RUN)).status).toBe(200);
    expect((await send('POST', '/api/run', json, RUN)).status).toBe(200); // curl, scripts
  });
});

describe('the Host header', () => {
  it('must name this server: other names get 421 (DNS rebinding), on every path', async () => {
    for (const path of ['/api/params', '/api/scenarios', '/', '/assets/x.js']) {
      const r = await send('GET', path, { host: `evil.example:${port}` });
      expect(r.status, path).toBe(421);
      expect(JSON.parse(r.body).error).toMatch(/^this server does not answer to the host "evil\.example:\d+" \(it answers to 127\.0\.0\.1, \[::1\], localhost, momentum\.internal; see --allowed-host\)$/);
    }
    const post = await send('POST', '/api/run', { host: 'rebound.evil.example', 'content-type': 'application/json' }, RUN);
    expect(post.status).toBe(421);
  });

  it('accepts the bound address, the loopback names and --allowed-host names, with or without a port', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`, 'localhost', 'momentum.internal:8080']) {
      const r = await send('GET', '/api/params', { host });
      expect(r.status, host).toBe(200);
    }
  });

  it('is required (400; node:http itself refuses an HTTP/1.1 request without one)', async () => {
    const r = await send('GET', '/api/params', {});
    expect(r.status).toBe(400);
  });

  it('lists every address of the machine when bound to a wildcard address', () => {
    const names = allowedHostNames('0.0.0.0');
    expect(names.has('localhost')).toBe(true);
    expect(names.has('127.0.0.1')).toBe(true);
    expect(allowedHostNames('192.0.2.7').has('localhost')).toBe(false);
    expect([...allowedHostNames('::1')]).toEqual(['[::1]', '127.0.0.1', 'localhost']);
  });
});

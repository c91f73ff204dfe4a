/**
 * `momentum serve` as a process: starts on a free port, answers, logs one line per request,
 * and exits cleanly on SIGTERM and SIGINT. Spawns bin/momentum.js (npm test builds dist/ first).
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
if (!built) console.warn('serve-cli tests skipped: dist/ is missing (run `npm run build`; `npm test` builds it first)');

function startServe(extra: string[] = []): Promise<{ port: number; stop: (sig: NodeJS.Signals) => Promise<{ code: number | null; stderr: string }> ; stderr: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'momentum.js'), 'serve', '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stderr: err })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 30_000);
    child.stdout.on('data', (c) => {
      out += c;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          port: Number(m[1]),
          stderr: () => err,
          stop: (sig) => {
            child.kill(sig);
            return exited;
          },
        });
      }
    });
    child.on('error', reject);
  });
}

describe.skipIf(!built)('momentum serve (process)', () => {
  for (const sig of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves the API, logs each request with --access-log and shuts down cleanly on ${sig}`, async () => {
      const s = await startServe(['--access-log']);
      const res = await fetch(`http://127.0.0.1:${s.port}/api/params`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      const bad = await fetch(`http://127.0.0.1:${s.port}/api/run`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"agents": "many"}' });
      expect(bad.status).toBe(400);
      await bad.arrayBuffer();
      const { code, stderr } = await s.stop(sig);
      expect(code).toBe(0);
      expect(stderr).toMatch(/GET \/api\/params 200/);
      expect(stderr).toMatch(/POST \/api\/run 400/);
      expect(stderr).toContain(`${sig}: shutting down`);
    });
  }

  it('writes no request lines without --access-log (issue 17 item 7)', async () => {
    const s = await startServe();
    const res = await fetch(`http://127.0.0.1:${s.port}/api/params`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    const { code, stderr } = await s.stop('SIGTERM');
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/GET \/api\/params/);
  });

  it('a busy port gives a one-line message and exit status 1, not a stack trace', async () => {
    const s = await startServe();
    try {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'momentum.js'), 'serve', '--port', String(s.port)], { cwd: ROOT });
      let err = '';
      child.stderr.on('data', (c) => (err += c));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(err.trim().split('\n')).toHaveLength(1);
      expect(err).toMatch(new RegExp(`^error: port ${s.port} is already in use on 127\\.0\\.0\\.1; .*--port 0`));
      expect(err).not.toMatch(/\bat .*\.js:\d+/);
    } finally {
      await s.stop('SIGTERM');
    }
  });

  it('rejects a bad --port with exit status 2', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'momentum.js'), 'serve', '--port', 'http'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(2);
    expect(err).toMatch(/--port: expected an integer/);
  });
});

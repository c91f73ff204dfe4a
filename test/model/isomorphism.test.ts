import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The model core runs in browsers and worker threads: no Node built-ins, no DOM, no I/O. */
describe('the model core is isomorphic', () => {
  const root = join(import.meta.dirname, '../../src/model');
  const files: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) files.push(p);
    }
  };
  walk(root);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports nothing from node: or Node built-ins, and uses no process, DOM or fetch', () => {
    const bad: string[] = [];
    const builtins = /from\s+['"](node:[^'"]+|fs|path|os|child_process|worker_threads|http|https|net|crypto|url|stream|util)['"]/;
    const globals = /\b(process\.|require\(|document\.|window\.|localStorage|fetch\()/;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      text.split('\n').forEach((line, i) => {
        const trimmed = line.trim();
        if (trimmed.startsWith('*') || trimmed.startsWith('/*') || trimmed.startsWith('//')) return;
        const code = line.replace(/\/\/.*$/, '');
        if (builtins.test(code) || globals.test(code)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });

  it('imports only relative files, zod, pure-rand and fft.js', () => {
    const bad: string[] = [];
    for (const f of files) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)) {
        const spec = m[1];
        if (!(spec.startsWith('.') || spec === 'zod' || spec.startsWith('pure-rand') || spec === 'fft.js')) bad.push(`${f}: ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('fft.js (the diagnostics\' autocorrelations) is plain JavaScript: no dependencies, no Node built-ins, no I/O', () => {
    const dir = join(import.meta.dirname, '../../node_modules/fft.js');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
    const lib = readFileSync(join(dir, pkg.main), 'utf8');
    expect(lib).not.toMatch(/require\(|process\.|\bfs\b|document\.|window\.|fetch\(/);
  });
});

/**
 * Issue 17's reproductions of bad input through the CLI, as a user or an attacker would give
 * it: each is rejected with exit status 2, a message naming the file and the field, no stack
 * trace, and nothing written. (On 7c77381 each of them crashed, exited 0 with corrupt output,
 * or named the wrong problem.)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/momentum.js');

function momentum(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let tmp = '';
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'momentum-bad-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `momentum run ARGS --out DIR` and checks the rejection; returns stderr. */
function rejected(args: string[]): string {
  const out = join(tmp, `out-${Math.random().toString(36).slice(2)}`);
  const r = momentum(['run', ...args, '--out', out, '--quiet']);
  expect(r.code, r.err).toBe(2);
  expect(r.err).toMatch(/^error: invalid input\n/);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  expect(existsSync(out)).toBe(false);
  return r.err;
}

function file(name: string, content: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('inputs outside the model domain (item 3)', () => {
  it('rejects a price cut of 1e-200, naming the field', () => {
    const f = file('cut.json', { name: 'cut', extends: 'baseline', events: [{ date: '2024-01', type: 'price-cut', bloc: 'CN', factor: 1e-200 }] });
    expect(rejected([f])).toContain(`${f}: events[0].factor: expected ≥ 0.001, found 1e-200`);
  });

  it('rejects horizons outside the supported range', () => {
    expect(rejected(['baseline', '--from', '2000-01', '--to', '2001-01'])).toContain('horizon: --to: expected a month from 2022-05 on');
    expect(rejected(['baseline', '--from', '9999-01'])).toContain('horizon: --from: expected a month as YYYY-MM from 1990-01 to 2100-12, found "9999-01"');
  });

  it('rejects 300 compounding embodied-acceleration events', () => {
    const events = Array.from({ length: 300 }, () => ({ date: '2025-01', type: 'embodied-acceleration', factor: 1.5 }));
    const f = file('emb.json', { name: 'emb', extends: 'baseline', events });
    expect(rejected([f])).toContain(`${f}: events (embodied-acceleration): expected factors that compound to at most 5 at any month, found a compounded factor of`);
  });
});

describe('limits instead of crashes (item 4)', () => {
  it('names a parent that is a directory instead of crashing with EISDIR', () => {
    mkdirSync(join(tmp, 'sub.yaml'));
    const f = file('child.yaml', 'name: child\nextends: sub\n');
    expect(rejected([f])).toContain(`${join(tmp, 'sub.yaml')}: (file): expected a YAML or JSON scenario file, found a directory`);
    mkdirSync(join(tmp, 'dir.json'));
    expect(rejected([join(tmp, 'dir.json')])).toContain('(file): expected a YAML or JSON scenario file, found a directory');
  });

  it('rejects 150,000 events with limits instead of overflowing the stack', () => {
    const event = { date: '2025-01', type: 'security-incident', origin: 'CN', severity: 0 };
    const huge = file('huge.json', { name: 'huge', extends: 'baseline', events: Array.from({ length: 150_000 }, () => event) });
    expect(rejected([huge])).toContain(`${huge}: (file): expected a scenario file of at most 4 MiB, found 10.4 MiB`);
    const many = file('many.json', { name: 'many', extends: 'baseline', events: Array.from({ length: 40_000 }, () => event) });
    expect(rejected([many])).toContain(`${many}: events: expected at most 1000 events, found 40000 events`);
  });
});

describe('smaller problems (item 8)', () => {
  it('reports an extends cycle between files as a cycle', () => {
    file('ca.yaml', 'name: ca\nextends: cb\n');
    file('cb.yaml', 'name: cb\nextends: ca\n');
    expect(rejected([join(tmp, 'ca.yaml')])).toContain('extends: expected a chain of scenarios without cycles, found a cycle: "ca" extends "cb" extends "ca"');
    file('self.yaml', 'name: self\nextends: self\n');
    expect(rejected([join(tmp, 'self.yaml')])).toContain('found a cycle: "self" extends "self"');
  });

  it('rejects a __proto__ key instead of dropping it', () => {
    const f = file('proto.json', '{"name": "proto", "params": {"__proto__": {"priceSensitivity": 9}}}');
    expect(rejected([f])).toContain(`${f}: params.__proto__: expected an ordinary key, found the reserved key "__proto__"`);
    const y = file('proto.yaml', 'name: proto\nevents:\n  - {date: 2025-01, type: price-cut, bloc: CN, factor: 0.5, __proto__: {x: 1}}\n');
    expect(rejected([y])).toContain('events[0].__proto__: expected an ordinary key');
  });

  it('escapes control characters copied from a file into messages', () => {
    const f = file('esc.yaml', 'name: esc\nparams:\n  "\u001b[31mred\u001b[0m": 1\n');
    const err = rejected([f]);
    expect(err).not.toContain('\u001b');
    expect(err).toContain('params.\\u001b[31mred\\u001b[0m: expected a known parameter name');
  });

  it('gives the range for NaN or Infinity in params', () => {
    const f = file('nan.yaml', 'name: nan\nparams:\n  priceSensitivity: .nan\n  homeBias: .inf\n');
    const err = rejected([f]);
    expect(err).toMatch(/params\.priceSensitivity: expected a number in \[0\.02, 2\] .*, found NaN/);
    expect(err).toMatch(/params\.homeBias: expected a number in \[0, 2\] .*, found Infinity/);
  });
});

/**
 * CLI details found while testing the playground: counts written as 1e5, `--out -` for
 * pipes, a parameter table that fits a terminal, and examples in every `--help`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIntOption } from '../../src/cli/options.js';
import { EXAMPLES } from '../../src/cli/help.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/momentum.js');

function momentum(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` (npm test does it in pretest)');
});

describe('integer options', () => {
  it('accept exponent notation and digit groups when the value is a whole number', () => {
    expect(parseIntOption('--agents', '1e5', 1, 1e9)).toBe(100_000);
    expect(parseIntOption('--agents', '2.5e4', 1, 1e9)).toBe(25_000);
    expect(parseIntOption('--agents', '100_000', 1, 1e9)).toBe(100_000);
    expect(parseIntOption('--agents', '100,000', 1, 1e9)).toBe(100_000);
    for (const bad of ['1.5', '1e-3', '1e20', 'lots', '1_0', '', '0x10']) expect(() => parseIntOption('--agents', bad, 1, 1e9), bad).toThrow(/--agents: expected an integer in \[1, 1000000000\]/);
  });

  it('momentum run --agents 2e3 runs the agents solver with 2,000 agents', () => {
    const r = momentum(['run', 'baseline', '--mode', 'agents', '--agents', '2e3', '--to', '2023-06', '--json', '--out', join(mkdtempSync(join(tmpdir(), 'momentum-polish-')), 'out')]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).agents).toBe(2000);
  });
});

describe('--out -', () => {
  it('momentum run writes the series CSV, and only it, to stdout', () => {
    const r = momentum(['run', 'baseline', '--to', '2023-03', '--out', '-']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('date,metric,group,value');
    expect(lines.slice(1).every((l) => /^2023-0[1-3],[a-z_]+,[^,]+,[-0-9.eE]+|NaN$/.test(l) || /^2023-0[1-3],[a-z_]+,[^,]+,$/.test(l))).toBe(true);
    expect(existsSync(join(root, 'out', '-'))).toBe(false);
  });

  it('momentum compare writes compare.csv to stdout; --json with --out - is refused (exit 2)', () => {
    const r = momentum(['compare', 'baseline', 'closed-world', '--to', '2024-12', '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('metric,group,date,a,b,difference');
    const bad = momentum(['run', 'baseline', '--out', '-', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--out: expected a folder when --json is given/);
  });
});

describe('momentum params', () => {
  it('fits 100 columns by default; --wide gives descriptions and sources', () => {
    const r = momentum(['params']);
    expect(r.code).toBe(0);
    const widest = Math.max(...r.out.split('\n').map((l) => [...l].length));
    expect(widest).toBeLessThanOrEqual(100);
    // name, kind, default, prior (a calibrated default's), range, unit
    expect(r.out).toMatch(/^priceSensitivity\s+world\s+\S+\s+0\.4\s+0\.02\.\.2\s+utility per ln/m);
    const wide = momentum(['params', '--wide']);
    expect(wide.out).toMatch(/description/);
    expect(wide.out).toMatch(/Weight of the log of the price paid/);
    expect(momentum(['params', '--kind', 'nonsense']).code).toBe(2);
  });
});

describe('--help', () => {
  /** Command paths listed under "Commands:" of a help text. */
  const subcommands = (help: string) => {
    const block = help.split(/^Commands:$/m)[1] ?? '';
    return block
      .split('\n')
      .map((l) => /^ {2}([a-z][a-z-]*)\b/.exec(l)?.[1])
      .filter((n): n is string => !!n && n !== 'help');
  };

  it('every command and subcommand shows examples, and each example names the command', () => {
    const seen: string[] = [];
    const visit = (path: string[]) => {
      const r = momentum([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.out, `${path.join(' ') || 'momentum'} --help`).toMatch(/\nExamples:\n {2}\$ momentum/);
      const key = path.join(' ');
      seen.push(key);
      for (const ex of EXAMPLES[key] ?? []) if (!ex.startsWith('#') && key) expect(ex, key).toContain(`momentum ${key}`);
      for (const sub of subcommands(r.out)) visit([...path, sub]);
    };
    visit([]);
    expect(seen).toEqual(expect.arrayContaining(['run', 'compare', 'params', 'serve', 'report run', 'observe sync']));
    expect(seen.length).toBe(Object.keys(EXAMPLES).length);
  });
});

describe('README', () => {
  it('documents the Docker image and says how far it was tested', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toMatch(/docker run [^\n]*momentum[^\n]*serve/);
    expect(existsSync(join(root, 'Dockerfile'))).toBe(true);
  });
});

/**
 * The doc checks themselves (scripts/docs/): markers, transcripts, normalisers, the refresh,
 * figures and their records, citations. Each check must catch what it is for.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyBodies, checkSynopsis, docExamples, parseMarker, runExample, transcriptSteps } from '../../scripts/docs/doc-examples.js';
import { backedBy, benchTable, statedFigures, unbackedFigures, type BenchRecord } from '../../scripts/docs/bench-records.js';
import { fencedBlocks, unrecordedRegions } from '../../scripts/docs/markdown.js';
import { citations, numbersIn, uncheckedClaims } from '../../scripts/docs/citations.js';
import { MODEL_VERSION } from '../../src/model/index.js';

const ROOT = join(import.meta.dirname, '../..');
const fence = '```';

describe('doc-test markers', () => {
  it('parse kinds and options, and reject what they do not know', () => {
    expect(parseMarker('transcript, stderr, exit 2, files bad.yaml, normalise durations')).toMatchObject({ kind: 'transcript', stderr: true, exit: 2, files: ['bad.yaml'], normalise: ['durations'] });
    expect(parseMarker('commands, timeout 30')).toMatchObject({ kind: 'commands', timeoutS: 30 });
    expect(parseMarker('not run in CI: needs the live Hub')).toMatchObject({ kind: 'not-run', reason: 'needs the live Hub' });
    expect(() => parseMarker('not run in CI: no')).toThrow(/reason/);
    expect(() => parseMarker('transcript, normalise everything')).toThrow(/unknown option/);
    expect(() => parseMarker('run')).toThrow(/expected "transcript"/);
    expect(() => parseMarker('synopsis, stderr')).toThrow(/no options/);
  });

  it('every shell block needs one; other blocks need none', () => {
    const doc = [
      '<!-- doc-test: transcript -->',
      `${fence}`,
      '$ echo hi',
      'hi',
      `${fence}`,
      '',
      `${fence}sh`,
      'npx momentum run baseline',
      `${fence}`,
      '',
      `${fence}yaml`,
      'name: x',
      `${fence}`,
      '',
      `${fence}`,
      'src/   the code',
      `${fence}`,
      '<!-- doc-test: commands -->',
      `${fence}yaml`,
      'name: y',
      `${fence}`,
    ].join('\n');
    const { examples, problems } = docExamples('x.md', doc);
    expect(examples.map((e) => e.block.line)).toEqual([2]);
    expect(problems).toEqual([
      'x.md:7: a shell block without a doc-test marker: add <!-- doc-test: transcript|commands|synopsis|not run in CI: REASON --> on the line above (see scripts/docs/doc-examples.ts)',
      'x.md:18: a doc-test marker above a block that is not a shell block',
    ]);
  });

  it('a transcript splits into commands (with continuation lines) and their output', () => {
    const [block] = fencedBlocks([fence, '$ printf "a\\nb\\n" \\', '  | cat', 'a', 'b', '$ true', fence].join('\n'));
    const steps = transcriptSteps(block);
    expect(steps.map((s) => s.command)).toEqual(['printf "a\\nb\\n" \\\n  | cat', 'true']);
    expect(steps[0].expected).toEqual(['a', 'b']);
    expect(() => transcriptSteps(fencedBlocks([fence, 'output first', fence].join('\n'))[0])).toThrow(/must start with/);
  });
});

/** Runs the transcript of a one-block doc; returns the result and the doc as `npm run docs` would rewrite it. */
async function run(marker: string, body: string[]) {
  const doc = [`<!-- doc-test: ${marker} -->`, fence, ...body, fence, ''].join('\n');
  const { examples, problems } = docExamples('t.md', doc);
  expect(problems).toEqual([]);
  const r = await runExample(ROOT, examples[0]);
  return { r, rewritten: applyBodies(doc, r.refreshable ? [r] : []) };
}

describe('transcripts run and compare', () => {
  it('pass when the output is what the doc shows, and fail (refreshably) when it is not', async () => {
    expect((await run('transcript', ['$ echo hello', 'hello'])).r.failures).toEqual([]);
    const stale = await run('transcript', ['$ echo hello', 'bye', '$ echo two', 'two']);
    expect(stale.r.failures).toEqual(['t.md:2: the output shown is not what the commands print now']);
    expect(stale.r.refreshable).toBe(true);
    expect(stale.rewritten).toBe(['<!-- doc-test: transcript -->', fence, '$ echo hello', 'hello', '$ echo two', 'two', fence, ''].join('\n'));
  });

  it('check exit statuses: 0 for every command, or the stated status for the last one', async () => {
    const bad = await run('transcript', ['$ false']);
    expect(bad.r.refreshable).toBe(false);
    expect(bad.r.failures[0]).toMatch(/`false` exited with 1, expected 0/);
    expect((await run('transcript, exit 3', ['$ echo x', 'x', '$ exit 3'])).r.failures).toEqual([]);
  });

  it('show stdout, or stdout and stderr in order with `stderr`', async () => {
    expect((await run('transcript', ['$ echo out; echo err >&2', 'out'])).r.failures).toEqual([]);
    expect((await run('transcript, stderr', ['$ echo out; echo err >&2; echo out2', 'out', 'err', 'out2'])).r.failures).toEqual([]);
  });

  it('compare durations and rates as equal only under `normalise durations`', async () => {
    const body = ['$ echo "32 runs in 1.2 s, 27.07 runs/s (12 ms each)"', '32 runs in 4.7 s, 6.82 runs/s (3 ms each)'];
    expect((await run('transcript', body)).r.failures).toHaveLength(1);
    const normalised = await run('transcript, normalise durations', body);
    expect(normalised.r.failures).toEqual([]);
    expect(normalised.rewritten).toContain('32 runs in 4.7 s'); // nothing to refresh: the doc's figures stay
    expect((await run('transcript, normalise durations', ['$ echo "33 runs in 1.2 s"', '32 runs in 1.2 s'])).r.failures).toHaveLength(1);
  });

  it('redirect /tmp/ into a fresh folder and print it back as /tmp/', async () => {
    const { r } = await run('transcript', ['$ mkdir -p /tmp/doc-x && cd /tmp/doc-x && pwd && echo hi > /tmp/doc-x/f && cat /tmp/doc-x/f', '/tmp/doc-x', 'hi']);
    expect(r.failures).toEqual([]);
  });

  it('run momentum and npx momentum from this checkout', async () => {
    const { r } = await run('transcript', ['$ momentum --version && npx momentum --version', MODEL_VERSION, MODEL_VERSION]);
    expect(r.failures).toEqual([]);
  });
});

describe('synopses', () => {
  it('accept the flags a command has and name the ones it does not', () => {
    const doc = ['<!-- doc-test: synopsis -->', `${fence}sh`, 'momentum run [SCENARIO] [--mode meanfield|agents] [--bogus N]', 'momentum nope --x', `${fence}`].join('\n');
    const failures = checkSynopsis(ROOT, docExamples('s.md', doc).examples[0]);
    expect(failures).toEqual(['s.md:3: `momentum run` has no --bogus (not in its --help)', 's.md:4: `momentum nope --help` fails: no such command']);
  });
});

const record = (figures: BenchRecord['figures'], extra: Partial<BenchRecord> = {}): BenchRecord => ({
  bench: 'model',
  date: '2026-12-08T10:00:00.000Z',
  machine: { label: '2-core test CPU', cores: 2, cpu: 'test CPU', memory_gb: 8, os: 'Linux', node: 'v20.0.0' },
  load_average: [1, 1, 1],
  commit: 'abc',
  command: 'npm run bench',
  standard: true,
  options: {},
  figures,
  ...extra,
});

describe('figures and their records', () => {
  const recs = [record({ meanfield_run_ms: { label: 'run', value: 4.163, unit: 'ms', max: 5 }, agents_1e6_run_s: { label: 'agents', value: 1.04, unit: 's' }, speed: { label: 'x', value: 1.8, unit: '×' } })];

  it('finds the timings a doc states outside code, generated tables, unrecorded regions and comments, and skips targets', () => {
    const doc = [
      'A run takes 4.16 ms (target ≤ 5 ms); agents 1.02–1.05 s; 2 workers give 1.80× and 0.56–0.60×, not "×0.5".',
      '`4.2 ms` in code counts too, <!-- but 9 ms in a comment does not -->',
      fence,
      'ensemble ... in 4.7 s',
      fence,
      '<!-- bench-performance:begin -->',
      '| 7.7 ms |',
      '<!-- bench-performance:end -->',
      '<!-- unrecorded: history of an earlier version -->',
      'it took 61.7 s then',
      '<!-- /unrecorded -->',
    ].join('\n');
    expect(statedFigures(doc).map((f) => f.text)).toEqual(['4.16 ms', '1.02–1.05 s', '1.80×', '0.56–0.60×', '4.2 ms']);
    expect(unbackedFigures(doc, recs).map((f) => f.text)).toEqual(['1.02–1.05 s', '0.56–0.60×']);
  });

  it('back a stated number when a record rounds to it in the same unit', () => {
    expect(backedBy('4.16', 'ms', recs)).toBe(true);
    expect(backedBy('4.2', 'ms', recs)).toBe(true);
    expect(backedBy('4.17', 'ms', recs)).toBe(false);
    expect(backedBy('4.16', 's', recs)).toBe(false);
    expect(backedBy('1.8', '×', recs)).toBe(true);
  });

  it('regions without a reason or an end are errors', () => {
    expect(() => unrecordedRegions('<!-- unrecorded: old -->\nx\n<!-- /unrecorded -->')).toThrow(/must state why/);
    expect(() => unrecordedRegions('<!-- unrecorded: measured before records existed -->\nx')).toThrow(/no <!-- \/unrecorded -->/);
  });

  it('tables show the latest standard record, the range on its machine, the target and the machine', () => {
    const older = record({ meanfield_run_ms: { label: 'run', value: 4.8, unit: 'ms', max: 5 } }, { date: '2026-12-07T10:00:00.000Z' });
    const other = record({ meanfield_run_ms: { label: 'run', value: 9.9, unit: 'ms', max: 5 } }, { date: '2026-12-06T10:00:00.000Z', machine: { ...recs[0].machine, label: 'another machine' } });
    const quick = record({ meanfield_run_ms: { label: 'run', value: 1, unit: 'ms', max: 5 } }, { date: '2026-12-09T10:00:00.000Z', standard: false });
    const table = benchTable('bench-performance', [other, older, ...recs, quick]);
    const row = table.split('\n').find((l) => l.startsWith('| meanfield baseline run'))!;
    expect(row).toBe('| meanfield baseline run (96 months, 84 segments × 4 demand classes), median (`npm run bench`) | 4.163 ms | 4.163–4.8 ms (2 runs) | ≤ 5 ms: met | 2026-12-08, machine A, load 1 |');
    expect(table).toContain('no record yet (`npm run bench:observe`)');
    expect(table).toContain('machines: A = 2-core test CPU, 8 GB, Node v20.0.0');
  });
});

describe('claims with citations', () => {
  it('read numbers as written in prose and in code', () => {
    expect(numbersIn('RMS 0.01 at 200 000 agents (2¹⁶ = 2^16), S1 and e2e, 5- and 20-fold, 1,000 runs, 200_000')).toEqual([0.01, 200000, 2, 16, 2, 16, 5, 20, 1000, 200000]);
  });

  it('pass when the cited test asserts or prints the numbers, and fail otherwise (comments do not count)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'momentum-cite-'));
    mkdirSync(join(dir, 'test'));
    writeFileSync(join(dir, 'test/a.test.ts'), "// 0.026 in a comment\nexpect(e).toBeLessThan(0.01);\nconsole.log(`ratio ${r} (predicts 10)`);\n");
    const doc = 'The test (`test/a.test.ts`) asserts an error below 0.01, a tenfold fall (predicts 10).\n\nIt once gave 0.026 (`test/a.test.ts`).\n\nSee `test/missing.test.ts`.';
    expect(citations(doc).map((c) => c.numbers)).toEqual([[0.01, 10], [0.026], []]);
    expect(uncheckedClaims(dir, 'd.md', doc)).toEqual([
      'd.md:3: cites test/a.test.ts for 0.026, which the test neither prints nor asserts: "It once gave 0.026 (`test/a.test.ts`)."',
      'd.md:5: cites test/missing.test.ts, which does not exist',
    ]);
  });
});

describe('npm run docs (scripts/refresh-spec.ts)', () => {
  const refresh = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/refresh-spec.ts'), ...args], { cwd: ROOT, encoding: 'utf8' });

  it('--check --no-run finds every generated table current and writes nothing', () => {
    const r = refresh('--check', '--no-run');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n').pop()).toBe('every doc is up to date');
    expect(r.status).toBe(0);
  });

  it('rejects an unknown option with status 2', () => {
    const r = refresh('--bogus');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown option --bogus');
  });
});

/**
 * Property-based fuzzing of scenarios (issue 17): fast-check mutations of the built-in
 * scenarios and of every field of the scenario schema (name, extends, params, each event type's
 * fields, dates), of parameter overrides and of the run options (mode, agents, seed, horizon),
 * run through validation and runScenario in both modes.
 *
 * The property: either a rejection naming the field (a ValidationError whose every issue has a
 * path, an expectation and a finding), or a finished run whose outputs are all finite (or
 * undefined), with every share in [0, 1] and each month's split shares summing to 1. Any other
 * exception, and an InvariantError (validation let through an input the model cannot run), is a
 * failure; fast-check shrinks it and prints the smallest input.
 *
 * Used by test/model/fuzz.test.ts (500 cases in `npm test`) and scripts/fuzz.ts (`npm run fuzz`).
 */
import fc from 'fast-check';
import {
  BUILTIN_SCENARIOS,
  DEFAULT_WORLD,
  InvariantError,
  PARAM_DEFS,
  parseOverrides,
  parseScenario,
  resultToCsv,
  runScenario,
  ScenarioRegistry,
  ValidationError,
  withOverrides,
  type Mode,
} from '../../src/model/index.js';

const BLOCS = DEFAULT_WORLD.blocs.map((b) => b.id);
const LABS = DEFAULT_WORLD.labs.map((l) => l.id);
const SECTORS = DEFAULT_WORLD.sectors.map((s) => s.id);
const BUILTIN_NAMES = BUILTIN_SCENARIOS.map((s) => s.name);

/**
 * The arbitraries, in two flavours: `noisy` mutates fields now and then (wrong types, values
 * outside their range, malformed dates, unknown keys, reserved keys); clean ones stay inside the
 * schema, so that most clean cases reach the solvers (with values on the edges of each range).
 */
function arbitraries(noisy: boolean) {
  /** Mostly `valid`, sometimes (when noisy) a value of the wrong type. */
  const mostly = <T,>(valid: fc.Arbitrary<T>): fc.Arbitrary<T | unknown> =>
    noisy ? fc.oneof({ weight: 20, arbitrary: valid }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({})) }) : valid;
  /** Numbers around a field's range [min, max]: inside, on the edges, and (noisy) outside and extremes. */
  const around = (min: number, max: number): fc.Arbitrary<number> =>
    noisy
      ? fc.oneof(
          { weight: 12, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) },
          { weight: 3, arbitrary: fc.constantFrom(min, max, (min + max) / 2) },
          { weight: 1, arbitrary: fc.constantFrom(min - 1e-9, max + 1e-9, -1, 0, 1e-200, 5e-324, 1e300, NaN, Infinity, -Infinity) },
          { weight: 1, arbitrary: fc.double() },
        )
      : fc.oneof({ weight: 4, arbitrary: fc.double({ min, max, noNaN: true, noDefaultInfinity: true }) }, { weight: 1, arbitrary: fc.constantFrom(min, max) });
  /** Months: mostly around the supported horizon, sometimes far outside or (noisy) malformed. */
  const ym = (lo: number, hi: number) => fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`);
  const month: fc.Arbitrary<string> = noisy
    ? fc.oneof({ weight: 12, arbitrary: ym(2020, 2034) }, { weight: 3, arbitrary: ym(1980, 2120) }, { weight: 1, arbitrary: ym(0, 9999) }, { weight: 1, arbitrary: fc.constantFrom('2024-13', '2024-00', '24-01', '2024/01', '', ' 2024-01', '2024-1') })
    : fc.oneof({ weight: 6, arbitrary: ym(2021, 2034) }, { weight: 1, arbitrary: ym(1990, 2100) });
  const bloc = mostly(noisy ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...BLOCS) }, { weight: 1, arbitrary: fc.constantFrom('China', 'us', '', 'EU ') }) : fc.constantFrom(...BLOCS));
  const lab = noisy ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...LABS) }, { weight: 1, arbitrary: fc.constantFrom('deepsek', 'all', '') }) : fc.constantFrom(...LABS, 'all');
  const meta = { note: fc.string({ maxLength: 12 }), source: fc.string({ maxLength: 12 }) };
  const rec = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T, required: (keyof T)[]) => fc.record(model, { requiredKeys: required as never });

  /** One event of each type. */
  const eventByType: fc.Arbitrary<Record<string, unknown>>[] = [
    rec({ date: month, type: fc.constant('export-control'), bloc, severity: mostly(around(0, 1)), ...meta }, ['date', 'type', 'bloc', 'severity']),
    rec(
      {
        date: month,
        type: fc.constant('model-restriction'),
        bloc,
        origin: bloc,
        sectors: mostly(fc.oneof(fc.constantFrom('all', 'critical'), fc.subarray([...SECTORS], { minLength: 1 }), ...(noisy ? [fc.constant(['farming'])] : []))),
        scope: mostly(fc.constantFrom('all', 'open', 'closed')),
        lift: mostly(fc.boolean()),
        ...meta,
      },
      ['date', 'type', 'bloc', 'origin'],
    ),
    rec({ date: month, type: fc.constant('open-subsidy'), bloc, amount: mostly(around(0, 5)), ...meta }, ['date', 'type', 'bloc', 'amount']),
    rec({ date: month, type: fc.constant('strategy-switch'), lab: mostly(lab), strategy: mostly(fc.constantFrom('open', 'closed', 'mixed')), ...meta }, ['date', 'type', 'lab', 'strategy']),
    fc
      .tuple(rec({ date: month, type: fc.constant('price-cut'), factor: mostly(around(1e-3, 1)), ...meta }, ['date', 'type', 'factor']), fc.oneof(fc.record({ labs: mostly(fc.subarray([...LABS], { minLength: 1, maxLength: 4 })) }), fc.record({ bloc }), ...(noisy ? [fc.constant({})] : [])))
      .map(([e, target]) => ({ ...e, ...target })),
    rec({ date: month, type: fc.constant('security-incident'), origin: bloc, severity: mostly(around(0, 5)), ...meta }, ['date', 'type', 'origin', 'severity']),
    rec({ date: month, type: fc.constant('embodied-acceleration'), factor: mostly(around(0, 5)), monthsEarlier: mostly(around(0, 120)), ...meta }, ['date', 'type']),
  ];
  const anyEvent = fc.oneof(...eventByType);
  /** An event: a valid type with mutated fields, or (noisy) sometimes a broken one. */
  const event: fc.Arbitrary<unknown> = noisy
    ? fc.oneof(
        { weight: 30, arbitrary: anyEvent },
        { weight: 1, arbitrary: anyEvent.map((e) => ({ ...e, sevrity: 1 })) },
        { weight: 1, arbitrary: fc.record({ date: month, type: fc.constantFrom('nuke', 'price_cut', ''), bloc }) },
        { weight: 1, arbitrary: fc.record({ date: month, bloc }) },
      )
    : anyEvent;

  /** A parameter name (noisy: sometimes unknown or reserved) and a value around its range. */
  const known: fc.Arbitrary<[string, unknown]> = fc
    .constantFrom(...PARAM_DEFS)
    .chain((d) => (d.options ? mostly(noisy ? fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...d.options) }, { weight: 1, arbitrary: fc.constantFrom('sometimes', '') }) : fc.constantFrom(...d.options)) : mostly(around(d.min ?? -10, d.max ?? 10))).map((v) => [d.name, v] as [string, unknown]));
  const paramEntry: fc.Arbitrary<[string, unknown]> = noisy
    ? fc.oneof({ weight: 20, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom('priceSensitivty', 'openSubsidy.XX', '__proto__', 'constructor', ''), fc.double()) })
    : known;

  return fc.record({
    base: fc.constantFrom(...BUILTIN_SCENARIOS),
    name: noisy ? fc.oneof({ weight: 20, arbitrary: fc.constantFrom('fuzz', 'fuzz-2') }, { weight: 1, arbitrary: mostly(fc.constantFrom('Fuzz', 'fuzz_1', '-x', '')) }) : fc.constantFrom('fuzz', 'fuzz-2'),
    ext: noisy
      ? fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...BUILTIN_NAMES) }, { weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: mostly(fc.constantFrom('baselin', 'fuzz', '')) })
      : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...BUILTIN_NAMES) }, { weight: 1, arbitrary: fc.constant(undefined) }),
    keepEvents: fc.boolean(),
    params: fc.array(paramEntry, { maxLength: 6 }),
    events: fc.array(event, { maxLength: 10 }),
    // sometimes many events of one kind: the compounding limits (and the event count's)
    burst: fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.tuple(anyEvent, fc.integer({ min: 2, max: 1200 })) }),
    extraKey: noisy ? fc.oneof({ weight: 20, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('descripton', 'event', '__proto__') }) : fc.constant(undefined),
    overrides: fc.array(paramEntry, { maxLength: 3 }),
    mode: fc.constantFrom<Mode>('meanfield', 'agents'),
    agents: noisy ? fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 50, max: 2000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 49 }) }) : fc.integer({ min: 1, max: 2000 }),
    seed: fc.integer({ min: -2147483648, max: 2147483647 }),
    horizon: fc.oneof({ weight: 6, arbitrary: fc.constant(['2023-01', '2030-12']) }, { weight: 4, arbitrary: fc.tuple(month, month).map(([a, b]) => (noisy || a <= b ? [a, b] : [b, a])) }),
  });
}

/** One fuzz case: a scenario object (a mutated built-in or a fresh one), overrides and run options. */
export interface FuzzCase {
  scenario: unknown;
  overrides: [string, unknown][];
  mode: Mode;
  agents: number;
  seed: number;
  from: string;
  to: string;
}

/** Half the cases clean (inside the schema), half noisy. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(arbitraries(false), arbitraries(true)).map((r) => {
  const events: unknown[] = [...(r.keepEvents ? (r.base.events ?? []) : []), ...r.events];
  if (r.burst) for (let i = 0; i < r.burst[1]; i++) events.push(r.burst[0]);
  const scenario: Record<string, unknown> = {
    name: r.name,
    description: r.base.description,
    params: { ...r.base.params, ...entries(r.params) },
    events,
  };
  if (r.ext !== undefined) scenario.extends = r.ext;
  if (r.extraKey) Object.defineProperty(scenario, r.extraKey, { value: 1, enumerable: true, configurable: true, writable: true });
  return { scenario, overrides: r.overrides, mode: r.mode, agents: r.agents, seed: r.seed, from: r.horizon[0], to: r.horizon[1] };
});

/** Entries into a plain object, keeping `__proto__` as an own key (as JSON.parse does). */
function entries(list: [string, unknown][]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of list) Object.defineProperty(o, k, { value: v, enumerable: true, configurable: true, writable: true });
  return o;
}

/** Counts kept across a fuzz session. */
export interface FuzzCounts {
  cases: number;
  rejected: number;
  accepted: number;
  acceptedAgents: number;
  /** Exceptions other than a field-named ValidationError (the property fails on the first). */
  uncaught: number;
  /** Accepted inputs whose run broke an invariant (InvariantError, or the independent check here). */
  invalidOutput: number;
  /** Cases that took longer than `slowMs` (a hang would be one; the property fails on it). */
  slow: number;
  maxMs: number;
}

export function newCounts(): FuzzCounts {
  return { cases: 0, rejected: 0, accepted: 0, acceptedAgents: 0, uncaught: 0, invalidOutput: 0, slow: 0, maxMs: 0 };
}

const FRACTIONS = ['usage_share', 'open_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share', 'hosted_open_share', 'enterprise_open_share', 'hhi', 'adoption', 'critical_usage_share'];
const SPLIT = ['usage_share', 'download_share', 'derivative_share', 'token_share', 'open_token_share'];

/** Independent check of a finished run's outputs (does not reuse outputs/invariants.ts). */
function outputProblems(r: ReturnType<typeof runScenario>): string[] {
  const out: string[] = [];
  for (const s of r.series.list) {
    s.values.forEach((v, t) => {
      if (v === Infinity || v === -Infinity) out.push(`${s.metric} ${s.group} ${r.dates[t]} = ${v}`);
      if (FRACTIONS.includes(s.metric) && (v < -1e-9 || v > 1 + 1e-9)) out.push(`${s.metric} ${s.group} ${r.dates[t]} = ${v}`);
    });
  }
  for (const m of SPLIT) {
    const gs = r.series.byMetric(m);
    for (let t = 0; t < r.dates.length; t++) {
      const vals = gs.map((g) => g.values[t]);
      const undef = vals.filter(Number.isNaN).length;
      if (undef === vals.length) continue;
      const sum = vals.reduce((a, b) => a + b, 0);
      if (undef > 0 || Math.abs(sum - 1) > 1e-6) out.push(`${m} ${r.dates[t]} sums to ${sum}`);
    }
  }
  const csv = resultToCsv(r);
  if (/NaN|Infinity/.test(csv)) out.push('series.csv holds NaN or Infinity');
  if (/NaN|Infinity|null/.test(JSON.stringify(r.summary.indicators.final))) out.push('summary.json holds a non-finite value');
  return out;
}

/**
 * Runs one case; throws (failing the property) on anything but a field-named rejection or a
 * valid run. `slowMs`: a case slower than this fails as a hang.
 */
export function runCase(c: FuzzCase, counts: FuzzCounts, slowMs = 20_000): void {
  counts.cases++;
  const t0 = performance.now();
  let outcome: 'rejected' | 'accepted';
  try {
    const registry = new ScenarioRegistry();
    const s = parseScenario(c.scenario, 'fuzz.yaml', registry.world);
    let resolved = registry.resolve(s, 'fuzz.yaml');
    if (c.overrides.length) resolved = withOverrides(resolved, parseOverrides(entries(c.overrides), '--set', ''));
    const r = runScenario(resolved, { mode: c.mode, agents: c.agents, seed: c.seed, from: c.from, to: c.to });
    const problems = outputProblems(r);
    if (problems.length) {
      counts.invalidOutput++;
      throw new Error(`accepted input gave invalid output: ${problems.slice(0, 5).join('; ')}`);
    }
    outcome = 'accepted';
  } catch (e) {
    if (e instanceof ValidationError) {
      const unnamed = e.issues.filter((i) => !i.path || !i.expected || !i.found);
      if (e.issues.length === 0 || unnamed.length) {
        counts.uncaught++;
        throw new Error(`a rejection that names no field: ${JSON.stringify(e.issues)}`);
      }
      outcome = 'rejected';
    } else if (e instanceof InvariantError) {
      counts.invalidOutput++;
      throw e;
    } else {
      if (!(e instanceof Error && e.message.startsWith('accepted input gave invalid output'))) counts.uncaught++;
      throw e;
    }
  } finally {
    const ms = performance.now() - t0;
    counts.maxMs = Math.max(counts.maxMs, ms);
    if (ms > slowMs) counts.slow++;
  }
  const ms = performance.now() - t0;
  if (ms > slowMs) throw new Error(`case took ${ms.toFixed(0)} ms (over ${slowMs} ms: a hang)`);
  if (outcome === 'rejected') counts.rejected++;
  else {
    counts.accepted++;
    if (c.mode === 'agents') counts.acceptedAgents++;
  }
}

/** Runs `numRuns` seeded cases; returns fast-check's result and the counts. */
export function fuzz(numRuns: number, seed: number, slowMs?: number): { result: fc.RunDetails<[FuzzCase]>; counts: FuzzCounts } {
  const counts = newCounts();
  // the counts stop at the first failure: fast-check's shrinking runs are not cases
  let failed = false;
  const result = fc.check(
    fc.property(fuzzCase, (c) => {
      if (failed) return runCase(c, newCounts(), slowMs);
      try {
        runCase(c, counts, slowMs);
      } catch (e) {
        failed = true;
        throw e;
      }
    }),
    { numRuns, seed },
  );
  return { result, counts };
}

export { fc };

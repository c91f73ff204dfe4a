/**
 * Scenario validation at the boundary. Every problem names the file, the path of the bad
 * field, what was expected and what was found; unknown parameter names suggest the nearest
 * valid one. Nothing is silently dropped.
 */
import type { z } from 'zod';
import { PARAM_DEFS, PARAM_INDEX, type ParamValue } from '../params/param-defs.js';
import type { WorldConfig } from '../world/world.js';
import { scenarioSchema, MAX_EVENTS, type Scenario } from './schema.js';
import type { ScenarioEvent } from './events.js';
import { nearestName } from './nearest-name.js';
import { isMonth, monthIndex } from '../time.js';

/** One validation problem. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `events[2].severity` or `params.priceSensitivity`. */
  path: string;
  expected: string;
  found: string;
  /** Extra hint, e.g. `did you mean "priceSensitivity"?` */
  hint?: string;
}

/** Thrown (or returned) when an input is invalid. `message` lists every issue. */
export class ValidationError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ValidationIssue[],
  ) {
    super(formatIssues(source, issues));
    this.name = 'ValidationError';
  }
}

/**
 * `FILE: PATH: expected X, found Y (HINT)`, one line per issue (control characters escaped).
 * When the path is the source itself (a command-line flag such as `--mode`), it is named once.
 */
export function formatIssues(source: string, issues: ValidationIssue[]): string {
  return issues
    .map((i) => escapeControl(`${i.path === source ? source : `${source}: ${i.path || '(root)'}`}: expected ${i.expected}, found ${i.found}${i.hint ? ` (${i.hint})` : ''}`))
    .join('\n');
}

/**
 * Escapes control characters (ESC, CR, NUL, …; C0, DEL and C1) as `\uXXXX`: names and values
 * copied from a file into a message must not drive the user's terminal.
 */
export function escapeControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Renders a value found in the input, briefly. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  return typeof v;
}

function pathString(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s;
}

function getAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p as string];
  }
  return v;
}

/** Converts zod issues into {@link ValidationIssue}s with expected/found wording. */
export function zodIssues(error: z.ZodError, input: unknown, keyCandidates?: (path: string) => string[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const iss of error.issues) {
    const found = getAt(input, iss.path);
    const path = pathString(iss.path);
    switch (iss.code) {
      case 'unrecognized_keys':
        for (const k of iss.keys) {
          const cands = keyCandidates?.(path) ?? [];
          const near = nearestName(k, cands);
          out.push({
            path: path ? `${path}.${k}` : k,
            expected: cands.length ? `one of the known keys (${cands.join(', ')})` : 'no such key',
            found: `unknown key "${k}"`,
            hint: near ? `did you mean "${near}"?` : undefined,
          });
        }
        break;
      case 'invalid_type':
        out.push({ path, expected: iss.expected, found: describeValue(found) });
        break;
      case 'too_small':
        out.push({ path, expected: `${iss.origin === 'array' ? 'at least ' + String(iss.minimum) + ' items' : (iss.inclusive ? '≥ ' : '> ') + String(iss.minimum)}`, found: describeValue(found) });
        break;
      case 'too_big':
        out.push({ path, expected: `${iss.origin === 'array' ? 'at most ' + String(iss.maximum) + ' items' : (iss.inclusive ? '≤ ' : '< ') + String(iss.maximum)}`, found: describeValue(found) });
        break;
      case 'invalid_value':
        out.push({ path, expected: `one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`, found: describeValue(found) });
        break;
      case 'invalid_union': {
        const disc = (iss as { note?: string }).note;
        if (path.endsWith('type') || disc === 'No matching discriminator') {
          const typePath = path.endsWith('type') ? iss.path : [...iss.path, 'type'];
          out.push({ path: pathString(typePath), expected: `an event type (${EVENT_TYPE_LIST})`, found: describeValue(getAt(input, typePath)) });
        } else out.push({ path, expected: iss.message.replace(/^Invalid input:?\s*/i, '') || 'a valid value', found: describeValue(found) });
        break;
      }
      default:
        out.push({ path, expected: iss.message.replace(/^Invalid input:?\s*/i, '').replace(/^expected\s+/i, '') || 'a valid value', found: describeValue(found) });
    }
  }
  return out;
}

const EVENT_TYPE_LIST = 'export-control, model-restriction, open-subsidy, strategy-switch, price-cut, security-incident, embodied-acceleration, release, set-params';

const EVENT_KEYS: Record<string, string[]> = {
  'export-control': ['date', 'type', 'bloc', 'severity', 'note', 'source'],
  'model-restriction': ['date', 'type', 'bloc', 'origin', 'sectors', 'scope', 'lift', 'note', 'source'],
  'open-subsidy': ['date', 'type', 'bloc', 'amount', 'note', 'source'],
  'strategy-switch': ['date', 'type', 'lab', 'strategy', 'note', 'source'],
  'price-cut': ['date', 'type', 'labs', 'bloc', 'factor', 'note', 'source'],
  'security-incident': ['date', 'type', 'origin', 'severity', 'note', 'source'],
  'embodied-acceleration': ['date', 'type', 'factor', 'monthsEarlier', 'note', 'source'],
  release: ['date', 'type', 'lab', 'name', 'open', 'major', 'sizes', 'parityWith', 'capability', 'price', 'licence', 'note', 'source'],
  'set-params': ['date', 'type', 'params', 'note', 'source'],
};

/** Checks parameter names, types and ranges. */
export function validateParams(params: Record<string, unknown>, prefix = 'params'): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const def = PARAM_INDEX.get(name);
    const path = prefix ? `${prefix}.${name}` : name || '""';
    if (!def) {
      const near = nearestName(name, PARAM_DEFS.map((d) => d.name));
      out.push({ path, expected: 'a known parameter name (see `momentum params`)', found: `unknown parameter "${name}"`, hint: near ? `did you mean "${near}"?` : undefined });
      continue;
    }
    if (def.options) {
      if (typeof value !== 'string' || !def.options.includes(value)) {
        out.push({ path, expected: `one of ${def.options.map((o) => JSON.stringify(o)).join(', ')}`, found: describeValue(value) });
      }
    } else if (typeof value !== 'number' || !Number.isFinite(value)) {
      out.push({ path, expected: `a number in [${def.min}, ${def.max}] ${def.unit}`, found: describeValue(value) });
    } else if ((def.min !== undefined && value < def.min) || (def.max !== undefined && value > def.max)) {
      out.push({ path, expected: `a number in [${def.min}, ${def.max}] ${def.unit}`, found: describeValue(value) });
    }
  }
  return out;
}

/** Checks that events refer to blocs, labs and sectors of the world. */
export function validateEventRefs(events: Scenario['events'], world: WorldConfig): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const blocs = world.blocs.map((b) => b.id);
  const labs = world.labs.map((l) => l.id);
  const sectors = world.sectors.map((s) => s.id);
  const checkBloc = (path: string, v: string | undefined) => {
    if (v !== undefined && !blocs.includes(v)) {
      const near = nearestName(v, blocs);
      out.push({ path, expected: `a bloc (${blocs.join(', ')})`, found: describeValue(v), hint: near ? `did you mean "${near}"?` : undefined });
    }
  };
  const checkLab = (path: string, v: string, allowAll: boolean) => {
    if (allowAll && v === 'all') return;
    if (!labs.includes(v)) {
      const near = nearestName(v, labs);
      out.push({ path, expected: `a lab id (${labs.join(', ')}${allowAll ? ', or "all"' : ''})`, found: describeValue(v), hint: near ? `did you mean "${near}"?` : undefined });
    }
  };
  events.forEach((e, i) => {
    const p = `events[${i}]`;
    switch (e.type) {
      case 'export-control':
      case 'open-subsidy':
        checkBloc(`${p}.bloc`, e.bloc);
        break;
      case 'model-restriction':
        checkBloc(`${p}.bloc`, e.bloc);
        checkBloc(`${p}.origin`, e.origin);
        if (Array.isArray(e.sectors)) {
          e.sectors.forEach((s, j) => {
            if (!sectors.includes(s as never)) {
              const near = nearestName(s, sectors);
              out.push({ path: `${p}.sectors[${j}]`, expected: `a sector (${sectors.join(', ')})`, found: describeValue(s), hint: near ? `did you mean "${near}"?` : undefined });
            }
          });
        }
        break;
      case 'strategy-switch':
        checkLab(`${p}.lab`, e.lab, true);
        break;
      case 'price-cut':
        checkBloc(`${p}.bloc`, e.bloc);
        e.labs?.forEach((l, j) => checkLab(`${p}.labs[${j}]`, l, false));
        if (!e.labs && !e.bloc) out.push({ path: `${p}.labs`, expected: 'a list of lab ids or a bloc', found: 'neither labs nor bloc' });
        break;
      case 'security-incident':
        checkBloc(`${p}.origin`, e.origin);
        break;
      case 'release':
        checkLab(`${p}.lab`, e.lab, false);
        break;
      case 'set-params':
        out.push(...validateParams(e.params, `${p}.params`));
        break;
      default:
        break;
    }
  });
  return out;
}

/** Candidate keys for an unrecognized key at `path` (for suggestions). */
function keyCandidatesFor(input: unknown): (path: string) => string[] {
  return (path: string) => {
    if (path === '') return ['name', 'description', 'extends', 'params', 'events'];
    const m = /^events\[(\d+)\]$/.exec(path);
    if (m) {
      const ev = getAt(input, ['events', Number(m[1])]) as { type?: string } | undefined;
      return (ev?.type && EVENT_KEYS[ev.type]) || [];
    }
    return [];
  };
}

/**
 * Keys that a plain object cannot hold as data: `__proto__` from JSON or YAML is an own key of
 * the parsed object, which zod's record and object parsing would silently drop (or turn into
 * a prototype). Found anywhere in the input, it is an error.
 */
function reservedKeys(input: unknown, path: PropertyKey[] = [], out: ValidationIssue[] = [], depth = 0): ValidationIssue[] {
  if (input === null || typeof input !== 'object' || depth > 8 || out.length >= 10) return out;
  if (Array.isArray(input)) {
    const n = Math.min(input.length, MAX_EVENTS);
    for (let i = 0; i < n; i++) reservedKeys(input[i], [...path, i], out, depth + 1);
    return out;
  }
  for (const k of Object.keys(input)) {
    if (k === '__proto__') out.push({ path: pathString([...path, k]), expected: 'an ordinary key', found: 'the reserved key "__proto__"' });
    else reservedKeys((input as Record<string, unknown>)[k], [...path, k], out, depth + 1);
  }
  return out;
}

/**
 * Parses and validates a scenario object read from `source` (a file name or "request body").
 * Throws a {@link ValidationError} listing every problem.
 */
export function parseScenario(input: unknown, source: string, world: WorldConfig): Scenario {
  // limits first: a huge event list is rejected before zod walks it
  const events = (input as { events?: unknown } | null)?.events;
  if (Array.isArray(events) && events.length > MAX_EVENTS) {
    throw new ValidationError(source, [{ path: 'events', expected: `at most ${MAX_EVENTS} events`, found: `${events.length} events` }]);
  }
  const reserved = reservedKeys(input);
  if (reserved.length) throw new ValidationError(source, reserved);
  const r = scenarioSchema.safeParse(input);
  if (!r.success) {
    // a parameter's value that is neither a number nor a string (NaN, Infinity, null, a list):
    // state the parameter's own range rather than zod's "a valid value"
    const params = (input as { params?: unknown }).params;
    const issues = zodIssues(r.error, input, keyCandidatesFor(input)).map((iss) => {
      const m = /^params\.(.+)$/.exec(iss.path);
      if (!m || params === null || typeof params !== 'object' || !Object.hasOwn(params, m[1])) return iss;
      return validateParams({ [m[1]]: (params as Record<string, unknown>)[m[1]] })[0] ?? iss;
    });
    throw new ValidationError(source, issues);
  }
  const issues = [...validateParams(r.data.params), ...validateEventRefs(r.data.events, world), ...validateEventDomain(r.data.events, world)];
  if (issues.length) throw new ValidationError(source, issues);
  return r.data;
}

/** The smallest compounded price-cut factor on one lab (and the smallest factor of one event). */
export const MIN_PRICE_FACTOR = 1e-3;
/** The largest compounded embodied-acceleration factor (the largest of one event). */
export const MAX_EMBODIED_FACTOR = 5;
/** The largest total advance of the embodied shift, months (the largest of one event). */
export const MAX_EMBODIED_MONTHS = 120;
/** The largest total severity of security incidents against one origin (the largest of one event). */
export const MAX_INCIDENT_SEVERITY = 5;

/**
 * Limits on compounding: events of the same kind multiply or add up, and beyond what one event
 * may express the model leaves its domain (prices of 1e-200 overflow the choice weights; 300
 * accelerations of the embodied shift overflow capability). A chain of scenarios is checked as
 * a whole (see ScenarioRegistry.resolve); `events` may come from several files.
 */
export function validateEventDomain(events: readonly ScenarioEvent[], world?: WorldConfig): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (events.length > MAX_EVENTS) out.push({ path: 'events', expected: `at most ${MAX_EVENTS} events (the whole extends chain)`, found: `${events.length} events` });
  const cuts = new Map<string, number>();
  // the embodied factors compound month by month (a factor 0 after many factors 5 must not
  // hide an overflow before it): the largest product over time is what must stay bounded
  let embodied = 1;
  let embodiedMax = 1;
  let earlier = 0;
  const severity = new Map<string, number>();
  const dated = events.map((e, i) => ({ e, i, t: isMonth(e.date) ? monthIndex(e.date) : 0 }));
  dated.sort((a, b) => a.t - b.t || a.i - b.i);
  for (const { e } of dated) {
    if (e.type === 'price-cut') {
      // per lab when labs are listed, else per bloc (every lab of the bloc is hit)
      const targets = e.labs ? e.labs : world ? world.labs.filter((l) => l.bloc === e.bloc).map((l) => l.id) : [`bloc ${e.bloc}`];
      for (const t of new Set(targets)) cuts.set(t, (cuts.get(t) ?? 1) * e.factor);
    } else if (e.type === 'embodied-acceleration') {
      embodied *= e.factor;
      embodiedMax = Math.max(embodiedMax, embodied);
      earlier += e.monthsEarlier;
    } else if (e.type === 'security-incident') {
      severity.set(e.origin, (severity.get(e.origin) ?? 0) + e.severity);
    }
  }
  for (const [lab, f] of cuts) {
    if (f < MIN_PRICE_FACTOR) {
      out.push({ path: 'events (price-cut)', expected: `price cuts that compound to a factor of at least ${MIN_PRICE_FACTOR} on any lab`, found: `a compounded factor of ${f.toExponential(2)} on ${lab}` });
      break;
    }
  }
  if (embodiedMax > MAX_EMBODIED_FACTOR) out.push({ path: 'events (embodied-acceleration)', expected: `factors that compound to at most ${MAX_EMBODIED_FACTOR} at any month`, found: `a compounded factor of ${embodiedMax.toExponential(2)}` });
  if (earlier > MAX_EMBODIED_MONTHS) out.push({ path: 'events (embodied-acceleration)', expected: `monthsEarlier adding up to at most ${MAX_EMBODIED_MONTHS}`, found: `${earlier} months` });
  for (const [origin, sev] of severity) {
    if (sev > MAX_INCIDENT_SEVERITY) {
      out.push({ path: 'events (security-incident)', expected: `severities adding up to at most ${MAX_INCIDENT_SEVERITY} per origin`, found: `${sev} for ${origin}` });
      break;
    }
  }
  return out;
}

/** The first and last months the model supports (its lab table starts in 2022; growth laws are extrapolations). */
export const SUPPORTED_FROM = '1990-01';
export const SUPPORTED_TO = '2100-12';

/**
 * Checks a run's horizon: two months, in order, inside the supported horizon, and reaching at
 * least the first lab's entry (before it nobody can adopt, so every share would be undefined).
 * `names` are the fields as the caller's user knows them (`--from`/`--to`, `from`/`to`).
 */
export function validateHorizon(from: string, to: string, world?: WorldConfig, names: { from: string; to: string } = { from: 'from', to: 'to' }): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const lo = monthIndex(SUPPORTED_FROM);
  const hi = monthIndex(SUPPORTED_TO);
  const range = `a month as YYYY-MM from ${SUPPORTED_FROM} to ${SUPPORTED_TO}`;
  for (const [name, v] of [
    [names.from, from],
    [names.to, to],
  ] as const) {
    if (typeof v !== 'string' || !isMonth(v)) out.push({ path: name, expected: range, found: describeValue(v) });
    else if (monthIndex(v) < lo || monthIndex(v) > hi) out.push({ path: name, expected: range, found: JSON.stringify(v), hint: 'the supported horizon of the model' });
  }
  if (out.length) return out;
  if (monthIndex(to) < monthIndex(from)) return [{ path: names.to, expected: `a month not before ${names.from} (${from})`, found: JSON.stringify(to) }];
  if (world && world.labs.length) {
    const first = world.labs.reduce((m, l) => Math.min(m, monthIndex(l.entry)), Infinity);
    if (monthIndex(to) < first) {
      const label = world.labs.find((l) => monthIndex(l.entry) === first)!.entry;
      out.push({ path: names.to, expected: `a month from ${label} on (no lab releases a model before then, so nobody could adopt one)`, found: JSON.stringify(to) });
    }
  }
  return out;
}

/** Validates a map of parameter overrides (for `--set`, API overrides, URL state). */
export function parseOverrides(input: Record<string, unknown>, source: string, prefix = 'overrides'): Record<string, ParamValue> {
  const issues = validateParams(input, prefix);
  if (issues.length) throw new ValidationError(source, issues);
  return input as Record<string, ParamValue>;
}

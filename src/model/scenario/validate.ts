/**
 * Scenario validation at the boundary. Every problem names the file, the path of the bad
 * field, what was expected and what was found; unknown parameter names suggest the nearest
 * valid one. Nothing is silently dropped.
 */
import type { z } from 'zod';
import { PARAM_DEFS, PARAM_INDEX, type ParamValue } from '../params/param-defs.js';
import type { WorldConfig } from '../world/world.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { nearestName } from './nearest-name.js';

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
 * `FILE: PATH: expected X, found Y (HINT)`, one line per issue. When the path is the source
 * itself (a command-line flag such as `--mode`), it is named once.
 */
export function formatIssues(source: string, issues: ValidationIssue[]): string {
  return issues
    .map((i) => `${i.path === source ? source : `${source}: ${i.path || '(root)'}`}: expected ${i.expected}, found ${i.found}${i.hint ? ` (${i.hint})` : ''}`)
    .join('\n');
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

const EVENT_TYPE_LIST = 'export-control, model-restriction, open-subsidy, strategy-switch, price-cut, security-incident, embodied-acceleration';

const EVENT_KEYS: Record<string, string[]> = {
  'export-control': ['date', 'type', 'bloc', 'severity', 'note', 'source'],
  'model-restriction': ['date', 'type', 'bloc', 'origin', 'sectors', 'scope', 'lift', 'note', 'source'],
  'open-subsidy': ['date', 'type', 'bloc', 'amount', 'note', 'source'],
  'strategy-switch': ['date', 'type', 'lab', 'strategy', 'note', 'source'],
  'price-cut': ['date', 'type', 'labs', 'bloc', 'factor', 'note', 'source'],
  'security-incident': ['date', 'type', 'origin', 'severity', 'note', 'source'],
  'embodied-acceleration': ['date', 'type', 'factor', 'monthsEarlier', 'note', 'source'],
};

/** Checks parameter names, types and ranges. */
export function validateParams(params: Record<string, unknown>, prefix = 'params'): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  for (const [name, value] of Object.entries(params)) {
    const def = PARAM_INDEX.get(name);
    const path = prefix ? `${prefix}.${name}` : name;
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
 * Parses and validates a scenario object read from `source` (a file name or "request body").
 * Throws a {@link ValidationError} listing every problem.
 */
export function parseScenario(input: unknown, source: string, world: WorldConfig): Scenario {
  const r = scenarioSchema.safeParse(input);
  if (!r.success) throw new ValidationError(source, zodIssues(r.error, input, keyCandidatesFor(input)));
  const issues = [...validateParams(r.data.params), ...validateEventRefs(r.data.events, world)];
  if (issues.length) throw new ValidationError(source, issues);
  return r.data;
}

/** Validates a map of parameter overrides (for `--set`, API overrides, URL state). */
export function parseOverrides(input: Record<string, unknown>, source: string, prefix = 'overrides'): Record<string, ParamValue> {
  const issues = validateParams(input, prefix);
  if (issues.length) throw new ValidationError(source, issues);
  return input as Record<string, ParamValue>;
}

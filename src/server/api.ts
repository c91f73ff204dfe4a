/**
 * The JSON API of `momentum serve`. Request bodies are validated with zod and with the
 * same scenario and override parsers as the CLI (parseScenario, parseOverrides); problems
 * become a 400 whose body names each field (`issues: [{path, expected, found, hint?}]`).
 */
import { z } from 'zod';
import {
  BUILTIN_SCENARIOS,
  DEFAULT_FROM,
  DEFAULT_TO,
  MODEL_VERSION,
  PARAM_DEFS,
  ScenarioRegistry,
  ValidationError,
  InvariantError,
  isMonth,
  validateHorizon,
  DEFAULT_WORLD,
  monthIndex,
  parseOverrides,
  parseScenario,
  runScenario,
  withOverrides,
  zodIssues,
  type Mode,
  type ResolvedScenario,
  type RunResult,
  type ValidationIssue,
} from '../model/index.js';
import { runSeriesOf, runSeriesToJson } from '../charts/run-series.js';
import { compareRuns } from '../model/outputs/compare.js';
import { HttpError, TimeLimitError } from './http-error.js';
import type { ServerLimits } from './limits.js';

const paramValue = z.union([z.number(), z.string()]);

/** What to run: a built-in scenario name, or a scenario object (`file`), plus overrides. */
const target = {
  scenario: z.string().optional(),
  file: z.unknown().optional(),
  overrides: z.record(z.string(), paramValue).optional(),
};
const runOptions = {
  mode: z.enum(['meanfield', 'agents']).optional(),
  agents: z.number().int().min(1).optional(),
  seed: z.number().int().min(-2147483648).max(4294967295).optional(),
  from: z.string().optional(),
  to: z.string().optional(),
};

/** Body of POST /api/run. */
export const runRequestSchema = z.strictObject({ ...target, ...runOptions });
/** One side of POST /api/compare: a scenario name or `{scenario?, file?, overrides?}`. */
export const compareSideSchema = z.union([z.string(), z.strictObject(target)]);
/** Body of POST /api/compare. */
export const compareRequestSchema = z.strictObject({ a: compareSideSchema, b: compareSideSchema, ...runOptions });

const SOURCE = 'request body';

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success) throw new ValidationError(SOURCE, zodIssues(r.error, body));
  return r.data;
}

function resolveTarget(t: { scenario?: string; file?: unknown; overrides?: Record<string, number | string> }, prefix: string): ResolvedScenario {
  const registry = new ScenarioRegistry();
  const p = prefix ? `${prefix}.` : '';
  if (t.scenario !== undefined && t.file !== undefined) {
    throw new ValidationError(SOURCE, [{ path: `${p}file`, expected: 'either "scenario" (a name) or "file" (a scenario object), not both', found: 'both' }]);
  }
  let resolved: ResolvedScenario;
  if (t.file !== undefined) {
    try {
      resolved = registry.resolve(parseScenario(t.file, `${SOURCE}: ${p}file`, registry.world), `${SOURCE}: ${p}file`);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(SOURCE, e.issues.map((i) => ({ ...i, path: i.path && i.path !== '(root)' ? `${p}file.${i.path}` : `${p}file` })));
      throw e;
    }
  } else {
    try {
      resolved = registry.resolve(t.scenario ?? 'baseline', SOURCE);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(SOURCE, e.issues.map((i) => ({ ...i, path: `${p}scenario` })));
      throw e;
    }
  }
  if (t.overrides) resolved = withOverrides(resolved, parseOverrides(t.overrides, SOURCE, `${p}overrides`));
  return resolved;
}

interface Checked {
  mode: Mode;
  agents: number;
  seed: number;
  from: string;
  to: string;
}

function checkOptions(o: { mode?: Mode; agents?: number; seed?: number; from?: string; to?: string }, limits: ServerLimits): Checked {
  const mode = o.mode ?? 'meanfield';
  const agents = o.agents ?? Math.min(10_000, limits.maxAgents);
  const from = o.from ?? DEFAULT_FROM;
  const to = o.to ?? DEFAULT_TO;
  const issues: ValidationIssue[] = [];
  if (agents > limits.maxAgents) issues.push({ path: 'agents', expected: `at most ${limits.maxAgents} agents (server limit)`, found: String(agents) });
  if (!isMonth(from)) issues.push({ path: 'from', expected: 'a month as YYYY-MM', found: JSON.stringify(from) });
  if (!isMonth(to)) issues.push({ path: 'to', expected: 'a month as YYYY-MM', found: JSON.stringify(to) });
  issues.push(...validateHorizon(from, to, DEFAULT_WORLD).filter((i) => !(i.path === 'from' && !isMonth(from)) && !(i.path === 'to' && !isMonth(to))));
  if (isMonth(from) && isMonth(to) && !issues.length) {
    const months = monthIndex(to) - monthIndex(from) + 1;
    if (months < 1) issues.push({ path: 'to', expected: `a month not before from (${from})`, found: JSON.stringify(to) });
    else if (months > limits.maxMonths) issues.push({ path: 'to', expected: `a horizon of at most ${limits.maxMonths} months (server limit)`, found: `${months} months (${from}..${to})` });
  }
  if (issues.length) throw new ValidationError(SOURCE, issues);
  return { mode, agents, seed: o.seed ?? 1, from, to };
}

function run(s: ResolvedScenario, o: Checked, deadline: number, limitMs: number): RunResult {
  if (Date.now() > deadline) throw new TimeLimitError(limitMs);
  return runScenario(s, {
    ...o,
    onProgress: () => {
      if (Date.now() > deadline) throw new TimeLimitError(limitMs);
    },
  });
}

/** GET /api/scenarios: the built-in scenarios as written (the scenario file format). */
export function listScenarios(): unknown {
  return { modelVersion: MODEL_VERSION, scenarios: BUILTIN_SCENARIOS };
}

/** GET /api/params: parameter metadata (labels, units, ranges, defaults, sources). */
export function listParams(): unknown {
  return { modelVersion: MODEL_VERSION, params: PARAM_DEFS };
}

/** POST /api/run. */
export function handleRun(body: unknown, limits: ServerLimits, start = Date.now()): unknown {
  const { scenario, o } = prepareRun(body, limits);
  const r = run(scenario, o, start + limits.timeLimitMs, limits.timeLimitMs);
  return { summary: r.summary, ...runSeriesToJson(runSeriesOf(r)) };
}

function prepareRun(body: unknown, limits: ServerLimits): { scenario: ResolvedScenario; o: Checked } {
  const req = parseBody(runRequestSchema, body);
  return { scenario: resolveTarget(req, ''), o: checkOptions(req, limits) };
}

/** POST /api/compare: B minus A on the crossing months and the key final values. */
export function handleCompare(body: unknown, limits: ServerLimits, start = Date.now()): unknown {
  const { sa, sb, o } = prepareCompare(body, limits);
  const deadline = start + limits.timeLimitMs;
  const ra = run(sa, o, deadline, limits.timeLimitMs);
  const rb = run(sb, o, deadline, limits.timeLimitMs);
  return { a: ra.summary, b: rb.summary, rows: compareRuns(ra, rb) };
}

function prepareCompare(body: unknown, limits: ServerLimits): { sa: ResolvedScenario; sb: ResolvedScenario; o: Checked } {
  const req = parseBody(compareRequestSchema, body);
  const side = (v: z.infer<typeof compareSideSchema>, p: string) => resolveTarget(typeof v === 'string' ? { scenario: v } : v, p);
  return { sa: side(req.a, 'a'), sb: side(req.b, 'b'), o: checkOptions(req, limits) };
}

/**
 * Checks a model request without running it: throws the ValidationError that the run would
 * (same schemas, same messages). The server calls this before handing a request to a model
 * thread, so bad input is answered at once, never after waiting for a thread.
 */
export function validateModelRequest(endpoint: 'run' | 'compare', body: unknown, limits: ServerLimits): void {
  if (endpoint === 'run') prepareRun(body, limits);
  else prepareCompare(body, limits);
}

export { HttpError };

/** A JSON response: status and body text. */
export interface ApiResponse {
  status: number;
  json: string;
  /** Close the connection after answering (the request body may be left unread). */
  close?: boolean;
}

/** The response for an error a handler threw on purpose; undefined for anything else (a bug: 500). */
export function errorResponse(e: unknown): ApiResponse | undefined {
  if (e instanceof ValidationError) return { status: 400, json: JSON.stringify({ error: 'invalid input', source: e.source, issues: e.issues, message: e.message }) };
  if (e instanceof HttpError) return { status: e.status, json: JSON.stringify({ error: e.message, ...(e.issues ? { issues: e.issues } : {}) }), close: e.status === 413 || e.status === 408 };
  if (e instanceof TimeLimitError) return timeLimitResponse(e.limitMs);
  // a valid request whose run broke the model's invariants: nothing to answer but the reason
  if (e instanceof InvariantError) return { status: 422, json: JSON.stringify({ error: 'the run broke the model\'s invariants', violations: e.violations, total: e.total, message: e.message }) };
  return undefined;
}

/** 408 for a request whose model runs exceeded the time limit. */
export function timeLimitResponse(limitMs: number): ApiResponse {
  const e = new TimeLimitError(limitMs);
  return { status: 408, json: JSON.stringify({ error: e.message, limitMs }) };
}

/** The model endpoints, which run on the server's model threads (see model-pool.ts). */
export type ModelEndpoint = 'run' | 'compare';

/**
 * POST /api/run or /api/compare as a finished response, errors included: what a model thread
 * returns. `start` is when the request arrived (Date.now()); the time limit counts from it.
 */
export function modelResponse(endpoint: ModelEndpoint, body: unknown, limits: ServerLimits, start: number): ApiResponse {
  try {
    return { status: 200, json: JSON.stringify(endpoint === 'run' ? handleRun(body, limits, start) : handleCompare(body, limits, start)) };
  } catch (e) {
    const r = errorResponse(e);
    if (r) return r;
    throw e;
  }
}

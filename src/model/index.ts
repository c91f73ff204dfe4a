/**
 * Momentum's model core: pure and isomorphic (no node:, no DOM, no I/O). The CLI, the
 * server, the worker pools and the browser's Web Worker all import this entry point.
 */
export { MODEL_VERSION } from './version.js';
export * from './time.js';
export { Rng, mixSeed, replicationSeed, STREAM } from './random.js';
export { PARAM_DEFS, PARAM_INDEX, defaultParams, type ParamDef, type ParamValue, type ParamValues } from './params/param-defs.js';
export { DEFAULT_WORLD, type WorldConfig, type BlocDef, type LabDef, type SectorDef, type SizeDef } from './world/world.js';
export { STRATEGIES, type Strategy } from './world/labs.js';
export { scenarioSchema, scenarioJsonSchema, type Scenario, type ScenarioInput } from './scenario/schema.js';
export { eventSchema, EVENT_TYPES, type ScenarioEvent, type EventType } from './scenario/events.js';
export { BUILTIN_SCENARIOS, BASELINE } from './scenario/builtin.js';
export { ScenarioRegistry, withOverrides, type ResolvedScenario } from './scenario/resolve.js';
export {
  ValidationError,
  formatIssues,
  parseScenario,
  parseOverrides,
  validateParams,
  zodIssues,
  describeValue,
  escapeControl,
  validateHorizon,
  validateEventDomain,
  SUPPORTED_FROM,
  SUPPORTED_TO,
  MIN_PRICE_FACTOR,
  type ValidationIssue,
} from './scenario/validate.js';
export { MAX_EVENTS } from './scenario/schema.js';
export { checkRunInvariants, assertRunInvariants, InvariantError, type InvariantViolation } from './outputs/invariants.js';
export { nearestName, editDistance } from './scenario/nearest-name.js';
export { METRICS, METRIC_INDEX, type MetricDef, type Breakdown } from './outputs/metrics.js';
export { SeriesSet, seriesToCsv, formatValue, type Series } from './outputs/series.js';
export { indicators, firstCrossing, SUMMARY_METRICS, type Indicators } from './outputs/summary.js';
export { hashString, canonicalJson } from './outputs/hash.js';
export { runScenario, resultToCsv, runHash, CheckpointCache, DEFAULT_AGENTS, type RunOptions, type RunResult, type RunSummary, type Mode } from './run.js';
export { frontierGroups } from './solvers/engine.js';

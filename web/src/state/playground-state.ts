/**
 * The playground's state: a preset (built-in scenario) plus lever and assumption changes.
 * It maps one-to-one onto a scenario file (`extends: <preset>`, `params`, `events`), the
 * same YAML format the CLI reads, so a playground scenario can be exported, run with
 * `momentum run FILE`, and imported again.
 */
import {
  BUILTIN_SCENARIOS,
  DEFAULT_WORLD,
  PARAM_INDEX,
  type ParamValue,
  type Scenario,
  type ScenarioEvent,
  type ScenarioInput,
} from '../../../src/model/index.js';

/** Sectors a foreign-model restriction covers: all, the critical ones (finance, government), or one sector id. */
export type RestrictionScope = string;

/** The choices of a restriction: all, critical, then each sector of the default world. */
export const RESTRICTION_SCOPES: readonly { value: RestrictionScope; label: string }[] = [
  { value: 'critical', label: 'critical sectors' },
  { value: 'all', label: 'all sectors' },
  ...DEFAULT_WORLD.sectors.map((s) => ({ value: s.id, label: s.label })),
];

/** Everything the user can change. */
export interface PlaygroundState {
  /** Built-in scenario the playground scenario extends ('' = none: no historical events). */
  preset: string;
  /** Parameters that differ from their defaults. */
  params: Record<string, ParamValue>;
  /** A new export-control rule on CN (an `export-control` event). */
  exportControl: { on: boolean; severity: number; date: string };
  /** Foreign-model restrictions, keyed `ADOPTER<ORIGIN` (e.g. `US<CN`), all from `date`. */
  restrictions: { date: string; rules: Record<string, RestrictionScope> };
  /** A security incident (a `security-incident` event). */
  incident: { on: boolean; origin: string; severity: number; date: string };
  /** Imported events that no control represents (kept and exported unchanged). */
  extraEvents: ScenarioEvent[];
  /** Draw the 5–95% band of a small agents ensemble. */
  band: boolean;
}

/** Blocs, in display order. */
export const BLOC_IDS = ['US', 'CN', 'EU', 'RoW'] as const;

/** Month the lever events start by default (after the recorded history). */
export const DEFAULT_EVENT_DATE = '2026-07';

/** The state with nothing changed (the baseline). */
export function defaultState(): PlaygroundState {
  return {
    preset: 'baseline',
    params: {},
    exportControl: { on: false, severity: 0.75, date: DEFAULT_EVENT_DATE },
    restrictions: { date: DEFAULT_EVENT_DATE, rules: {} },
    incident: { on: false, origin: 'CN', severity: 1, date: DEFAULT_EVENT_DATE },
    extraEvents: [],
    band: false,
  };
}

/** Names of the built-in scenarios (the presets). */
export const PRESET_NAMES: readonly string[] = BUILTIN_SCENARIOS.map((s) => s.name);

/** Sets one parameter; the default value removes it from the state (only non-defaults are kept). */
export function withParam(state: PlaygroundState, name: string, value: ParamValue): PlaygroundState {
  const params = { ...state.params };
  if (PARAM_INDEX.get(name)?.default === value) delete params[name];
  else params[name] = value;
  return { ...state, params };
}

/** The scenario (file format) the state stands for. */
export function buildScenario(state: PlaygroundState): ScenarioInput {
  const events: ScenarioEvent[] = [];
  if (state.exportControl.on) events.push({ date: state.exportControl.date, type: 'export-control', bloc: 'CN', severity: state.exportControl.severity, note: 'playground lever' });
  for (const [key, sectors] of Object.entries(state.restrictions.rules)) {
    const [bloc, origin] = key.split('<');
    events.push({ date: state.restrictions.date, type: 'model-restriction', bloc, origin, sectors: sectors === 'all' || sectors === 'critical' ? sectors : [sectors], scope: 'all', lift: false, note: 'playground lever' });
  }
  if (state.incident.on) events.push({ date: state.incident.date, type: 'security-incident', origin: state.incident.origin, severity: state.incident.severity, note: 'playground lever' });
  events.push(...state.extraEvents);
  const changed = Object.keys(state.params).length + events.length;
  const from = state.preset ? `the "${state.preset}" scenario` : 'the default world without history';
  return {
    name: 'playground',
    description: changed ? `Made in the Momentum playground from ${from} with ${Object.keys(state.params).length} parameter change(s) and ${events.length} event(s).` : `Made in the Momentum playground: ${from} unchanged.`,
    ...(state.preset ? { extends: state.preset } : {}),
    params: { ...state.params },
    events,
  };
}

/**
 * The state of a validated scenario (an imported file). Events that a control represents
 * (one export control on CN, one security incident, restrictions of whole sector groups
 * sharing one date) become controls; the rest are kept as extra events.
 */
export function stateFromScenario(s: Scenario): PlaygroundState {
  const st = defaultState();
  st.preset = s.extends ?? '';
  st.params = { ...s.params };
  for (const [k, v] of Object.entries(st.params)) if (PARAM_INDEX.get(k)?.default === v) delete st.params[k];
  let restrictionDate: string | undefined;
  for (const e of s.events) {
    if (e.type === 'export-control' && e.bloc === 'CN' && !st.exportControl.on && !e.source) {
      st.exportControl = { on: true, severity: e.severity, date: e.date };
    } else if (e.type === 'security-incident' && !st.incident.on && !e.source) {
      st.incident = { on: true, origin: e.origin, severity: e.severity, date: e.date };
    } else if (
      e.type === 'model-restriction' &&
      !e.lift &&
      e.scope === 'all' &&
      !e.source &&
      (e.sectors === 'all' || e.sectors === 'critical' || (Array.isArray(e.sectors) && e.sectors.length === 1)) &&
      (restrictionDate === undefined || restrictionDate === e.date) &&
      !st.restrictions.rules[`${e.bloc}<${e.origin}`]
    ) {
      restrictionDate = e.date;
      const scope = Array.isArray(e.sectors) ? e.sectors[0] : e.sectors;
      st.restrictions = { date: e.date, rules: { ...st.restrictions.rules, [`${e.bloc}<${e.origin}`]: scope } };
    } else st.extraEvents.push(e);
  }
  return st;
}

/** True when two states describe the same scenario and display. */
export function sameState(a: PlaygroundState, b: PlaygroundState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

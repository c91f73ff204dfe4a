/**
 * The playground's state: a named scenario made of a preset (built-in scenario) plus lever
 * and assumption changes. It maps onto a scenario file (`name`, `description`, `extends`,
 * `params`, `events`), the YAML format the CLI reads, so a playground scenario can be
 * exported, run with `momentum run FILE`, and imported again.
 *
 * Policies from a date: every parameter change applies from a start month (by default
 * `now`, the month the projection starts), so the recorded history before it stays as the
 * baseline has it. It becomes a `set-params` scenario event (`{date, type: 'set-params',
 * params}`: from that month on these values apply). In "counterfactual history" mode the
 * changes go into the scenario's `params` instead and apply from the first month.
 */
import {
  BUILTIN_SCENARIOS,
  DEFAULT_FROM,
  DEFAULT_TO,
  DEFAULT_WORLD,
  PARAM_DEFS,
  PARAM_INDEX,
  eventSchema,
  isMonth,
  monthIndex,
  parseScenario,
  type ParamValue,
  type Scenario,
  type ScenarioEvent,
  type ScenarioInput,
} from '../../../src/model/index.js';
import { formatParamValue } from '../../../src/charts/format.js';

/** Sectors a foreign-model restriction covers: all, the critical ones (finance, government), or one sector id. */
export type RestrictionScope = string;

/** The choices of a restriction: all, critical, then each sector of the default world. */
export const RESTRICTION_SCOPES: readonly { value: RestrictionScope; label: string }[] = [
  { value: 'critical', label: 'critical sectors' },
  { value: 'all', label: 'all sectors' },
  ...DEFAULT_WORLD.sectors.map((s) => ({ value: s.id, label: s.label })),
];

/** A dated change of parameter values (the model's `set-params` event; see the module comment). */
export interface SetParamsEvent {
  date: string;
  type: 'set-params';
  params: Record<string, ParamValue>;
  note?: string;
  source?: string;
}

/** Any event the playground writes: the model's events, and `set-params`. */
export type PlaygroundEvent = ScenarioEvent | SetParamsEvent;

/**
 * Whether the model accepts `set-params` events. Until it does, parameter changes cannot
 * start at a date: they go into `params` (from the first month) and the app says so.
 */
export const SET_PARAMS_SUPPORTED: boolean = eventSchema.safeParse({ date: '2030-01', type: 'set-params', params: { [PARAM_DEFS[0].name]: PARAM_DEFS[0].default } }).success;

/** Everything the user can change. */
export interface PlaygroundState {
  /** Scenario name (kebab-case, as in scenario files). */
  name: string;
  /** The user's description ('' = none). */
  description: string;
  /** Built-in scenario the playground scenario extends ('' = none: no historical events). */
  preset: string;
  /** The month the projection starts: changes apply from here by default; earlier months are recorded history. */
  now: string;
  /** Changes apply from the first month (rewriting history) instead of from their start months. */
  counterfactual: boolean;
  /** Parameters that differ from their defaults. */
  params: Record<string, ParamValue>;
  /** Start months of changed parameters that do not start at `now`. */
  starts: Record<string, string>;
  /** A new export-control rule on CN (an `export-control` event). */
  exportControl: { on: boolean; severity: number; date: string };
  /** Foreign-model restrictions, keyed `ADOPTER<ORIGIN` (e.g. `US<CN`), all from `date`. */
  restrictions: { date: string; rules: Record<string, RestrictionScope> };
  /** A security incident (a `security-incident` event). */
  incident: { on: boolean; origin: string; severity: number; date: string };
  /** Events that no control represents (from a preset or an imported file; kept and exported unchanged). */
  extraEvents: PlaygroundEvent[];
  /**
   * The uncertainty band around A: none, parameter uncertainty (meanfield runs over posterior
   * draws, the default band) or sampling noise (a small ensemble of agents runs).
   */
  band: false | BandKind;
}

/** The kinds of uncertainty band, the default first. */
export const BAND_KINDS = ['posterior', 'posterior-assumptions', 'agents'] as const;
export type BandKind = (typeof BAND_KINDS)[number];

/** Whether a band is made of posterior draws (with or without the assumptions drawn from their priors). */
export function isPosteriorBand(b: false | BandKind): b is 'posterior' | 'posterior-assumptions' {
  return b === 'posterior' || b === 'posterior-assumptions';
}

/** Blocs, in display order. */
export const BLOC_IDS = ['US', 'CN', 'EU', 'RoW'] as const;

/** Default scenario name of the playground. */
export const DEFAULT_NAME = 'playground';

const monthOf = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** `YYYY-MM` plus `k` months. */
export function addMonths(m: string, k: number): string {
  return monthOf(monthIndex(m) + k);
}

/**
 * "Now" for a new playground session: the current calendar month, but at least the month
 * after the last observed month (history is what was recorded up to it), and inside the
 * model's default horizon.
 */
export function defaultNow(date: Date = new Date(), lastObserved?: string): string {
  let m = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  if (lastObserved && isMonth(lastObserved) && monthIndex(m) <= monthIndex(lastObserved)) m = addMonths(lastObserved, 1);
  if (monthIndex(m) <= monthIndex(DEFAULT_FROM)) m = addMonths(DEFAULT_FROM, 1);
  if (monthIndex(m) > monthIndex(DEFAULT_TO)) m = DEFAULT_TO;
  return m;
}

let sessionNow = defaultNow();

/** Sets the session's default "now" (the app does it once the observations are known). */
export function setSessionNow(m: string): void {
  sessionNow = m;
}

/** The session's default "now". */
export function getSessionNow(): string {
  return sessionNow;
}

/** The state with nothing changed (the baseline). */
export function defaultState(now = sessionNow): PlaygroundState {
  return {
    name: DEFAULT_NAME,
    description: '',
    preset: 'baseline',
    now,
    counterfactual: false,
    params: {},
    starts: {},
    exportControl: { on: false, severity: 0.75, date: now },
    restrictions: { date: now, rules: {} },
    incident: { on: false, origin: 'CN', severity: 1, date: now },
    extraEvents: [],
    band: false,
  };
}

/** Names of the built-in scenarios (the presets). */
export const PRESET_NAMES: readonly string[] = BUILTIN_SCENARIOS.map((s) => s.name);

/**
 * Sets one parameter; the default value removes it from the state (only non-defaults are
 * kept, with their start months).
 */
export function withParam(state: PlaygroundState, name: string, value: ParamValue): PlaygroundState {
  const params = { ...state.params };
  const starts = { ...state.starts };
  if (PARAM_INDEX.get(name)?.default === value) {
    delete params[name];
    delete starts[name];
  } else params[name] = value;
  return { ...state, params, starts };
}

/** Sets the start month of a parameter's change (`now` removes the entry). */
export function withStart(state: PlaygroundState, name: string, month: string): PlaygroundState {
  const starts = { ...state.starts };
  if (month === state.now) delete starts[name];
  else starts[name] = month;
  return { ...state, starts };
}

/** The month a parameter's change starts. */
export function startOf(state: PlaygroundState, name: string): string {
  return state.starts[name] ?? state.now;
}

/** The events the levers stand for (export control, restrictions, incident), then the extra events. */
export function leverEvents(state: PlaygroundState): PlaygroundEvent[] {
  const events: PlaygroundEvent[] = [];
  if (state.exportControl.on) events.push({ date: state.exportControl.date, type: 'export-control', bloc: 'CN', severity: state.exportControl.severity, note: 'playground lever' });
  for (const [key, sectors] of Object.entries(state.restrictions.rules)) {
    const [bloc, origin] = key.split('<');
    events.push({ date: state.restrictions.date, type: 'model-restriction', bloc, origin, sectors: sectors === 'all' || sectors === 'critical' ? sectors : [sectors], scope: 'all', lift: false, note: 'playground lever' });
  }
  if (state.incident.on) events.push({ date: state.incident.date, type: 'security-incident', origin: state.incident.origin, severity: state.incident.severity, note: 'playground lever' });
  events.push(...state.extraEvents);
  return events;
}

/**
 * Why the scenario rewrites recorded history, or null when it does not: counterfactual mode
 * was chosen, or an event, a start month or (without `set-params` support) any parameter
 * change comes before `now`.
 */
export function historyRewrite(state: PlaygroundState, setParams = SET_PARAMS_SUPPORTED): string | null {
  if (state.counterfactual) return 'counterfactual history chosen: the changes apply from the first month';
  if (!setParams && Object.keys(state.params).length) return 'this model version cannot start parameter changes at a date yet, so they apply from the first month';
  const early = [...leverEvents(state).map((e) => e.date), ...Object.keys(state.params).map((n) => startOf(state, n))].filter((d) => monthIndex(d) < monthIndex(state.now)).sort();
  return early.length ? `a change starts before now (${state.now}): the earliest in ${early[0]}` : null;
}

/** The scenario's description with the changed levers listed (for export). */
export function describeChanges(state: PlaygroundState): string[] {
  const lines: string[] = [];
  for (const [name, v] of Object.entries(state.params)) {
    const d = PARAM_INDEX.get(name);
    const from = state.counterfactual ? 'from the first month' : `from ${startOf(state, name)}`;
    lines.push(`${d?.label ?? name} (${name}): ${d ? formatParamValue(d.default, d) : '?'} → ${formatParamValue(v, d)}, ${from}`);
  }
  if (state.exportControl.on) lines.push(`New export-control rule on CN, severity ${state.exportControl.severity}, from ${state.exportControl.date}`);
  for (const [key, scope] of Object.entries(state.restrictions.rules)) {
    const [bloc, origin] = key.split('<');
    lines.push(`Adopters in ${bloc} may not use ${origin} models (${scope}), from ${state.restrictions.date}`);
  }
  if (state.incident.on) lines.push(`Security incident with ${state.incident.origin} models, severity ${state.incident.severity}, in ${state.incident.date}`);
  for (const e of state.extraEvents) lines.push(`Event ${e.type} in ${e.date}`);
  return lines;
}

/** Marker that starts the generated list of changes in an exported description. */
export const CHANGES_HEADING = 'Changed in the Momentum playground:';

/** The description without a generated list of changes (the list is rebuilt on export). */
export function userDescription(d: string): string {
  const i = d.indexOf(CHANGES_HEADING);
  return (i >= 0 ? d.slice(0, i) : d).trim();
}

/**
 * The scenario (file format) the state stands for. `setParams` says whether the model reads
 * `set-params` events (default: detected from the model's event schema).
 */
export function buildScenario(state: PlaygroundState, opts: { setParams?: boolean; listChanges?: boolean } = {}): ScenarioInput {
  const setParams = opts.setParams ?? SET_PARAMS_SUPPORTED;
  const events = leverEvents(state);
  let params: Record<string, ParamValue> = {};
  if (state.counterfactual || !setParams) params = { ...state.params };
  else {
    const byDate = new Map<string, Record<string, ParamValue>>();
    for (const [name, v] of Object.entries(state.params)) {
      const d = startOf(state, name);
      if (!byDate.has(d)) byDate.set(d, {});
      byDate.get(d)![name] = v;
    }
    for (const [date, p] of [...byDate].sort((a, b) => monthIndex(a[0]) - monthIndex(b[0]))) events.push({ date, type: 'set-params', params: p, note: 'playground levers' });
  }
  const changes = describeChanges(state);
  const user = state.description.trim();
  const from = state.preset ? `the "${state.preset}" scenario` : 'the default world without history';
  const auto = changes.length ? `Made in the Momentum playground from ${from}.` : `Made in the Momentum playground: ${from} unchanged.`;
  const list = opts.listChanges && changes.length ? `\n\n${CHANGES_HEADING}\n${changes.map((c) => `- ${c}`).join('\n')}` : '';
  return {
    name: state.name,
    description: `${user || auto}${list}`,
    ...(state.preset ? { extends: state.preset } : {}),
    params,
    // set-params is cast: until the model's schema has it, it is only written when supported
    events: events as ScenarioEvent[],
  };
}

function isSetParams(e: unknown): e is SetParamsEvent {
  return !!e && typeof e === 'object' && (e as { type?: unknown }).type === 'set-params';
}

/**
 * The state of a validated scenario (an imported file, a preset). A scenario that extends a
 * preset other than the baseline is expanded (the preset's events become controls or extra
 * events), so what a preset does is visible in the controls. Events that a control represents
 * (one export control on CN, one security incident, restrictions of whole sector groups
 * sharing one date) become controls; `set-params` events become parameter changes with start
 * months; the rest are kept as extra events. Parameters in `params` apply from the first
 * month, so a scenario with any is counterfactual history.
 */
export function stateFromScenario(s: Scenario, now = sessionNow): PlaygroundState {
  const st = defaultState(now);
  st.name = s.name;
  st.description = userDescription(s.description ?? '');
  let events: PlaygroundEvent[] = [...s.events];
  let params = { ...s.params };
  let preset = s.extends ?? '';
  // expand a built-in parent other than the baseline into explicit events and parameters
  const seen = new Set<string>();
  while (preset && preset !== 'baseline' && PRESET_NAMES.includes(preset) && !seen.has(preset)) {
    seen.add(preset);
    const parent = parseScenario(BUILTIN_SCENARIOS.find((b) => b.name === preset)!, `built-in scenario "${preset}"`, DEFAULT_WORLD);
    events = [...parent.events, ...events];
    params = { ...parent.params, ...params };
    preset = parent.extends ?? '';
  }
  st.preset = preset;
  st.params = {};
  for (const [k, v] of Object.entries(params)) if (PARAM_INDEX.get(k)?.default !== v) st.params[k] = v;
  st.counterfactual = Object.keys(st.params).length > 0;
  let restrictionDate: string | undefined;
  for (const e of events) {
    if (isSetParams(e)) {
      const names = Object.keys(e.params);
      // one start month per parameter: a parameter set twice (or also in params) stays an event
      if (!st.counterfactual && names.length && names.every((n) => PARAM_INDEX.has(n) && !(n in st.params))) {
        for (const n of names) {
          st.params[n] = e.params[n];
          if (e.date !== now) st.starts[n] = e.date;
        }
        for (const n of names) if (PARAM_INDEX.get(n)?.default === e.params[n]) delete st.params[n], delete st.starts[n];
        continue;
      }
      st.extraEvents.push(e);
    } else if (e.type === 'export-control' && e.bloc === 'CN' && !st.exportControl.on && !e.source) {
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

/** The state of a preset: its scenario with its events shown in the controls. */
export function presetState(name: string, now = sessionNow): PlaygroundState {
  if (name === 'baseline') return defaultState(now);
  const s = parseScenario({ name, extends: name }, `preset "${name}"`, DEFAULT_WORLD);
  const st = stateFromScenario(s, now);
  st.description = BUILTIN_SCENARIOS.find((b) => b.name === name)?.description ?? '';
  return st;
}

const scenarioText = (s: PlaygroundState) => JSON.stringify({ ...s, band: false, name: '', description: '' });
/** The presets' states as text, per "now" (presetOf runs at every render: parsing them each time would cost milliseconds). */
const presetTexts = new Map<string, [string, string][]>();

/** The preset a state is (unchanged), if any. */
export function presetOf(state: PlaygroundState): string | null {
  let texts = presetTexts.get(state.now);
  if (!texts) presetTexts.set(state.now, (texts = PRESET_NAMES.map((n) => [n, scenarioText(presetState(n, state.now))])));
  const mine = scenarioText(state);
  return texts.find(([, t]) => t === mine)?.[0] ?? null;
}

/** True when two states describe the same scenario (display options such as the band aside). */
export function sameScenario(a: PlaygroundState, b: PlaygroundState): boolean {
  return scenarioText(a) === scenarioText(b);
}

/** True when two states describe the same scenario and display. */
export function sameState(a: PlaygroundState, b: PlaygroundState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A readable line for an event (preset and imported events in the controls). */
export function eventText(e: PlaygroundEvent): string {
  switch (e.type) {
    case 'export-control':
      return `export controls on ${e.bloc}, severity ${e.severity}`;
    case 'model-restriction':
      return `${e.lift ? 'lifts the ban on' : 'bans'} ${e.origin} ${e.scope === 'all' ? '' : `${e.scope} `}models for adopters in ${e.bloc} (${Array.isArray(e.sectors) ? e.sectors.join(', ') : `${e.sectors} sectors`})`;
    case 'open-subsidy':
      return `subsidy for ${e.bloc} open models: +${Math.round(e.amount * 100)}% compute`;
    case 'strategy-switch':
      return `${e.lab === 'all' ? 'every lab' : e.lab} switches to ${e.strategy} releases`;
    case 'price-cut':
      return `API prices ×${e.factor}${e.bloc ? ` in ${e.bloc}` : ''}${e.labs ? ` (${e.labs.join(', ')})` : ''}`;
    case 'security-incident':
      return `security incident with ${e.origin} models, severity ${e.severity}`;
    case 'embodied-acceleration':
      return `embodied AI ×${e.factor}, ${e.monthsEarlier} months earlier`;
    case 'set-params':
      return `parameters set: ${Object.entries(e.params)
        .map(([k, v]) => `${k} = ${String(v)}`)
        .join(', ')}`;
    default:
      return (e as { type: string }).type;
  }
}

/**
 * Sharing: the playground state in the URL. The query holds the model version and only the
 * non-default values, as base64url-encoded JSON: `?v=0.1.0&s=eyJ4Ijp7…`. Decoding validates
 * everything (zod, then the CLI's scenario parser) and returns a message instead of throwing,
 * so a bad link shows an explanation, never a blank page.
 */
import { z } from 'zod';
import { DEFAULT_WORLD, MODEL_VERSION, ValidationError, eventSchema, parseOverrides, parseScenario, zodIssues, formatIssues } from '../../../src/model/index.js';
import { buildScenario, defaultState, getSessionNow, PRESET_NAMES, SET_PARAMS_SUPPORTED, DEFAULT_NAME, type PlaygroundEvent, type PlaygroundState } from './playground-state.js';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');
const scope = z.string().min(1);
const RULE_KEY = /^(US|CN|EU|RoW)<(US|CN|EU|RoW)$/;

/** The compact form stored in `s` (only keys that differ from the defaults). */
/** A `set-params` event (kept as an extra event; checked against the parameters below). */
const setParamsSchema = z.strictObject({ date: month, type: z.literal('set-params'), params: z.record(z.string(), z.union([z.number(), z.string()])), note: z.string().optional(), source: z.string().optional() });

const compactSchema = z.strictObject({
  /** scenario name */
  nm: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a kebab-case name (a-z, 0-9, -)').optional(),
  /** description */
  d: z.string().max(4000).optional(),
  /** preset */
  p: z.string().optional(),
  /** the month the projection starts ("now" when the link was made) */
  n: month.optional(),
  /** counterfactual history */
  cf: z.literal(1).optional(),
  /** start months of parameter changes that do not start at n */
  t: z.record(z.string(), month).optional(),
  /** non-default parameters */
  x: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  /** export control: [on, severity, date] */
  ec: z.tuple([z.union([z.literal(0), z.literal(1)]), z.number().min(0).max(1), month]).optional(),
  /** restrictions: [date, {ADOPTER<ORIGIN: scope}] */
  r: z.tuple([month, z.record(z.string(), scope)]).optional(),
  /** incident: [on, origin, severity, date] */
  i: z.tuple([z.union([z.literal(0), z.literal(1)]), z.string(), z.number().min(0).max(5), month]).optional(),
  /** extra events */
  e: z.array(z.union([eventSchema, setParamsSchema])).optional(),
  /** uncertainty band: 1 the default band (parameter uncertainty, posterior), "assumptions" the posterior with the uncalibrated assumptions drawn too, "agents" sampling noise of the agents solver */
  b: z.union([z.literal(1), z.literal('assumptions'), z.literal('agents')]).optional(),
});
type Compact = z.infer<typeof compactSchema>;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) throw new Error('not base64url');
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
  const bin = atob(b64);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

/** The compact form of a state (non-default values only). */
export function compactState(st: PlaygroundState): Compact {
  const d = defaultState(st.now);
  const c: Compact = {};
  if (st.name !== DEFAULT_NAME) c.nm = st.name;
  if (st.description) c.d = st.description;
  if (st.preset !== d.preset) c.p = st.preset;
  if (Object.keys(st.params).length) c.x = st.params;
  if (Object.keys(st.starts).length) c.t = st.starts;
  if (st.counterfactual) c.cf = 1;
  const ec = st.exportControl;
  if (ec.on !== d.exportControl.on || ec.severity !== d.exportControl.severity || ec.date !== d.exportControl.date) c.ec = [ec.on ? 1 : 0, ec.severity, ec.date];
  if (Object.keys(st.restrictions.rules).length || st.restrictions.date !== d.restrictions.date) c.r = [st.restrictions.date, st.restrictions.rules];
  const i = st.incident;
  if (i.on !== d.incident.on || i.origin !== d.incident.origin || i.severity !== d.incident.severity || i.date !== d.incident.date) c.i = [i.on ? 1 : 0, i.origin, i.severity, i.date];
  if (st.extraEvents.length) c.e = st.extraEvents as Compact['e'];
  if (st.band) c.b = st.band === 'agents' ? 'agents' : st.band === 'posterior-assumptions' ? 'assumptions' : 1;
  // the month "now" matters once anything starts from it (and a link must keep its meaning later)
  const changed = Object.keys(c).some((k) => k !== 'b' && k !== 'nm' && k !== 'd');
  if (changed) c.n = st.now;
  return c;
}

/** The query string (without "?") for a state: `v=VERSION` plus `s=…` when anything differs from the defaults. */
export function encodeState(st: PlaygroundState, version = MODEL_VERSION): string {
  const c = compactState(st);
  const q = new URLSearchParams({ v: version });
  if (Object.keys(c).length) q.set('s', toBase64Url(JSON.stringify(c)));
  return q.toString();
}

/** Result of reading a URL. */
export type DecodeResult = { ok: true; state: PlaygroundState; warning?: string } | { ok: false; message: string };

/** Reads the state from a query string (with or without "?"). Never throws. */
export function decodeState(search: string): DecodeResult {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const v = q.get('v');
  const s = q.get('s');
  const warning = v && v !== MODEL_VERSION ? `This link was made with model version ${v}; this is version ${MODEL_VERSION}, so the charts may differ from the ones its author saw.` : undefined;
  if (s === null) return { ok: true, state: defaultState(), warning };
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(s));
  } catch {
    return { ok: false, message: 'The scenario in this link is damaged: the "s" value is not base64url-encoded JSON (was the link cut short?).' };
  }
  const parsed = compactSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: formatIssues('link', zodIssues(parsed.error, raw)) };
  const c = parsed.data;
  const st = defaultState(c.n ?? getSessionNow());
  if (c.nm !== undefined) st.name = c.nm;
  if (c.d !== undefined) st.description = c.d;
  if (c.p !== undefined) {
    if (c.p !== '' && !PRESET_NAMES.includes(c.p)) return { ok: false, message: `link: p (preset): expected a built-in scenario (${PRESET_NAMES.join(', ')}), found ${JSON.stringify(c.p)}` };
    st.preset = c.p;
  }
  try {
    if (c.x) st.params = { ...parseOverrides(c.x, 'link', 'params') };
    if (c.t) {
      const bad = Object.keys(c.t).find((k) => !(k in st.params));
      if (bad !== undefined) return { ok: false, message: `link: t (start months): expected only parameters changed in x, found ${JSON.stringify(bad)}` };
      st.starts = { ...c.t };
    }
    // a link made before start months existed (no n) meant its parameters from the first month
    st.counterfactual = c.cf === 1 || (c.n === undefined && c.x !== undefined);
    if (c.ec) st.exportControl = { on: c.ec[0] === 1, severity: c.ec[1], date: c.ec[2] };
    if (c.r) {
      const bad = Object.keys(c.r[1]).find((k) => !RULE_KEY.test(k) || k.split('<')[0] === k.split('<')[1]);
      if (bad !== undefined) return { ok: false, message: `link: r[1]: expected keys ADOPTER<ORIGIN with blocs US, CN, EU, RoW (two different blocs, e.g. "US<CN"), found ${JSON.stringify(bad)}` };
      st.restrictions = { date: c.r[0], rules: { ...c.r[1] } };
    }
    if (c.i) st.incident = { on: c.i[0] === 1, origin: c.i[1], severity: c.i[2], date: c.i[3] };
    if (c.e) {
      st.extraEvents = c.e as PlaygroundEvent[];
      for (const [k, e] of c.e.entries()) if (e.type === 'set-params') parseOverrides(e.params, 'link', `e[${k}].params`);
      if (!SET_PARAMS_SUPPORTED && c.e.some((e) => e.type === 'set-params')) return { ok: false, message: 'link: e: this model version cannot run set-params events (dated parameter changes); the link needs a newer version of Momentum' };
    }
    // `b: 1` is the default band: the posterior since issue #16 (before it, the agents band, the only one then)
    st.band = c.b === 1 ? 'posterior' : c.b === 'assumptions' ? 'posterior-assumptions' : c.b === 'agents' ? 'agents' : false;
    parseScenario(buildScenario(st), 'link', DEFAULT_WORLD);
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, message: e.message };
    return { ok: false, message: `link: ${(e as Error).message}` };
  }
  return { ok: true, state: st, warning };
}

/**
 * The tables of docs/model.md, generated from the metadata the code uses (parameters, labs,
 * sectors, sizes, metrics), so the specification and the code cannot drift apart. A test
 * fails when docs/model.md is stale; `npm run docs` rewrites the tables.
 */
import { DEFAULT_WORLD, METRICS, PARAM_DEFS } from '../../model/index.js';
import { EFFECT_DRAWS, directionEffects } from './direction-effects.js';
import { claimedPp } from '../../model/scenario/directions.js';
import { RELEASE_CALENDAR } from '../../model/world/releases.js';

const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/** Every parameter: name, kind, unit, default, range, mechanism, description, source. */
export function paramTable(): string {
  return table(
    ['name', 'kind', 'unit', 'default', 'range', 'mechanism', 'description', 'source'],
    PARAM_DEFS.map((d) => [
      `\`${d.name}\``,
      d.kind,
      d.unit,
      String(d.default) + (d.prior !== undefined ? ` (prior ${d.prior}${d.priorSd !== undefined ? ` ± ${d.priorSd}` : ''})` : d.priorSd !== undefined ? ` (prior ± ${d.priorSd})` : ''),
      d.options ? d.options.join(' / ') : `${d.min} – ${d.max}`,
      d.mechanism,
      d.description,
      d.source,
    ]),
  );
}

/** The labs of the default world. */
export function labTable(): string {
  return table(
    ['id', 'lab', 'bloc', 'strategy (start)', 'sizes', 'compute share of bloc', 'talent', 'price 2023 ($/Mtok)', 'cadence (mo)', 'open delay (mo)', 'active params (B)', 'entry', 'facts and sources'],
    DEFAULT_WORLD.labs.map((l) => [l.id, l.name, l.bloc, l.strategy, String(l.breadth), String(l.computeShare), String(l.talent), String(l.price0), String(l.cadence), String(l.openDelay), String(l.activeParamsB), l.entry, l.source]),
  );
}

/** Blocs, sectors and firm sizes. */
export function segmentTables(): string {
  const blocs = table(
    ['bloc', 'label', 'compute share 2023-01', 'adopter weight', 'source'],
    DEFAULT_WORLD.blocs.map((b) => [b.id, b.label, String(b.computeShare0), String(b.adopterWeight), b.source]),
  );
  const sectors = table(
    ['sector', 'label', 'price sens.', 'capability need', 'risk aversion', 'self-host', 'data rate', 'download intensity', 'weight', 'critical', 'industrial', 'embodied', 'developer'],
    DEFAULT_WORLD.sectors.map((s) => [s.id, s.label, String(s.priceSensitivity), String(s.capabilityNeed), String(s.riskAversion), String(s.selfHost), String(s.dataRate), String(s.downloadIntensity), String(s.weight), String(s.critical), String(s.industrial), String(s.embodied), String(s.developer)]),
  );
  const sizes = table(
    ['size', 'label', 'weight', 'volume', 'price sens.', 'self-host capacity (log10 B)', 'self-host cost factor', 'support need', 'platform share', 'enterprise'],
    DEFAULT_WORLD.sizes.map((z) => [z.id, z.label, String(z.weight), String(z.volume), String(z.priceSensitivity), String(z.hostCapacityLog10B), String(z.selfHostCostFactor), String(z.supportNeed), String(z.platformShare), String(z.enterprise)]),
  );
  return `${blocs}\n\nAll sector and size values are assumptions (ranges: ×0.5 to ×2 of the value shown).\n\n${sectors}\n\n${sizes}`;
}

/** Output metrics. */
export function metricTable(): string {
  return table(
    ['metric id', 'unit', 'groups', 'definition'],
    METRICS.map((m) => [`\`${m.id}\``, m.unit, m.breakdown, m.definition]),
  );
}

/** The scenario direction table (src/model/scenario/directions.ts). */
export function directionTable(): string {
  const pp = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;
  return table(
    ['scenario', 'headline (2030-12)', 'direction', 'at the calibrated defaults (pp)', `posterior median, 5–95% (pp, ${EFFECT_DRAWS} paired draws)`, 'mechanism'],
    directionEffects().map((e) => {
      const d = e.direction;
      return [`\`${d.scenario}\``, `\`${d.metric}\` ${d.group}`, `${d.direction} ≥ ${claimedPp(d)} pp`, pp(e.point), `${pp(e.q50)} (${pp(e.q05)} to ${pp(e.q95)})`, d.why];
    }),
  );
}

/** The release calendar (src/model/world/releases.ts). */
export function releaseTable(): string {
  return table(
    ['date', 'lab', 'release', 'open', 'licence', 'major', 'sizes', 'launch price ($/Mtok)', 'parity with', 'source'],
    RELEASE_CALENDAR.map((r) => [r.date, r.lab, r.name, r.open ? 'open' : 'closed', r.licenceName ? `${r.licenceName} (${r.licence})` : '', r.major ? 'major' : 'minor', String(r.sizes), r.price !== undefined ? String(r.price) : '', r.parityWith ?? '', r.source]),
  );
}

/** Generated blocks by marker name. */
export const SPEC_BLOCKS: Record<string, () => string> = {
  params: paramTable,
  labs: labTable,
  segments: segmentTables,
  metrics: metricTable,
  directions: directionTable,
  releases: releaseTable,
};

/** Replaces every `<!-- NAME:begin -->…<!-- NAME:end -->` block of `doc` with fresh tables. */
export function refreshSpec(doc: string): string {
  let out = doc;
  for (const [name, make] of Object.entries(SPEC_BLOCKS)) {
    const re = new RegExp(`(<!-- ${name}:begin -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${make()}\n${b}`);
  }
  return out;
}

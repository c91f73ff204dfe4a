/**
 * Validation of observation records at the boundary: the zod schema, then the checks that
 * need the model (metric ids, groups the model reports, period order, interval around the
 * value). Every issue names the record by index and id, and the field.
 */
import { METRIC_INDEX, METRICS } from '../outputs/metrics.js';
import { nearestName } from '../scenario/nearest-name.js';
import { ValidationError, zodIssues, describeValue, type ValidationIssue } from '../scenario/validate.js';
import { isMonth, monthIndex } from '../time.js';
import { observationsFileSchema, type Observation } from './observation-schema.js';
import { crossingGroups, groupsOf, periodBounds, VOLUME_OF, type RunSeries } from './operators.js';

const KEYS = ['id', 'metric', 'group', 'period', 'kind', 'value', 'uncertainty', 'unit', 'definition', 'source', 'notes', 'fit', 'scale', 'share', 'multiplier', 'times'];

/** `[3] "atom-…"` — how an issue names a record. */
function recordLabel(raw: unknown, i: number): string {
  const id = Array.isArray(raw) && raw[i] && typeof raw[i] === 'object' ? (raw[i] as Record<string, unknown>).id : undefined;
  return typeof id === 'string' && id ? `[${i}] (id "${id}")` : `[${i}]`;
}

/** Rewrites `[i].field` paths so they name the record's id. */
function labelPaths(issues: ValidationIssue[], raw: unknown): ValidationIssue[] {
  return issues.map((iss) => {
    const m = /^\[(\d+)\](.*)$/.exec(iss.path);
    if (!m) return iss;
    const rest = m[2];
    const out = { ...iss, path: `${recordLabel(raw, Number(m[1]))}${rest}` };
    if (/\.period(\.start|\.end)?$/.test(rest) && (iss.expected === 'a valid value' || /union/i.test(iss.expected))) {
      out.expected = 'a month as YYYY-MM or {"start": "YYYY-MM", "end": "YYYY-MM"}';
    }
    if (/\.uncertainty$/.test(rest) && (iss.expected === 'a valid value' || /union/i.test(iss.expected))) {
      out.expected = '{"se": number > 0, "note": text} or {"low": number, "high": number, "note": text}';
    }
    return out;
  });
}

/**
 * Parses and checks an observations file's contents. With `run` (a reference run of the
 * model), the groups of fitted records must be groups the model reports. Throws
 * {@link ValidationError} listing every problem.
 */
export function parseObservations(raw: unknown, source: string, run?: RunSeries): Observation[] {
  const parsed = observationsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ValidationError(source, labelPaths(zodIssues(parsed.error, raw, () => KEYS), raw));
  }
  const obs = parsed.data;
  const issues: ValidationIssue[] = [];
  const seen = new Map<string, number>();
  obs.forEach((o, i) => {
    const at = `${recordLabel(raw, i)}`;
    const prev = seen.get(o.id);
    if (prev !== undefined) issues.push({ path: `${at}.id`, expected: 'an id not used by another record', found: `"${o.id}" (also record [${prev}])` });
    seen.set(o.id, i);
    const def = METRIC_INDEX.get(o.metric);
    if (!def) {
      const near = nearestName(o.metric, METRICS.map((m) => m.id));
      issues.push({ path: `${at}.metric`, expected: 'a model metric id (see `momentum schema` / METRICS)', found: describeValue(o.metric), hint: near ? `did you mean "${near}"?` : undefined });
      return;
    }
    const { start, end } = periodBounds(o.period);
    if (isMonth(start) && isMonth(end) && monthIndex(end) < monthIndex(start)) {
      issues.push({ path: `${at}.period.end`, expected: `a month not before period.start (${start})`, found: JSON.stringify(end) });
    }
    const u = o.uncertainty;
    if ('low' in u && !(u.low <= o.value && o.value <= u.high)) {
      issues.push({ path: `${at}.uncertainty`, expected: `an interval containing the value ${o.value} (low ≤ value ≤ high)`, found: `[${u.low}, ${u.high}]` });
    }
    if (o.kind === 'crossing') {
      if (!crossingGroups(o.group)) issues.push({ path: `${at}.group`, expected: 'two groups as "A>B" for a crossing observation', found: describeValue(o.group) });
      if (o.scale || o.share || o.multiplier) issues.push({ path: `${at}.kind`, expected: 'no scale, share or multiplier on a crossing observation', found: '"crossing" with one of them' });
    }
    if (o.times) {
      const tdef = METRIC_INDEX.get(o.times.metric);
      if (!tdef) {
        const near = nearestName(o.times.metric, METRICS.map((m) => m.id));
        issues.push({ path: `${at}.times.metric`, expected: 'a model metric id', found: describeValue(o.times.metric), hint: near ? `did you mean "${near}"?` : undefined });
      } else if (run && !groupsOf(run, o.times.metric).includes(o.times.group)) {
        issues.push({ path: `${at}.times.group`, expected: `a group the model reports for ${o.times.metric} (${groupsOf(run, o.times.metric).join(', ')})`, found: describeValue(o.times.group) });
      }
      if (o.share || o.kind === 'crossing') issues.push({ path: `${at}.times`, expected: 'no times together with share or a crossing', found: 'both' });
    }
    if (o.kind === 'cumulative' && o.share) issues.push({ path: `${at}.share`, expected: 'no share on a cumulative observation', found: describeValue(o.share) });
    if (o.share && def.isShare && !VOLUME_OF[o.metric]) {
      issues.push({ path: `${at}.share`, expected: `a share of a volume metric (${o.metric} is already a share; use kind "rolling" or "point" without share)`, found: describeValue(o.share) });
    }
    if (run && o.fit !== false) {
      const groups = groupsOf(run, o.metric);
      const names = o.kind === 'crossing' ? (crossingGroups(o.group) ?? []) : [o.group];
      const among = Array.isArray(o.share) ? o.share : [];
      for (const g of [...names, ...among]) {
        if (groups.includes(g) || (g === 'all' && groups.length > 0 && !def.isShare)) continue;
        const near = nearestName(g, groups);
        issues.push({ path: `${at}.group`, expected: `a group the model reports for ${o.metric} (${groups.join(', ')}${def.isShare ? '' : ', all'}), or "fit": false`, found: describeValue(g), hint: near ? `did you mean "${near}"?` : undefined });
      }
      if (run.dates.length) {
        const first = run.dates[0];
        if (isMonth(start) && monthIndex(start) < monthIndex(first)) issues.push({ path: `${at}.period`, expected: `a period inside the model's horizon (from ${first}), or "fit": false`, found: JSON.stringify(start) });
      }
    }
  });
  if (issues.length) throw new ValidationError(source, issues);
  return obs;
}

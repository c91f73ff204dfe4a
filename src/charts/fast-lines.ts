/**
 * Fast redraw of a chart's scenario lines (the playground's hot path). After a full Plot
 * render the browser keeps the figure's x and y scales; when only the scenario changed, the
 * new lines are written straight into the `d` attributes of the scenario paths, with the same
 * rows, groups and order as `chartSpec` and the same path syntax as Plot's line mark (d3.line,
 * linear curve, 3 decimals), so the paths equal what a full render with those scales draws.
 * Pure: no DOM; the browser side is in render-browser.ts.
 */
import type { ChartDef } from './chart-defs.js';
import { bandRows, currentRows, type BandRow, type ChartInput, type ChartRow } from './chart-spec.js';

/** The scales of a drawn chart (Plot's `figure.scale('x' | 'y')`: `apply` and `domain`). */
export interface LineScales {
  x: { apply: (d: Date) => number; domain: readonly unknown[] };
  y: { apply: (v: number) => number; domain: readonly unknown[] };
}

/** Scenario lines of a chart: the groups that have rows (in drawing order) and the path of each. */
export interface ScenarioLines {
  groups: string[];
  paths: string[];
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

/**
 * Path data of one polyline exactly as Plot's line mark writes it: `d3.line()` with the
 * linear curve and d3-path's default 3 digits (`M x,y L x,y …`; a single point is `M x,yZ`).
 */
export function polylinePath(rows: readonly ChartRow[], from: number, to: number, scales: LineScales): string {
  let d = '';
  for (let i = from; i < to; i++) {
    const r = rows[i];
    d += `${i === from ? 'M' : 'L'}${round3(+scales.x.apply(r.date))},${round3(+scales.y.apply(r.value))}`;
  }
  if (to - from === 1) d += 'Z';
  return d;
}

/**
 * The scenario (solid) lines of a chart for `current`, drawn with given scales: one path per
 * group that has rows, in the order Plot draws them (rows are in group order; Plot groups by
 * label in order of first appearance). `groups` are the chart's groups (`chartGroups`).
 */
export function scenarioLines(def: ChartDef, current: ChartInput['current'], groups: readonly string[], scales: LineScales): ScenarioLines {
  return inputLines(def, { current }, groups, scales);
}

/** {@link scenarioLines} for a chart input (in the difference view: current − baseline). */
export function inputLines(def: ChartDef, input: Pick<ChartInput, 'current' | 'baseline' | 'view'>, groups: readonly string[], scales: LineScales): ScenarioLines {
  const rows = currentRows(def, input, groups);
  const out: ScenarioLines = { groups: [], paths: [] };
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i].group !== rows[start].group) {
      out.groups.push(rows[start].group);
      out.paths.push(polylinePath(rows, start, i, scales));
      start = i;
    }
  }
  return out;
}

/**
 * True when every value of the scenario lines lies inside the drawn y domain, so the lines
 * stay inside the plot box. Share charts have a fixed domain (0–1) that a full render would
 * also use, so their lines always fit.
 */
export function linesFitDomain(def: ChartDef, current: ChartInput['current'] | Pick<ChartInput, 'current' | 'baseline' | 'view'>, groups: readonly string[], y: LineScales['y']): boolean {
  const input = 'dates' in current ? { current } : current;
  if (!dataDependentScales(def, input.view)) return true;
  const [a, b] = y.domain as number[];
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  for (const r of currentRows(def, input, groups)) if (!(r.value >= lo && r.value <= hi)) return false;
  return true;
}

/** Whether the chart's y domain depends on the data (a full render may choose other scales). */
export function dataDependentScales(def: ChartDef, view?: ChartInput['view']): boolean {
  return def.yKind !== 'share' || view === 'difference';
}

/**
 * Path data of one band exactly as Plot's area mark writes it (d3.area, linear curve, 3
 * digits): the high edge forward, then the low edge backward, closed (`M x,hi L … L x,lo … Z`).
 */
export function bandAreaPath(rows: readonly BandRow[], from: number, to: number, scales: LineScales): string {
  let d = '';
  for (let i = from; i < to; i++) d += `${i === from ? 'M' : 'L'}${round3(+scales.x.apply(rows[i].date))},${round3(+scales.y.apply(rows[i].high))}`;
  for (let i = to - 1; i >= from; i--) d += `L${round3(+scales.x.apply(rows[i].date))},${round3(+scales.y.apply(rows[i].low))}`;
  return d + 'Z';
}

/** The band areas of a chart (one per line label that has rows, in Plot's order), drawn with given scales. */
export function bandAreas(def: ChartDef, band: NonNullable<ChartInput['band']>, groups: readonly string[], scales: LineScales): { labels: string[]; paths: string[] } {
  const rows = bandRows(def, band, groups);
  const out = { labels: [] as string[], paths: [] as string[] };
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i].label !== rows[start].label) {
      out.labels.push(rows[start].label);
      out.paths.push(bandAreaPath(rows, start, i, scales));
      start = i;
    }
  }
  return out;
}

/** True when the band lies inside the drawn y domain (always for share charts: fixed 0–1). */
export function bandFitsDomain(def: ChartDef, band: NonNullable<ChartInput['band']>, groups: readonly string[], y: LineScales['y']): boolean {
  if (!dataDependentScales(def)) return true;
  const [a, b] = y.domain as number[];
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  for (const r of bandRows(def, band, groups)) if (!(r.low >= lo && r.high <= hi)) return false;
  return true;
}

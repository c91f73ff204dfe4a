/** Renders a chart specification in the browser (the global document), with a fast redraw of the scenario lines. */
import * as Plot from '@observablehq/plot';
import type { ChartDef } from './chart-defs.js';
import { BAND_CLASS, chartGroups, chartSpec, SCENARIO_LINE_CLASS, type ChartInput, type ChartSize } from './chart-spec.js';
import { bandAreas, bandFitsDomain, inputLines, linesFitDomain, type LineScales } from './fast-lines.js';

/** Renders one chart into a detached element (an <svg>, or a <figure> with legend and caption). */
export function renderChart(def: ChartDef, input: ChartInput, size: Omit<ChartSize, 'document'> = {}): HTMLElement | SVGSVGElement {
  // size.decorations === false gives a bare <svg> (the caller draws legend and caption)
  return labelGroups(Plot.plot(chartSpec(def, input, size)) as HTMLElement | SVGSVGElement);
}

/**
 * Gives Plot's labelled `<g aria-label="line">` elements the role "group": ARIA allows a name
 * only on elements with a role that takes one (axe: aria-prohibited-attr).
 */
export function labelGroups<E extends Element>(el: E): E {
  for (const g of el.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
  return el;
}

/** A chart drawn in the browser, with what its fast redraw needs. */
export interface DrawnChart {
  readonly def: ChartDef;
  readonly size: Omit<ChartSize, 'document'>;
  /** The Plot figure. */
  readonly element: HTMLElement | SVGSVGElement;
  /** The input of the last full render (scales, axes, baseline, band, observations and tip come from it). */
  readonly rendered: ChartInput;
  /** The input whose scenario lines are on screen. */
  input: ChartInput;
  /**
   * False after a fast redraw: the scenario lines are the new input's, drawn with the scales,
   * axes and tip data of an earlier full render (share charts: the same scales a full render
   * would use). A full render when idle makes the chart exact again.
   */
  exact: boolean;
  /** Groups of the full render (`chartGroups`), and the groups of its scenario paths in order. */
  readonly groups: string[];
  readonly lineGroups: string[];
  /** The scenario line paths and the figure's scales; null when the fast redraw is not available for this chart. */
  readonly fast: { paths: SVGPathElement[]; scales: LineScales } | null;
  /** The band's area paths and their labels in order; null when there is no band or its fast redraw is not available. */
  readonly bandFast: { paths: SVGPathElement[]; labels: string[] } | null;
  /** The band whose areas are on screen (a fast redraw may have replaced the full render's). */
  bandShown: ChartInput['band'];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/** A full Plot render of a chart, remembering its scales and scenario paths for {@link redrawScenarioLines}. */
export function drawChart(def: ChartDef, input: ChartInput, size: Omit<ChartSize, 'document'> = {}): DrawnChart {
  const element = renderChart(def, input, size);
  const groups = chartGroups(def, input);
  const plot = element as unknown as { scale?: (name: string) => LineScales['x'] | undefined };
  let fast: DrawnChart['fast'] = null;
  let lineGroups: string[] = [];
  const x = plot.scale?.('x');
  const y = plot.scale?.('y');
  const g = element.querySelector(`g.${SCENARIO_LINE_CLASS}`);
  if (x && y && g) {
    const scales: LineScales = { x, y: y as unknown as LineScales['y'] };
    const paths = [...g.querySelectorAll('path')];
    const lines = inputLines(def, input, groups, scales);
    lineGroups = lines.groups;
    // a self-check: the fast path is used only if it reproduces Plot's own paths exactly
    if (paths.length === lines.paths.length && paths.every((p, i) => p.getAttribute('d') === lines.paths[i])) fast = { paths, scales };
  }
  let bandFast: DrawnChart['bandFast'] = null;
  const bg = element.querySelector(`g.${BAND_CLASS}`);
  if (fast && bg && input.band && input.view !== 'difference') {
    const paths = [...bg.querySelectorAll('path')];
    const areas = bandAreas(def, input.band, groups, fast.scales);
    // the same self-check for the band's areas
    if (paths.length === areas.paths.length && paths.every((p, i) => p.getAttribute('d') === areas.paths[i])) bandFast = { paths, labels: areas.labels };
  }
  return { def, size, element, rendered: input, input, exact: true, groups, lineGroups, fast, bandFast, bandShown: input.band };
}

/**
 * Redraws only the scenario lines of a drawn chart for a new input, and the band's areas when
 * the band changed, when everything else a full render depends on is unchanged (size,
 * baseline, observations, labels, months, groups, band on or off) and the new lines and band
 * fit the drawn y domain. Returns false (and changes nothing) when a full render is needed.
 */
export function redrawScenarioLines(drawn: DrawnChart, input: ChartInput, size: Omit<ChartSize, 'document'> = {}): boolean {
  const { fast, rendered, def } = drawn;
  if (!fast) return false;
  if (size.width !== drawn.size.width || size.height !== drawn.size.height || (size.decorations ?? true) !== (drawn.size.decorations ?? true)) return false;
  if (input.baseline !== rendered.baseline || input.observations !== rendered.observations) return false;
  if (input.labels?.current !== rendered.labels?.current || input.labels?.baseline !== rendered.labels?.baseline) return false;
  if (input.now !== rendered.now || !!input.counterfactual !== !!rendered.counterfactual || (input.view ?? 'lines') !== (rendered.view ?? 'lines')) return false;
  if (input.current.dates !== rendered.current.dates && !sameList(input.current.dates, rendered.current.dates)) return false;
  const groups = chartGroups(def, input);
  if (!sameList(groups, drawn.groups)) return false;
  if (!linesFitDomain(def, input, groups, fast.scales.y)) return false;
  // the band (not drawn in the difference view): its areas are rewritten when it changed
  let bandPaths: string[] | null = null;
  if (input.view !== 'difference' && input.band !== drawn.bandShown) {
    if (!input.band || !drawn.bandShown || !drawn.bandFast) return false;
    const areas = bandAreas(def, input.band, groups, fast.scales);
    if (!sameList(areas.labels, drawn.bandFast.labels) || !bandFitsDomain(def, input.band, groups, fast.scales.y)) return false;
    bandPaths = areas.paths;
  }
  const lines = inputLines(def, input, groups, fast.scales);
  if (!sameList(lines.groups, drawn.lineGroups)) return false;
  for (let i = 0; i < lines.paths.length; i++) fast.paths[i].setAttribute('d', lines.paths[i]);
  if (bandPaths) {
    for (let i = 0; i < bandPaths.length; i++) drawn.bandFast!.paths[i].setAttribute('d', bandPaths[i]);
    drawn.bandShown = input.band;
  }
  drawn.input = input;
  drawn.exact = false;
  return true;
}

/**
 * Server-side chart rendering: Observable Plot into a linkedom document, serialised to an
 * inline SVG/HTML string. Used by `momentum report run|compare --html` and reusable by any
 * report (calibration fit, observatory):
 *
 * ```ts
 * import { renderChartSvg, CHART_INDEX } from '../charts/server.js';
 * const html = renderChartSvg(CHART_INDEX.get('usage-share')!, { current, baseline, observations });
 * ```
 *
 * Node only (imports linkedom); the browser uses render-browser.ts with the same specs.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import type { ChartDef } from './chart-defs.js';
import { chartSpec, type ChartInput } from './chart-spec.js';

/** A fresh linkedom document to render into. */
export function serverDocument(): Document {
  return parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
}

/**
 * Renders one chart to a standalone HTML fragment: a `<figure>` holding the colour legend,
 * an inline `<svg>` and the caption (or a bare `<svg>`). No scripts, no external resources.
 *
 * @param def chart definition (see CHARTS / CHART_INDEX)
 * @param input runs to draw: current (solid), baseline (dashed), band, observations
 * @param size width and height in px (default 640×300)
 */
export function renderChartSvg(def: ChartDef, input: ChartInput, size: { width?: number; height?: number } = {}): string {
  const document = serverDocument();
  return serialise(Plot.plot(chartSpec(def, input, { ...size, document })) as unknown as Element);
}

/** outerHTML with the SVG namespace declared on every <svg> (so the SVG also stands alone); labelled groups get role="group". */
function serialise(el: Element): string {
  for (const g of el.querySelectorAll('g[aria-label]:not([role])')) g.setAttribute('role', 'group');
  if (el.tagName.toLowerCase() === 'svg' && !el.getAttribute('xmlns')) el.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  for (const svg of el.querySelectorAll('svg')) if (!svg.getAttribute('xmlns')) svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return el.outerHTML;
}

/**
 * Renders any Plot options on the server (e.g. a calibration fit or a tornado plot) to an
 * inline SVG/HTML string; the `document` option is supplied. Plot's interactive `tip` marks
 * need a browser: leave them out of server-rendered options.
 *
 * ```ts
 * const svg = renderPlotSvg({ marks: [Plot.dot(rows, { x: 'observed', y: 'model' })], width: 480 });
 * ```
 */
export function renderPlotSvg(options: Plot.PlotOptions): string {
  const document = serverDocument();
  return serialise(Plot.plot({ ...options, document }) as unknown as Element);
}

/** Renders a chart specification in the browser (the global document). */
import * as Plot from '@observablehq/plot';
import type { ChartDef } from './chart-defs.js';
import { chartSpec, type ChartInput, type ChartSize } from './chart-spec.js';

/** Renders one chart into a detached element (an <svg>, or a <figure> with legend and caption). */
export function renderChart(def: ChartDef, input: ChartInput, size: Omit<ChartSize, 'document'> = {}): HTMLElement | SVGSVGElement {
  // size.decorations === false gives a bare <svg> (the caller draws legend and caption)
  return Plot.plot(chartSpec(def, input, size)) as HTMLElement | SVGSVGElement;
}

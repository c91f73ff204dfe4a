/** One chart: title, description, the Plot rendering (shared specs) and SVG/PNG downloads. */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { chartCaption, chartGroups, groupLabel, GROUP_COLORS, observationRows, type ChartDef, type ChartInput } from '../../../src/charts/index.js';
import { drawChart, redrawScenarioLines, type DrawnChart } from '../../../src/charts/render-browser.js';
import { downloadBlob, downloadText, standaloneSvg, svgToPng } from '../export/downloads.js';

/** Quiet time after the last fast redraw before the full render (new scales, axes and tip data). */
const SETTLE_MS = 400;

/** Width of a chart container, tracked with a ResizeObserver. */
function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [w, setW] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setW(Math.floor(el.clientWidth));
    const ro = new ResizeObserver(() => setW(Math.floor(el.clientWidth)));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return w;
}

/** Props of {@link ChartCard}. */
export interface ChartCardProps {
  def: ChartDef;
  input: ChartInput | null;
  height?: number;
}

/** A chart card. Re-renders the plot synchronously (layout effect) whenever its input changes. */
export const ChartCard = memo(function ChartCard({ def, input, height = 210 }: ChartCardProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const visible = useRef(true);
  const drawn = useRef<DrawnChart | null>(null);
  const settleTimer = useRef<number | null>(null);
  /** A full Plot render of `chartInput` (scales, axes, tip and lines all from it). */
  const full = (el: HTMLElement, chartInput: ChartInput, size: { width: number; height: number; decorations: false }) => {
    const d = drawChart(def, chartInput, size);
    drawn.current = d;
    el.replaceChildren(d.element);
  };
  /** Makes a chart drawn by the fast path exact again (new scales, axes and tip data). */
  const settle = () => {
    if (settleTimer.current !== null) window.clearTimeout(settleTimer.current);
    settleTimer.current = null;
    const d = drawn.current;
    const el = plot.current;
    if (!d || d.exact || !el || el.firstChild !== d.element) return;
    full(el, d.input, { width: d.size.width ?? width, height: d.size.height ?? height, decorations: false });
  };
  const settleRef = useRef(settle);
  settleRef.current = settle;
  // Charts on screen are redrawn synchronously (they count toward input→chart time): when only
  // the scenario changed, just the scenario lines are rewritten with the scales of the last full
  // render (fast-lines.ts); the full render follows once the input has settled, or at once when
  // the pointer enters the chart (its tip reads the data of the full render). Charts scrolled out
  // of view get a full render when the browser is idle or when they come into view.
  const draw = (fastOk: boolean) => {
    const el = plot.current;
    if (!el || !input || width < 50) return;
    const size = { width, height, decorations: false as const };
    const d = drawn.current;
    if (d && el.firstChild === d.element && d.size.width === width && d.size.height === height) {
      if (d.input === input) return;
      if (fastOk && redrawScenarioLines(d, input, size)) {
        if (settleTimer.current !== null) window.clearTimeout(settleTimer.current);
        settleTimer.current = window.setTimeout(() => {
          settleTimer.current = null;
          const ric = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 1));
          ric(() => settleRef.current(), { timeout: 2000 });
        }, SETTLE_MS);
        return;
      }
    }
    full(el, input, size);
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useLayoutEffect(() => {
    if (visible.current) {
      draw(true);
      return;
    }
    const ric = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 50));
    const cic = window.cancelIdleCallback ?? window.clearTimeout;
    const h = ric(() => drawRef.current(false), { timeout: 1000 });
    return () => cic(h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [def, input, width, height]);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      visible.current = entries.some((e) => e.isIntersecting);
      if (visible.current) drawRef.current(false);
    });
    io.observe(el);
    return () => {
      io.disconnect();
      if (settleTimer.current !== null) window.clearTimeout(settleTimer.current);
    };
  }, []);
  // legend and caption are drawn here once per input rather than by Plot on every redraw
  const { legendItems, caption } = useMemo(() => {
    if (!input) return { legendItems: [] as { group: string; label: string }[], caption: '' };
    const groups = chartGroups(def, input);
    return {
      legendItems: groups.map((g) => ({ group: g, label: groupLabel(g) })),
      caption: chartCaption(input, { baseline: !!input.baseline, band: !!input.band, observations: observationRows(def, input.observations, groups).length > 0 }),
    };
  }, [def, input]);
  const legend = () => legendItems;
  const file = `momentum-${def.id}`;
  const svg = () => {
    settle();
    return plot.current ? standaloneSvg(plot.current, def.title, legend()) : null;
  };
  return (
    <article className="chart-card" id={`chart-${def.id}`} aria-labelledby={`chart-${def.id}-title`}>
      <header className="chart-head">
        <h2 id={`chart-${def.id}-title`}>{def.title}</h2>
        <div className="chart-actions">
          <button
            type="button"
            onClick={() => {
              const s = svg();
              if (s) downloadText(`${file}.svg`, s, 'image/svg+xml');
            }}
            aria-label={`Download ${def.title} as SVG`}
          >
            SVG
          </button>
          <button
            type="button"
            onClick={() => {
              const s = svg();
              if (s) void svgToPng(s).then((b) => downloadBlob(`${file}.png`, b));
            }}
            aria-label={`Download ${def.title} as PNG`}
          >
            PNG
          </button>
        </div>
      </header>
      <p className="chart-desc" title={def.description}>
        {def.description}
      </p>
      <ul className="chart-legend" aria-label={`Legend of ${def.title}`}>
        {legendItems.map((l) => (
          <li key={l.group}>
            <span className="swatch" style={{ background: GROUP_COLORS[l.group] ?? '#333' }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
      </ul>
      <div ref={box} className="chart-box" onPointerEnter={() => settleRef.current()}>
        <div ref={plot} className="chart-plot" data-chart={def.id} />
        {!input ? <p className="chart-loading">Running the model…</p> : null}
      </div>
      <p className="chart-caption">{caption}</p>
    </article>
  );
});

/** One chart: title, description, the Plot rendering (shared specs), a data table and SVG/PNG downloads. */
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { chartCaption, chartGroups, chartTable, crossingRows, groupLabel, GROUP_COLORS, observationRows, type ChartDef, type ChartInput } from '../../../src/charts/index.js';
import { HowItWorksLink } from './info-popover.js';
import { drawChart, redrawScenarioLines, type DrawnChart } from '../../../src/charts/render-browser.js';
import { dataDependentScales } from '../../../src/charts/fast-lines.js';
import type { ChartBoard } from './chart-board.js';
import { downloadBlob, downloadText, standaloneSvg, svgToPng } from '../export/downloads.js';

/** Quiet time after the last input before deferred full renders (new axes of data-dependent charts, charts out of view). */
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
  /** The page's chart board: lets a worker reply reach this chart before React re-renders it. */
  board?: ChartBoard;
  /** A small copy (the phone's chart beside the levers): no description, table or downloads. */
  compact?: boolean;
  /** DOM id prefix (the compact copy needs its own ids). */
  idPrefix?: string;
}

/** The data table of a chart, built only when opened (it is not needed on every input). */
function DataTable({ def, input }: { def: ChartDef; input: ChartInput }) {
  const t = useMemo(() => chartTable(def, input), [def, input]);
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Data table of ${def.title}`}>
      <table className="data-table">
        <caption>
          {def.title}: values each January and in the last month ({t.columns.length} columns)
        </caption>
        <thead>
          <tr>
            <th scope="col">month</th>
            {t.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => (
            <tr key={r.date}>
              <th scope="row">{r.date}</th>
              {r.cells.map((c, i) => (
                <td key={i}>{c}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {t.observations.length || t.crossings.length ? (
        <table className="data-table">
          <caption>Observations drawn on this chart</caption>
          <thead>
            <tr>
              <th scope="col">observed</th>
              <th scope="col">period</th>
              <th scope="col">uncertainty</th>
              <th scope="col">source</th>
            </tr>
          </thead>
          <tbody>
            {t.observations.map((o) => (
              <tr key={o.id}>
                <td>
                  {o.figure}
                  {o.mapping ? <div className="muted">{o.mapping}</div> : null}
                </td>
                <td>{o.period}</td>
                <td>{o.uncertainty}</td>
                <td>{o.url ? <a href={o.url} target="_blank" rel="noreferrer">{o.source}</a> : o.source}</td>
              </tr>
            ))}
            {t.crossings.map((o) => (
              <tr key={o.id}>
                <td>{o.figure}</td>
                <td>crossing</td>
                <td>between {o.uncertainty}</td>
                <td>{o.url ? <a href={o.url} target="_blank" rel="noreferrer">{o.source}</a> : o.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

/** A chart card. Re-renders the plot synchronously (layout effect) whenever its input changes. */
export const ChartCard = memo(function ChartCard({ def, input: propInput, height = 210, board, compact = false, idPrefix = 'chart' }: ChartCardProps) {
  const [tableOpen, setTableOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<HTMLDivElement>(null);
  const width = useWidth(box);
  const visible = useRef(true);
  const drawn = useRef<DrawnChart | null>(null);
  const deferred = useRef<{ timer: number | null; idle: number | null }>({ timer: null, idle: null });
  const cancelDeferred = () => {
    const q = deferred.current;
    if (q.timer !== null) window.clearTimeout(q.timer);
    if (q.idle !== null) (window.cancelIdleCallback ?? window.clearTimeout)(q.idle);
    q.timer = q.idle = null;
  };
  /** Full render when the browser is idle, `delay` ms from now (replaces any earlier request). */
  const drawWhenIdle = (delay: number) => {
    cancelDeferred();
    const q = deferred.current;
    const ric = window.requestIdleCallback ?? ((f: () => void) => window.setTimeout(f, 1));
    const idle = () => {
      q.timer = null;
      q.idle = ric(
        () => {
          q.idle = null;
          drawRef.current(false);
        },
        { timeout: 1000 },
      );
    };
    if (delay > 0) q.timer = window.setTimeout(idle, delay);
    else idle();
  };
  // Charts on screen are redrawn synchronously (they count toward input→chart time). When only
  // the scenario changed, just its lines are rewritten, with the scales of the last full render
  // (fast-lines.ts): share charts then look exactly as after a full render, except that Plot's tip
  // still holds the earlier data, so the pointer moving over the chart triggers the full render;
  // charts whose scales follow the data get the full render (new axes) once the input has settled.
  // Charts scrolled out of view are drawn when they come into view, or when the input has settled
  // and the browser is idle (at once for their first drawing).
  const draw = (fastOk: boolean, input = propInput) => {
    const el = plot.current;
    if (!el || !input || width < 50) return;
    const size = { width, height, decorations: false as const };
    const d = drawn.current;
    const current = !!d && el.firstChild === d.element && d.size.width === width && d.size.height === height;
    if (current && d.input === input && d.exact) return;
    if (current && d.input === input && fastOk) return;
    if (current && fastOk && redrawScenarioLines(d, input, size)) {
      if (dataDependentScales(def, input.view)) drawWhenIdle(SETTLE_MS);
      return;
    }
    cancelDeferred();
    const next = drawChart(def, input, size);
    drawn.current = next;
    el.replaceChildren(next.element);
  };
  const drawRef = useRef(draw);
  drawRef.current = draw;
  useLayoutEffect(() => {
    if (visible.current) draw(true);
    else drawWhenIdle(drawn.current ? SETTLE_MS : 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [def, propInput, width, height]);
  useEffect(
    () =>
      board?.register({
        drawIfVisible: (input) => {
          if (visible.current) drawRef.current(true, input);
        },
        shows: (input) => (visible.current ? drawn.current?.input === input && plot.current?.firstChild === drawn.current.element : null),
      }),
    [board],
  );
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
      cancelDeferred();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  /** Brings a fast-redrawn chart up to date with a full render (before its tip or an export reads it). */
  const settle = () => {
    const d = drawn.current;
    if (d && !d.exact) drawRef.current(false, d.input);
  };
  // legend and caption are drawn here once per input rather than by Plot on every redraw
  const { legendItems, caption } = useMemo(() => {
    if (!propInput) return { legendItems: [] as { group: string; label: string }[], caption: '' };
    const groups = chartGroups(def, propInput);
    return {
      legendItems: groups.map((g) => ({ group: g, label: groupLabel(g) })),
      caption: chartCaption(propInput, { baseline: !!propInput.baseline && propInput.view !== 'difference', band: !!propInput.band && propInput.view !== 'difference', observations: propInput.view !== 'difference' && (observationRows(def, propInput.observations, groups).length > 0 || (def.yKind === 'share' && crossingRows(def, propInput.observations, groups).length > 0)) }),
    };
  }, [def, propInput]);
  const legend = () => legendItems;
  const file = `momentum-${def.id}`;
  const svg = () => {
    settle();
    return plot.current ? standaloneSvg(plot.current, def.title, legend()) : null;
  };
  const id = `${idPrefix}-${def.id}`;
  return (
    <article className={`chart-card${compact ? ' compact' : ''}`} id={id} aria-labelledby={`${id}-title`}>
      <header className="chart-head">
        <h2 id={`${id}-title`}>{def.title}</h2>
        {compact ? null : (
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
        )}
      </header>
      {propInput?.counterfactual ? <p className="badge-counterfactual">Counterfactual history</p> : null}
      {compact ? null : (
        <p className="chart-desc">
          {def.description} <HowItWorksLink mechanism={def.mechanism} />
        </p>
      )}
      <ul className="chart-legend" aria-label={`Legend of ${def.title}`}>
        {legendItems.map((l) => (
          <li key={l.group}>
            <span className="swatch" style={{ background: GROUP_COLORS[l.group] ?? '#333' }} aria-hidden="true" />
            {l.label}
          </li>
        ))}
      </ul>
      <div ref={box} className="chart-box" style={{ minHeight: height }} onPointerMoveCapture={settle}>
        <div ref={plot} className="chart-plot" data-chart={compact ? undefined : def.id} data-focus-chart={compact ? def.id : undefined} aria-hidden={compact ? true : undefined} />
        {!propInput ? <p className="chart-loading">Running the model…</p> : null}
      </div>
      <p className="chart-caption">{caption}</p>
      {compact || !propInput ? null : (
        <details className="chart-table" onToggle={(e) => setTableOpen((e.target as HTMLDetailsElement).open)}>
          <summary>Data table{' '}<span className="sr-only">of {def.title}</span></summary>
          {tableOpen ? <DataTable def={def} input={propInput} /> : null}
        </details>
      )}
    </article>
  );
});

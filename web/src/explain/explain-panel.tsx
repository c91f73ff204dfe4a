/**
 * "How it works": the model specification's monthly loop and mechanism sections (rendered
 * from docs/model.md at build time, equations as MathML), with the article's words quoted,
 * a diagram of the loops, and the observations the model is calibrated to, each with its
 * source link. Loaded on demand (its own chunk), in a modal dialog.
 */
import { useEffect, useRef } from 'react';
import sections from 'virtual:model-doc';
import type { ObservationPoint } from '../../../src/charts/index.js';
import { formatChartValue, CHARTS } from '../../../src/charts/index.js';

/** The causal loops of the model as a diagram (reinforcing loops R1, R2; the brakes B). */
function LoopDiagram() {
  const node = (x: number, y: number, w: number, label: string, href: string) => (
    <a href={`#${href}`}>
      <rect x={x - w / 2} y={y - 16} width={w} height={32} rx={7} className="loop-node" />
      <text x={x} y={y + 4} textAnchor="middle" className="loop-label">
        {label}
      </text>
    </a>
  );
  const arrow = (d: string, sign: '+' | '−', lx: number, ly: number) => (
    <g>
      <path d={d} className="loop-edge" markerEnd="url(#loop-arrow)" />
      <text x={lx} y={ly} className="loop-sign">
        {sign}
      </text>
    </g>
  );
  return (
    <figure className="loop-figure">
      <svg viewBox="0 0 640 300" aria-labelledby="loop-title loop-desc">
        <title id="loop-title">The model's loops</title>
        <desc id="loop-desc">
          R1, the data loop: adoption produces deployment data, data raises capability, capability attracts adoption. R2, the ecosystem loop: adoption and developers produce derivatives and a larger ecosystem, which attracts adoption. Compute (cut by export controls) and efficiency raise capability and lower prices; lower prices attract adoption. Perceived risk and bans hold adoption back.
        </desc>
        <defs>
          <marker id="loop-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0L10,5L0,10z" fill="#444" />
          </marker>
        </defs>
        {arrow('M300,132 C250,95 220,80 200,66', '+', 232, 102)}
        {arrow('M150,80 C120,120 120,170 150,200', '+', 106, 148)}
        {arrow('M210,214 C240,190 260,170 296,150', '+', 262, 196)}
        {arrow('M360,132 C400,95 420,80 440,66', '+', 410, 100)}
        {arrow('M490,80 C520,120 520,170 490,200', '+', 530, 148)}
        {arrow('M430,214 C400,190 380,170 346,150', '+', 380, 196)}
        {arrow('M110,262 C140,250 160,236 170,230', '+', 120, 244)}
        {arrow('M320,262 C320,220 320,200 320,170', '+', 330, 226)}
        {arrow('M540,262 C480,230 420,190 360,160', '−', 470, 238)}
        <text x="200" y="150" className="loop-r">R1</text>
        <text x="420" y="150" className="loop-r">R2</text>
        {node(320, 150, 120, 'Adoption', 'how-adoption-choice')}
        {node(170, 50, 150, 'Deployment data', 'how-data-feedback')}
        {node(170, 214, 110, 'Capability', 'how-capability')}
        {node(470, 50, 170, 'Derivatives, ecosystem', 'how-ecosystem-derivatives')}
        {node(470, 214, 140, 'Network effect', 'how-ecosystem-derivatives')}
        {node(90, 276, 170, 'Compute, export controls', 'how-compute-and-export-controls')}
        {node(320, 276, 160, 'Efficiency → prices', 'how-cost-efficiency')}
        {node(550, 276, 150, 'Risk, bans', 'how-governance-risk')}
      </svg>
      <figcaption>
        Two reinforcing loops drive the race: <strong>R1</strong>, data (adoption → deployment data → capability → adoption) and <strong>R2</strong>, the ecosystem (adoption → derivatives → network effect → adoption). Compute, efficiency and prices feed capability and cost; risk and bans hold adoption back. Each box links to its section.
      </figcaption>
    </figure>
  );
}

/** The observations the model is calibrated to, with links. */
function ObservationList({ observations }: { observations: readonly ObservationPoint[] }) {
  const chartOf = (metric: string) => CHARTS.find((c) => c.metric === metric || c.lines?.some((l) => l.metric === metric));
  return (
    <section id="how-observations" aria-labelledby="how-observations-title">
      <h3 id="how-observations-title">The observations</h3>
      <p>
        Calibrated parameters were fitted to these published measurements (data/observations.json); each is drawn on the charts where it is a value of a line. {observations.length ? '' : 'None were loaded.'}
      </p>
      <ul className="obs-list">
        {observations.map((o) => {
          const def = chartOf(o.metric);
          const figure = def && o.unit && /^share/.test(o.unit) ? formatChartValue(def, o.value) : String(o.value);
          const period = typeof o.period === 'string' ? o.period : `${o.period.start} to ${o.period.end}`;
          return (
            <li key={o.id}>
              <strong>{o.id}</strong>: {o.metric} {o.group}, {figure}
              {o.unit ? ` ${o.unit}` : ''}, {period}.{' '}
              {o.source?.url ? (
                <a href={o.source.url} target="_blank" rel="noreferrer">
                  {o.source.author} ({o.source.year}), {o.source.title}
                </a>
              ) : (
                `${o.source?.author ?? ''} ${o.source?.title ?? ''}`
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** The dialog. `section` is scrolled into view when given. */
export default function ExplainPanel({ section, observations, onClose }: { section?: string; observations: readonly ObservationPoint[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (!d.open) d.showModal();
    const target = section ? d.querySelector<HTMLElement>(`#${CSS.escape(section)}`) : null;
    if (target) {
      target.scrollIntoView({ block: 'start' });
      target.focus({ preventScroll: true });
    }
  }, [section]);
  return (
    <dialog
      ref={ref}
      className="explain"
      aria-labelledby="explain-title"
      onClose={onClose}
      onClick={(e) => {
        // internal links (#how-…) scroll inside the dialog
        const a = (e.target as HTMLElement).closest('a');
        const href = a?.getAttribute('href');
        if (a && href?.startsWith('#')) {
          e.preventDefault();
          ref.current?.querySelector<HTMLElement>(`#${CSS.escape(href.slice(1))}`)?.scrollIntoView({ block: 'start' });
        }
      }}
    >
      <header className="explain-head">
        <h2 id="explain-title">How it works</h2>
        <button type="button" onClick={() => ref.current?.close()} aria-label="Close How it works">
          Close
        </button>
      </header>
      <div className="explain-body">
        <p>
          Momentum simulates, month by month from 2023-01 to 2030-12, how adopters in four blocs (US, CN, EU, rest of world) choose among the models of about twenty labs, and how those choices feed back into data, capability, prices and ecosystems. This is the model's specification (docs/model.md), with the passages of the
          article each mechanism models. Parameters marked <em>assumption</em> are not measured; calibrated ones were fitted to the observations listed at the end.
        </p>
        <LoopDiagram />
        <nav aria-label="Sections">
          <ul className="explain-toc">
            {sections.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
            <li>
              <a href="#how-observations">The observations</a>
            </li>
          </ul>
        </nav>
        {sections.map((s) => (
          <section key={s.id} id={s.id} tabIndex={-1} aria-labelledby={`${s.id}-title`}>
            <h3 id={`${s.id}-title`}>{s.title}</h3>
            <div className="explain-text" dangerouslySetInnerHTML={{ __html: s.html }} />
          </section>
        ))}
        <ObservationList observations={observations} />
      </div>
    </dialog>
  );
}

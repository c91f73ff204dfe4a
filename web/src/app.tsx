/**
 * The Momentum playground: levers and assumptions on the left, headlines and charts on the
 * right. Every change re-runs the meanfield model in a Web Worker (latest input wins); the
 * baseline is drawn dashed beside the scenario; the URL always holds the state.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { BUILTIN_SCENARIOS, MODEL_VERSION, PARAM_INDEX, SeriesSet, seriesToCsv, type ParamValue, type ScenarioInput } from '../../src/model/index.js';
import { CHARTS, type ObservationPoint, type RunSeries } from '../../src/charts/index.js';
import { LatestScheduler } from './engine/latest-scheduler.js';
import { startModelWorker, type ModelClient } from './engine/model-client.js';
import { ENSEMBLE, type WorkerSpan } from './engine/protocol.js';
import { buildScenario, defaultState, withParam, type PlaygroundState } from './state/playground-state.js';
import { encodeState } from './state/url-state.js';
import { markInput, recordChartUpdate, type Timing } from './timing.js';
import { loadObservations } from './observations.js';
import { PolicyLevers } from './components/policy-levers.js';
import { WorldAssumptions } from './components/world-assumptions.js';
import { ChartCard } from './components/chart-card.js';
import { ChartBoard, chartInputCache, type Band } from './components/chart-board.js';
import { HeadlinePanel } from './components/headline-panel.js';
import { Toolbar } from './components/toolbar.js';

interface RunJob {
  scenario: ScenarioInput;
  key: string;
  t0: number;
}

interface Displayed {
  run: RunSeries;
  key: string;
  t0: number;
  workerMs: number;
  /** When the request was posted to the worker and when its reply arrived (performance.now()). */
  posted: number;
  received: number;
  /** When the worker started and finished the run (epoch ms). */
  at?: WorkerSpan;
  renderStart: number;
}

/** Delay of the URL update after the last change of state, ms. */
const URL_DELAY_MS = 150;

function runCsv(run: RunSeries): string {
  const set = new SeriesSet(run.dates.length);
  for (const s of run.series) set.get(s.metric, s.group).set(Array.from(s.values, (v) => (v === null ? NaN : v)));
  return seriesToCsv(run.dates, set);
}

/** The app, started from a decoded URL state. */
export function App({ initial, warning }: { initial: PlaygroundState; warning?: string }) {
  const [state, setState] = useState(initial);
  const stateRef = useRef(initial);
  const [displayed, setDisplayed] = useState<Displayed | null>(null);
  const [baseline, setBaseline] = useState<RunSeries | null>(null);
  const [band, setBand] = useState<Band | null>(null);
  const [bandMs, setBandMs] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(warning ?? null);
  const [observations, setObservations] = useState<ObservationPoint[]>([]);
  const [timing, setTiming] = useState<Timing | null>(null);
  const [controlsOpen, setControlsOpen] = useState(false);
  const board = useMemo(() => new ChartBoard(), []);
  const inputOf = useMemo(chartInputCache, []);
  // what a worker reply needs to draw the charts before React renders (kept in step with the state)
  const latest = useRef({ baseline: null as RunSeries | null, band: null as Band | null, observations: [] as ObservationPoint[] });
  latest.current = { baseline, band, observations };
  const recorded = useRef<Displayed | null>(null);
  const runner = useRef<LatestScheduler<RunJob, Displayed> | null>(null);
  const bander = useRef<LatestScheduler<RunJob, { key: string; low: RunSeries; high: RunSeries; ms: number }> | null>(null);

  // Workers and schedulers live as long as the app.
  useEffect(() => {
    const main: ModelClient = startModelWorker();
    const ens: ModelClient = startModelWorker();
    runner.current = new LatestScheduler<RunJob, Displayed>({
      run: async (job) => {
        const posted = performance.now();
        const r = await main.request<'run'>({ kind: 'run', scenario: job.scenario });
        const received = performance.now();
        if (r.kind !== 'run') throw new Error('unexpected reply');
        return { run: r.run, key: job.key, t0: job.t0, workerMs: r.ms, posted, received, at: r.at, renderStart: 0 };
      },
      onResult: (reply) => {
        const d = { ...reply, renderStart: performance.now() };
        // The charts in view are drawn now, straight from the reply; React then renders the
        // rest of the page (headlines, legends, captions) with the same chart input.
        const l = latest.current;
        let early = false;
        try {
          early = board.drawVisible(inputOf(d, l.baseline, l.band, l.observations, stateRef.current.band));
        } catch {
          // React's render draws the charts again and reports any error
        }
        if (early) {
          recorded.current = d;
          setTiming(recordChartUpdate(d));
        }
        setError(null);
        setDisplayed(d);
      },
      onError: (e) => setError(`The model could not run this scenario: ${(e as Error).message}`),
    });
    bander.current = new LatestScheduler({
      run: async (job: RunJob) => {
        const r = await ens.request<'ensemble'>({ kind: 'ensemble', scenario: job.scenario, runs: ENSEMBLE.runs, agents: ENSEMBLE.agents });
        if (r.kind !== 'ensemble') throw new Error('unexpected reply');
        return { key: job.key, low: r.low, high: r.high, ms: r.ms };
      },
      onResult: (b) => {
        setBand(b);
        setBandMs(b.ms);
      },
      onError: (e) => setError(`The uncertainty ensemble failed: ${(e as Error).message}`),
    });
    void main.request<'baseline'>({ kind: 'baseline' }).then(
      (r) => r.kind === 'baseline' && setBaseline(r.run),
      (e: Error) => setError(`The baseline could not run: ${e.message}`),
    );
    void loadObservations().then((o) => setObservations(o.observations));
    schedule(stateRef.current, performance.now());
    return () => {
      main.terminate();
      ens.terminate();
      runner.current = null;
      bander.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  function schedule(s: PlaygroundState, t0: number) {
    const scenario = buildScenario(s);
    const key = JSON.stringify(scenario);
    runner.current?.schedule({ scenario, key, t0 });
    if (s.band) bander.current?.schedule({ scenario, key, t0 });
  }

  /** Applies a change: new state, URL, and a run (latest input wins). */
  const update = useCallback((f: (s: PlaygroundState) => PlaygroundState) => {
    const t0 = markInput();
    const next = f(stateRef.current);
    stateRef.current = next;
    setState(next);
    schedule(next, t0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const setParam = useCallback((name: string, v: ParamValue) => update((s) => withParam(s, name, v)), [update]);
  const value = useCallback((name: string): ParamValue => state.params[name] ?? PARAM_INDEX.get(name)?.default ?? 0, [state.params]);
  // The controls do not depend on the run, so a new result does not re-render them.
  const levers = useMemo(
    () => (
      <>
        <PolicyLevers state={state} value={value} setParam={setParam} update={update} />
        <WorldAssumptions value={value} setParam={setParam} />
      </>
    ),
    [state, value, setParam, update],
  );

  // The URL follows the state once the input pauses (replaceState costs a few ms per call,
  // which would otherwise delay every slider step's chart update).
  useEffect(() => {
    const t = window.setTimeout(() => history.replaceState(null, '', `${location.pathname}?${encodeState(state)}`), URL_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [state]);

  const chartInput = displayed ? inputOf(displayed, baseline, band, observations, state.band) : null;

  // A result the reply could not draw early (e.g. the first one): children's layout effects
  // (the charts) have run by now, so its charts are in the DOM.
  useLayoutEffect(() => {
    if (!displayed || recorded.current === displayed) return;
    recorded.current = displayed;
    setTiming(recordChartUpdate(displayed));
  }, [displayed]);

  const isBaseline = state.preset === 'baseline' && Object.keys(state.params).length === 0 && !state.exportControl.on && !state.incident.on && !Object.keys(state.restrictions.rules).length && !state.extraEvents.length;
  const preset = BUILTIN_SCENARIOS.find((s) => s.name === state.preset);
  const bandPending = state.band && (!band || !displayed || band.key !== displayed.key);

  return (
    <div className="app">
      <a className="skip" href="#charts">
        Skip to charts
      </a>
      <header className="top">
        <div className="title">
          <h1>Momentum playground</h1>
          <p className="tagline">The open-source AI race, simulated. Move a lever: the model re-runs at once; dashed lines are the calibrated baseline.</p>
        </div>
        <nav className="presets" aria-label="Preset scenarios">
          {BUILTIN_SCENARIOS.map((s) => (
            <button
              key={s.name}
              type="button"
              aria-pressed={state.preset === s.name}
              title={s.description}
              onClick={() => update((cur) => ({ ...defaultState(), preset: s.name, band: cur.band }))}
            >
              {s.name}
            </button>
          ))}
        </nav>
        <Toolbar state={state} replace={(s) => update(() => s)} csv={() => (displayed ? runCsv(displayed.run) : null)} onError={setError} />
      </header>
      {notice ? (
        <div className="notice" role="status">
          {notice}{' '}
          <button type="button" onClick={() => setNotice(null)} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ) : null}
      {error ? (
        <div className="error" role="alert">
          <pre>{error}</pre>
          <button type="button" onClick={() => setError(null)} aria-label="Dismiss error">
            ×
          </button>
        </div>
      ) : null}
      <div className="layout">
        <aside className={`controls${controlsOpen ? ' open' : ''}`} aria-label="Levers and assumptions">
          <button type="button" className="controls-toggle" aria-expanded={controlsOpen} aria-controls="controls-body" onClick={() => setControlsOpen((o) => !o)}>
            {controlsOpen ? 'Hide levers and assumptions' : 'Show levers and assumptions'}
          </button>
          <div id="controls-body" className="controls-body">
            <details className="preset-desc">
              <summary>
                Preset <strong>{state.preset || 'none'}</strong>: what it assumes
              </summary>
              <p>{preset?.description ?? 'The default world without the recorded events (an imported scenario without "extends").'}</p>
            </details>
            <div className="control-row">
              <button type="button" onClick={() => update(() => ({ ...defaultState(), band: stateRef.current.band }))} disabled={isBaseline}>
                Reset to baseline
              </button>
              <div className="inline-field">
                <input id="band-toggle" type="checkbox" checked={state.band} onChange={(e) => update((s) => ({ ...s, band: e.target.checked }))} />
                <label htmlFor="band-toggle">
                  Uncertainty band ({ENSEMBLE.runs} agents runs × {ENSEMBLE.agents.toLocaleString('en')} agents, 5–95%)
                </label>
              </div>
            </div>
            {levers}
            {state.extraEvents.length ? (
              <fieldset className="group">
                <legend>Imported events</legend>
                <ul className="events">
                  {state.extraEvents.map((e, i) => (
                    <li key={i}>
                      <code>{e.date}</code> {e.type}{' '}
                      <button type="button" aria-label={`Remove imported event ${i + 1} (${e.type}, ${e.date})`} onClick={() => update((s) => ({ ...s, extraEvents: s.extraEvents.filter((_, j) => j !== i) }))}>
                        remove
                      </button>
                    </li>
                  ))}
                </ul>
              </fieldset>
            ) : null}
          </div>
        </aside>
        <main id="charts" tabIndex={-1}>
          <HeadlinePanel run={displayed?.run ?? null} baseline={baseline} isBaseline={isBaseline} />
          <p className="status" aria-live="off">
            Model {MODEL_VERSION} · meanfield{timing ? ` · worker ${timing.workerMs.toFixed(1)} ms · input→chart ${timing.inputToChartMs.toFixed(1)} ms` : ''}
            {state.band ? (bandPending ? ' · computing uncertainty band…' : bandMs !== null ? ` · band ${bandMs.toFixed(0)} ms` : '') : ''}
            {observations.length ? ` · ${observations.length} observations` : ''}
          </p>
          <div className="charts" data-ready={displayed ? 'true' : 'false'}>
            {CHARTS.map((def) => (
              <ChartCard key={def.id} def={def} input={chartInput} board={board} />
            ))}
          </div>
        </main>
      </div>
    </div>
  );
}

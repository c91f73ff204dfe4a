/**
 * The Momentum playground: levers and assumptions on the left, headlines and charts on the
 * right. Every change re-runs the meanfield model in a Web Worker (latest input wins); B (by
 * default the calibrated baseline) is drawn dashed beside A, the scenario being edited; the URL
 * always holds the state, and each settled change is a history entry (undo, redo, Back).
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { BUILTIN_SCENARIOS, MODEL_VERSION, PARAM_INDEX, SeriesSet, seriesToCsv, type ParamValue, type ScenarioInput } from '../../src/model/index.js';
import { CHARTS, CHART_INDEX, chartGroups, crossingRows, observationRows, type ObservationPoint, type RunSeries } from '../../src/charts/index.js';
import { LatestScheduler } from './engine/latest-scheduler.js';
import { startModelWorker, type ModelClient } from './engine/model-client.js';
import { bandLabel, ENSEMBLE, type WorkerSpan } from './engine/protocol.js';
import { PosteriorBand } from './engine/posterior-band.js';
import { posteriorBandLabel } from './engine/posterior-plan.js';
import { buildScenario, defaultState, historyRewrite, isPosteriorBand, presetOf, presetState, SET_PARAMS_SUPPORTED, withParam, type BandKind, type PlaygroundState } from './state/playground-state.js';

/** Suffix of the band key of a posterior band with the assumptions drawn. */
const ASSUMPTIONS_KEY = '|assumptions';
import { decodeState, encodeState } from './state/url-state.js';
import { HistoryNav } from './state/history-nav.js';
import { exposeQuietProbe } from './quiet-probe.js';
import { listSaved, removeSaved, saveScenario, savedState, type SavedScenario } from './state/saved-scenarios.js';
import { chartForLever, chartForParam } from './state/lever-focus.js';
import { markInput, recordBandUpdate, recordChartUpdate, type Timing } from './timing.js';
import { loadObservations } from './observations.js';
import { PolicyLevers } from './components/policy-levers.js';
import { WorldAssumptions } from './components/world-assumptions.js';
import { ChartCard } from './components/chart-card.js';
import { ChartBoard, chartInputCache, type Band, type ChartExtras } from './components/chart-board.js';
import { HeadlinePanel } from './components/headline-panel.js';
import { Toolbar } from './components/toolbar.js';
import { ScenariosPanel, type Reference } from './components/scenarios-panel.js';
import { ExplainContext, type ExplainApi } from './explain/explain-context.js';
import { authorLinks } from './explain/source-links.js';

const ExplainPanel = lazy(() => import('./explain/explain-panel.js'));

interface RunJob {
  scenario: ScenarioInput;
  key: string;
  t0: number;
}

interface Displayed {
  run: RunSeries;
  key: string;
  scenario: ScenarioInput;
  t0: number;
  workerMs: number;
  /** When the request was posted to the worker and when its reply arrived (performance.now()). */
  posted: number;
  received: number;
  /** When the worker started and finished the run (epoch ms). */
  at?: WorkerSpan;
  renderStart: number;
}

/** Quiet time after an input before the agents band is computed, ms (it runs off the critical path). */
const BAND_DELAY_MS = 300;
/** Numbers of runs at which the agents band on the charts is updated (quantiles change at 10 and 20). */
const BAND_STEPS = [4, 10, ENSEMBLE.runs];
/** Labels of the band kinds (the select's options). */
const BAND_KIND_LABELS: Record<BandKind, string> = {
  posterior: 'parameter uncertainty (posterior)',
  'posterior-assumptions': 'parameters and assumptions (posterior, assumptions from their priors)',
  agents: 'sampling noise (agents)',
};

function runCsv(run: RunSeries): string {
  const set = new SeriesSet(run.dates.length);
  for (const s of run.series) set.get(s.metric, s.group).set(Array.from(s.values, (v) => (v === null ? NaN : v)));
  return seriesToCsv(run.dates, set);
}

const keyOf = (s: ScenarioInput) => JSON.stringify(s);

/** The scenario of a reference (B) and whether it rewrites history, or null. */
function referenceScenario(r: Reference, saved: readonly SavedScenario[], now: string): { scenario: ScenarioInput; name: string; rewrite: string | null } | null {
  if (r.kind === 'preset') {
    if (r.name === 'baseline') return { scenario: { name: 'baseline', extends: 'baseline' }, name: r.name, rewrite: null };
    const st = presetState(r.name, now);
    return { scenario: buildScenario(st), name: r.name, rewrite: historyRewrite(st) };
  }
  if (r.kind === 'saved') {
    const x = saved.find((s) => s.name === r.name);
    const st = x ? savedState(x) : null;
    return st?.ok ? { scenario: buildScenario(st.state), name: r.name, rewrite: historyRewrite(st.state) } : null;
  }
  return null;
}

/** True when a keyboard event comes from a field where Ctrl+Z edits text. */
function inTextField(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null;
  if (!t) return false;
  if (t instanceof HTMLTextAreaElement) return true;
  return t instanceof HTMLInputElement && ['text', 'search', 'url', 'email', 'number', 'month'].includes(t.type);
}

/** The app, started from a decoded URL state. */
export function App({ initial, warning }: { initial: PlaygroundState; warning?: string }) {
  const [state, setState] = useState(initial);
  const stateRef = useRef(initial);
  const [displayed, setDisplayed] = useState<Displayed | null>(null);
  const [baseline, setBaseline] = useState<RunSeries | null>(null);
  const [reference, setReference] = useState<Reference>({ kind: 'preset', name: 'baseline' });
  const [referenceRun, setReferenceRun] = useState<{ key: string; run: RunSeries } | null>(null);
  const [difference, setDifference] = useState(false);
  // one band per kind, so switching kinds never shows the other kind's band
  const [agentsBand, setAgentsBand] = useState<Band | null>(null);
  const [posteriorBand, setPosteriorBand] = useState<Band | null>(null);
  const [bandKind, setBandKind] = useState<BandKind>(initial.band || 'posterior');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(warning ?? null);
  const [observations, setObservations] = useState<ObservationPoint[]>([]);
  const [, setTiming] = useState<Timing | null>(null);
  const [controlsOpen, setControlsOpen] = useState(false);
  const [saved, setSaved] = useState<SavedScenario[]>(() => listSaved());
  const [explain, setExplain] = useState<{ section?: string; n: number } | null>(null);
  const [focusChart, setFocusChart] = useState('usage-share');
  const [, setNavTick] = useState(0);
  const board = useMemo(() => new ChartBoard(), []);
  const inputOf = useMemo(chartInputCache, []);
  const client = useRef<ModelClient | null>(null);
  const bandClient = useRef<ModelClient | null>(null);
  const posterior = useRef<PosteriorBand | null>(null);
  const rewrite = historyRewrite(state);
  const refInfo = useMemo(() => referenceScenario(reference, saved, state.now), [reference, saved, state.now]);
  const refRun = reference.kind === 'preset' && reference.name === 'baseline' ? baseline : refInfo && referenceRun?.key === keyOf(refInfo.scenario) ? referenceRun.run : null;
  const refRewrite = refInfo?.rewrite ?? null;
  const extras: ChartExtras = useMemo(
    () => ({ labels: { current: `A: ${state.name}`, baseline: `B: ${refInfo?.name ?? 'none'}` }, now: state.now, counterfactual: rewrite !== null || refRewrite !== null, view: difference ? 'difference' : 'lines' }),
    [state.name, refInfo?.name, state.now, rewrite, refRewrite, difference],
  );
  // a posterior band of the other kind (with or without the assumptions) is not shown
  const band = isPosteriorBand(state.band) ? (posteriorBand && !!posteriorBand.assumptions === (state.band === 'posterior-assumptions') ? posteriorBand : null) : state.band === 'agents' ? agentsBand : null;
  // what a worker reply needs to draw the charts before React renders (kept in step with the state)
  const latest = useRef({ reference: null as RunSeries | null, band: null as Band | null, observations: [] as ObservationPoint[], extras });
  latest.current = { reference: refRun, band, observations, extras };
  const recorded = useRef<Displayed | null>(null);
  const runner = useRef<LatestScheduler<RunJob, Displayed> | null>(null);
  const bandTimer = useRef<number | null>(null);
  /** The agents band's stop flag, shared with the band worker (null when the page cannot share memory). */
  const agentsStop = useRef<Int32Array | null | undefined>(undefined);
  const bandKey = useRef('');

  // Workers and schedulers live as long as the app.
  useEffect(() => {
    const main: ModelClient = startModelWorker();
    client.current = main;
    runner.current = new LatestScheduler<RunJob, Displayed>({
      run: async (job) => {
        const posted = performance.now();
        const r = await main.request<'run'>({ kind: 'run', scenario: job.scenario });
        const received = performance.now();
        if (r.kind !== 'run') throw new Error('unexpected reply');
        return { run: r.run, key: job.key, scenario: job.scenario, t0: job.t0, workerMs: r.ms, posted, received, at: r.at, renderStart: 0 };
      },
      onResult: (reply) => {
        const d = { ...reply, renderStart: performance.now() };
        // the posterior band of this result starts now, unless a newer input waits to run
        if (isPosteriorBand(stateRef.current.band) && !runner.current?.hasPending) wantPosterior(d.key, d.scenario);
        // The charts in view are drawn now, straight from the reply; React then renders the
        // rest of the page (headlines, legends, captions) with the same chart input.
        const l = latest.current;
        let early = false;
        try {
          early = board.drawVisible(inputOf(d, l.reference, l.band, l.observations, !!stateRef.current.band, l.extras));
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
    void main.request<'baseline'>({ kind: 'baseline' }).then(
      (r) => r.kind === 'baseline' && setBaseline(r.run),
      (e: Error) => setError(`The baseline could not run: ${e.message}`),
    );
    schedule(stateRef.current, performance.now());
    return () => {
      main.terminate();
      posterior.current?.hold();
      bandClient.current?.terminate();
      client.current = null;
      bandClient.current = null;
      posterior.current = null;
      runner.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    let alive = true;
    void loadObservations().then((o) => alive && setObservations(o.observations));
    return () => {
      alive = false;
    };
  }, []);

  function schedule(s: PlaygroundState, t0: number) {
    const scenario = buildScenario(s);
    // the posterior band waits while the central line runs (its draw in flight stops at its next month)
    posterior.current?.hold();
    // and the agents band's run in flight stops at its next month (it starts again once the input pauses)
    if (agentsStop.current) Atomics.add(agentsStop.current, 0, 1);
    runner.current?.schedule({ scenario, key: keyOf(scenario), t0 });
  }

  /** Starts (or continues) the posterior band of a scenario in the band worker. */
  function wantPosterior(key: string, scenario: ScenarioInput) {
    if (!posterior.current) {
      posterior.current = new PosteriorBand({
        // shared memory needs a cross-origin isolated page (`momentum serve` and Vite send the headers)
        stopFlag: typeof SharedArrayBuffer !== 'undefined' && window.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null,
        request: async (body) => {
          bandClient.current ??= startModelWorker();
          const r = await bandClient.current.request<'posterior'>(body);
          if (r.kind !== 'posterior') throw new Error('unexpected reply');
          return r;
        },
        onStage: (r) => {
          if (!r.stage.low || !r.stage.high) {
            setError(`The posterior band could not be computed: all ${r.stage.size} draws broke the model's invariants.`);
            return;
          }
          const label = posteriorBandLabel(r.stage.n, r.stage.q, { failed: r.stage.failed, placeholder: r.placeholder, assumptions: r.assumptions });
          const assumptions = r.key.endsWith(ASSUMPTIONS_KEY);
          setPosteriorBand({ kind: 'posterior', assumptions, key: assumptions ? r.key.slice(0, -ASSUMPTIONS_KEY.length) : r.key, low: r.stage.low, high: r.stage.high, n: r.stage.n, q: r.stage.q, label, total: r.total, size: r.stage.size });
        },
        onError: (e) => setError(`The posterior band failed: ${e.message}`),
      });
      window.__momentumPosterior = posterior.current.stats;
    }
    // with the assumptions drawn the band is another band of the same scenario: its own key
    const assumptions = stateRef.current.band === 'posterior-assumptions';
    posterior.current.want(assumptions ? key + ASSUMPTIONS_KEY : key, scenario, assumptions);
  }

  // History: each settled change is an entry; Back, Forward, Ctrl+Z and Ctrl+Shift+Z move through them.
  const nav = useMemo(
    () =>
      new HistoryNav<PlaygroundState>(
        {
          encode: encodeState,
          restore: (search) => {
            const d = decodeState(search);
            if (!d.ok) return setError(`This history entry cannot be opened: ${d.message}`);
            apply({ ...d.state, band: stateRef.current.band }, false);
          },
          onChange: () => setNavTick((n) => n + 1),
        },
        initial,
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  useEffect(() => () => nav.dispose(), [nav]);
  useEffect(() => exposeQuietProbe(() => !runner.current?.busy && !runner.current?.hasPending && !nav.settling), [nav]);

  /** Makes `next` the state: runs it, and (unless it comes from the history) records a history step. */
  function apply(next: PlaygroundState, record = true) {
    const t0 = markInput();
    stateRef.current = next;
    setState(next);
    schedule(next, t0);
    if (record) nav.change(next);
  }

  /** Applies a change: new state, URL, and a run (latest input wins). */
  const update = useCallback((f: (s: PlaygroundState) => PlaygroundState) => apply(f(stateRef.current)), // eslint-disable-next-line react-hooks/exhaustive-deps
  []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || inTextField(e)) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        nav.undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        nav.redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nav]);

  const setParam = useCallback(
    (name: string, v: ParamValue) => {
      setFocusChart(chartForParam(name));
      update((s) => withParam(s, name, v));
    },
    [update],
  );
  const updateLever = useCallback(
    (f: (s: PlaygroundState) => PlaygroundState) => {
      const before = stateRef.current;
      const next = f(before);
      if (next.exportControl !== before.exportControl) setFocusChart(chartForLever('export-control'));
      else if (next.restrictions !== before.restrictions || next.incident !== before.incident) setFocusChart(chartForLever('restrictions'));
      apply(next);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const value = useCallback((name: string): ParamValue => state.params[name] ?? PARAM_INDEX.get(name)?.default ?? 0, [state.params]);

  // B: runs of saved scenarios and presets other than the baseline, once per choice
  useEffect(() => {
    if (!refInfo || (reference.kind === 'preset' && reference.name === 'baseline')) return;
    const key = keyOf(refInfo.scenario);
    if (referenceRun?.key === key) return;
    let alive = true;
    void client.current?.request<'run'>({ kind: 'run', scenario: refInfo.scenario }).then(
      (r) => alive && r.kind === 'run' && setReferenceRun({ key, run: r.run }),
      (e: Error) => alive && setError(`Scenario B could not run: ${e.message}`),
    );
    return () => {
      alive = false;
    };
  }, [refInfo, reference, referenceRun?.key]);

  // The posterior band follows the central line (started by its result, see onResult); switched
  // on, or back to it, it starts from the result on the charts; switched off or to the agents
  // band, it stops.
  useEffect(() => {
    if (!isPosteriorBand(state.band)) posterior.current?.hold();
    else if (displayed && !runner.current?.busy) wantPosterior(displayed.key, displayed.scenario);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.band]);

  // The agents band: agents runs in a second worker, one per request, started once the
  // input has paused and stopped when the scenario changes, so it never delays a lever's update.
  useEffect(() => {
    if (bandTimer.current !== null) window.clearTimeout(bandTimer.current);
    bandTimer.current = null;
    if (state.band !== 'agents' || !displayed) return;
    const key = displayed.key;
    if (agentsBand?.key === key && agentsBand.n >= ENSEMBLE.runs) return;
    bandKey.current = key;
    const scenario = displayed.scenario;
    const step = () => {
      if (bandKey.current !== key || stateRef.current.band !== 'agents') return;
      bandClient.current ??= startModelWorker();
      // shared memory needs a cross-origin isolated page (`momentum serve` and Vite send the headers)
      agentsStop.current ??= typeof SharedArrayBuffer !== 'undefined' && window.crossOriginIsolated ? new Int32Array(new SharedArrayBuffer(4)) : null;
      const f = agentsStop.current;
      void bandClient.current.request<'band'>({ kind: 'band', scenario, key, runs: ENSEMBLE.perRequest, agents: ENSEMBLE.agents, ...(f ? { stop: { flag: f, epoch: Atomics.load(f, 0) } } : {}) }).then(
        (r) => {
          if (r.kind !== 'band' || bandKey.current !== key) return;
          // stopped by an input: go on once the input has paused (its run may give this same scenario)
          if (r.stopped) {
            bandTimer.current = window.setTimeout(step, BAND_DELAY_MS);
            return;
          }
          if (r.low && r.high && (BAND_STEPS.includes(r.n) || r.n >= ENSEMBLE.runs)) setAgentsBand({ kind: 'agents', key, low: r.low, high: r.high, n: r.n, q: r.q, label: bandLabel(r.n, r.q), total: ENSEMBLE.runs, size: r.n });
          if (r.n < ENSEMBLE.runs) bandTimer.current = window.setTimeout(step, 0);
        },
        (e: Error) => setError(`The uncertainty band failed: ${e.message}`),
      );
    };
    bandTimer.current = window.setTimeout(step, BAND_DELAY_MS);
    return () => {
      bandKey.current = '';
      if (bandTimer.current !== null) window.clearTimeout(bandTimer.current);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.band, displayed?.key]);

  const chartInput = displayed ? inputOf(displayed, refRun, band, observations, !!state.band, extras) : null;

  // A result the reply could not draw early (e.g. the first one): children's layout effects
  // (the charts) have run by now, so its charts are in the DOM.
  useLayoutEffect(() => {
    if (!displayed || recorded.current === displayed) return;
    recorded.current = displayed;
    setTiming(recordChartUpdate(displayed));
  }, [displayed]);

  // The first band of the scenario on the charts: its delay from the input (charts drawn by now).
  const bandRecorded = useRef<string>('');
  useLayoutEffect(() => {
    if (!band || !displayed || band.key !== displayed.key || !chartInput?.band) return;
    const id = `${band.kind}${band.assumptions ? '+assumptions' : ''}:${band.key}`;
    if (bandRecorded.current === id) return;
    bandRecorded.current = id;
    recordBandUpdate(displayed.t0, { kind: band.kind, n: band.n, key: band.key });
  });

  const activePreset = useMemo(() => presetOf(state), [state]);
  const isBaseline = activePreset === 'baseline';
  const drawnObs = useMemo(() => {
    if (!baseline) return { points: 0, charts: 0 };
    let points = 0;
    let charts = 0;
    for (const def of CHARTS) {
      const groups = chartGroups(def, { current: baseline });
      const n = observationRows(def, observations, groups).length + (def.yKind === 'share' ? crossingRows(def, observations, groups).length : 0);
      points += n;
      if (n) charts++;
    }
    return { points, charts };
  }, [baseline, observations]);
  const bandStale = state.band && band && displayed && band.key !== displayed.key;
  const bandMore = band && band.size < band.total && !bandStale;
  const explainApi: ExplainApi = useMemo(() => ({ open: (section?: string) => setExplain((e) => ({ section, n: (e?.n ?? 0) + 1 })), authors: authorLinks(observations) }), [observations]);

  const levers = useMemo(
    () => (
      <>
        <PolicyLevers state={state} value={value} setParam={setParam} update={updateLever} />
        <WorldAssumptions value={value} setParam={setParam} from={state.now} counterfactual={state.counterfactual || !SET_PARAMS_SUPPORTED} starts={state.starts} />
      </>
    ),
    [state, value, setParam, updateLever],
  );

  const loadSaved = (x: SavedScenario) => {
    const st = savedState(x);
    if (!st.ok) return setError(`The saved scenario "${x.name}" cannot be opened: ${st.message}`);
    apply({ ...st.state, band: stateRef.current.band });
    setNotice(`Loaded "${x.name}" as A.`);
  };
  const loadPreset = (name: string) => apply({ ...presetState(name, stateRef.current.now), band: stateRef.current.band });

  return (
    <ExplainContext.Provider value={explainApi}>
      <div className="app">
        <a className="skip" href="#charts">
          Skip to charts
        </a>
        <a className="skip" href="#controls-body">
          Skip to levers
        </a>
        <header className="top">
          <div className="title">
            <h1>Momentum playground</h1>
            <p className="tagline">The open-source AI race, simulated. Move a lever: the model re-runs at once. Solid lines: your scenario (A); dashed: the comparison (B, by default the calibrated baseline).</p>
          </div>
          <nav className="presets" aria-label="Preset scenarios">
            {BUILTIN_SCENARIOS.map((s) => (
              <button key={s.name} type="button" aria-pressed={activePreset === s.name} title={s.description} onClick={() => loadPreset(s.name)}>
                {s.name}
              </button>
            ))}
          </nav>
          <Toolbar
            state={state}
            replace={(s) => apply(s)}
            csv={() => (displayed ? runCsv(displayed.run) : null)}
            onError={setError}
            onNotice={setNotice}
            undo={() => nav.undo()}
            redo={() => nav.redo()}
            canUndo={nav.canUndo}
            canRedo={nav.canRedo}
            explain={() => explainApi.open()}
          />
        </header>
        {notice ? (
          <div className="notice" role="status">
            <span>{notice}</span>
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
          <aside className={`controls${controlsOpen ? ' open' : ''}`} aria-labelledby="controls-title">
            <h2 id="controls-title" className="sr-only">
              Levers and assumptions
            </h2>
            <button type="button" className="controls-toggle" aria-expanded={controlsOpen} aria-controls="controls-body" onClick={() => setControlsOpen((o) => !o)}>
              {controlsOpen ? 'Hide levers and assumptions' : 'Show levers and assumptions'}
            </button>
            {controlsOpen ? (
              <div className="focus-chart" aria-label="The chart of the last lever moved">
                <label htmlFor="focus-chart-pick" className="sr-only">
                  Chart shown beside the levers
                </label>
                <select id="focus-chart-pick" value={focusChart} onChange={(e) => setFocusChart(e.target.value)}>
                  {CHARTS.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.title}
                    </option>
                  ))}
                </select>
                <ChartCard def={CHART_INDEX.get(focusChart) ?? CHARTS[0]} input={chartInput} board={board} compact height={150} idPrefix="focus" />
              </div>
            ) : null}
            <div id="controls-body" className="controls-body" tabIndex={-1}>
              <ScenariosPanel
                state={state}
                saved={saved}
                reference={reference}
                difference={difference}
                rename={(name, description) => update((s) => ({ ...s, name, description }))}
                save={() => {
                  setSaved(saveScenario(stateRef.current));
                  setNotice(`Saved "${stateRef.current.name}" in this browser.`);
                }}
                load={loadSaved}
                loadPreset={loadPreset}
                remove={(name) => setSaved(removeSaved(name))}
                setReference={(r) => {
                  setReference(r);
                  if (r.kind === 'none') setDifference(false);
                }}
                setDifference={setDifference}
              />
              <details className="preset-desc">
                <summary>
                  Scenario <strong>{state.name}</strong>
                  {activePreset && activePreset !== state.name ? ` (preset ${activePreset})` : ''}: what it assumes
                </summary>
                <p>{state.description || BUILTIN_SCENARIOS.find((s) => s.name === (activePreset ?? state.preset))?.description || 'Your own scenario: the levers below show what it changes.'}</p>
              </details>
              <div className="control-row">
                <button type="button" onClick={() => apply({ ...defaultState(state.now), band: stateRef.current.band })} disabled={isBaseline}>
                  Reset to baseline
                </button>
                <div className="inline-field">
                  <input id="counterfactual" type="checkbox" checked={state.counterfactual} onChange={(e) => update((s) => ({ ...s, counterfactual: e.target.checked }))} />
                  <label htmlFor="counterfactual">Counterfactual history: changes apply from 2023-01, rewriting what was recorded</label>
                </div>
                <div className="inline-field">
                  <input id="band-toggle" type="checkbox" checked={!!state.band} onChange={(e) => update((s) => ({ ...s, band: e.target.checked ? bandKind : false }))} />
                  <label htmlFor="band-toggle">Uncertainty band around A</label>
                </div>
                <div className="inline-field band-kind">
                  <label htmlFor="band-kind">Band shows</label>
                  <select
                    id="band-kind"
                    value={state.band || bandKind}
                    onChange={(e) => {
                      const k = e.target.value as BandKind;
                      setBandKind(k);
                      if (stateRef.current.band) update((s) => ({ ...s, band: k }));
                    }}
                  >
                    <option value="posterior">{BAND_KIND_LABELS.posterior}</option>
                    <option value="posterior-assumptions">{BAND_KIND_LABELS['posterior-assumptions']}</option>
                    <option value="agents">{`${BAND_KIND_LABELS.agents}, ${ENSEMBLE.agents.toLocaleString('en')} agents per run`}</option>
                  </select>
                </div>
              </div>
              {levers}
            </div>
          </aside>
          <main id="charts" tabIndex={-1}>
            {rewrite || refRewrite ? (
              <p className="banner-counterfactual" role="note">
                <strong>Counterfactual history.</strong> {rewrite ? `A (${state.name}): ${rewrite}.` : ''} {refRewrite ? `B (${refInfo?.name}): ${refRewrite}.` : ''}
              </p>
            ) : null}
            <HeadlinePanel run={displayed?.run ?? null} reference={isBaseline && refInfo?.name === 'baseline' ? null : refRun} referenceName={refInfo ? `B: ${refInfo.name}` : null} />
            <p className="status">
              Model {MODEL_VERSION} · meanfield · now <time dateTime={state.now}>{state.now}</time>
              {drawnObs.points ? ` · ${drawnObs.points} observations drawn on ${drawnObs.charts} charts` : ''}
              {state.band
                ? band
                  ? ` · band: ${band.label}${bandStale ? ' (from the previous settings; updating…)' : bandMore ? ` (refining: ${band.kind === 'posterior' ? 'draws' : 'runs'} ${band.size} of ${band.total} done)` : ''}`
                  : ` · computing the ${BAND_KIND_LABELS[state.band]} band…`
                : ''}
            </p>
            <div className="charts" data-ready={displayed ? 'true' : 'false'}>
              {CHARTS.map((def) => (
                <ChartCard key={def.id} def={def} input={chartInput} board={board} />
              ))}
            </div>
          </main>
        </div>
        {explain ? (
          <Suspense fallback={<p className="loading-explain">Loading “How it works”…</p>}>
            <ExplainPanel key={explain.n} section={explain.section} observations={observations} onClose={() => setExplain(null)} />
          </Suspense>
        ) : null}
      </div>
    </ExplainContext.Provider>
  );
}

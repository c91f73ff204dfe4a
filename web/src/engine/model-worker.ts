/**
 * The model Web Worker: imports the isomorphic model core directly and runs scenarios off
 * the main thread. Series come back as Float64Arrays, copied (structured clone, about 60 kB per
 * run), not transferred: a transfer detaches the worker's buffer, and the first detached buffer
 * in a thread turns off V8's "no buffer was ever detached" protector, after which every
 * typed-array access in the worker carries a detach check (the model's TypeScript loops ran
 * 4–22% slower for it in Node 20; Chromium's V8 has the same protector).
 */
import { CheckpointCache, DEFAULT_WORLD, ScenarioRegistry, parseScenario, runScenario, type ScenarioInput } from '../../../src/model/index.js';
import { runSeriesOf, type RunSeries } from '../../../src/charts/run-series.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import { PosteriorRunner } from './posterior-runner.js';
import { AgentsBandRunner } from './agents-band-runner.js';
import { ResumeMonth } from './own-events.js';

const registry = new ScenarioRegistry();
/**
 * Policies and levers start now (set-params and lever events): a lever move shares the months
 * before now with the previous run, so the run resumes from the state at now (the same bytes as a
 * full run; half the months of a run at the default "now").
 */
const checkpoints = new CheckpointCache();
const resumeMonth = new ResumeMonth();
let baseline: RunSeries | null = null;
/** The agents band: agents runs of the band's scenario so far (a request for another scenario starts again). */
const agentsBand = new AgentsBandRunner(resolve);

/** The posterior band's runner, made on the first posterior request (the sample is loaded then). */
let posterior: PosteriorRunner | null = null;

async function posteriorStep(req: Extract<WorkerRequest, { kind: 'posterior' }>, t0: number): Promise<void> {
  posterior ??= new PosteriorRunner((await import('virtual:posterior-sample')).default, resolve);
  // an input since the request bumps the shared flag: the draw stops at its next month
  const stop = req.stop;
  const r = posterior.step(req.key, req.scenario, stop ? () => Atomics.load(stop.flag, 0) !== stop.epoch : undefined, req.assumptions === true);
  post({ id: req.id, ok: true, kind: 'posterior', ...r, ms: performance.now() - t0 });
}

function resolve(s: ScenarioInput) {
  return registry.resolve(parseScenario(s, 'playground scenario', DEFAULT_WORLD), 'playground scenario');
}

/**
 * JIT warm-up. In Chromium the first runs of a session take 35–130 ms and runs settle at
 * 11–20 ms only after several (measured on the 2-core CI machine); without this the first
 * slider moves would wait for unoptimised code. After the baseline, the worker runs every
 * built-in scenario eight times in the background (about a second), one run per task, so a
 * request that arrives meanwhile waits for at most one run. Two runs each were too few: V8 keeps
 * optimising for far longer (docs/playground.md, "Known limits"). Variety matters: a warm-up on the baseline alone left
 * paths such as restricted segments without type feedback, and the first run of the
 * foreign-model-restrictions preset then took about 60 ms (deoptimisation and recompilation;
 * measured in Node).
 */
const WARM_NAMES = registry.names();
const WARM_RUNS = 8 * WARM_NAMES.length;
let warmLeft = 0;
function warmStep(): void {
  if (warmLeft <= 0) return;
  warmLeft--;
  runScenario(registry.resolve(WARM_NAMES[warmLeft % WARM_NAMES.length]));
  setTimeout(warmStep, 0);
}

const post = (msg: WorkerResponse) => (self as unknown as { postMessage(m: unknown): void }).postMessage(msg);

self.onmessage = (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const t0 = performance.now();
  try {
    if (req.kind === 'baseline') {
      baseline ??= runSeriesOf(runScenario(registry.resolve('baseline')));
      post({ id: req.id, ok: true, kind: 'baseline', run: baseline, ms: performance.now() - t0 });
      if (warmLeft === 0) {
        warmLeft = WARM_RUNS;
        setTimeout(warmStep, 0);
      }
    } else if (req.kind === 'run') {
      const run = runSeriesOf(runScenario(resolve(req.scenario), { checkpoints, checkpointFrom: resumeMonth.next(req.scenario) }));
      const t1 = performance.now();
      post({ id: req.id, ok: true, kind: 'run', run, ms: t1 - t0, at: [performance.timeOrigin + t0, performance.timeOrigin + t1] });
    } else if (req.kind === 'posterior') {
      posteriorStep(req, t0).catch((e: unknown) => post({ id: req.id, ok: false, error: (e as Error).message ?? String(e) }));
    } else {
      // an input since the request bumps the shared flag: the run in flight stops at its next month
      const stop = req.stop;
      const r = agentsBand.step(req.key, req.scenario, req.runs, req.agents, stop ? () => Atomics.load(stop.flag, 0) !== stop.epoch : undefined);
      post({ id: req.id, ok: true, kind: 'band', ...r, ms: performance.now() - t0 });
    }
  } catch (e) {
    post({ id: req.id, ok: false, error: (e as Error).message ?? String(e) });
  }
};

/**
 * A pool of worker threads that evaluates the calibration loss in parallel: each CMA-ES
 * generation (or DE-MC-z generation of the posterior sampler) is split into contiguous chunks,
 * one per worker. The loss is deterministic, so
 * the result does not depend on the number of workers.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { LossEvaluator, LossSpec } from '../../model/calibrate/calibration.js';

/** Default number of workers: the available cores, at most 2 (the target machine). */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

/**
 * Starts a worker on loss-worker next to this file: the compiled .js in dist/, or under tsx
 * (benchmarks, development) the .ts source after registering tsx's loader in the worker,
 * since workers do not inherit the loader hooks.
 */
function startWorker(spec: LossSpec): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./loss-worker.js', import.meta.url), { workerData: spec });
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./loss-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(code, { eval: true, workerData: spec });
}

/** Returns a factory of loss evaluators backed by `n` worker threads. */
export function lossPool(n: number): (spec: LossSpec) => LossEvaluator {
  return (spec) => {
    const workers = Array.from({ length: n }, () => startWorker(spec));
    let nextId = 0;
    const pending = new Map<number, { resolve: (v: Float64Array) => void; reject: (e: Error) => void }>();
    let failure: Error | null = null;
    for (const w of workers) {
      w.on('message', (m: { id: number; losses: Float64Array }) => {
        const p = pending.get(m.id);
        pending.delete(m.id);
        p?.resolve(m.losses);
      });
      w.on('error', (e) => {
        failure = e instanceof Error ? e : new Error(String(e));
        for (const p of pending.values()) p.reject(failure);
        pending.clear();
      });
    }
    type Kind = 'loss' | 'data' | 'modelled';
    const run = (w: Worker, xs: Float64Array[], kind: Kind) =>
      new Promise<Float64Array>((resolve, reject) => {
        if (failure) return reject(failure);
        const id = nextId++;
        pending.set(id, { resolve, reject });
        w.postMessage({ id, xs, kind });
      });
    // contiguous chunks, one per worker, joined in order: the result does not depend on the split
    const batch = async (xs: Float64Array[], kind: Kind, width: number) => {
      const size = Math.ceil(xs.length / workers.length);
      const parts = await Promise.all(workers.map((w, i) => (i * size < xs.length ? run(w, xs.slice(i * size, (i + 1) * size), kind) : Promise.resolve(new Float64Array(0)))));
      const out = new Float64Array(xs.length * width);
      let k = 0;
      for (const p of parts) for (const v of p) out[k++] = v;
      return out;
    };
    return {
      evaluate: (xs) => batch(xs, 'loss', 1),
      evaluateData: (xs) => batch(xs, 'data', 1),
      evaluateModelled: (xs) => batch(xs, 'modelled', spec.observations.length),
      async close() {
        await Promise.all(workers.map((w) => w.terminate()));
      },
    };
  };
}

/**
 * Worker thread of the calibration loss pool: rebuilds the loss from its specification and
 * evaluates batches of parameter vectors (one meanfield run each): the loss with the priors'
 * penalty (CMA-ES), the data loss alone (the posterior sampler) or every observation's modelled
 * value (posterior predictive checks).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dataLossOf, lossOf, modelledOf, type LossSpec } from '../../model/calibrate/calibration.js';

const spec = workerData as LossSpec;
const train = new Set(spec.train);
const width = spec.observations.length;
parentPort!.on('message', (m: { id: number; xs: Float64Array[]; kind?: 'loss' | 'data' | 'modelled' }) => {
  const kind = m.kind ?? 'loss';
  if (kind === 'modelled') {
    const out = new Float64Array(m.xs.length * width);
    for (let i = 0; i < m.xs.length; i++) out.set(modelledOf(spec, m.xs[i], train), i * width);
    parentPort!.postMessage({ id: m.id, losses: out });
    return;
  }
  const losses = new Float64Array(m.xs.length);
  for (let i = 0; i < m.xs.length; i++) losses[i] = kind === 'data' ? dataLossOf(spec, m.xs[i], train) : lossOf(spec, m.xs[i], train);
  parentPort!.postMessage({ id: m.id, losses });
});

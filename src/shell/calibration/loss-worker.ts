/**
 * Worker thread of the calibration loss pool: rebuilds the loss from its specification and
 * evaluates batches of parameter vectors (one meanfield run each).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lossOf, type LossSpec } from '../../model/calibrate/calibration.js';

const spec = workerData as LossSpec;
const train = new Set(spec.train);
parentPort!.on('message', (m: { id: number; xs: Float64Array[] }) => {
  const losses = new Float64Array(m.xs.length);
  for (let i = 0; i < m.xs.length; i++) losses[i] = lossOf(spec, m.xs[i], train);
  parentPort!.postMessage({ id: m.id, losses });
});

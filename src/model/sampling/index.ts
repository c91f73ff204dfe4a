/** Sampling designs for parameter sweeps: Latin hypercube and Sobol. Pure and isomorphic. */
export { latinHypercube } from './latin-hypercube.js';
export { sobolPoints, sobolPointInto, SOBOL_MAX_DIMS, SOBOL_MAX_INDEX } from './sobol-sequence.js';

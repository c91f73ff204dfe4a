/**
 * Run results on the wire (Redis): JSON with the values as base64 of the raw little-endian
 * Float64 bytes, so numbers arrive bit-for-bit identical (NaN included) and compactly.
 */
import type { RunPayload } from './run-task.js';
import type { RunOrigin } from './results-store.js';

/** A result as a worker pushes it to Redis. */
export interface WirePayload {
  payload: RunPayload;
  origin: RunOrigin;
}

/** Encodes a run's result and where it ran. */
export function encodePayload(p: RunPayload, origin: RunOrigin): string {
  const bytes = Buffer.from(p.values.buffer, p.values.byteOffset, p.values.byteLength);
  return JSON.stringify({ ...p, values: bytes.toString('base64'), origin });
}

/** Decodes {@link encodePayload}'s output; throws on malformed input. */
export function decodePayload(text: string): WirePayload {
  const o = JSON.parse(text) as Omit<RunPayload, 'values'> & { values: string; origin: RunOrigin };
  if (typeof o.runId !== 'number' || typeof o.values !== 'string' || !Array.isArray(o.metrics) || !Array.isArray(o.groups)) {
    throw new Error('malformed run result');
  }
  const bytes = Buffer.from(o.values, 'base64');
  // copy into an aligned buffer (a Buffer's offset in its pool need not be a multiple of 8)
  const values = new Float64Array(bytes.byteLength / 8);
  new Uint8Array(values.buffer).set(bytes);
  const { origin, ...rest } = o;
  return { payload: { ...rest, values }, origin };
}

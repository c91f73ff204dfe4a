/**
 * The numeric parameters of a run as one plain object (name → value), made once per
 * parameter epoch. Mechanisms read their parameters from it by name, so adding a parameter
 * touches its declaration (param-defs.ts), the mechanism that uses it and docs/model.md —
 * never the engine.
 */
export type Params = Readonly<Record<string, number>>;

/** The numeric entries of a parameter assignment (string choices are left out). */
export function numericParams(values: Readonly<Record<string, number | string>>): Params {
  const entries: [string, number][] = [];
  for (const k of Object.keys(values)) {
    const v = values[k];
    if (typeof v === 'number') entries.push([k, v]);
  }
  // built in one go: V8 keeps fast properties (an object grown key by key to ~100 keys
  // turns into a dictionary, and every read in the monthly loop became a hash lookup)
  return Object.fromEntries(entries);
}

/** A per-bloc parameter (`name.<bloc>`) for every bloc, in bloc order. */
export function perBloc(p: Params, name: string, blocIds: readonly string[], fallback: number): Float64Array {
  const out = new Float64Array(blocIds.length);
  for (let b = 0; b < blocIds.length; b++) {
    const v = p[`${name}.${blocIds[b]}`];
    out[b] = v === undefined ? fallback : v;
  }
  return out;
}

/**
 * Observed data points for the chart overlay: from the server (GET /api/observations) when
 * the app is served by `momentum serve`, else from the copy of data/observations.json bundled
 * at build time (absent file → no overlay).
 */
import { observationsFileSchema } from '../../src/model/calibrate/observation-schema.js';
import type { ObservationPoint } from '../../src/charts/index.js';

const bundled = import.meta.glob('../../data/observations.json', { eager: true, import: 'default' }) as Record<string, unknown>;

/** The bundled copy, validated (empty when missing or invalid). */
export function bundledObservations(): ObservationPoint[] {
  const raw = Object.values(bundled)[0];
  if (raw === undefined) return [];
  const r = observationsFileSchema.safeParse(raw);
  return r.success ? r.data : [];
}

/** Loads observations; resolves with the list and where it came from. */
export async function loadObservations(): Promise<{ observations: ObservationPoint[]; from: 'server' | 'bundle' | 'none' }> {
  try {
    const res = await fetch('/api/observations', { headers: { accept: 'application/json' } });
    if (res.ok) {
      const r = observationsFileSchema.safeParse(await res.json());
      if (r.success) return { observations: r.data, from: r.data.length ? 'server' : 'none' };
    }
  } catch {
    /* not served by momentum serve (e.g. vite preview): fall back to the bundle */
  }
  const b = bundledObservations();
  return { observations: b, from: b.length ? 'bundle' : 'none' };
}

/** The last month any observation covers (recorded history ends there), or undefined. */
export function lastObservedMonth(observations: readonly ObservationPoint[]): string | undefined {
  let last: string | undefined;
  for (const o of observations) {
    const end = typeof o.period === 'string' ? o.period : o.period.end;
    if (!last || end > last) last = end;
  }
  return last;
}

/**
 * Monthly series of a run: one Float64Array per (metric, group). NaN marks "not defined this
 * month" (e.g. a frontier group with no model yet) and is never written out.
 */

/** One monthly series. */
export interface Series {
  metric: string;
  group: string;
  values: Float64Array;
}

/** Series per slab of values (see SeriesSet). */
const SLAB_SERIES = 32;

/** Series in insertion order, addressable by (metric, group). */
export class SeriesSet {
  readonly list: Series[] = [];
  /** metric → group → series (two lookups on the caller's strings: no key string to build and hash). */
  private readonly index = new Map<string, Map<string, Series>>();
  /** Series values are views of slabs of {@link SLAB_SERIES} series (filled with NaN). */
  private slab: Float64Array | null = null;
  private used = 0;
  constructor(readonly length: number) {}

  /**
   * A new series' values: a view of the current slab. One allocation per 32 series instead of
   * one each: a run makes about 80 series, and each separate Float64Array of this size has its
   * own off-heap buffer (about 1 µs to make; 2% of a meanfield run in all, measured).
   */
  private take(): Float64Array {
    const n = this.length;
    if (!this.slab || this.used + n > this.slab.length) {
      this.slab = new Float64Array(n * SLAB_SERIES).fill(NaN);
      this.used = 0;
    }
    const v = this.slab.subarray(this.used, this.used + n);
    this.used += n;
    return v;
  }

  /** The series for (metric, group), created on first use (filled with NaN). */
  get(metric: string, group: string): Float64Array {
    let byGroup = this.index.get(metric);
    if (!byGroup) this.index.set(metric, (byGroup = new Map()));
    let s = byGroup.get(group);
    if (!s) {
      s = { metric, group, values: this.take() };
      byGroup.set(group, s);
      this.list.push(s);
    }
    return s.values;
  }

  /**
   * The series of one metric for each group, in order. Built with a plain loop: an array from
   * `Array.prototype.map` can come back with different element kinds depending on whether the
   * JIT inlined the call, and the engine's monthly loop was deoptimised over and over by that.
   */
  getAll(metric: string, groups: readonly string[]): Float64Array[] {
    const out: Float64Array[] = [];
    for (let i = 0; i < groups.length; i++) out.push(this.get(metric, groups[i]));
    return out;
  }

  /** The series for (metric, group), or undefined. */
  find(metric: string, group: string): Float64Array | undefined {
    return this.index.get(metric)?.get(group)?.values;
  }

  /** A copy with the same series, in the same order, and copies of their values. */
  clone(): SeriesSet {
    const out = new SeriesSet(this.length);
    for (const s of this.list) out.get(s.metric, s.group).set(s.values);
    return out;
  }

  /** Every series of a metric. */
  byMetric(metric: string): Series[] {
    return this.list.filter((s) => s.metric === metric);
  }
}

/** Formats a number for CSV: shortest round-trip form, so equal runs give equal bytes. */
export function formatValue(v: number): string {
  if (Object.is(v, -0)) return '0';
  return String(v);
}

/**
 * Long-format CSV: header `date,metric,group,value`, one row per defined value, rows ordered
 * by date, then metric and group in definition order.
 */
export function seriesToCsv(dates: readonly string[], set: SeriesSet): string {
  const parts: string[] = ['date,metric,group,value\n'];
  for (let t = 0; t < dates.length; t++) {
    const d = dates[t];
    for (const s of set.list) {
      const v = s.values[t];
      if (Number.isFinite(v)) parts.push(`${d},${s.metric},${s.group},${formatValue(v)}\n`);
    }
  }
  return parts.join('');
}

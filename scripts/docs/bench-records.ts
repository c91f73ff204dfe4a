/**
 * Figures come from recorded benchmarks. Each benchmark writes a JSON record into
 * bench/records/<bench>/ (bench/record.mjs). The docs quote benchmark figures through tables
 * generated from those records (`<!-- bench-NAME:begin -->…<!-- bench-NAME:end -->`, rewritten
 * by `npm run docs`), and {@link unbackedFigures} finds every timing a doc states outside such a
 * table that no record backs.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fencedRanges, generatedRanges, inRanges, unrecordedRegions } from './markdown.js';

const Figure = z.strictObject({
  label: z.string().min(3),
  value: z.number().refine(Number.isFinite, 'a finite number'),
  unit: z.string().min(1),
  max: z.number().optional(),
  min: z.number().optional(),
});

const BenchRecord = z.strictObject({
  bench: z.string().regex(/^[a-z][a-z-]*$/),
  date: z.iso.datetime(),
  machine: z.strictObject({ label: z.string().min(3), cores: z.number().int().positive(), cpu: z.string(), memory_gb: z.number(), os: z.string(), node: z.string() }),
  load_average: z.array(z.number()),
  commit: z.string().nullable(),
  command: z.string().min(3),
  standard: z.boolean(),
  options: z.record(z.string(), z.unknown()),
  figures: z.record(z.string(), Figure),
  notes: z.string().optional(),
});

export type BenchRecord = z.infer<typeof BenchRecord>;
export type BenchFigure = z.infer<typeof Figure>;

/** Every record under bench/records/, oldest first; a malformed file throws naming the file and field. */
export function loadRecords(root: string): (BenchRecord & { file: string })[] {
  const dir = join(root, 'bench/records');
  if (!existsSync(dir)) return [];
  const out: (BenchRecord & { file: string })[] = [];
  for (const bench of readdirSync(dir, { withFileTypes: true })) {
    if (!bench.isDirectory()) continue;
    for (const f of readdirSync(join(dir, bench.name)).filter((n) => n.endsWith('.json'))) {
      const file = `bench/records/${bench.name}/${f}`;
      const parsed = BenchRecord.safeParse(JSON.parse(readFileSync(join(root, file), 'utf8')));
      if (!parsed.success) {
        const i = parsed.error.issues[0];
        throw new Error(`${file}: ${i.path.join('.') || '(root)'}: ${i.message}`);
      }
      if (parsed.data.bench !== bench.name) throw new Error(`${file}: bench: expected "${bench.name}" (its folder), found "${parsed.data.bench}"`);
      out.push({ ...parsed.data, file });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date));
}

/** A row of a generated table: one figure of one benchmark. */
interface TableRow {
  readonly bench: string;
  readonly figure: string;
  /** What the row shows (the record's label when absent). */
  readonly label: string;
  /** The command that measures it. */
  readonly command: string;
}

/** The generated tables, by marker name. */
export const BENCH_TABLES: Record<string, readonly TableRow[]> = {
  'bench-performance': [
    { bench: 'model', figure: 'meanfield_run_ms', label: 'meanfield baseline run (96 months, 84 segments × 4 demand classes), median', command: 'npm run bench' },
    { bench: 'model', figure: 'agents_1e5_run_s', label: 'agents solver, 1e5 adopters × 96 months, one thread', command: 'npm run bench' },
    { bench: 'model', figure: 'agents_1e6_run_s', label: 'agents solver, 1e6 adopters × 96 months, one thread', command: 'npm run bench' },
    { bench: 'model', figure: 'agents_1e6_throughput', label: 'agents solver, 1e6 adopters: throughput', command: 'npm run bench' },
    { bench: 'calibrate', figure: 'calibration_s', label: 'calibration: 17 parameters, 4,000 runs, 2 threads', command: 'npm run bench:calibrate' },
    { bench: 'observe', figure: 'ingest_s', label: 'observatory: ingest 2.5M listed models', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'metrics_s', label: 'observatory: compute the metrics', command: 'npm run bench:observe' },
    { bench: 'ensemble', figure: 'full_target_s', label: 'ensemble: 1,000 agents runs × 1e5 adopters × 96 months, 2 threads', command: 'npm run bench:ensemble' },
    { bench: 'ensemble', figure: 'speedup_2_vs_1', label: 'ensemble: 2 worker threads vs 1', command: 'npm run bench:ensemble' },
    { bench: 'ensemble', figure: 'distributed_share', label: 'ensemble: 2 distributed worker processes vs the local pool', command: 'npm run bench:ensemble' },
    { bench: 'knife-edge', figure: 'worst_jump_pp', label: 'knife-edge sweep: largest jump of a 2030 headline share between neighbouring parameter values', command: 'npm run bench:knife-edge' },
  ],
  'bench-observe': [
    { bench: 'observe', figure: 'ingest_s', label: 'ingest (sync, all three phases) of 2.5M listed models, wall time', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'ingest_cpu_s', label: 'ingest: CPU time of the ingesting process (Node + DuckDB threads)', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'ingest_server_cpu_s', label: 'ingest: CPU time of the local Hub server process', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'metrics_s', label: 'metrics, median of 3 runs', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'metrics_cpu_s', label: 'metrics by month, median of 3 runs, CPU time', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'metrics_by_day_s', label: 'metrics by day (one sync)', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'stored_models', label: 'models stored (tracked and their derivatives)', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'database_mb', label: 'database size after the ingest', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'year_metrics_by_day_s', label: 'a year of daily syncs (10.3M snapshot rows): metrics by day', command: 'npm run bench:observe' },
    { bench: 'observe', figure: 'year_metrics_by_month_s', label: 'a year of daily syncs: metrics by month', command: 'npm run bench:observe' },
  ],
  'bench-posterior': [
    { bench: 'posterior', figure: 'posterior_s', label: 'posterior sample of the default calibration (17 parameters, DE-MC-z, a generation split over 2 worker threads), wall time', command: 'npm run bench:posterior' },
    { bench: 'posterior', figure: 'posterior_cpu_s', label: 'the same, CPU time of all threads', command: 'npm run bench:posterior' },
    { bench: 'posterior', figure: 'min_ess', label: 'smallest bulk effective sample size over the 17 parameters', command: 'npm run bench:posterior' },
    { bench: 'posterior', figure: 'min_ess_tail', label: 'smallest tail effective sample size', command: 'npm run bench:posterior' },
    { bench: 'posterior', figure: 'max_rhat', label: 'largest R-hat (rank-normalised split-R-hat)', command: 'npm run bench:posterior' },
  ],
  'bench-playground': [
    { bench: 'playground', figure: 'policy_slider_ms', label: 'input→chart, policy slider (open-model subsidy, US), median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'policy_choice_ms', label: 'input→chart, policy choice (openness of Meta), median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'event_lever_ms', label: 'input→chart, event lever (export-control severity), median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'restriction_grid_ms', label: 'input→chart, restriction grid, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'world_assumption_ms', label: 'input→chart, key world assumption, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'more_assumptions_ms', label: 'input→chart, "more" assumption, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'posterior_band_ms', label: 'input→chart of the central line, posterior band on, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'posterior_band_follow_ms', label: 'input→band: the first posterior band (10 draws) of the new scenario on the charts, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'posterior_band_worker_ms', label: 'meanfield run in the worker, posterior band on, median', command: 'npm run bench:playground' },
    { bench: 'playground', figure: 'agents_band_ms', label: 'input→chart of the central line, agents band on, median', command: 'npm run bench:playground' },
  ],
  'bench-calibration': [
    { bench: 'calibrate', figure: 'loss_evaluation_steady_ms', label: 'one loss evaluation (a meanfield run 2023-01..2026-08 and the operators), median of 300 after 300 of warm-up', command: 'npm run bench:calibrate' },
    { bench: 'calibrate', figure: 'calibration_s', label: 'the default calibration (17 parameters, 4,000 runs, a CMA-ES generation split over 2 worker threads), wall time', command: 'npm run bench:calibrate' },
    { bench: 'calibrate', figure: 'calibration_cpu_s', label: 'the same, CPU time of all threads', command: 'npm run bench:calibrate' },
  ],
};

const show = (v: number, unit: string) => (unit === '%' ? `${v}%` : unit === '×' ? `${v}×` : `${v} ${unit}`);

/** Renders one generated table from the standard records. */
export function benchTable(name: string, records: readonly BenchRecord[]): string {
  const rows = BENCH_TABLES[name];
  if (!rows) throw new Error(`no generated benchmark table "${name}" (known: ${Object.keys(BENCH_TABLES).join(', ')})`);
  const machines: string[] = [];
  const machineRef = (r: BenchRecord) => {
    const text = `${r.machine.label}, ${r.machine.memory_gb} GB, Node ${r.machine.node}`;
    if (!machines.includes(text)) machines.push(text);
    return String.fromCharCode(65 + machines.indexOf(text));
  };
  const lines = ['| benchmark | latest | all records on that machine | target | recorded (load average after the run) |', '|---|---|---|---|---|'];
  for (const row of rows) {
    const withFigure = records.filter((r) => r.standard && r.bench === row.bench && r.figures[row.figure]);
    const latest = withFigure[withFigure.length - 1];
    if (!latest) {
      lines.push(`| ${row.label} | no record yet (\`${row.command}\`) | | | |`);
      continue;
    }
    const f = latest.figures[row.figure];
    const same = withFigure.filter((r) => r.machine.label === latest.machine.label).map((r) => r.figures[row.figure].value);
    const lo = Math.min(...same);
    const hi = Math.max(...same);
    const range = same.length < 2 ? '—' : `${lo === hi ? show(lo, f.unit) : `${lo}–${show(hi, f.unit)}`} (${same.length} runs)`;
    const target = f.max !== undefined ? `≤ ${show(f.max, f.unit)}` : f.min !== undefined ? `≥ ${show(f.min, f.unit)}` : '—';
    const met = f.max !== undefined ? f.value <= f.max : f.min !== undefined ? f.value >= f.min : undefined;
    lines.push(`| ${row.label} (\`${row.command}\`) | ${show(f.value, f.unit)} | ${range} | ${target}${met === undefined ? '' : met ? ': met' : ': **not met**'} | ${latest.date.slice(0, 10)}, machine ${machineRef(latest)}, load ${latest.load_average[0]} |`);
  }
  lines.push('', `Generated by \`npm run docs\` from [bench/records/](bench/records/)${machines.length ? `; machines: ${machines.map((m, i) => `${String.fromCharCode(65 + i)} = ${m}`).join('; ')}` : ''}.`);
  return lines.join('\n');
}

/** A timing a doc states, where, and the numbers in it. */
export interface StatedFigure {
  readonly line: number;
  readonly text: string;
  readonly values: string[];
  readonly unit: string;
}

const UNITS: Record<string, string> = { ms: 'ms', s: 's', seconds: 's', min: 'min', minutes: 'min', 'runs/s': 'runs/s', 'M adopter-months/s': 'M adopter-months/s', '×': '×' };
const NUMBER = String.raw`\d[\d,]*(?:\.\d+)?`;
const FIGURE = new RegExp(
  String.raw`(?<![\w.])(${NUMBER})(?:\s?[–-]\s?(${NUMBER}))?[ \u00a0\u202f](ms|s|seconds|min|minutes|runs/s|M adopter-months/s)(?![\w/])|(?<![\w.])(\d+\.\d+)(?:[–-](\d+\.\d+))?(×)`,
  'g',
);

/**
 * What comes right before a figure that is a target or a setting, not a measurement: ≤, ≥, <, >,
 * "target"; "default", "every", "after", "within", "at most", "capped at", "up to", "timeout"
 * (optionally with "about" or a `--flag`, in between).
 */
const TARGET_OR_SETTING = /(≤|≥|<|>|\btarget|\bdefault|\bevery|\bafter|\bwithin|\bat most|\bcapped at|\bup to|\btimeout)[\s*:,]*(about\s+)?(`[^`]*`[\s,]*)?$/i;

/**
 * Timings (ms, s, min, runs/s, M adopter-months/s) and speed-ups (1.8×) a doc states outside
 * code blocks, generated blocks, `<!-- unrecorded: REASON -->` regions and HTML comments, and
 * that are not targets or settings ({@link TARGET_OR_SETTING}).
 */
export function statedFigures(doc: string): StatedFigure[] {
  const skip = [...fencedRanges(doc), ...generatedRanges(doc), ...unrecordedRegions(doc).map((r) => [r.from, r.to] as [number, number])];
  const out: StatedFigure[] = [];
  doc.split('\n').forEach((raw, i) => {
    if (inRanges(i + 1, skip)) return;
    const line = raw.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length));
    for (const m of line.matchAll(FIGURE)) {
      const before = line.slice(Math.max(0, m.index - 40), m.index);
      if (TARGET_OR_SETTING.test(before)) continue;
      const values = [m[1] ?? m[4], m[2] ?? m[5]].filter((v): v is string => v !== undefined).map((v) => v.replace(/,/g, ''));
      out.push({ line: i + 1, text: m[0], values, unit: UNITS[m[3] ?? m[6]] });
    }
  });
  return out;
}

/** True when some record has a figure in the same unit that rounds to the stated number. */
export function backedBy(value: string, unit: string, records: readonly BenchRecord[]): boolean {
  const decimals = value.includes('.') ? value.split('.')[1].length : 0;
  const v = Number(value);
  return records.some((r) => Object.values(r.figures).some((f) => UNITS[f.unit] === unit && Number(f.value.toFixed(decimals)) === v));
}

/** The figures of a doc that no record backs (see {@link statedFigures}). */
export function unbackedFigures(doc: string, records: readonly BenchRecord[]): StatedFigure[] {
  return statedFigures(doc).filter((f) => !f.values.every((v) => backedBy(v, f.unit, records)));
}

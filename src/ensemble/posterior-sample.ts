/**
 * A posterior sample over calibrated parameters, as `momentum calibrate --posterior` writes it
 * (the format is a contract between the sampler and its readers; docs/ensembles.md §Posterior
 * ensembles):
 *
 * - `posterior.csv`: header `draw,chain,iteration,<p1>,…,<pK>,log_likelihood,log_prior`, one
 *   row per retained draw, `draw` = 0..N−1 in order;
 * - `diagnostics.json`: `{ modelVersion, draws, params: [{ name, mean, sd, q05, q50, q95, rhat,
 *   ess }], minEss, maxRhat, sampler, … }`.
 *
 * Readers take the draws in order; a reader that needs M < N draws takes draws ⌊i·N/M⌋ for
 * i = 0..M−1 (deterministic thinning). Parsing here is pure (no I/O): the CLI reads the files
 * (shell/posterior-file.ts) and hands the text over. Every problem is a ValidationError that
 * names the file, the line or field, what was expected and what was found.
 */
import { z } from 'zod';
import { thinIndices } from '../model/calibrate/thinning.js';
import { hashString, MODEL_VERSION, nearestName, PARAM_DEFS, PARAM_INDEX, ValidationError, zodIssues, type ValidationIssue } from '../model/index.js';

/** Leading and trailing columns of posterior.csv around the parameter columns. */
export const POSTERIOR_LEAD = ['draw', 'chain', 'iteration'] as const;
export const POSTERIOR_TAIL = ['log_likelihood', 'log_prior'] as const;

/**
 * Convergence thresholds below which a reader warns (it still uses the sample): the issue's
 * R-hat < 1.05, and 100 effective draws, below which the 5% and 95% quantiles of a band carry
 * a Monte Carlo error of several percentiles.
 */
export const RHAT_WARN = 1.05;
export const ESS_WARN = 100;

const finite = z.number().refine(Number.isFinite, 'a finite number');
const nullableNumber = z.union([finite, z.null()]);

/** diagnostics.json: the fields readers rely on are required; the others are checked when present. */
export const diagnosticsSchema = z.looseObject({
  modelVersion: z.string().min(1),
  draws: z.number().int().positive(),
  params: z
    .array(
      z.looseObject({
        name: z.string().min(1),
        mean: nullableNumber.optional(),
        sd: nullableNumber.optional(),
        q05: nullableNumber.optional(),
        q50: nullableNumber.optional(),
        q95: nullableNumber.optional(),
        rhat: nullableNumber.optional(),
        ess: nullableNumber.optional(),
      }),
    )
    .min(1),
  minEss: nullableNumber.optional(),
  maxRhat: nullableNumber.optional(),
  sampler: z.string().optional(),
  command: z.string().optional(),
  seed: z.number().optional(),
  chains: z.number().int().nonnegative().optional(),
  iterations: z.number().int().nonnegative().optional(),
  burnIn: z.number().int().nonnegative().optional(),
  thin: z.number().int().positive().optional(),
  acceptance: nullableNumber.optional(),
  seconds: nullableNumber.optional(),
});

export type PosteriorDiagnostics = z.infer<typeof diagnosticsSchema>;

/** A parsed, validated posterior sample. */
export interface PosteriorSample {
  /** Where it was read from (as given), for messages and outcomes.json. */
  source: string;
  /** Parameter names, in the file's column order. */
  names: string[];
  /** draws[d][k]: parameter k of draw d (d = the `draw` column). */
  draws: Float64Array[];
  /** Hash of posterior.csv's text: an ensemble over this sample is identified by it. */
  hash: string;
  diagnostics: PosteriorDiagnostics;
  /** Convergence warnings (R-hat, ESS); the sample is used anyway. */
  warnings: string[];
}

/** The draws a reader that needs `m` of `n` draws takes: ⌊i·n/m⌋ for i = 0..m−1. */
export function thinnedDrawIndices(n: number, m: number): number[] {
  if (!Number.isInteger(n) || !Number.isInteger(m) || n < 1 || m < 1 || m > n) throw new RangeError(`thinning ${m} of ${n} draws`);
  return thinIndices(n, m);
}

const MAX_ISSUES = 20;

/**
 * Parses posterior.csv. `file` names it in messages. Checks the header (the documented columns,
 * known numeric parameter names, each once), every row (as many fields as the header, `draw`
 * equal to the row's position, non-negative integer chain and iteration, finite values inside
 * each parameter's range, finite log-densities).
 */
export function parsePosteriorCsv(text: string, file: string): { names: string[]; draws: Float64Array[] } {
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const issues: ValidationIssue[] = [];
  const fail = () => new ValidationError(file, issues.slice(0, MAX_ISSUES));
  if (lines.length === 0) {
    issues.push({ path: 'line 1', expected: `a header ${[...POSTERIOR_LEAD, '<parameters>', ...POSTERIOR_TAIL].join(',')}`, found: 'an empty file' });
    throw fail();
  }
  const header = lines[0].split(',').map((h) => h.trim());
  const lead = header.slice(0, POSTERIOR_LEAD.length);
  const tail = header.slice(-POSTERIOR_TAIL.length);
  const names = header.slice(POSTERIOR_LEAD.length, header.length - POSTERIOR_TAIL.length);
  if (header.length < POSTERIOR_LEAD.length + POSTERIOR_TAIL.length + 1 || lead.join() !== POSTERIOR_LEAD.join() || tail.join() !== POSTERIOR_TAIL.join()) {
    issues.push({
      path: 'line 1 (header)',
      expected: `${POSTERIOR_LEAD.join(',')},<parameter names>,${POSTERIOR_TAIL.join(',')} (the format of \`momentum calibrate --posterior\`)`,
      found: JSON.stringify(lines[0].length > 120 ? lines[0].slice(0, 117) + '...' : lines[0]),
    });
    throw fail();
  }
  const numeric = PARAM_DEFS.filter((d) => !d.options).map((d) => d.name);
  const seen = new Set<string>();
  for (const name of names) {
    const def = PARAM_INDEX.get(name);
    if (!def) {
      const near = nearestName(name, numeric);
      issues.push({ path: `line 1 (header): column "${name}"`, expected: 'the name of a numeric model parameter (see `momentum params`)', found: `unknown parameter ${JSON.stringify(name)}`, hint: near ? `did you mean "${near}"?` : undefined });
    } else if (def.options) {
      issues.push({ path: `line 1 (header): column "${name}"`, expected: 'a numeric parameter', found: `a choice among ${def.options.join(', ')}` });
    } else if (seen.has(name)) {
      issues.push({ path: `line 1 (header): column "${name}"`, expected: 'each parameter once', found: 'a repeated column' });
    }
    seen.add(name);
  }
  if (issues.length) throw fail();
  if (lines.length < 2) {
    issues.push({ path: 'line 2', expected: 'at least one draw', found: 'no rows after the header' });
    throw fail();
  }
  const K = names.length;
  const defs = names.map((n) => PARAM_INDEX.get(n)!);
  const draws: Float64Array[] = [];
  for (let r = 1; r < lines.length && issues.length < MAX_ISSUES; r++) {
    const where = `line ${r + 1}`;
    const cells = lines[r].split(',');
    if (cells.length !== header.length) {
      issues.push({ path: where, expected: `${header.length} comma-separated fields (as the header)`, found: `${cells.length} fields` });
      continue;
    }
    const num = (c: number) => (cells[c].trim() === '' ? NaN : Number(cells[c]));
    const draw = num(0);
    if (draw !== r - 1) issues.push({ path: `${where}: draw`, expected: `${r - 1} (draws numbered 0..N−1 in order)`, found: JSON.stringify(cells[0]) });
    for (const c of [1, 2]) {
      const v = num(c);
      if (!Number.isInteger(v) || v < 0) issues.push({ path: `${where}: ${header[c]}`, expected: 'a non-negative integer', found: JSON.stringify(cells[c]) });
    }
    const x = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      const v = num(POSTERIOR_LEAD.length + k);
      const d = defs[k];
      if (!Number.isFinite(v) || v < d.min! || v > d.max!) {
        issues.push({ path: `${where}: ${names[k]}`, expected: `a number within the parameter's range [${d.min}, ${d.max}]`, found: JSON.stringify(cells[POSTERIOR_LEAD.length + k]) });
      }
      x[k] = v;
    }
    for (let c = header.length - POSTERIOR_TAIL.length; c < header.length; c++) {
      if (!Number.isFinite(num(c))) issues.push({ path: `${where}: ${header[c]}`, expected: 'a finite number', found: JSON.stringify(cells[c]) });
    }
    draws.push(x);
  }
  if (issues.length) throw fail();
  return { names, draws };
}

/** Parses diagnostics.json (text) and checks it against the sample it describes. */
export function parseDiagnostics(text: string, file: string, sample: { names: string[]; draws: readonly unknown[] }): PosteriorDiagnostics {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'valid JSON', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const r = diagnosticsSchema.safeParse(raw);
  if (!r.success) {
    throw new ValidationError(file, zodIssues(r.error, raw).slice(0, MAX_ISSUES));
  }
  const d = r.data;
  const issues: ValidationIssue[] = [];
  if (d.draws !== sample.draws.length) issues.push({ path: 'draws', expected: `${sample.draws.length} (the rows of posterior.csv)`, found: String(d.draws) });
  const names = d.params.map((p) => p.name);
  if (names.join(',') !== sample.names.join(',')) issues.push({ path: 'params[].name', expected: `the parameter columns of posterior.csv in order (${sample.names.join(', ')})`, found: names.join(', ') });
  if (issues.length) throw new ValidationError(file, issues);
  return d;
}

/**
 * Builds a sample from the two files' texts. `source` names the folder in messages; a sample
 * of another model version is refused (its parameters mean other things there).
 */
export function parsePosterior(source: string, csvText: string, diagnosticsText: string, files = { csv: `${source}/posterior.csv`, diagnostics: `${source}/diagnostics.json` }): PosteriorSample {
  const { names, draws } = parsePosteriorCsv(csvText, files.csv);
  const diagnostics = parseDiagnostics(diagnosticsText, files.diagnostics, { names, draws });
  if (diagnostics.modelVersion !== MODEL_VERSION) {
    throw new ValidationError(files.diagnostics, [
      {
        path: 'modelVersion',
        expected: `a posterior sampled with this model (version ${MODEL_VERSION})`,
        found: JSON.stringify(diagnostics.modelVersion),
        hint: 'parameters mean other things in another model version: sample again with `momentum calibrate --posterior`',
      },
    ]);
  }
  const warnings: string[] = [];
  const rhats = diagnostics.params.map((p) => [p.name, p.rhat] as const).filter((x): x is readonly [string, number] => typeof x[1] === 'number');
  const maxRhat = diagnostics.maxRhat ?? (rhats.length ? Math.max(...rhats.map((x) => x[1])) : null);
  if (maxRhat !== null && maxRhat > RHAT_WARN) {
    const worst = rhats.filter((x) => x[1] > RHAT_WARN).map((x) => `${x[0]} ${x[1].toFixed(3)}`);
    warnings.push(`the posterior's chains have not mixed: max R-hat ${maxRhat.toFixed(3)} > ${RHAT_WARN}${worst.length ? ` (${worst.slice(0, 4).join(', ')}${worst.length > 4 ? ', …' : ''})` : ''}; its draws may not represent the posterior`);
  }
  const esss = diagnostics.params.map((p) => p.ess).filter((x): x is number => typeof x === 'number');
  const minEss = diagnostics.minEss ?? (esss.length ? Math.min(...esss) : null);
  if (minEss !== null && minEss < ESS_WARN) warnings.push(`the posterior has few effective draws: min ESS ${minEss.toFixed(0)} < ${ESS_WARN}; the outer quantiles of its bands are rough`);
  return { source, names, draws, hash: hashString(csvText), diagnostics, warnings };
}

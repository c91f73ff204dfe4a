/**
 * Build step of the playground's posterior band: reads a posterior sample in the format written
 * by `momentum calibrate --posterior` (posterior.csv and diagnostics.json beside it) with the
 * same reader as `momentum ensemble --sample posterior` (src/ensemble/posterior-sample.ts: every
 * column a numeric model parameter, every value inside its range, draws numbered in order, the
 * diagnostics agreeing with the draws, and the model version the running one), thins it to the
 * draws the web app ships (⌊i·N/M⌋, the format's rule) and returns a compact JSON-able sample.
 * Vite serves it as the virtual module `virtual:posterior-sample`, which only the model worker
 * loads, and only when the posterior band is first asked for.
 *
 * Invalid input fails the build with a message naming the file, the line and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PARAM_INDEX, ValidationError } from '../../src/model/index.js';
import { parsePosterior } from '../../src/ensemble/posterior-sample.js';
import { thinIndices, WEB_POSTERIOR_DRAWS } from '../src/engine/posterior-plan.js';

/** The sample as the web app receives it. */
export interface WebPosteriorSample {
  /** The CSV it was built from, relative to the package root. */
  source: string;
  /** The sampler, from diagnostics.json (null when the file has none). */
  sampler: string | null;
  /** True when diagnostics.json names the sample a placeholder (not a fitted posterior). */
  placeholder: boolean;
  /** Model version of the sample (diagnostics.json), or null. */
  modelVersion: string | null;
  /** Draws in the file (N). */
  drawsInFile: number;
  /** The calibrated parameters, in the file's column order. */
  names: string[];
  /** The file's `draw` of each shipped draw (⌊i·N/M⌋). */
  drawIds: number[];
  /** values[i][j]: parameter names[j] of shipped draw i (6 significant digits, within the parameter's range). */
  values: number[][];
}

/** Rounds to 6 significant digits (far below any posterior sd) and keeps the value in [min, max]. */
function compact(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number(v.toPrecision(6))));
}

/**
 * The web app's sample from the texts of posterior.csv and diagnostics.json (`source` names the
 * files in messages). Keeps `max` draws by the format's thinning rule.
 */
export function webPosteriorSample(csv: string, diagnostics: string, source: { csv: string; diagnostics: string }, max = WEB_POSTERIOR_DRAWS): WebPosteriorSample {
  const sample = parsePosterior(dirname(source.csv), csv, diagnostics, source);
  const { names, draws } = sample;
  const sampler = sample.diagnostics.sampler ?? null;
  const ids = thinIndices(draws.length, max);
  const defs = names.map((n) => PARAM_INDEX.get(n)!);
  return {
    source: source.csv,
    sampler,
    placeholder: /^placeholder\b/i.test(sampler ?? ''),
    modelVersion: sample.diagnostics.modelVersion,
    drawsInFile: draws.length,
    names,
    drawIds: ids,
    values: ids.map((i) => Array.from(draws[i], (v, j) => compact(v, defs[j].min!, defs[j].max!))),
  };
}

/**
 * Loads `csvPath` (relative to `root`) and the diagnostics.json beside it. Warns (through `warn`)
 * with the reader's convergence warnings (R-hat, ESS): the sample is still used.
 */
export function loadPosteriorSample(root: string, csvPath: string, warn: (m: string) => void = () => undefined): WebPosteriorSample {
  const csvFile = join(root, csvPath);
  const diagFile = join(dirname(csvFile), 'diagnostics.json');
  const diagPath = relative(root, diagFile);
  for (const [file, path] of [
    [csvFile, csvPath],
    [diagFile, diagPath],
  ]) {
    if (!existsSync(file)) throw new ValidationError(path, [{ path: '(file)', expected: 'a posterior sample (momentum calibrate --posterior --out DIR writes DIR/posterior.csv and DIR/diagnostics.json)', found: 'no such file' }]);
  }
  const csv = readFileSync(csvFile, 'utf8');
  const diagnostics = readFileSync(diagFile, 'utf8');
  for (const w of parsePosterior(dirname(csvPath), csv, diagnostics, { csv: csvPath, diagnostics: diagPath }).warnings) warn(`${csvPath}: ${w}`);
  return webPosteriorSample(csv, diagnostics, { csv: csvPath, diagnostics: diagPath });
}

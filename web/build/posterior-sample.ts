/**
 * Build step of the playground's posterior band: reads a posterior sample in the format written
 * by `momentum calibrate --posterior` (posterior.csv: `draw,chain,iteration,<params>,
 * log_likelihood,log_prior`; diagnostics.json beside it), validates it, thins it to the draws the
 * web app ships (⌊i·N/M⌋, the format's rule) and returns a compact JSON-able sample. Vite serves
 * it as the virtual module `virtual:posterior-sample`, which only the model worker loads, and only
 * when the posterior band is first asked for.
 *
 * Invalid input fails the build with a message naming the file, the row and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { MODEL_VERSION, PARAM_INDEX, ValidationError, describeValue, type ValidationIssue } from '../../src/model/index.js';
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

const FIXED_HEAD = ['draw', 'chain', 'iteration'];
const FIXED_TAIL = ['log_likelihood', 'log_prior'];

/** Rounds to 6 significant digits (far below any posterior sd) and keeps the value in [min, max]. */
function compact(v: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Number(v.toPrecision(6))));
}

/**
 * Parses and checks posterior.csv text. Every parameter column must be a numeric model
 * parameter; every value finite and inside the parameter's range; `draw` must count 0..N−1.
 */
export function parsePosteriorCsv(text: string, source: string): { names: string[]; draws: number[][] } {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  const issues: ValidationIssue[] = [];
  const fail = (): never => {
    throw new ValidationError(source, issues.slice(0, 20));
  };
  if (lines.length === 0) {
    issues.push({ path: '(file)', expected: `a header ${[...FIXED_HEAD, '<params>', ...FIXED_TAIL].join(',')}`, found: 'an empty file' });
    fail();
  }
  const header = lines[0].split(',');
  const head = header.slice(0, 3);
  const tail = header.slice(-2);
  if (header.length < 6 || head.join() !== FIXED_HEAD.join() || tail.join() !== FIXED_TAIL.join()) {
    issues.push({ path: 'header', expected: `${[...FIXED_HEAD, '<p1>', '…', '<pK>', ...FIXED_TAIL].join(',')} with at least one parameter`, found: describeValue(lines[0]) });
    fail();
  }
  const names = header.slice(3, -2);
  const defs = names.map((name, j) => {
    const d = PARAM_INDEX.get(name);
    if (!d || typeof d.default !== 'number' || d.min === undefined || d.max === undefined) {
      issues.push({ path: `header column ${j + 4}`, expected: 'the name of a numeric model parameter', found: describeValue(name) });
      return null;
    }
    if (names.indexOf(name) !== j) issues.push({ path: `header column ${j + 4}`, expected: 'a parameter not named by an earlier column', found: describeValue(name) });
    return d;
  });
  if (issues.length) fail();
  if (lines.length < 2) {
    issues.push({ path: '(file)', expected: 'at least one draw', found: 'a header only' });
    fail();
  }
  const draws: number[][] = [];
  for (let r = 1; r < lines.length; r++) {
    const cells = lines[r].split(',');
    const at = `row ${r + 1}`;
    if (cells.length !== header.length) {
      issues.push({ path: at, expected: `${header.length} fields`, found: `${cells.length}` });
      continue;
    }
    const draw = Number(cells[0]);
    if (cells[0] === '' || draw !== r - 1) issues.push({ path: `${at}.draw`, expected: `${r - 1} (draws count 0..N−1 in order)`, found: describeValue(cells[0]) });
    const values: number[] = [];
    defs.forEach((d, j) => {
      const cell = cells[3 + j];
      const v = cell === '' ? NaN : Number(cell);
      if (!Number.isFinite(v)) issues.push({ path: `${at}.${names[j]}`, expected: 'a finite number', found: describeValue(cell) });
      else if (v < d!.min! || v > d!.max!) issues.push({ path: `${at}.${names[j]}`, expected: `a number in [${d!.min}, ${d!.max}] (the parameter's range)`, found: cell });
      values.push(v);
    });
    for (const k of [1, 2, header.length - 2, header.length - 1]) {
      const cell = cells[k];
      if (cell === '' || Number.isNaN(Number(cell))) issues.push({ path: `${at}.${header[k]}`, expected: 'a number', found: describeValue(cell) });
    }
    draws.push(values);
    if (issues.length >= 20) break;
  }
  if (issues.length) fail();
  return { names, draws };
}

/** Reads diagnostics.json text: the sampler, the model version and the number of draws it states. */
export function parseDiagnostics(text: string, source: string): { sampler: string | null; modelVersion: string | null; draws: number | null } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(source, [{ path: '(file)', expected: 'valid JSON', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ValidationError(source, [{ path: '(root)', expected: 'an object', found: describeValue(raw) }]);
  const o = raw as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  const str = (k: string) => {
    if (o[k] === undefined) return null;
    if (typeof o[k] !== 'string') issues.push({ path: k, expected: 'a string', found: describeValue(o[k]) });
    return typeof o[k] === 'string' ? (o[k] as string) : null;
  };
  const sampler = str('sampler');
  const modelVersion = str('modelVersion');
  let draws: number | null = null;
  if (o.draws !== undefined) {
    if (typeof o.draws === 'number' && Number.isInteger(o.draws) && o.draws > 0) draws = o.draws;
    else issues.push({ path: 'draws', expected: 'a positive integer', found: describeValue(o.draws) });
  }
  if (issues.length) throw new ValidationError(source, issues);
  return { sampler, modelVersion, draws };
}

/** The web app's sample from the texts of posterior.csv and (optionally) diagnostics.json. */
export function webPosteriorSample(csv: string, diagnostics: string | null, source: { csv: string; diagnostics: string }, max = WEB_POSTERIOR_DRAWS): WebPosteriorSample {
  const { names, draws } = parsePosteriorCsv(csv, source.csv);
  const diag = diagnostics === null ? { sampler: null, modelVersion: null, draws: null } : parseDiagnostics(diagnostics, source.diagnostics);
  if (diag.draws !== null && diag.draws !== draws.length) {
    throw new ValidationError(source.diagnostics, [{ path: 'draws', expected: `${draws.length} (the rows of ${source.csv})`, found: String(diag.draws) }]);
  }
  const ids = thinIndices(draws.length, max);
  const defs = names.map((n) => PARAM_INDEX.get(n)!);
  return {
    source: source.csv,
    sampler: diag.sampler,
    placeholder: /^placeholder\b/i.test(diag.sampler ?? ''),
    modelVersion: diag.modelVersion,
    drawsInFile: draws.length,
    names,
    drawIds: ids,
    values: ids.map((i) => draws[i].map((v, j) => compact(v, defs[j].min!, defs[j].max!))),
  };
}

/**
 * Loads `csvPath` (relative to `root`) and the diagnostics.json beside it. Warns (through
 * `warn`) when the sample was made with another model version: its draws may then fit a
 * different model.
 */
export function loadPosteriorSample(root: string, csvPath: string, warn: (m: string) => void = () => undefined): WebPosteriorSample {
  const csvFile = join(root, csvPath);
  if (!existsSync(csvFile)) throw new ValidationError(csvPath, [{ path: '(file)', expected: 'a posterior sample (momentum calibrate --posterior --out DIR writes DIR/posterior.csv)', found: 'no such file' }]);
  const diagFile = join(dirname(csvFile), 'diagnostics.json');
  const diagPath = relative(root, diagFile);
  const sample = webPosteriorSample(readFileSync(csvFile, 'utf8'), existsSync(diagFile) ? readFileSync(diagFile, 'utf8') : null, { csv: csvPath, diagnostics: diagPath });
  if (sample.modelVersion && sample.modelVersion !== MODEL_VERSION) warn(`${csvPath}: a posterior of model version ${sample.modelVersion}; this is version ${MODEL_VERSION}`);
  return sample;
}

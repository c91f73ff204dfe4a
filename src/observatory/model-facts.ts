/**
 * Curated model facts (data/model-facts.csv): total parameters and public release dates where
 * the Hub's `safetensors.total` is missing or wrong (DeepSeek-V3's 685B counts its 14B MTP
 * module) or its `createdAt` precedes the launch. Relative adoption uses them, as ATOM does.
 * Every row carries its source. Validated on load; errors name the line and the column.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ValidationError, type ValidationIssue } from '../model/index.js';
import { parseCsv } from './csv.js';

/** The columns, in order. */
export const MODEL_FACTS_COLUMNS = ['model_id', 'total_params_b', 'release_date', 'source'] as const;

/** The file shipped with Momentum. */
export const DEFAULT_MODEL_FACTS = fileURLToPath(new URL('../../data/model-facts.csv', import.meta.url));

/** One curated model. */
export interface ModelFact {
  id: string;
  /** Total parameters (not billions), or null when not curated. */
  parameters: number | null;
  /** Public release day YYYY-MM-DD, or null when not curated. */
  releaseDate: string | null;
  source: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Parses and validates model-facts CSV text. */
export function parseModelFacts(text: string, source: string): ModelFact[] {
  const rows = parseCsv(text);
  if (rows.length === 0 || rows[0].map((h) => h.trim()).join(',') !== MODEL_FACTS_COLUMNS.join(','))
    throw new ValidationError(source, [{ path: 'header', expected: MODEL_FACTS_COLUMNS.join(','), found: JSON.stringify(rows[0]?.join(',') ?? '') }]);
  const issues: ValidationIssue[] = [];
  const out: ModelFact[] = [];
  const seen = new Set<string>();
  for (let r = 1; r < rows.length; r++) {
    const line = r + 1;
    const [id, params, release, src] = rows[r].map((c) => c.trim());
    if (rows[r].length !== MODEL_FACTS_COLUMNS.length) {
      issues.push({ path: `line ${line}`, expected: `${MODEL_FACTS_COLUMNS.length} fields`, found: String(rows[r].length) });
      continue;
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9._-]+$/.test(id)) issues.push({ path: `line ${line}.model_id`, expected: 'a repository id namespace/name', found: JSON.stringify(id) });
    else if (seen.has(id)) issues.push({ path: `line ${line}.model_id`, expected: 'a model listed once', found: JSON.stringify(id) });
    const p = params === '' ? null : Number(params);
    if (p !== null && !(Number.isFinite(p) && p > 0 && p < 1e5)) issues.push({ path: `line ${line}.total_params_b`, expected: 'billions of parameters, > 0, or empty', found: JSON.stringify(params) });
    const d = release === '' ? null : release;
    if (d !== null && !(DAY.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d))) issues.push({ path: `line ${line}.release_date`, expected: 'a date YYYY-MM-DD or empty', found: JSON.stringify(release) });
    if (!src || src.length < 10) issues.push({ path: `line ${line}.source`, expected: 'a source (at least 10 characters)', found: JSON.stringify(src ?? '') });
    seen.add(id);
    out.push({ id, parameters: p === null ? null : Math.round(p * 1e9), releaseDate: d, source: src });
  }
  if (issues.length > 0) throw new ValidationError(source, issues);
  return out;
}

/** Reads and validates a model-facts file. */
export function loadModelFacts(file: string = DEFAULT_MODEL_FACTS): ModelFact[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'a readable CSV file', found: (e as NodeJS.ErrnoException).code ?? String(e) }]);
  }
  return parseModelFacts(text, file);
}

/**
 * Reads data/observations.json (the calibration targets) for GET /api/observations: the
 * validated array, or [] when the file does not exist yet.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zodIssues, type ValidationIssue } from '../model/index.js';
import { observationsFileSchema, type Observation } from '../model/calibrate/observation-schema.js';

/** Result of reading the observations file. */
export type ObservationsRead = { ok: true; observations: Observation[] } | { ok: false; issues: ValidationIssue[] };

/** Reads and validates `<root>/data/observations.json`; absent file → empty list. */
export function readObservations(root: string): ObservationsRead {
  const file = join(root, 'data', 'observations.json');
  if (!existsSync(file)) return { ok: true, observations: [] };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    return { ok: false, issues: [{ path: '(file)', expected: 'valid JSON', found: `a syntax error: ${(e as Error).message}` }] };
  }
  const r = observationsFileSchema.safeParse(raw);
  if (!r.success) return { ok: false, issues: zodIssues(r.error, raw) };
  return { ok: true, observations: r.data };
}

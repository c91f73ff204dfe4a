/**
 * Reading observation files (data/observations.json): JSON syntax errors and invalid records
 * become ValidationErrors naming the file, the record (index and id) and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { ValidationError } from '../../model/index.js';
import type { Observation } from '../../model/calibrate/observation-schema.js';
import type { RunSeries } from '../../model/calibrate/operators.js';
import { parseObservations } from '../../model/calibrate/validate-observations.js';

/** The package's root folder (works from src/ under tsx and from dist/). */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/** The default observations file: data/observations.json in the working folder, else in the package. */
export function defaultObservationsFile(): string {
  const local = join(process.cwd(), 'data', 'observations.json');
  return existsSync(local) ? local : join(packageRoot(), 'data', 'observations.json');
}

/** Reads and validates an observations file (with `run`, also the groups fitted records name). */
export function readObservationsFile(file: string, run?: RunSeries): Observation[] {
  if (!existsSync(file)) throw new ValidationError(file, [{ path: '(file)', expected: 'an existing JSON observations file', found: 'no such file' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'valid JSON', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  return parseObservations(raw, file, run);
}

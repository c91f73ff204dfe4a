/**
 * Reading a posterior sample folder (posterior.csv + diagnostics.json, as written by
 * `momentum calibrate --posterior`): a missing folder or file, an unreadable file or any
 * invalid content becomes a ValidationError (exit status 2) naming the file and the field.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../model/index.js';
import { parsePosterior, type PosteriorSample } from '../ensemble/posterior-sample.js';
import { packageRoot } from './calibration/observations-file.js';

/** The committed sample: data/posterior in the working folder, else in the package; undefined when neither exists. */
export function defaultPosteriorDir(): string | undefined {
  for (const d of [join(process.cwd(), 'data', 'posterior'), join(packageRoot(), 'data', 'posterior')]) {
    if (existsSync(join(d, 'posterior.csv'))) return d;
  }
  return undefined;
}

/** Reads and validates the sample in `dir`; `flag` names the option in messages. */
export function readPosteriorDir(dir: string, flag = '--posterior'): PosteriorSample {
  const what = 'a folder holding posterior.csv and diagnostics.json (written by `momentum calibrate --posterior`)';
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (no such folder)` }]);
  }
  if (!isDir) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (a file, not a folder)` }]);
  const read = (name: string): string => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} without ${name}` }]);
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new ValidationError(file, [{ path: '(file)', expected: 'a readable file', found: (e as Error).message.split('\n')[0] }]);
    }
  };
  const csv = read('posterior.csv');
  const diagnostics = read('diagnostics.json');
  return parsePosterior(dir, csv, diagnostics, { csv: join(dir, 'posterior.csv'), diagnostics: join(dir, 'diagnostics.json') });
}

/**
 * Reading a posterior sample folder (posterior.csv + diagnostics.json, as written by
 * `momentum calibrate --posterior`): a missing folder or file, an unreadable file or any
 * invalid content becomes a ValidationError (exit status 2) naming the file and the field.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parsePosterior, type PosteriorSample } from '../ensemble/posterior-sample.js';
import { packageRoot } from './calibration/observations-file.js';
import { readFolderFiles } from './input-folder.js';

/** The committed sample: data/posterior in the working folder, else in the package; undefined when neither exists. */
export function defaultPosteriorDir(): string | undefined {
  for (const d of [join(process.cwd(), 'data', 'posterior'), join(packageRoot(), 'data', 'posterior')]) {
    if (existsSync(join(d, 'posterior.csv'))) return d;
  }
  return undefined;
}

/** Reads and validates the sample in `dir`; `flag` names the option in messages. */
export function readPosteriorDir(dir: string, flag = '--posterior'): PosteriorSample {
  const f = readFolderFiles(dir, flag, 'a folder holding posterior.csv and diagnostics.json (written by `momentum calibrate --posterior`)', ['posterior.csv', 'diagnostics.json']);
  return parsePosterior(dir, f['posterior.csv'].text, f['diagnostics.json'].text, { csv: f['posterior.csv'].file, diagnostics: f['diagnostics.json'].file });
}

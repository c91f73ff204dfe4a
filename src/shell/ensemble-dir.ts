/**
 * Reading an ensemble's output folder (bands.csv and outcomes.json, as `momentum ensemble`
 * writes them) for the HTML reports. A missing folder or file, or content that is not what an
 * ensemble writes, is a ValidationError (exit status 2) naming the file and the field.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../model/index.js';
import { parseBandsCsv } from '../charts/fan.js';
import { fanLabel, parseOutcomesJson, type EnsembleView } from '../charts/ensemble-report.js';

/** Reads the ensemble in `dir`; `flag` names the option in messages. */
export function readEnsembleDir(dir: string, flag = '--ensemble'): EnsembleView {
  const what = 'the output folder of `momentum ensemble` (bands.csv and outcomes.json)';
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (no such folder)` }]);
  }
  if (!isDir) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (a file, not a folder)` }]);
  const read = (name: string) => {
    const file = join(dir, name);
    if (!existsSync(file)) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} without ${name}` }]);
    return { file, text: readFileSync(file, 'utf8') };
  };
  const o = read('outcomes.json');
  const outcomes = parseOutcomesJson(o.text, o.file);
  const b = read('bands.csv');
  const fan = parseBandsCsv(b.text, b.file, outcomes.ensemble.from, outcomes.ensemble.to, fanLabel(outcomes));
  return { dir, outcomes, fan };
}

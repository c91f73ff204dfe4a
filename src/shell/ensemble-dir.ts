/**
 * Reading an ensemble's output folder (bands.csv and outcomes.json, as `momentum ensemble`
 * writes them) for the HTML reports. A missing folder or file, or content that is not what an
 * ensemble writes, is a ValidationError (exit status 2) naming the file and the field.
 */
import { parseBandsCsv } from '../charts/fan.js';
import { fanLabel, parseOutcomesJson, type EnsembleView } from '../charts/ensemble-report.js';
import { readFolderFiles } from './input-folder.js';

/** Reads the ensemble in `dir`; `flag` names the option in messages. */
export function readEnsembleDir(dir: string, flag = '--ensemble'): EnsembleView {
  const f = readFolderFiles(dir, flag, 'the output folder of `momentum ensemble` (bands.csv and outcomes.json)', ['outcomes.json', 'bands.csv']);
  const outcomes = parseOutcomesJson(f['outcomes.json'].text, f['outcomes.json'].file);
  const fan = parseBandsCsv(f['bands.csv'].text, f['bands.csv'].file, outcomes.ensemble.from, outcomes.ensemble.to, fanLabel(outcomes));
  return { dir, outcomes, fan };
}

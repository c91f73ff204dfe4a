/**
 * Reading the files of an input folder given by an option (a posterior sample, an ensemble's
 * outputs): a missing folder, a file where a folder was expected, a missing or unreadable file
 * become ValidationErrors (exit status 2) that name the option, what it expects and what was found.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../model/index.js';

/** The texts of `names` in `dir` (each with its path), read in order; `what` says what the folder should be. */
export function readFolderFiles<N extends string>(dir: string, flag: string, what: string, names: readonly N[]): Record<N, { file: string; text: string }> {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (no such folder)` }]);
  }
  if (!isDir) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} (a file, not a folder)` }]);
  const out = {} as Record<N, { file: string; text: string }>;
  for (const name of names) {
    const file = join(dir, name);
    if (!existsSync(file)) throw new ValidationError(flag, [{ path: flag, expected: what, found: `${JSON.stringify(dir)} without ${name}` }]);
    try {
      out[name] = { file, text: readFileSync(file, 'utf8') };
    } catch (e) {
      throw new ValidationError(file, [{ path: '(file)', expected: 'a readable file', found: (e as Error).message.split('\n')[0] }]);
    }
  }
  return out;
}

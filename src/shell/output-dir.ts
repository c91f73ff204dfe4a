/**
 * Writes a set of output files all at once: into a temporary sibling folder first, then
 * renamed into place, so a failure never leaves partial output and a previous run's folder
 * is replaced whole.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join, resolve } from 'node:path';

/** True when a process with this id is running (or cannot be signalled by us: assume it runs). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the scratch folders a killed process left next to `dir`: `.NAME.tmp-PID-…` (this
 * file's) and `.NAME.export-PID-…` (an ensemble's export) whose process is gone, and the
 * export folders of older versions that had no process id in their name.
 */
export function removeStaleScratch(dir: string): void {
  const target = resolve(dir);
  const base = basename(target);
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return; // no parent folder yet: nothing to clean
  }
  const prefix = `.${base}.`;
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const m = /^(tmp|export)-(?:(\d+)-)?[^/]*$/.exec(name.slice(prefix.length));
    if (!m) continue;
    if (m[2] !== undefined ? alive(Number(m[2])) : m[1] === 'tmp') continue;
    rmSync(join(dirname(target), name), { recursive: true, force: true });
  }
}

/** A fresh scratch folder next to `dir` for `kind` (named with this process's id; see removeStaleScratch). */
export function makeScratchDir(dir: string, kind: 'export'): string {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  return mkdtempSync(join(dirname(target), `.${basename(target)}.${kind}-${process.pid}-`));
}

/** Writes `files` (name → contents) into `dir`, atomically replacing its previous contents. */
export function writeOutputDir(dir: string, files: Record<string, string | Uint8Array>): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  removeStaleScratch(dir);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  try {
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data);
    const old = `${tmp}.old`;
    if (existsSync(target)) renameSync(target, old);
    renameSync(tmp, target);
    if (existsSync(old)) rmSync(old, { recursive: true, force: true });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Writes one file atomically (temp file + rename). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const target = resolve(file);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  writeFileSync(tmp, data);
  renameSync(tmp, target);
}

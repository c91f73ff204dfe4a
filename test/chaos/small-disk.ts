/**
 * A small disk for full-disk tests: a tmpfs of a few megabytes mounted on a temporary folder,
 * filled to a known number of free bytes by a filler file, and freed by removing it.
 *
 * Mounting needs root (or CAP_SYS_ADMIN). Whether this machine allows it is tried once per
 * test file, by mounting and unmounting a 1 MiB tmpfs; when it does not, the reason is printed
 * and the tests that need the disk skip with it (`ctx.skip(reason)`, so the reason also shows
 * in `npm run test:chaos`'s summary): never a silent skip. (The same approach as the
 * observatory's full-disk test.)
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILLER = '.filler';

function mountTmpfs(dir: string, size: string): string | null {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { encoding: 'utf8' });
  return r.status === 0 ? null : (r.stderr || r.error?.message || `mount exited ${r.status}`).trim();
}

/** Why a tmpfs cannot be mounted here (`null`: it can). Tried once, unmounted at once. */
export function smallDiskProblem(): string | null {
  if (process.platform !== 'linux') return `tmpfs mounts are a Linux feature (this is ${process.platform})`;
  const probe = join(tmpdir(), `momentum-disk-probe-${process.pid}`);
  const problem = mountTmpfs(probe, '1m');
  if (problem === null) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  return problem === null ? null : `cannot mount a small tmpfs at ${probe} (${problem}); the full-disk tests need root or CAP_SYS_ADMIN`;
}

/** A mounted small disk. */
export interface SmallDisk {
  /** The mount point (empty at first). */
  dir: string;
  /** Bytes free for an unprivileged writer. */
  freeBytes(): number;
  /** Writes the filler so that exactly `bytes` (a multiple of 4 KiB) stay free. */
  fillLeaving(bytes: number): void;
  /** Removes the filler. */
  free(): void;
  /** The names in the mount point other than the filler, sorted. */
  entries(): string[];
  /** Removes everything on the disk. */
  clear(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (e.g. "16m") on a fresh folder named after `name`. */
export function mountSmallDisk(name: string, size: string): SmallDisk {
  const dir = join(tmpdir(), `momentum-${name}-disk-${process.pid}`);
  const problem = mountTmpfs(dir, size);
  if (problem) throw new Error(`cannot mount the tmpfs for the full-disk tests at ${dir}: ${problem}`);
  const freeBytes = () => {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  };
  const free = () => rmSync(join(dir, FILLER), { force: true });
  return {
    dir,
    freeBytes,
    fillLeaving(bytes) {
      free();
      // (appended to until exactly `bytes` are left, should anything else on the disk have
      // grown meanwhile, e.g. a halted coordinator's database)
      for (let fill = freeBytes() - bytes; fill > 0; fill = freeBytes() - bytes) appendFileSync(join(dir, FILLER), Buffer.alloc(fill));
      const left = freeBytes();
      if (left !== bytes) throw new Error(`the filler left ${left} bytes free on ${dir}, not ${bytes}`);
    },
    free,
    entries: () => readdirSync(dir).filter((n) => n !== FILLER).sort(),
    clear() {
      for (const n of readdirSync(dir)) rmSync(join(dir, n), { recursive: true, force: true });
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

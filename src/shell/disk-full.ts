/**
 * A full disk, recognised and named. Node reports it as ENOSPC ("no space left on device"),
 * DuckDB as an IO Error whose text carries the system's message; both become a
 * {@link DiskFullError} that names the path being written, so a command can say which disk
 * to free instead of printing whatever error came next (DuckDB's own follow-up is "cannot
 * rollback - no transaction is active").
 */

/** True when `e` comes from a full disk (Node's ENOSPC or EDQUOT, or DuckDB's IO error text). */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /ENOSPC|no space left on device|disk quota exceeded|database or disk is full/i.test(msg);
}

/**
 * What failed, in one line: DuckDB's "Could not write file …" part when there is one (its
 * message starts with the layers it passed through, e.g. "TransactionContext Error: Failed to
 * commit: "), otherwise the first line of the message.
 */
export function diskErrorDetail(e: unknown): string {
  const line = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return /Could not \w+ file .*/.exec(line)?.[0] ?? line;
}

/** A write failed because the disk holding `path` is full; the message says what was kept. */
export class DiskFullError extends Error {
  constructor(
    /** The file or folder being written. */
    readonly path: string,
    /** What state things were left in and what to do (one or two sentences). */
    readonly advice: string,
    cause: unknown,
  ) {
    super(`no space left on device: the disk holding ${path} is full (${diskErrorDetail(cause)}). ${advice}`, { cause });
    this.name = 'DiskFullError';
  }
}

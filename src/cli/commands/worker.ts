/**
 * `momentum worker --redis redis://HOST:PORT [--concurrency K]`: serves ensemble runs queued
 * by `momentum ensemble … --redis URL` until interrupted (SIGINT/SIGTERM finish the runs in
 * progress first).
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ValidationError } from '../../model/index.js';
import { parseIntOption } from '../options.js';
import { startWorker } from '../../ensemble/distributed-worker.js';

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('serve ensemble runs from a Redis queue (see docs/ensembles.md)')
    .option('--redis <url>', 'Redis URL, redis://HOST:PORT')
    .option('--concurrency <k>', 'runs at a time (worker threads)', String(Math.max(1, availableParallelism())))
    .option('--lock-ms <ms>', 'job lock duration: a crashed worker\'s run is handed over after about this long', '30000')
    .option('--stalled-ms <ms>', 'interval of the check for runs of crashed workers', '30000')
    .option('--quiet', 'print only errors')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      if (o.redis === undefined) throw new ValidationError('--redis', [{ path: '--redis', expected: 'a Redis URL redis://HOST:PORT', found: 'nothing (missing)' }]);
      const concurrency = parseIntOption('--concurrency', String(o.concurrency), 1, 1024);
      const lockMs = parseIntOption('--lock-ms', String(o['lockMs']), 500, 3_600_000);
      const stalledMs = parseIntOption('--stalled-ms', String(o['stalledMs']), 200, 3_600_000);
      const log = o.quiet ? undefined : (l: string) => process.stdout.write(`${new Date().toISOString()} ${l}\n`);
      const w = await startWorker({ url: String(o.redis), concurrency, lockMs, stalledMs, log, holdRuns: process.env.MOMENTUM_TEST_WORKER_HOLD === '1' });
      await new Promise<void>((resolve) => {
        let closing = false;
        const stop = (sig: string) => {
          if (closing) return;
          closing = true;
          log?.(`${sig}: finishing runs in progress`);
          void w.close().then(resolve, resolve);
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}

/**
 * `momentum worker --redis redis://HOST:PORT [--concurrency K]`: serves ensemble runs queued
 * by `momentum ensemble … --redis URL` until interrupted (SIGINT/SIGTERM finish the runs in
 * progress first, for at most 10 s; a second signal exits at once).
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { ValidationError } from '../../model/index.js';
import { parseIntOption } from '../options.js';
import { startWorker } from '../../ensemble/distributed-worker.js';

/** How long a worker may take to finish its runs and disconnect after SIGINT/SIGTERM. */
const CLOSE_LIMIT_MS = 10_000;

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
      const url = String(o.redis);
      await new Promise<void>((resolve) => {
        let closing = false;
        const stop = (sig: string) => {
          if (closing) {
            process.stderr.write(`worker: second ${sig}: exiting now\n`);
            process.exit(1);
          }
          closing = true;
          log?.(`${sig}: finishing runs in progress (at most ${CLOSE_LIMIT_MS / 1000} s)`);
          // closing needs Redis (BullMQ waits for it); without it the close never ends
          const limit = setTimeout(() => {
            process.stderr.write(
              `worker: could not finish the runs in progress and disconnect within ${CLOSE_LIMIT_MS / 1000} s (is Redis at ${url} reachable?); exiting. ` +
                'Runs it held are handed to other workers once their locks expire.\n',
            );
            process.exit(1);
          }, CLOSE_LIMIT_MS);
          void w.close().then(
            () => {
              clearTimeout(limit);
              resolve();
            },
            (e: unknown) => {
              clearTimeout(limit);
              process.stderr.write(`worker: error while closing: ${(e as Error).message}\n`);
              process.exitCode = 1;
              resolve();
            },
          );
        };
        process.on('SIGINT', () => stop('SIGINT'));
        process.on('SIGTERM', () => stop('SIGTERM'));
      });
    });
}

/** `momentum serve`: the playground web app and the JSON API (src/server). */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createMomentumServer, PACKAGE_ROOT } from '../../server/server.js';
import { DEFAULT_LIMITS } from '../../server/limits.js';
import { defaultModelThreads } from '../../server/model-pool.js';
import { parseIntOption } from '../options.js';
import { ValidationError } from '../../model/index.js';
import { CliError } from '../cli-error.js';

/** One line for a failure to listen (a busy port, a privileged port, an unknown host), not a stack trace. */
export function listenError(e: NodeJS.ErrnoException, port: number, host: string): Error {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (e.code === 'EADDRINUSE') return new CliError(`port ${port} is already in use on ${host}; stop the other server or choose another port with --port (--port 0 picks a free one)`);
  if (e.code === 'EACCES') return new CliError(`not allowed to listen on ${where} (ports below 1024 need privileges); choose another port with --port`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return new CliError(`cannot listen on ${where}: no such local address (--host)`, 2);
  return e;
}

/** Registers `momentum serve [--port P] [--host H] [--max-agents N] [--max-months N] [--time-limit MS] [--threads K] [--access-log] [--allowed-host NAME]`. */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the playground web app and the JSON API (/api/scenarios, /api/params, /api/run, /api/compare, /api/observations)')
    .option('--port <p>', 'port (0 = any free port)', '8080')
    .option('--host <h>', 'interface to listen on', '127.0.0.1')
    .option('--max-agents <n>', 'largest agents count accepted', String(DEFAULT_LIMITS.maxAgents))
    .option('--max-months <n>', 'longest horizon in months', String(DEFAULT_LIMITS.maxMonths))
    .option('--time-limit <ms>', 'time budget of one request in ms (exceeded → 408)', String(DEFAULT_LIMITS.timeLimitMs))
    .option('--threads <k>', 'worker threads for model runs (0 = run in the server thread)', String(defaultModelThreads()))
    .option('--access-log', 'print one line per request to stderr')
    .option('--allowed-host <name...>', 'a host name the Host header may carry besides the bound address (repeatable; e.g. a reverse proxy\'s name)')
    .action(async (o: Record<string, string> & { accessLog?: boolean; allowedHost?: string[] }) => {
      const port = parseIntOption('--port', o.port, 0, 65535);
      const limits = {
        maxAgents: parseIntOption('--max-agents', o.maxAgents, 1, 50_000_000),
        maxMonths: parseIntOption('--max-months', o.maxMonths, 1, 1200),
        timeLimitMs: parseIntOption('--time-limit', o.timeLimit, 1, 3_600_000),
      };
      const threads = parseIntOption('--threads', o.threads, 0, 64);
      const allowedHosts = (o.allowedHost ?? []).map((h) => h.trim().toLowerCase());
      for (const h of allowedHosts) {
        if (!/^[a-z0-9.-]+$|^\[?[0-9a-f:.]+\]?$/.test(h)) throw new ValidationError('--allowed-host', [{ path: '--allowed-host', expected: 'a host name or address (no port, no scheme)', found: JSON.stringify(h) }]);
      }
      const srv = createMomentumServer({ limits, threads, accessLog: Boolean(o.accessLog), allowedHosts });
      let bound: number;
      try {
        bound = await srv.listen(port, o.host);
      } catch (e) {
        await srv.close();
        throw listenError(e as NodeJS.ErrnoException, port, o.host);
      }
      // warm the model threads in the background, so that the first API run is not a cold one
      srv.warm().catch((e: Error) => process.stderr.write(`warning: the model threads could not start: ${e.message}\n`));
      const host = o.host.includes(':') ? `[${o.host}]` : o.host;
      process.stdout.write(`Momentum playground at http://${host}:${bound}/ (API under /api/; Ctrl-C to stop)\n`);
      if (!existsSync(join(PACKAGE_ROOT, 'web', 'dist', 'index.html'))) {
        process.stderr.write('warning: web/dist is missing; run `npm run build` to build the web app (the API works without it)\n');
      }
      await new Promise<void>((done) => {
        const stop = (sig: string) => {
          process.stderr.write(`${sig}: shutting down\n`);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          void srv.close().then(done);
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
    });
}

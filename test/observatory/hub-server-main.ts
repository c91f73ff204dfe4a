/**
 * Runs the local Hub-compatible server in its own process (for the benchmark, so serving and
 * ingesting use separate cores). Prints `READY <url>` on stdout; stops on SIGTERM or when its
 * parent's stdin closes.
 *
 *   node --import tsx test/observatory/hub-server-main.ts --size 2500000 --seed 1 [--tracked-share 0.01] [--noise-share 0.5]
 */
import { loadRegistry } from '../../src/observatory/registry.js';
import { generateEcosystem } from './hub-ecosystem.js';
import { startHubServer } from './hub-server.js';

const args = process.argv.slice(2);
const opt = (name: string, def: string) => {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : def;
};
const registry = loadRegistry(new URL('../../data/organizations.csv', import.meta.url).pathname);
const t0 = performance.now();
const eco = generateEcosystem({
  seed: Number(opt('seed', '1')),
  size: Number(opt('size', '100000')),
  tracked: registry.entries,
  trackedShare: Number(opt('tracked-share', '0.01')),
  noiseShare: Number(opt('noise-share', '0.5')),
});
const genMs = performance.now() - t0;
const srv = await startHubServer(eco);
process.stdout.write(`READY ${srv.url} ${eco.n} ${genMs.toFixed(0)}\n`);
const stop = () => void srv.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

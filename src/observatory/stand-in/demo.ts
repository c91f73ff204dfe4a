/**
 * `momentum observe demo`: the observatory end to end with no network. A synthetic Hub sample
 * (seeded, see ecosystem.ts) is served by the local stand-in on 127.0.0.1; it is synced on four
 * dates (a growing Hub with rising downloads), then the monthly metrics, the HTML report and the
 * observation records are computed as for the real Hub. Every number in it is synthetic.
 */
import { writeFileAtomic, writeOutputDir } from '../../shell/output-dir.js';
import { HubClient } from '../hub-fetch.js';
import { computeMetrics, metricsToCsv } from '../metrics.js';
import { metricsReportHtml } from '../html-report.js';
import type { ModelFact } from '../model-facts.js';
import type { Registry } from '../registry.js';
import { Store } from '../store.js';
import { runSync } from '../sync.js';
import { generateEcosystem } from './ecosystem.js';
import { startHubServer } from './server.js';

/** The demo's sync dates: three months apart, then two consecutive days. */
export const DEMO_SYNC_DATES = ['2026-04-15', '2026-05-15', '2026-06-14', '2026-06-15'] as const;

/** Options of {@link runDemo}. */
export interface DemoOptions {
  db: string;
  out: string;
  html: string;
  size: number;
  seed: number;
  registry: Registry;
  facts: readonly ModelFact[];
}

/** Runs the demo; returns the summary printed by the CLI. */
export async function runDemo(o: DemoOptions): Promise<string> {
  const eco = generateEcosystem({ seed: o.seed, size: o.size, tracked: o.registry.entries, asOf: DEMO_SYNC_DATES[DEMO_SYNC_DATES.length - 1] });
  const srv = await startHubServer(eco);
  const lines = [`synthetic Hub sample: ${o.size} models (seed ${o.seed}) served at ${srv.url}`];
  const store = await Store.open(o.db);
  try {
    for (const [k, date] of DEMO_SYNC_DATES.entries()) {
      srv.setAsOf(date);
      srv.setVariant(k);
      const r = await runSync(store, o.registry, new HubClient({ seed: o.seed }), { hubUrl: srv.url, date, since: null });
      lines.push(`synced ${date}: ${r.records} models written, ${r.pages} listing pages, ${r.requests} requests`);
    }
    const m = await computeMetrics(store, { facts: o.facts });
    writeOutputDir(o.out, { 'metrics.csv': metricsToCsv(m.rows) });
    writeFileAtomic(o.html, metricsReportHtml(m, o.db).replace('<header>', '<header><p><strong>Demo: synthetic data from the bundled stand-in, not measurements of the Hub.</strong></p>'));
    lines.push(`wrote ${o.db}, ${o.out}/metrics.csv (${m.rows.length} rows) and ${o.html}`);
    lines.push(`next: momentum observe metrics --db ${o.db} --period day   (the two June syncs are consecutive days; the others leave gaps)`);
  } finally {
    store.close();
    await srv.close();
  }
  return lines.join('\n') + '\n';
}

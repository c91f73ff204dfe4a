/**
 * `momentum observe sync`: crawls the Hub into the store, resumably.
 *
 * Preflight (before the store is opened): the token, if any, is checked with whoami and the
 * listing is reached once, so a bad token or an unreachable Hub leaves the store untouched.
 * Phase 1 (orgs): each tracked namespace is listed in full with the official `@huggingface/hub`
 * client (`listModels` with `hubUrl`), a few namespaces at once; one transaction per namespace.
 * Phase 2 (derivatives): the REST listing `GET /api/models` newest first, with the `expand`
 * fields of hub-api.ts (lineage from `base_model:` tags: the listing rejects `baseModels`),
 * following the absolute `Link: <…>; rel="next"` cursor; models with declared bases are kept.
 * The cursor is saved with each committed batch, so a rerun resumes where the last commit left
 * off. `--since` stops this listing at the first older model; it never limits phase 1.
 * Phase 3 (prune): keeps derivatives that descend from a tracked model, then marks the date done.
 */
import { listModels } from '@huggingface/hub';
import { hashString } from '../model/index.js';
import { LISTING_EXPAND, LISTING_PAGE_SIZE, LISTING_SORT, WHOAMI_PATH } from './hub-api.js';
import { HubClient, HubError, parseLinkHeader } from './hub-fetch.js';
import { toModelRecord, type ModelRecord } from './model-record.js';
import type { Registry } from './registry.js';
import type { Store } from './store.js';

/** Fields requested from the REST listing (kept under its old name; see hub-api.ts). */
export const REST_EXPAND = LISTING_EXPAND;

/** Options of {@link runSync}. */
export interface SyncOptions {
  hubUrl: string;
  /** Sync date YYYY-MM-DD (today, UTC, unless injected). */
  date: string;
  /** The derivative listing stops at models created before this day (YYYY-MM-DD). */
  since: string | null;
  /** REST page size (default LISTING_PAGE_SIZE). */
  pageSize?: number;
  /** Organisations listed at once (default: the client's requests in flight). */
  orgConcurrency?: number;
  /** Commit a derivative batch once this many records are buffered. */
  batchRecords?: number;
  onProgress?: (info: { phase: string; done: number; total: number }) => void;
  onLog?: (line: string) => void;
}

/** What a sync did. */
export interface SyncReport {
  date: string;
  resumed: boolean;
  orgs: number;
  pages: number;
  records: number;
  skipped: number;
  pruned: number;
  requests: number;
  retries: number;
  waitedMs: number;
  /** Largest number of requests in flight at once. */
  maxInFlight: number;
}

/** The URL of the first page of the derivative listing. */
export function firstListingUrl(hubUrl: string, pageSize: number = LISTING_PAGE_SIZE): string {
  const q = new URLSearchParams([['limit', String(pageSize)], ['sort', LISTING_SORT.sort], ['direction', LISTING_SORT.direction], ...LISTING_EXPAND.map((e) => ['expand', e])]);
  return `${hubUrl.replace(/\/+$/, '')}/api/models?${q.toString()}`;
}

/**
 * Checks, before anything is written, that the Hub answers and accepts the token: whoami with
 * a token (401 = a rejected token), then one listing page of the first tracked namespace with
 * the listing's own fields (so a Hub that rejects them fails here, not mid-sync).
 * Throws a HubError with a message for the user.
 */
export async function preflight(client: HubClient, hubUrl: string, registry: Registry, hasToken: boolean): Promise<void> {
  const base = hubUrl.replace(/\/+$/, '');
  if (hasToken) {
    try {
      await client.getJson(`${base}${WHOAMI_PATH}`);
    } catch (e) {
      if (e instanceof HubError && (e.status === 401 || e.status === 403))
        throw new HubError('http', `the Hub at ${base} rejected the token (HTTP ${e.status}). Check the token in --token-env (or HF_TOKEN); nothing was written.`, e.status);
      throw e;
    }
  }
  const q = new URLSearchParams([['author', registry.entries[0].namespace], ['limit', '1'], ...LISTING_EXPAND.map((f) => ['expand', f])]);
  await client.getJson(`${base}/api/models?${q.toString()}`);
}

/** Hash of the registry content that matters for classification (a changed registry restarts a sync). */
export function registryHash(reg: Registry): string {
  return hashString(reg.entries.map((e) => `${e.namespace}|${e.organisation}|${e.bloc}`).join('\n'));
}

/** Runs (or resumes) the sync of `opts.date`. */
export async function runSync(store: Store, registry: Registry, client: HubClient, opts: SyncOptions): Promise<SyncReport> {
  const pageSize = opts.pageSize ?? LISTING_PAGE_SIZE;
  const batchRecords = opts.batchRecords ?? 20_000;
  const log = opts.onLog ?? (() => undefined);
  const hubUrl = opts.hubUrl.replace(/\/+$/, '');
  const orgsHash = registryHash(registry);
  let state = await store.state(opts.date);
  let resumed = false;
  if (state && state.phase !== 'done' && state.hubUrl === hubUrl && state.since === opts.since && state.orgsHash === orgsHash) {
    resumed = true;
    log(`resuming the sync of ${opts.date} (phase ${state.phase}, ${state.pages} pages done)`);
  } else {
    if (state) log(state.phase === 'done' ? `replacing the snapshot of ${opts.date}` : `restarting the sync of ${opts.date} (options changed)`);
    state = { syncDate: opts.date, hubUrl, since: opts.since, orgsHash, phase: 'orgs', cursor: null, pages: 0, records: 0 };
    await store.beginFresh(state);
  }
  const report: SyncReport = { date: opts.date, resumed, orgs: 0, pages: state.pages, records: state.records, skipped: 0, pruned: 0, requests: 0, retries: 0, waitedMs: 0, maxInFlight: 0 };
  // Phase 1: tracked organisations through the official client, always in full (--since
  // limits only the derivative listing: a snapshot must cover every tracked model).
  if (state.phase === 'orgs') {
    const done = await store.orgsDone(opts.date);
    const todo = registry.entries.filter((e) => !done.has(e.namespace));
    let k = registry.entries.length - todo.length;
    const fetchImpl = client.asFetch();
    const listOrg = async (namespace: string) => {
      const recs: ModelRecord[] = [];
      for await (const m of listModels({
        search: { owner: namespace },
        hubUrl,
        additionalFields: ['createdAt', 'downloadsAllTime', 'safetensors', 'tags', 'library_name'],
        fetch: fetchImpl,
      })) {
        const rec = toModelRecord(m as unknown as Record<string, unknown>, 'client', registry);
        if (!rec || rec.namespace !== namespace) {
          report.skipped++;
          continue;
        }
        recs.push(rec);
      }
      await store.writeBatch(opts.date, dedupe(recs), { org: namespace });
      report.orgs++;
      report.records += recs.length;
      opts.onProgress?.({ phase: 'organisations', done: ++k, total: registry.entries.length });
    };
    // A few namespaces at once (each one's pages are sequential); the first failure stops the rest.
    let next = 0;
    let failed: unknown = null;
    const worker = async () => {
      while (failed === null && next < todo.length) {
        const org = todo[next++];
        try {
          await listOrg(org.namespace);
        } catch (e) {
          failed ??= e;
        }
      }
    };
    const width = Math.max(1, Math.min(opts.orgConcurrency ?? client.maxInFlight, todo.length || 1));
    await Promise.all(Array.from({ length: width }, worker));
    if (failed !== null) throw failed;
    state.phase = 'derivatives';
    state.cursor = firstListingUrl(hubUrl, pageSize);
    await store.setPhase(opts.date, 'derivatives', state.cursor);
  }

  // Phase 2: the full listing, for derivatives of tracked models.
  if (state.phase === 'derivatives') {
    let url: string | null = state.cursor ?? firstListingUrl(hubUrl, pageSize);
    let pages = state.pages;
    let buf: ModelRecord[] = [];
    const seen = new Set<string>();
    // One page is fetched ahead while the current one is parsed and written: a cursor listing
    // cannot run further ahead (each page's URL comes from the previous page's Link header).
    const fetchPage = (u: string) => {
      const p = client.getJson(u);
      p.catch(() => undefined);
      return p;
    };
    let inflight = url ? fetchPage(url) : null;
    while (url && inflight) {
      const { data, headers } = await inflight;
      const link: string | null = parseLinkHeader(headers.get('link'), url).next ?? null;
      inflight = link ? fetchPage(link) : null;
      if (!Array.isArray(data)) throw new HubError('malformed', `expected a JSON array of models from ${url}, found ${typeof data}`);
      let stop = false;
      for (const item of data) {
        if (!item || typeof item !== 'object') {
          report.skipped++;
          continue;
        }
        const rec = toModelRecord(item as Record<string, unknown>, 'rest', registry);
        if (!rec) {
          report.skipped++;
          continue;
        }
        const created = rec.createdAt ?? rec.createdBefore;
        if (opts.since !== null && created !== null && created < opts.since) {
          stop = true;
          continue;
        }
        if (rec.organisation !== null || rec.parents.length === 0 || seen.has(rec.id)) continue;
        seen.add(rec.id);
        buf.push(rec);
      }
      pages++;
      const next: string | null = stop ? null : link;
      if (buf.length >= batchRecords || next === null) {
        await store.writeBatch(opts.date, buf, { phase: next === null ? 'prune' : 'derivatives', cursor: next, pages });
        report.records += buf.length;
        buf = [];
        seen.clear();
      }
      report.pages = pages;
      opts.onProgress?.({ phase: 'listing pages', done: pages, total: next === null ? pages : pages + 1 });
      url = next;
    }
    state.phase = 'prune';
  }

  // Phase 3: keep what descends from tracked models; mark the date done.
  if (state.phase === 'prune') {
    report.pruned = await store.pruneAndFinish(opts.date);
  }
  report.requests = client.stats.requests;
  report.retries = client.stats.retries;
  report.waitedMs = client.stats.waitedMs;
  report.maxInFlight = client.stats.maxInFlightSeen;
  return report;
}

function dedupe(recs: ModelRecord[]): ModelRecord[] {
  const seen = new Set<string>();
  return recs.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
}

/**
 * The local Hub stand-in is as strict as the Hub where the Hub's own client libraries say what
 * it rejects, and the sync's requests conform to it. Checked against @huggingface/hub (its
 * MODEL_EXPANDABLE_KEYS and listModels) and huggingface_hub (PR #3182: the listing rejects
 * baseModels and childrenModelCount with 400; test_list_models_expand_unexpected_value).
 */
import { MODEL_EXPANDABLE_KEYS, listModels, whoAmI } from '@huggingface/hub';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATED_AT_UNKNOWN_SENTINEL, LISTING_EXPAND, LISTING_EXPANDABLE, MODEL_INFO_ONLY_EXPAND, isRetryableStatus } from '../../src/observatory/hub-api.js';
import { loadRegistry } from '../../src/observatory/registry.js';
import { firstListingUrl } from '../../src/observatory/sync.js';
import { createdUnknown, generateEcosystem, modelId, type Ecosystem } from './hub-ecosystem.js';
import { startHubServer, type HubServer } from './hub-server.js';

const registry = loadRegistry(join(resolve(import.meta.dirname, '../..'), 'data/organizations.csv'));
let eco: Ecosystem;
let srv: HubServer;

beforeAll(async () => {
  eco = generateEcosystem({ seed: 5, size: 30000, tracked: registry.entries });
  srv = await startHubServer(eco, {}, { tokens: ['hf_valid'] });
});
afterAll(() => srv.close());

const get = async (path: string, token?: string) => {
  const r = await fetch(`${srv.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, body: await r.json(), link: r.headers.get('link') };
};

describe('the Hub stand-in rejects what the Hub rejects', () => {
  it('answers 400 to baseModels, childrenModelCount, usedStorage and unknown expand values on the listing', async () => {
    for (const f of ['baseModels', 'childrenModelCount', 'usedStorage', 'foo']) {
      const r = await get(`/api/models?limit=5&expand=createdAt&expand=${f}`);
      expect(r.status, f).toBe(400);
      expect(String(r.body.error)).toContain(f);
    }
  });

  it('accepts on the listing every field huggingface.js may ask for, and the sync asks for nothing else', async () => {
    for (const f of MODEL_EXPANDABLE_KEYS) expect(LISTING_EXPANDABLE as readonly string[], f).toContain(f);
    for (const f of MODEL_INFO_ONLY_EXPAND) expect(LISTING_EXPANDABLE as readonly string[]).not.toContain(f);
    for (const f of LISTING_EXPAND) expect(LISTING_EXPANDABLE as readonly string[]).toContain(f);
    const url = new URL(firstListingUrl(srv.url, 50));
    expect(url.searchParams.getAll('expand').filter((e) => (MODEL_INFO_ONLY_EXPAND as readonly string[]).includes(e))).toEqual([]);
    const r = await fetch(url);
    expect(r.status).toBe(200);
    expect(((await r.json()) as unknown[]).length).toBe(50);
  });

  it('serves baseModels and childrenModelCount on GET /api/models/{id} only, in both shapes', async () => {
    const derived = Array.from({ length: eco.n }, (_, i) => i).filter((i) => eco.parent1[i] >= 0);
    const even = derived.find((i) => i % 2 === 0)!;
    const odd = derived.find((i) => i % 2 === 1)!;
    const a = await get(`/api/models/${modelId(eco, even)}?expand=baseModels&expand=childrenModelCount`);
    expect(a.status).toBe(200);
    expect(a.body.baseModels).toMatchObject({ models: [{ id: modelId(eco, eco.parent1[even]) }] });
    const b = await get(`/api/models/${modelId(eco, odd)}?expand=baseModels`);
    expect(b.body.baseModels[0]).toBe(modelId(eco, eco.parent1[odd]));
    expect((await get('/api/models/nobody/nothing')).status).toBe(404);
  });

  it('answers 401 to a bad token everywhere, serves whoami to a valid one, and anonymous listings', async () => {
    expect((await get('/api/models?limit=1', 'hf_bad')).status).toBe(401);
    expect((await get('/api/whoami-v2', 'hf_bad')).status).toBe(401);
    expect((await get('/api/whoami-v2')).status).toBe(401);
    expect((await get('/api/whoami-v2', 'hf_valid')).status).toBe(200);
    expect((await get('/api/models?limit=1')).status).toBe(200);
    // The official client sees the same: whoAmI rejects the bad token.
    await expect(whoAmI({ accessToken: 'hf_bad', hubUrl: srv.url })).rejects.toThrow();
    expect((await whoAmI({ accessToken: 'hf_valid', hubUrl: srv.url })).name).toBe('stand-in-user');
  });

  it('pages the official client\'s listModels with Link cursors and reports the createdAt sentinel for old repositories', async () => {
    const ns = registry.entries[0].namespace;
    const got: string[] = [];
    let sentinel = 0;
    for await (const m of listModels({ search: { owner: ns }, hubUrl: srv.url, additionalFields: ['createdAt'] })) {
      got.push(m.name);
      if ((m as unknown as { createdAt: string }).createdAt === CREATED_AT_UNKNOWN_SENTINEL) sentinel++;
    }
    const k = eco.orgs.findIndex((o) => o.namespace === ns);
    expect(got.length).toBe(eco.byNs[k].length);
    expect(sentinel).toBe([...eco.byNs[k]].filter((i) => createdUnknown(eco, i)).length);
    expect(got.length).toBeGreaterThan(500); // more than one page of the client's 500
  });

  it('rejects sort keys the Hub does not know and says which known ones it does not serve', async () => {
    expect((await get('/api/models?sort=bogus')).status).toBe(400);
    expect((await get('/api/models?sort=downloads')).status).toBe(501);
    expect((await get('/api/models?limit=x')).status).toBe(400);
  });

  it('retries exactly the transient statuses: 408, 429 and 5xx', () => {
    expect([400, 401, 403, 404, 408, 429, 500, 502, 503].filter(isRetryableStatus)).toEqual([408, 429, 500, 502, 503]);
  });
});

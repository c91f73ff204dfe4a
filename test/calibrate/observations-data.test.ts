/**
 * data/observations.json and the validation of observation records: bad records are reported
 * with the record (index and id) and the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioRegistry, runScenario, ValidationError } from '../../src/model/index.js';
import { parseObservations } from '../../src/model/calibrate/validate-observations.js';

const raw = JSON.parse(readFileSync(new URL('../../data/observations.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
const ref = runScenario(new ScenarioRegistry().resolve('baseline'), { mode: 'meanfield' });

function errorOf(records: unknown): ValidationError {
  try {
    parseObservations(records, 'obs.json', ref);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const good = () => structuredClone(raw.find((o) => o.id === 'menlo-enterprise-open-share-2024')!) as Record<string, unknown>;

describe('data/observations.json', () => {
  it('is valid against the schema and the model (metrics and groups of fitted records exist)', () => {
    const obs = parseObservations(raw, 'data/observations.json', ref);
    expect(obs.length).toBeGreaterThanOrEqual(13);
  });
  it('covers the published figures #1–#8 and #11 of issue 3, each with a source URL', () => {
    const ids = raw.map((o) => String(o.id));
    for (const prefix of ['hf-download-share', 'atom-cumulative', 'atom-cn-passes-us', 'atom-derivative-share-cn', 'openrouter-token-share-cn', 'epoch-open-closed-lag', 'pilz-compute-share', 'menlo-enterprise-open-share', 'price-', 'hf-hub-public-models']) {
      expect(ids.some((id) => id.startsWith(prefix)), prefix).toBe(true);
    }
    for (const o of raw) expect(String((o.source as { url: string }).url)).toMatch(/^https:\/\//);
    const arxiv = raw.filter((o) => String((o.source as { url: string }).url).includes('arxiv'));
    for (const o of arxiv) expect((o.source as { url: string }).url).toMatch(/^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}$/);
  });
  it('cites the published values as given', () => {
    const v = (id: string) => raw.find((o) => o.id === id)?.value;
    expect(v('hf-download-share-cn-2024-25')).toBe(0.171);
    expect(v('hf-download-share-us-2024-25')).toBe(0.158);
    expect(v('hf-download-share-unaffiliated-2024-25')).toBe(0.238);
    expect(v('atom-cumulative-downloads-cn-2026-03')).toBe(1.15e9);
    expect(v('atom-cumulative-downloads-us-2026-03')).toBe(723e6);
    expect(v('epoch-open-closed-lag-2023-2025')).toBe(3.5);
    expect(v('menlo-enterprise-open-share-mid-2025')).toBe(0.13);
  });
});

describe('observation validation', () => {
  it('names the record and field of a missing source', () => {
    const o = good();
    delete o.source;
    const e = errorOf([o]);
    expect(e.message).toMatch(/obs\.json: \[0\] \(id "menlo-enterprise-open-share-2024"\)\.source: expected object, found nothing \(missing\)/);
  });
  it('names a malformed period', () => {
    const o = good();
    o.period = '2025-13';
    expect(errorOf([o]).message).toMatch(/\(id "menlo-enterprise-open-share-2024"\)\.period: expected a month as YYYY-MM/);
    o.period = { start: '2025-06', end: '2025-01' };
    expect(errorOf([o]).message).toMatch(/\.period\.end: expected a month not before period\.start \(2025-06\), found "2025-01"/);
  });
  it('names an unknown metric with a suggestion', () => {
    const o = good();
    o.metric = 'enterprise_open_shares';
    expect(errorOf([o]).message).toMatch(/\.metric: expected a model metric id .*found "enterprise_open_shares" \(did you mean "enterprise_open_share"\?\)/);
  });
  it('names a group the model does not report, unless the record is not fitted', () => {
    const o = good();
    o.metric = 'download_share';
    o.group = 'China';
    expect(errorOf([o]).message).toMatch(/\.group: expected a group the model reports for download_share/);
    o.fit = false;
    expect(() => parseObservations([o], 'obs.json', ref)).not.toThrow();
  });
  it('rejects duplicate ids, intervals that miss the value and unknown keys', () => {
    const a = good();
    const b = good();
    b.uncertainty = { low: 0.2, high: 0.3, note: 'n' };
    (b as Record<string, unknown>).sorce = 'x';
    const msg = errorOf([a, b]).message;
    expect(msg).toMatch(/\[1\] \(id "menlo-enterprise-open-share-2024"\)\.sorce/);
    const c = good();
    c.uncertainty = { low: 0.2, high: 0.3, note: 'n' };
    expect(errorOf([a, c]).message).toMatch(/\.id: expected an id not used by another record/);
    expect(errorOf([a, c]).message).toMatch(/\.uncertainty: expected an interval containing the value 0\.19/);
  });
});

import { describe, expect, it } from 'vitest';
import { MODEL_VERSION, PARAM_DEFS, DEFAULT_WORLD, parseScenario, ScenarioRegistry } from '../../src/model/index.js';
import { buildScenario, defaultState, stateFromScenario, withParam, type PlaygroundState } from '../../web/src/state/playground-state.js';
import { decodeState, encodeState, compactState } from '../../web/src/state/url-state.js';

function busyState(): PlaygroundState {
  let s = defaultState();
  s.preset = 'us-open-push';
  const numeric = PARAM_DEFS.find((d) => d.kind === 'world' && typeof d.default === 'number')!;
  const mid = ((numeric.min ?? 0) + (numeric.max ?? 1)) / 2;
  s = withParam(s, numeric.name, mid === numeric.default ? (numeric.max as number) : mid);
  s = withParam(s, 'strategy.meta', 'closed');
  s = withParam(s, 'openSubsidy.EU', 0.5);
  s.exportControl = { on: true, severity: 0.6, date: '2027-01' };
  s.restrictions = { date: '2026-10', rules: { 'US<CN': 'critical', 'EU<CN': 'all', 'RoW<US': 'finance' } };
  s.incident = { on: true, origin: 'US', severity: 2.5, date: '2028-03' };
  s.extraEvents = parseScenario({ name: 'x', events: [{ date: '2027-05', type: 'price-cut', bloc: 'US', factor: 0.5 }] }, 't', DEFAULT_WORLD).events;
  s.band = true;
  return s;
}

describe('URL state encoding', () => {
  it('the default state encodes to the model version only', () => {
    expect(encodeState(defaultState())).toBe(`v=${encodeURIComponent(MODEL_VERSION)}`);
    expect(compactState(defaultState())).toEqual({});
  });

  it('round trip restores every field of a state', () => {
    const s = busyState();
    const q = encodeState(s);
    const d = decodeState(`?${q}`);
    expect(d.ok).toBe(true);
    if (d.ok) {
      expect(d.state).toEqual(s);
      expect(d.warning).toBeUndefined();
    }
  });

  it('round trip of one changed parameter; the link holds only that value', () => {
    const s = withParam(defaultState(), 'priceSensitivity', 1.2);
    const q = encodeState(s);
    expect(Object.keys(compactState(s))).toEqual(['x']);
    const d = decodeState(q);
    expect(d.ok && d.state).toEqual(s);
    expect(q.length).toBeLessThan(80);
  });

  it('setting a parameter back to its default removes it from the state', () => {
    const def = PARAM_DEFS.find((p) => p.name === 'networkEffect')!;
    const s = withParam(withParam(defaultState(), 'networkEffect', 1), 'networkEffect', def.default);
    expect(s.params).toEqual({});
  });

  it('a different model version still opens, with a warning', () => {
    const d = decodeState('v=0.0.1');
    expect(d.ok).toBe(true);
    if (d.ok) expect(d.warning).toMatch(/0\.0\.1/);
  });

  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it.each([
    ['not base64', 's=%%%%', /damaged/],
    ['not JSON', `s=${Buffer.from('{nope').toString('base64url')}`, /damaged/],
    ['unknown key', `s=${enc({ zz: 1 })}`, /zz/],
    ['unknown parameter', `s=${enc({ x: { priceSensitivty: 1 } })}`, /params\.priceSensitivty.*did you mean "priceSensitivity"/],
    ['out of range', `s=${enc({ x: { priceSensitivity: 99 } })}`, /params\.priceSensitivity: expected a number in/],
    ['unknown preset', `s=${enc({ p: 'nope' })}`, /preset/],
    ['bad bloc in incident', `s=${enc({ i: [1, 'XX', 1, '2027-01'] })}`, /origin/],
    ['bad month', `s=${enc({ ec: [1, 0.5, '2027-13'] })}`, /ec/],
    ['bad restriction key', `s=${enc({ r: ['2027-01', { 'US>CN': 'all' }] })}`, /ADOPTER<ORIGIN/],
    ['restriction of its own bloc', `s=${enc({ r: ['2027-01', { 'US<US': 'all' }] })}`, /two different blocs/],
    ['unknown sector', `s=${enc({ r: ['2027-01', { 'US<CN': 'fishing' }] })}`, /sectors\[0\].*a sector/],
  ])('an invalid link (%s) gives a message naming the problem', (_name, q, re) => {
    const d = decodeState(q);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.message).toMatch(re);
  });
});

describe('playground state ↔ scenario file', () => {
  it('buildScenario gives a valid scenario file that extends the preset', () => {
    const s = busyState();
    const sc = parseScenario(buildScenario(s), 'playground', DEFAULT_WORLD);
    expect(sc.extends).toBe('us-open-push');
    expect(sc.events.map((e) => e.type).sort()).toEqual(['export-control', 'model-restriction', 'model-restriction', 'model-restriction', 'price-cut', 'security-incident']);
    // resolves and carries the preset's events too
    const resolved = new ScenarioRegistry().resolve(sc);
    expect(resolved.events.length).toBeGreaterThan(sc.events.length);
  });

  it('import of an exported scenario restores the state (YAML round trip through the CLI format)', () => {
    const s = busyState();
    const sc = parseScenario(buildScenario(s), 'playground.yaml', DEFAULT_WORLD);
    const back = stateFromScenario(sc);
    expect({ ...back, band: s.band }).toEqual(s);
  });

  it('events no control represents are kept as extra events', () => {
    const sc = parseScenario(
      { name: 'mine', extends: 'baseline', events: [{ date: '2027-01', type: 'strategy-switch', lab: 'meta', strategy: 'closed' }, { date: '2027-01', type: 'export-control', bloc: 'US', severity: 0.2 }] },
      'mine.yaml',
      DEFAULT_WORLD,
    );
    const st = stateFromScenario(sc);
    expect(st.extraEvents).toHaveLength(2);
    expect(st.exportControl.on).toBe(false);
  });
});

describe('scenario file export and import (YAML)', () => {
  it('exported YAML is a valid scenario file for the CLI and imports back to the same state', async () => {
    const { exportScenarioYaml, importScenarioText } = await import('../../web/src/state/scenario-file.js');
    const { parse } = await import('yaml');
    const s = busyState();
    const yaml = exportScenarioYaml(s);
    expect(yaml).toMatch(/^name: playground/m);
    expect(yaml).toMatch(/^extends: us-open-push/m);
    parseScenario(parse(yaml), 'playground.yaml', DEFAULT_WORLD);
    expect({ ...importScenarioText(yaml, 'playground.yaml'), band: true }).toEqual(s);
  });

  it('a bad file is rejected with the file name and the field', async () => {
    const { importScenarioText } = await import('../../web/src/state/scenario-file.js');
    expect(() => importScenarioText('name: x\nparams:\n  priceSensitivity: 99\n', 'mine.yaml')).toThrow(/mine\.yaml: params\.priceSensitivity: expected a number in/);
    expect(() => importScenarioText('name: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml: \(file\): expected valid YAML or JSON/);
    expect(() => importScenarioText('name: x\nextends: my-other\n', 'x.yaml')).toThrow(/x\.yaml: extends: expected a built-in scenario/);
  });
});

import { describe, expect, it } from 'vitest';
import { MODEL_VERSION, PARAM_DEFS, DEFAULT_WORLD, parseScenario, ScenarioRegistry } from '../../src/model/index.js';
import { buildScenario, defaultState, historyRewrite, presetOf, presetState, stateFromScenario, withParam, withStart, type PlaygroundState } from '../../web/src/state/playground-state.js';
import { decodeState, encodeState, compactState } from '../../web/src/state/url-state.js';

function busyState(): PlaygroundState {
  let s = defaultState('2026-12');
  s.name = 'eu-open-push';
  s.description = 'What if the EU funds open models?';
  const numeric = PARAM_DEFS.find((d) => d.kind === 'world' && typeof d.default === 'number')!;
  const mid = ((numeric.min ?? 0) + (numeric.max ?? 1)) / 2;
  s = withParam(s, numeric.name, mid === numeric.default ? (numeric.max as number) : mid);
  s = withParam(s, 'strategy.meta', 'closed');
  s = withParam(s, 'openSubsidy.EU', 0.5);
  s = withStart(s, 'openSubsidy.EU', '2027-06');
  s.exportControl = { on: true, severity: 0.6, date: '2027-01' };
  s.restrictions = { date: '2026-10', rules: { 'US<CN': 'critical', 'EU<CN': 'all', 'RoW<US': 'finance' } };
  s.incident = { on: true, origin: 'US', severity: 2.5, date: '2028-03' };
  s.extraEvents = parseScenario({ name: 'x', events: [{ date: '2027-05', type: 'price-cut', bloc: 'US', factor: 0.5 }] }, 't', DEFAULT_WORLD).events;
  s.band = 'agents';
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

  it('the band: 1 is the default band (parameter uncertainty), "agents" the sampling noise; anything else is refused', () => {
    const link = (c: unknown) => `v=${MODEL_VERSION}&s=${Buffer.from(JSON.stringify(c)).toString('base64url')}`;
    for (const band of ['posterior', 'posterior-assumptions', 'agents', false] as const) {
      const s = { ...defaultState(), band };
      const d = decodeState(encodeState(s));
      expect(d.ok && d.state.band).toBe(band);
    }
    expect(compactState({ ...defaultState(), band: 'posterior' })).toEqual({ b: 1 });
    expect(compactState({ ...defaultState(), band: 'agents' })).toEqual({ b: 'agents' });
    expect(compactState({ ...defaultState(), band: 'posterior-assumptions' })).toEqual({ b: 'assumptions' });
    // a link made before issue #16 (b: 1 was the agents band, the only one then) opens with the default band
    const old = decodeState(link({ b: 1 }));
    expect(old.ok && old.state.band).toBe('posterior');
    const bad = decodeState(link({ b: 'posterior-ish' }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.message).toMatch(/^link: b: expected/);
  });

  it('round trip of one changed parameter; the link holds only that value', () => {
    const s = withParam(defaultState(), 'priceSensitivity', 1.2);
    const q = encodeState(s);
    expect(Object.keys(compactState(s))).toEqual(['x', 'n']);
    const d = decodeState(q);
    expect(d.ok && d.state).toEqual(s);
    expect(q.length).toBeLessThan(80);
  });

  it('a link made before start months existed keeps its meaning: its parameters apply from the first month', () => {
    const old = `v=0.1.0&s=${Buffer.from(JSON.stringify({ x: { priceSensitivity: 0.8 } })).toString('base64url')}`;
    const d = decodeState(old);
    expect(d.ok && d.state.counterfactual).toBe(true);
    expect(d.ok && d.state.params).toEqual({ priceSensitivity: 0.8 });
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
    const s = { ...busyState(), preset: 'us-open-push' };
    const sc = parseScenario(buildScenario(s, { setParams: false }), 'playground', DEFAULT_WORLD);
    expect(sc.extends).toBe('us-open-push');
    expect(sc.events.map((e) => e.type).sort()).toEqual(['export-control', 'model-restriction', 'model-restriction', 'model-restriction', 'price-cut', 'security-incident']);
    // resolves and carries the preset's events too
    const resolved = new ScenarioRegistry().resolve(sc);
    expect(resolved.events.length).toBeGreaterThan(sc.events.length);
  });

  it('import of an exported scenario restores the state (YAML round trip through the CLI format)', () => {
    // without set-params, changes live in params: the scenario is counterfactual history
    const s = { ...busyState(), counterfactual: true, starts: {} };
    const sc = parseScenario(buildScenario(s, { setParams: false }), 'playground.yaml', DEFAULT_WORLD);
    const back = stateFromScenario(sc, s.now);
    expect({ ...back, band: s.band }).toEqual(s);
  });

  it('parameter changes become set-params events at their start months (history unchanged before them)', () => {
    const s = busyState();
    const sc = buildScenario(s, { setParams: true });
    expect(sc.params).toEqual({});
    const sp = (sc.events ?? []).filter((e) => (e as { type: string }).type === 'set-params') as unknown as { date: string; params: Record<string, unknown> }[];
    expect(sp.map((e) => e.date)).toEqual(['2026-12', '2027-06']);
    expect(Object.keys(sp[0].params).sort()).toEqual([Object.keys(s.params).find((k) => !k.startsWith('strategy') && k !== 'openSubsidy.EU')!, 'strategy.meta'].sort());
    expect(sp[1].params).toEqual({ 'openSubsidy.EU': 0.5 });
    // and back: set-params events become parameter changes with their start months
    const back = stateFromScenario({ ...parseScenario({ ...sc, events: [] }, 'x', DEFAULT_WORLD), events: sc.events as never }, s.now);
    expect(back.params).toEqual(s.params);
    expect(back.starts).toEqual(s.starts);
    expect(back.counterfactual).toBe(false);
    // counterfactual history: the same changes in params, from the first month
    const cf = buildScenario({ ...s, counterfactual: true }, { setParams: true });
    expect(cf.params).toEqual(s.params);
    expect((cf.events ?? []).some((e) => (e as { type: string }).type === 'set-params')).toBe(false);
  });

  it('says when and why a scenario rewrites recorded history', () => {
    const s = withParam(defaultState('2026-12'), 'strategy.meta', 'closed');
    expect(historyRewrite(s, true)).toBeNull();
    expect(historyRewrite(s, false)).toMatch(/cannot start parameter changes at a date/);
    expect(historyRewrite(withStart(s, 'strategy.meta', '2025-01'), true)).toMatch(/earliest in 2025-01/);
    expect(historyRewrite({ ...s, counterfactual: true }, true)).toMatch(/counterfactual/);
    expect(historyRewrite(presetState('export-controls-tighten', '2026-03'), true)).toBeNull();
  });

  it('a preset shows its restrictions and events in the controls, and is recognised as such', () => {
    const fmr = presetState('foreign-model-restrictions', '2026-03');
    expect(fmr.restrictions).toEqual({ date: '2026-07', rules: { 'US<CN': 'critical', 'EU<CN': 'critical' } });
    expect(fmr.preset).toBe('baseline');
    expect(presetOf(fmr)).toBe('foreign-model-restrictions');
    expect(presetState('export-controls-tighten').exportControl).toMatchObject({ on: true, severity: 0.75, date: '2026-07' });
    const push = presetState('us-open-push');
    expect(push.extraEvents.map((e) => e.type)).toEqual(['open-subsidy', 'strategy-switch', 'strategy-switch']);
    expect(presetOf(withParam(fmr, 'strategy.meta', 'closed'))).toBeNull();
    // the expanded preset is the same scenario as the preset itself
    const reg = new ScenarioRegistry();
    const a = reg.resolve(parseScenario(buildScenario(push, { setParams: false }), 'a', DEFAULT_WORLD));
    const b = reg.resolve('us-open-push');
    expect(a.events).toEqual(b.events);
    expect(a.params).toEqual(b.params);
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
  it('exported YAML keeps the name, lists the changed levers, and imports back to the same state', async () => {
    const { exportScenarioYaml, importScenarioText } = await import('../../web/src/state/scenario-file.js');
    const { parse } = await import('yaml');
    const s = { ...busyState(), counterfactual: true, starts: {} };
    const yaml = exportScenarioYaml(s);
    expect(yaml).toMatch(/^name: eu-open-push$/m);
    expect(yaml).toMatch(/^extends: baseline$/m);
    const file = parseScenario(parse(yaml), 'eu-open-push.yaml', DEFAULT_WORLD);
    expect(file.description).toMatch(/^What if the EU funds open models\?\n\nChanged in the Momentum playground:\n- /);
    expect(file.description).toMatch(/Release strategy of Meta.*strategy\.meta.*→ closed/);
    expect(file.description).toMatch(/New export-control rule on CN, severity 0\.6, from 2027-01/);
    const back = importScenarioText(yaml, 'eu-open-push.yaml', s.now);
    expect(back.name).toBe('eu-open-push');
    expect(back.description).toBe('What if the EU funds open models?');
    expect({ ...back, band: s.band }).toEqual(s);
  });

  it('a bad file is rejected with the file name and the field', async () => {
    const { importScenarioText } = await import('../../web/src/state/scenario-file.js');
    expect(() => importScenarioText('name: x\nparams:\n  priceSensitivity: 99\n', 'mine.yaml')).toThrow(/mine\.yaml: params\.priceSensitivity: expected a number in/);
    expect(() => importScenarioText('name: [unclosed', 'bad.yaml')).toThrow(/bad\.yaml: \(file\): expected valid YAML or JSON/);
    expect(() => importScenarioText('name: x\nextends: my-other\n', 'x.yaml')).toThrow(/x\.yaml: extends: expected a built-in scenario/);
  });
});

import { describe, expect, it } from 'vitest';
import { PARAM_DEFS, PARAM_INDEX } from '../../src/model/index.js';
import { formatParam, paramId, sliderStep } from '../../web/src/components/param-control.js';
import { KEY_ASSUMPTIONS } from '../../web/src/components/world-assumptions.js';
import { LEVER_LABS } from '../../web/src/components/policy-levers.js';
import { RESTRICTION_SCOPES } from '../../web/src/state/playground-state.js';

describe('controls built from PARAM_DEFS', () => {
  it('every numeric parameter gets a slider with 100 to 1000 steps over its range', () => {
    for (const d of PARAM_DEFS) {
      if (d.options) continue;
      const step = sliderStep(d);
      const n = ((d.max as number) - (d.min as number)) / step;
      expect(n, d.name).toBeGreaterThanOrEqual(100);
      expect(n, d.name).toBeLessThanOrEqual(1000 + 1e-9);
      expect(formatParam(d, d.default)).not.toMatch(/e/);
    }
  });

  it('control ids are unique and valid HTML ids', () => {
    const ids = PARAM_DEFS.map((d) => paramId(d.name));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9_-]*$/);
  });

  it('the key assumptions are world parameters and the lever labs have strategy parameters', () => {
    for (const n of KEY_ASSUMPTIONS) expect(PARAM_INDEX.get(n)?.kind, n).toBe('world');
    for (const l of LEVER_LABS) expect(PARAM_INDEX.get(`strategy.${l}`)?.kind, l).toBe('policy');
    for (const n of ['exportControlScale', 'embodiedPace', 'openSubsidy.US', 'openSubsidy.CN', 'openSubsidy.EU', 'openSubsidy.RoW']) expect(PARAM_INDEX.get(n)?.kind, n).toBe('policy');
  });

  it('every control explains itself: a description and a source or an assumption label', () => {
    for (const d of PARAM_DEFS) {
      expect(d.description.length, d.name).toBeGreaterThan(10);
      expect(d.source.length, d.name).toBeGreaterThan(0);
      expect(d.unit.length, d.name).toBeGreaterThan(0);
    }
  });

  it('restriction choices are critical, all, and each sector', () => {
    expect(RESTRICTION_SCOPES.slice(0, 2).map((s) => s.value)).toEqual(['critical', 'all']);
    expect(RESTRICTION_SCOPES.map((s) => s.value)).toContain('finance');
  });
});

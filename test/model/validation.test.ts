import { describe, expect, it } from 'vitest';
import { DEFAULT_WORLD, parseScenario, ValidationError, ScenarioRegistry, scenarioJsonSchema } from '../../src/model/index.js';

function issuesOf(input: unknown): string {
  try {
    parseScenario(input, 'my.yaml', DEFAULT_WORLD);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('scenario validation messages', () => {
  it('names the file, the path, what was expected and what was found', () => {
    const msg = issuesOf({ name: 'x', events: [{ date: '2026-07', type: 'export-control', bloc: 'CN', severity: 1.5 }] });
    expect(msg).toBe('my.yaml: events[0].severity: expected ≤ 1, found 1.5');
  });

  it('rejects unknown keys instead of dropping them, with a suggestion', () => {
    expect(issuesOf({ name: 'x', descripton: 'typo' })).toBe(
      'my.yaml: descripton: expected one of the known keys (name, description, extends, params, events), found unknown key "descripton" (did you mean "description"?)',
    );
    expect(issuesOf({ name: 'x', events: [{ date: '2026-07', type: 'export-control', bloc: 'CN', severity: 0.5, sevrity: 1 }] })).toContain(
      'my.yaml: events[0].sevrity: expected one of the known keys',
    );
  });

  it('suggests the nearest valid parameter name', () => {
    expect(issuesOf({ name: 'x', params: { priceSensitivty: 0.3 } })).toBe(
      'my.yaml: params.priceSensitivty: expected a known parameter name (see `momentum params`), found unknown parameter "priceSensitivty" (did you mean "priceSensitivity"?)',
    );
  });

  it('checks parameter ranges and types', () => {
    expect(issuesOf({ name: 'x', params: { priceSensitivity: 99 } })).toMatch(/^my\.yaml: params\.priceSensitivity: expected a number in \[0\.02, 2\] .*, found 99$/);
    expect(issuesOf({ name: 'x', params: { 'strategy.meta': 'sometimes' } })).toBe(
      'my.yaml: params.strategy.meta: expected one of "as-history", "open", "closed", "mixed", found "sometimes"',
    );
  });

  it('checks dates, event types, blocs and labs', () => {
    expect(issuesOf({ name: 'x', events: [{ date: '2026-13', type: 'price-cut', bloc: 'CN', factor: 0.5 }] })).toBe('my.yaml: events[0].date: expected a month as YYYY-MM, found "2026-13"');
    expect(issuesOf({ name: 'x', events: [{ date: '2026-01', type: 'nuke', bloc: 'CN' }] })).toMatch(/^my\.yaml: events\[0\]\.type: expected an event type \(export-control, .*\), found "nuke"$/);
    expect(issuesOf({ name: 'x', events: [{ date: '2026-01', type: 'export-control', bloc: 'China', severity: 0.5 }] })).toBe(
      'my.yaml: events[0].bloc: expected a bloc (US, CN, EU, RoW), found "China" (did you mean "CN"?)',
    );
    expect(issuesOf({ name: 'x', events: [{ date: '2026-01', type: 'strategy-switch', lab: 'deepsek', strategy: 'closed' }] })).toMatch(/found "deepsek" \(did you mean "deepseek"\?\)$/);
  });

  it('reports a wrong type of the whole document', () => {
    expect(issuesOf(['not', 'a', 'scenario'])).toBe('my.yaml: (root): expected object, found an array of 3');
  });

  it('reports unknown parents and cycles in extends chains', () => {
    const reg = new ScenarioRegistry();
    const s = parseScenario({ name: 'child', extends: 'baselin' }, 'child.yaml', DEFAULT_WORLD);
    expect(() => reg.resolve(s, 'child.yaml')).toThrow('child.yaml: extends: expected the name of a known scenario');
    expect(() => reg.resolve(s, 'child.yaml')).toThrow('(did you mean "baseline"?)');
    reg.add(parseScenario({ name: 'a', extends: 'b' }, 'a', DEFAULT_WORLD));
    reg.add(parseScenario({ name: 'b', extends: 'a' }, 'b', DEFAULT_WORLD));
    expect(() => reg.resolve('a', 'a.yaml')).toThrow('a.yaml: extends: expected a chain of scenarios without cycles');
  });

  it('generates a JSON Schema for editors', () => {
    const schema = scenarioJsonSchema() as { type: string; properties: Record<string, unknown>; additionalProperties: boolean };
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties)).toEqual(['name', 'description', 'extends', 'params', 'events']);
    expect(schema.additionalProperties).toBe(false);
  });
});

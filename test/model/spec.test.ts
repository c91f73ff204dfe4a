import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { METRICS, PARAM_DEFS } from '../../src/model/index.js';
import { refreshSpec } from '../../src/shell/docs/spec-tables.js';

const root = join(import.meta.dirname, '../..');
const spec = readFileSync(join(root, 'docs/model.md'), 'utf8');

describe('docs/model.md is the specification', () => {
  it('its generated tables are up to date (run `npm run docs`)', () => {
    expect(refreshSpec(spec)).toBe(spec);
  });

  it('documents every parameter with a unit, a range and a source or "assumption"', () => {
    for (const d of PARAM_DEFS) {
      expect(spec, d.name).toContain(`\`${d.name}\``);
      expect(d.unit.length).toBeGreaterThan(0);
      expect(d.options ?? (d.min !== undefined && d.max !== undefined)).toBeTruthy();
      expect(d.source.length).toBeGreaterThan(0);
      if (typeof d.default === 'number') {
        expect(d.default).toBeGreaterThanOrEqual(d.min!);
        expect(d.default).toBeLessThanOrEqual(d.max!);
      }
    }
  });

  it('defines every metric', () => {
    for (const m of METRICS) expect(spec).toContain(`\`${m.id}\``);
  });

  it('has a section for every mechanism file, named after it', () => {
    const files = readdirSync(join(root, 'src/model/mechanisms')).map((f) => f.replace(/\.ts$/, ''));
    for (const f of files) expect(spec, f).toContain(`mechanisms/${f}.ts`);
  });
});

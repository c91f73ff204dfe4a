/** The example scenarios run (Mesa style: examples are tested), and the committed JSON Schema is current. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARAM_INDEX, scenarioJsonSchema } from '../../src/model/index.js';
import { editorScenarioJsonSchema } from '../../src/shell/scenario-schema.js';
import { parse as parseYaml } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { BUILTIN_SCENARIOS } from '../../src/model/index.js';

const root = join(import.meta.dirname, '../..');

describe('examples/', () => {
  const files = readdirSync(join(root, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f));
  it('has examples', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(`${f} runs`, () => {
      const out = join(mkdtempSync(join(tmpdir(), 'momentum-ex-')), 'out');
      const r = spawnSync(process.execPath, [join(root, 'bin/momentum.js'), 'run', join(root, 'examples', f), '--out', out, '--json'], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout).scenario).toBe(f.replace(/\.(ya?ml|json)$/, ''));
    });
  }
});

describe('what the examples say about themselves', () => {
  it('price-war.json sets price sensitivity above the calibrated default, as its description says', () => {
    const ex = JSON.parse(readFileSync(join(root, 'examples/price-war.json'), 'utf8')) as { description: string; params: { priceSensitivity: number } };
    expect(ex.description).toMatch(/above the calibrated default/);
    expect(ex.params.priceSensitivity).toBeGreaterThan(Number(PARAM_INDEX.get('priceSensitivity')!.default));
  });
});

describe('schemas/scenario.schema.json', () => {
  it('is the schema generated from the zod scenario schema (run `momentum schema --out schemas/scenario.schema.json`)', () => {
    const committed = JSON.parse(readFileSync(join(root, 'schemas/scenario.schema.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(editorScenarioJsonSchema())));
  });

  it('rejects unknown parameter names, as the CLI does, and knows each parameter\'s type and range', () => {
    const schema = editorScenarioJsonSchema() as { properties: { params: { properties: Record<string, { type: string; minimum?: number; maximum?: number; enum?: string[] }>; additionalProperties: boolean } } };
    const params = schema.properties.params;
    expect(params.additionalProperties).toBe(false);
    expect(params.properties.priceSensitivity.type).toBe('number');
    expect(params.properties.priceSensitivity.minimum).toBeLessThan(params.properties.priceSensitivity.maximum!);
    expect(params.properties['strategy.meta'].enum).toContain('closed');
    expect(params.properties.pricesensitivity).toBeUndefined();
  });

  it('a JSON Schema validator (Ajv, draft 2020-12) accepts the examples and built-ins and rejects an unknown or out-of-range parameter', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(editorScenarioJsonSchema() as object);
    for (const f of readdirSync(join(root, 'examples')).filter((x) => /\.(ya?ml|json)$/.test(x))) {
      const doc = parseYaml(readFileSync(join(root, 'examples', f), 'utf8'));
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    for (const s of BUILTIN_SCENARIOS) expect(validate(s), `${s.name}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(validate({ name: 'x', params: { pricesensitivity: 0.5 } })).toBe(false);
    expect(JSON.stringify(validate.errors)).toMatch(/additionalProperties.*pricesensitivity|pricesensitivity.*additional/);
    expect(validate({ name: 'x', params: { priceSensitivity: 99 } })).toBe(false);
    expect(validate({ name: 'x', params: { 'strategy.meta': 'sometimes' } })).toBe(false);
    expect(validate({ name: 'x', params: { priceSensitivity: 0.5, 'strategy.meta': 'closed' } })).toBe(true);
  });
});

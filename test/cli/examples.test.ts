/** The example scenarios run (Mesa style: examples are tested), and the committed JSON Schema is current. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorScenarioJsonSchema } from '../../src/shell/scenario-schema.js';

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
});

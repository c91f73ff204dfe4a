/** The example scenarios run (Mesa style: examples are tested), and the committed JSON Schema is current. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PARAM_INDEX, scenarioJsonSchema } from '../../src/model/index.js';

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
    expect(committed).toEqual(JSON.parse(JSON.stringify(scenarioJsonSchema())));
  });
});

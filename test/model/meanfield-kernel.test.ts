/**
 * The meanfield step's WebAssembly kernel (wasm/meanfield-kernel.ts) transcribes the
 * TypeScript stepFour lane by lane: it must give the same bytes, on every built-in scenario
 * (restricted segments included) and on worlds whose bloc count is not a multiple of four.
 * The committed module must be what the kernel's source compiles to.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, DEFAULT_WORLD, ScenarioRegistry, type WorldConfig } from '../../src/model/index.js';
import { compile } from '../../src/model/solvers/compile.js';
import type { ResolvedScenario } from '../../src/model/scenario/resolve.js';
import { simulate } from '../../src/model/solvers/engine.js';
import { MeanfieldSolver } from '../../src/model/solvers/meanfield.js';
import { kernelAvailable } from '../../src/model/solvers/meanfield-kernel.js';
import { MEANFIELD_KERNEL_BASE64 } from '../../src/model/solvers/meanfield-kernel-wasm.js';
import { seriesToCsv } from '../../src/model/outputs/series.js';
import { compileKernel } from '../../src/shell/kernel/compile-kernel.js';

const reg = new ScenarioRegistry();

function csv(world: WorldConfig, name: string, kernel: boolean, params: Record<string, number> = {}, events: ResolvedScenario['events'] = []): string {
  const sc = reg.resolve(name);
  const c = compile(world, { ...sc, params: { ...sc.params, ...params }, events: [...sc.events, ...events] }, '2023-01', '2030-12');
  return seriesToCsv(c.dates, simulate(c, (cc) => new MeanfieldSolver(cc, true, kernel)));
}

describe('meanfield WebAssembly kernel', () => {
  it('runs here (Node 20 has WebAssembly SIMD)', () => {
    expect(kernelAvailable()).toBe(true);
  });

  for (const { name } of BUILTIN_SCENARIOS) {
    it(`${name}: the kernel and the TypeScript step give the same bytes`, () => {
      const a = csv(DEFAULT_WORLD, name, true);
      expect(a.length).toBeGreaterThan(10_000);
      expect(a).toBe(csv(DEFAULT_WORLD, name, false));
    });
  }

  it('a fifth bloc (beyond the groups of four) takes the general path, with the same bytes', () => {
    const row = DEFAULT_WORLD.blocs.find((b) => b.id === 'RoW')!;
    const world: WorldConfig = { ...DEFAULT_WORLD, blocs: [...DEFAULT_WORLD.blocs, { ...row, id: 'AF' }] };
    const a = csv(world, 'foreign-model-restrictions', true);
    expect(a).toContain(',usage_share,AF,');
    expect(a).toBe(csv(world, 'foreign-model-restrictions', false));
  });

  it('groups with no adopter yet go back to the general path, with the same bytes', () => {
    // no initial adoption and no external influence: F stays 0 and every group is left to the host
    const params = { initialAdoption: 0, bassP: 0 };
    const a = csv(DEFAULT_WORLD, 'baseline', true, params);
    expect(a).toBe(csv(DEFAULT_WORLD, 'baseline', false, params));
  });

  it('a group with a segment that has no option left goes back to the general path, with the same bytes', () => {
    // from 2026-07 EU critical sectors may use no model at all: their cells' groups fail, the others do not
    const ban = ['US', 'CN', 'EU', 'RoW'].map((origin) => ({ date: '2026-07', type: 'model-restriction', bloc: 'EU', origin, sectors: 'critical', scope: 'all' }));
    const events = ban as unknown as ResolvedScenario['events'];
    const a = csv(DEFAULT_WORLD, 'baseline', true, {}, events);
    expect(a).toBe(csv(DEFAULT_WORLD, 'baseline', false, {}, events));
    expect(a).not.toBe(csv(DEFAULT_WORLD, 'baseline', true));
  });

  it('the committed module is what wasm/meanfield-kernel.ts compiles to (npm run build:kernel)', async () => {
    const bytes = await compileKernel();
    expect(Buffer.from(bytes).toString('base64')).toBe(MEANFIELD_KERNEL_BASE64);
  });
});

/**
 * The WebAssembly kernel (wasm/) transcribes the meanfield step (stepFour) and the engine's
 * utility factors lane by lane: runs must give the same bytes with and without it, on every
 * built-in scenario (restricted segments included), on worlds whose bloc count is not a
 * multiple of four and when groups fall back to the general path. Its logarithm must be
 * Math.log's and its exponential tableExp's, bit for bit. The committed module must be what
 * the kernel's source compiles to.
 */
import { describe, expect, it, vi } from 'vitest';
import { BUILTIN_SCENARIOS, DEFAULT_WORLD, ScenarioRegistry, type WorldConfig } from '../../src/model/index.js';
import { compile } from '../../src/model/solvers/compile.js';
import type { ResolvedScenario } from '../../src/model/scenario/resolve.js';
import { simulate } from '../../src/model/solvers/engine.js';
import { MeanfieldSolver } from '../../src/model/solvers/meanfield.js';
import { kernelAvailable, newKernelInstance } from '../../src/model/solvers/kernel-module.js';
import { KERNEL_BASE64 } from '../../src/model/solvers/kernel-wasm.js';
import { KernelSession, MemoryLayout } from '../../src/model/solvers/kernel-module.js';
import { POW2_J64, tableExp } from '../../src/model/numerics/table-exp.js';
import { seriesToCsv } from '../../src/model/outputs/series.js';
import { compileKernel } from '../../src/shell/kernel/compile-kernel.js';

const reg = new ScenarioRegistry();

function csv(world: WorldConfig, name: string, kernel: boolean, params: Record<string, number> = {}, events: ResolvedScenario['events'] = []): string {
  const sc = reg.resolve(name);
  const c = compile(world, { ...sc, params: { ...sc.params, ...params }, events: [...sc.events, ...events] }, '2023-01', '2030-12');
  return seriesToCsv(c.dates, simulate(c, (cc, session) => new MeanfieldSolver(cc, true, kernel, session)));
}

/** A seeded linear congruential generator of uniforms in [0, 1) (test inputs only). */
function lcg(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/** A double with random bits: the top 12 bits (sign and exponent) below `top`, 52 random mantissa bits. */
function randomBits(rand: () => number, top: number): number {
  const f = new Float64Array(1);
  new BigUint64Array(f.buffer)[0] = (BigInt(Math.floor(rand() * top)) << 52n) | (BigInt(Math.floor(rand() * 2 ** 26)) * 2n ** 26n + BigInt(Math.floor(rand() * 2 ** 26)));
  return f[0];
}

describe('WebAssembly kernel', () => {
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

  it('a solver made without the engine (its own kernel session) gives the same bytes', () => {
    const c = compile(DEFAULT_WORLD, reg.resolve('foreign-model-restrictions'), '2023-01', '2030-12');
    const own = seriesToCsv(c.dates, simulate(c, (cc) => new MeanfieldSolver(cc, true, true)));
    expect(own).toBe(csv(DEFAULT_WORLD, 'foreign-model-restrictions', false));
  });

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

  it('utilities beyond the exponential table (below −708) take the checked path, with the same bytes', () => {
    // capability differences of a point or more, times 2000: factors under e^−708, which
    // tableExp (and the kernel) hand to Math.exp, after a first pass over the table path
    // (and risk weights times 2000: risk factors under e^−708 too)
    for (const params of [{ capabilitySensitivity: 2000 }, { riskWeight: 2000 }] as Record<string, number>[]) {
      const a = csv(DEFAULT_WORLD, 'baseline', true, params);
      expect(a).toBe(csv(DEFAULT_WORLD, 'baseline', false, params));
      expect(a).not.toBe(csv(DEFAULT_WORLD, 'baseline', true));
    }
  });

  it('instances reused from the pool keep nothing of the run before (other scenarios, a larger world)', () => {
    const first = csv(DEFAULT_WORLD, 'baseline', true);
    const row = DEFAULT_WORLD.blocs.find((b) => b.id === 'RoW')!;
    const larger: WorldConfig = { ...DEFAULT_WORLD, blocs: [...DEFAULT_WORLD.blocs, { ...row, id: 'AF' }] };
    const largerFirst = csv(larger, 'closed-world', true);
    csv(DEFAULT_WORLD, 'foreign-model-restrictions', true);
    expect(csv(DEFAULT_WORLD, 'baseline', true)).toBe(first);
    expect(csv(larger, 'closed-world', true)).toBe(largerFirst);
    expect(csv(DEFAULT_WORLD, 'baseline', true)).toBe(first);
  });

  it('never grows a memory: runs larger than any pooled instance take a new one, and no buffer is detached', () => {
    // a grown memory detaches its old buffer, which turns off V8's "no buffer was ever
    // detached" protector: every typed-array access in the thread would then be checked
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    try {
      const small = KernelSession.open()!;
      small.take(1000);
      small.finish();
      const buf = small.buffer;
      small.release();
      const row = DEFAULT_WORLD.blocs.find((b) => b.id === 'RoW')!;
      const extra = ['AF', 'AS', 'LA', 'ME', 'OC', 'CA', 'SA', 'EA'].map((id) => ({ ...row, id }));
      for (let n = 1; n <= extra.length; n += 3) {
        const world: WorldConfig = { ...DEFAULT_WORLD, blocs: [...DEFAULT_WORLD.blocs, ...extra.slice(0, n)] };
        expect(csv(world, 'baseline', true)).toBe(csv(world, 'baseline', false));
      }
      expect(grow).not.toHaveBeenCalled();
      expect(buf.byteLength).toBeGreaterThan(0);
    } finally {
      grow.mockRestore();
    }
  });

  it("its logarithm is fdlibm's, as Math.log, one lane and two lanes: the same bits on 400 000 values", () => {
    const k = newKernelInstance()!;
    const rand = lcg(12345);
    const xs = [0, -0, -1, 1, 2, 0.5, Infinity, -Infinity, NaN, 5e-324, 2.2250738585072014e-308, 1e-310, Number.MAX_VALUE, 1 + 2 ** -52, 1 - 2 ** -53];
    for (let i = 0; i < 100_000; i++) {
      xs.push(rand() * 1000, Math.exp((rand() - 0.5) * 1400), 1 + (rand() - 0.5) * 1e-5);
      // random bit patterns over every exponent
      xs.push(randomBits(rand, 2047));
    }
    let bad = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      // one lane, and two lanes (paired with a neighbour, so special values meet common ones)
      const y = xs[(i * 7919) % xs.length];
      if (!Object.is(k.logForTest(x, y, -1), Math.log(x))) bad++;
      if (!Object.is(k.logForTest(x, y, 0), Math.log(x)) || !Object.is(k.logForTest(x, y, 1), Math.log(y))) bad++;
    }
    expect(bad).toBe(0);
  });

  it("its log1p is fdlibm's, as Math.log1p: the same bits on 300 000 values", () => {
    const k = newKernelInstance()!;
    const rand = lcg(4242);
    const xs = [0, -0, -1, -2, -0.5, -0.29289321881345254, 2 ** -29, 2 ** -54, 0.41422, 1, 1e300, Infinity, -Infinity, NaN, 2 ** 53];
    for (let i = 0; i < 75_000; i++) {
      xs.push(rand() * 1000, Math.exp((rand() - 0.5) * 1400), rand() * 2 - 1);
      xs.push(randomBits(rand, 4095));
    }
    let bad = 0;
    for (const x of xs) if (!Object.is(k.log1pForTest(x), Math.log1p(x))) bad++;
    expect(bad).toBe(0);
  });

  it('its exponential is tableExp, one lane and two lanes: the same bits on 200 000 values', () => {
    const k = newKernelInstance()!;
    const table = new MemoryLayout().take(64 * 8);
    new Float64Array(k.memory.buffer, table, 64).set(POW2_J64);
    k.setPow2Table(table);
    const rand = lcg(777);
    let bad = 0;
    const edge = [0, -0, 708.9, -707.9, 709, -708, 1000, -1000, NaN, Infinity, -Infinity];
    for (let i = 0; i < 100_000 + edge.length; i++) {
      const x = i < edge.length ? edge[i] : (rand() - 0.5) * 1500;
      const y = (rand() - 0.5) * 60;
      if (!Object.is(k.expForTest(x, y, -1), tableExp(x))) bad++;
      if (!Object.is(k.expForTest(x, y, 0), tableExp(x)) || !Object.is(k.expForTest(x, y, 1), tableExp(y))) bad++;
    }
    expect(bad).toBe(0);
  });

  it('the committed module is what wasm/ compiles to (npm run build:kernel)', async () => {
    const bytes = await compileKernel();
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNEL_BASE64);
  });
});

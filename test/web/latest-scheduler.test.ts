import { describe, expect, it } from 'vitest';
import { LatestScheduler } from '../../web/src/engine/latest-scheduler.js';

/** A runner whose runs finish only when the test says so, and that tells when the n-th run starts. */
function controlledRunner() {
  const started: number[] = [];
  const finishers: ((v: string) => void)[] = [];
  const failers: ((e: Error) => void)[] = [];
  const startWaiters: { n: number; resolve: () => void }[] = [];
  const run = (input: number) =>
    new Promise<string>((resolve, reject) => {
      started.push(input);
      finishers.push(resolve);
      failers.push(reject);
      for (const w of startWaiters.filter((x) => x.n <= started.length)) w.resolve();
    });
  /** Resolves once `n` runs have started (an event, not a guess at how many ticks it takes). */
  const whenStarted = (n: number) => new Promise<void>((resolve) => (started.length >= n ? resolve() : startWaiters.push({ n, resolve })));
  return { run, started, whenStarted, finish: (i: number) => finishers[i](`out-${started[i]}`), fail: (i: number) => failers[i](new Error(`boom-${started[i]}`)) };
}

describe('LatestScheduler (latest input wins)', () => {
  it('runs at once when idle', async () => {
    const r = controlledRunner();
    const results: string[] = [];
    const s = new LatestScheduler<number, string>({ run: r.run, onResult: (o) => results.push(o) });
    s.schedule(1);
    expect(r.started).toEqual([1]);
    expect(s.busy).toBe(true);
    r.finish(0);
    await s.idle();
    expect(results).toEqual(['out-1']);
    expect(s.busy).toBe(false);
  });

  it('keeps at most one run in flight and one pending; the latest input replaces the pending one', async () => {
    const r = controlledRunner();
    const results: [string, number][] = [];
    const s = new LatestScheduler<number, string>({ run: r.run, onResult: (o, i) => results.push([o, i]) });
    s.schedule(1);
    s.schedule(2);
    s.schedule(3);
    s.schedule(4);
    expect(r.started).toEqual([1]); // only one in flight
    expect(s.hasPending).toBe(true);
    expect(s.dropped).toBe(2); // 2 and 3 were replaced
    r.finish(0);
    await r.whenStarted(2);
    expect(r.started).toEqual([1, 4]); // the latest input runs next; 2 and 3 never run
    r.finish(1);
    await s.idle();
    expect(results).toEqual([
      ['out-1', 1],
      ['out-4', 4],
    ]);
    expect(s.started).toBe(2);
  });

  it('the last input always runs, even after a failure', async () => {
    const r = controlledRunner();
    const errors: string[] = [];
    const results: string[] = [];
    const s = new LatestScheduler<number, string>({ run: r.run, onResult: (o) => results.push(o), onError: (e) => errors.push((e as Error).message) });
    s.schedule(1);
    s.schedule(2);
    r.fail(0);
    await r.whenStarted(2); // (the error is reported before the pending input starts)
    expect(errors).toEqual(['boom-1']);
    expect(r.started).toEqual([1, 2]);
    r.finish(1);
    await s.idle();
    expect(results).toEqual(['out-2']);
  });

  it('a runner that throws synchronously is reported as an error, not thrown', async () => {
    const errors: unknown[] = [];
    const s = new LatestScheduler<number, string>({
      run: () => {
        throw new Error('sync');
      },
      onResult: () => undefined,
      onError: (e) => errors.push(e),
    });
    expect(() => s.schedule(1)).not.toThrow();
    await s.idle();
    expect(errors).toHaveLength(1);
  });

  it('idle() resolves immediately when nothing runs', async () => {
    const s = new LatestScheduler<number, number>({ run: async (x) => x, onResult: () => undefined });
    await expect(s.idle()).resolves.toBeUndefined();
  });
});

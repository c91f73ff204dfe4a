/**
 * The posterior band's scheduler (web/src/engine/posterior-band.ts) against a fake worker whose
 * replies the test releases one by one: one draw in flight at a time, the latest scenario wins,
 * an input holds the band until its central line is drawn, stages reach the page, and nothing is
 * asked for once a band is complete.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PosteriorBand } from '../../web/src/engine/posterior-band.js';
import type { PosteriorReply, StopFlag } from '../../web/src/engine/protocol.js';
import type { ScenarioInput } from '../../src/model/index.js';

const TOTAL = 40;
const STAGES = [10, 20, 40];

/**
 * A worker as strict as the real one: it keeps the draws of one key (a new key starts again),
 * runs one draw per request, and answers a request that completes a stage with that stage.
 */
function fakeWorker(total = TOTAL, stages = STAGES) {
  let key = '';
  let done = 0;
  const queue: { key: string; stop?: StopFlag; resolve: (r: PosteriorReply) => void; reject: (e: Error) => void }[] = [];
  const requests: string[] = [];
  return {
    requests,
    get pending() {
      return queue.length;
    },
    request(body: { kind: 'posterior'; scenario: ScenarioInput; key: string; stop?: StopFlag }) {
      requests.push(body.key);
      return new Promise<PosteriorReply>((resolve, reject) => queue.push({ key: body.key, stop: body.stop, resolve, reject }));
    },
    /** Runs the oldest request's draw and answers it. */
    async release() {
      const r = queue.shift()!;
      if (r.key !== key) {
        key = r.key;
        done = 0;
      }
      // as the real worker: a draw whose epoch is over stops, uncounted
      if (r.stop && Atomics.load(r.stop.flag, 0) !== r.stop.epoch) {
        r.resolve({ key: r.key, done, total, placeholder: false, stopped: true, ms: 1 });
        await Promise.resolve();
        await Promise.resolve();
        return;
      }
      if (done < total) done++;
      const size = stages.find((s) => s === done);
      r.resolve({ key: r.key, done, total, placeholder: false, ms: 1, ...(size ? { stage: { size, n: size, failed: 0, q: [0.05, 0.95] } } : {}) });
      await Promise.resolve();
      await Promise.resolve();
    },
    async fail(message: string) {
      queue.shift()!.reject(new Error(message));
      await Promise.resolve();
      await Promise.resolve();
    },
  };
}

function setup(stopFlag: Int32Array | null = null) {
  const w = fakeWorker();
  const stages: { key: string; size: number }[] = [];
  const errors: string[] = [];
  const band = new PosteriorBand({ stopFlag, request: (b) => w.request(b), onStage: (r) => stages.push({ key: r.key, size: r.stage.size }), onError: (e, key) => errors.push(`${key}: ${e.message}`) });
  return { w, band, stages, errors };
}
const sc = (name: string): ScenarioInput => ({ name, extends: 'baseline' });

describe('the posterior band scheduler', () => {
  it('asks for one draw at a time and hands each completed stage to the page, until the band is complete', async () => {
    const { w, band, stages } = setup();
    band.want('a', sc('a'));
    band.want('a', sc('a'));
    expect(w.pending).toBe(1);
    while (w.pending) await w.release();
    expect(w.requests.length).toBe(TOTAL);
    expect(stages).toEqual([10, 20, 40].map((size) => ({ key: 'a', size })));
    // complete: asking again sends nothing
    band.want('a', sc('a'));
    expect(w.pending).toBe(0);
  });

  it('the latest scenario wins: the draw in flight for the old one is dropped, and its band never reaches the page', async () => {
    const { w, band, stages } = setup();
    band.want('a', sc('a'));
    for (let k = 0; k < 9; k++) await w.release();
    band.want('b', sc('b'));
    expect(w.pending).toBe(1); // a's tenth draw, still in flight
    await w.release(); // it completes a's first stage, for a scenario no longer wanted
    expect(stages).toEqual([]);
    expect(band.stats).toMatchObject({ stale: 1, cancelled: 1 });
    expect(w.requests.at(-1)).toBe('b');
    for (let k = 0; k < 10; k++) await w.release();
    expect(stages).toEqual([{ key: 'b', size: 10 }]);
  });

  it('an input holds the band (no request while the central line runs); the same scenario then goes on where it was', async () => {
    const { w, band, stages } = setup();
    band.want('a', sc('a'));
    await w.release();
    band.hold();
    await w.release(); // the draw in flight at the input
    expect(w.pending).toBe(0);
    band.want('a', sc('a'));
    while (w.pending) await w.release();
    expect(stages.map((s) => s.size)).toEqual([10, 20, 40]);
    expect(w.requests.length).toBe(TOTAL);
  });

  it('with a shared stop flag, an input stops the draw in flight; the draw runs again when its scenario is wanted again', async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { w, band, stages } = setup(flag);
    band.want('a', sc('a'));
    for (let k = 0; k < 5; k++) await w.release();
    band.hold();
    expect(Atomics.load(flag, 0)).toBe(1);
    await w.release(); // stopped, not counted
    expect(band.stats).toMatchObject({ stopped: 1, stale: 0 });
    // a hold with nothing in flight stops nothing
    band.hold();
    expect(Atomics.load(flag, 0)).toBe(1);
    band.want('a', sc('a'));
    while (w.pending) await w.release();
    expect(stages.map((s) => s.size)).toEqual([10, 20, 40]);
    expect(w.requests.length).toBe(TOTAL + 1);
  });

  it('after a complete band, another scenario and then the first again recompute it (the worker keeps one scenario)', async () => {
    const { w, band, stages } = setup();
    band.want('a', sc('a'));
    while (w.pending) await w.release();
    band.want('b', sc('b'));
    await w.release();
    band.want('a', sc('a'));
    while (w.pending) await w.release();
    expect(stages.filter((s) => s.key === 'a').map((s) => s.size)).toEqual([10, 20, 40, 10, 20, 40]);
  });

  it('reports a failed draw and stops asking for that scenario', async () => {
    const { w, band, errors } = setup();
    band.want('a', sc('a'));
    await w.fail('boom');
    expect(errors).toEqual(['a: boom']);
    expect(w.pending).toBe(0);
    band.want('b', sc('b'));
    expect(w.pending).toBe(1);
  });

  it('for any sequence of inputs, holds and replies: at most one draw in flight, requests only for the wanted scenario, stages only of it', async () => {
    const op = fc.oneof(fc.constantFrom('a', 'b', 'c').map((k) => ({ want: k })), fc.constant({ hold: true }), fc.constant({ release: true }));
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 200 }), async (ops) => {
        // every draw completes a stage here, so a stale reply handed on would show
        const w = fakeWorker(6, [1, 2, 3, 4, 5, 6]);
        let wanted: string | null = null;
        const bad: string[] = [];
        const band = new PosteriorBand({
          request: (b) => {
            if (b.key !== wanted) bad.push(`request for ${b.key} while ${wanted} is wanted`);
            return w.request(b);
          },
          onStage: (r) => {
            if (r.key !== wanted) bad.push(`stage of ${r.key} while ${wanted} is wanted`);
          },
          onError: () => bad.push('error'),
        });
        for (const o of ops) {
          if ('want' in o) {
            wanted = o.want;
            band.want(o.want, sc(o.want));
          } else if ('hold' in o) {
            wanted = null;
            band.hold();
          } else if (w.pending) await w.release();
          expect(w.pending).toBeLessThanOrEqual(1);
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

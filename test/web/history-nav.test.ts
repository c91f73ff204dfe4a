/**
 * Undo/redo on the session history: a fake window whose history behaves as the browser's
 * (push truncates forward entries; back/forward fire popstate), with timers run by hand.
 */
import { describe, expect, it } from 'vitest';
import { HistoryNav } from '../../web/src/state/history-nav.js';

function fakeWindow() {
  const entries: { state: unknown; url: string }[] = [{ state: null, url: '/?v=1' }];
  let at = 0;
  const listeners: ((e: PopStateEvent) => void)[] = [];
  const timers = new Map<number, () => void>();
  let nextTimer = 1;
  const loc = { pathname: '/', search: '?v=1' };
  const go = (k: number) => {
    if (at + k < 0 || at + k >= entries.length) return;
    at += k;
    loc.search = entries[at].url.slice(1);
    for (const l of listeners) l({ state: entries[at].state } as PopStateEvent);
  };
  const win = {
    history: {
      get state() {
        return entries[at].state;
      },
      pushState(state: unknown, _t: string, url: string) {
        entries.splice(at + 1);
        entries.push({ state, url });
        at++;
        loc.search = url.slice(1);
      },
      replaceState(state: unknown, _t: string, url: string) {
        entries[at] = { state, url };
        loc.search = url.slice(1);
      },
      back: () => go(-1),
      forward: () => go(1),
    },
    location: loc,
    addEventListener: (_: string, f: (e: PopStateEvent) => void) => listeners.push(f),
    removeEventListener: () => undefined,
    setTimeout: (f: () => void) => {
      timers.set(nextTimer, f);
      return nextTimer++;
    },
    clearTimeout: (id: number) => timers.delete(id),
    sessionStorage: new Map<string, string>() as unknown as Storage,
  };
  (win.sessionStorage as unknown as { getItem: (k: string) => string | null }).getItem = function (this: Map<string, string>, k: string) {
    return this.get(k) ?? null;
  }.bind(win.sessionStorage as unknown as Map<string, string>);
  (win.sessionStorage as unknown as { setItem: (k: string, v: string) => void }).setItem = function (this: Map<string, string>, k: string, v: string) {
    this.set(k, v);
  }.bind(win.sessionStorage as unknown as Map<string, string>);
  const runTimers = () => {
    const fs = [...timers.values()];
    timers.clear();
    fs.forEach((f) => f());
  };
  return { win: win as unknown as NonNullable<ConstructorParameters<typeof HistoryNav>[0]['win']>, entries, runTimers, loc };
}

describe('HistoryNav', () => {
  it('one entry per settled change; undo and redo walk them; a new change drops the redo branch', () => {
    const f = fakeWindow();
    const restored: string[] = [];
    const nav2 = new HistoryNav<string>({ encode: (s) => `s=${s}`, restore: (q) => restored.push(q), win: f.win }, 'a');
    expect(f.entries.map((e) => e.url)).toEqual(['/?s=a']);
    // a slider drag: many changes, one entry once the input pauses
    nav2.change('b1');
    nav2.change('b2');
    nav2.change('b3');
    expect(nav2.canUndo).toBe(true);
    f.runTimers();
    nav2.change('c');
    f.runTimers();
    expect(f.entries.map((e) => e.url)).toEqual(['/?s=a', '/?s=b3', '/?s=c']);
    nav2.undo();
    expect(restored.at(-1)).toBe('?s=b3');
    expect(nav2.canRedo).toBe(true);
    nav2.undo();
    expect(restored.at(-1)).toBe('?s=a');
    expect(nav2.canUndo).toBe(false);
    nav2.redo();
    expect(restored.at(-1)).toBe('?s=b3');
    // a change after undo: the old future is gone
    nav2.change('d');
    nav2.undo(); // flushes 'd' first, then goes back to b3
    expect(restored.at(-1)).toBe('?s=b3');
    expect(f.entries.map((e) => e.url)).toEqual(['/?s=a', '/?s=b3', '/?s=d']);
    nav2.redo();
    expect(restored.at(-1)).toBe('?s=d');
    expect(nav2.canRedo).toBe(false);
  });

  it('a change back to the same URL adds no entry', () => {
    const f = fakeWindow();
    const nav = new HistoryNav<string>({ encode: (s) => `s=${s}`, restore: () => undefined, win: f.win }, 'a');
    nav.change('a');
    f.runTimers();
    expect(f.entries).toHaveLength(1);
  });
});

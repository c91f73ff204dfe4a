/**
 * Undo, redo and Back: the browser's session history is the undo stack. A change of state
 * becomes a history entry (pushState) once the input has paused, so a slider drag is one
 * step; Back and Ctrl+Z go to the previous entry, Forward and Ctrl+Shift+Z to the next, and
 * Back never leaves the app while there is an earlier state of this session to return to.
 */

/** What the navigator needs from the app. */
export interface HistoryNavOptions<S> {
  /** The query string (without "?") of a state. */
  encode(state: S): string;
  /** Called with the state of an entry the user navigated to (popstate); `null` when the entry is not one of ours. */
  restore(search: string): void;
  /** Quiet time after the last change before it becomes an entry, ms. */
  settleMs?: number;
  /** The window (tests pass a fake). */
  win?: Pick<Window, 'history' | 'location' | 'addEventListener' | 'removeEventListener' | 'setTimeout' | 'clearTimeout' | 'sessionStorage'>;
  /** Called when canUndo/canRedo may have changed. */
  onChange?(): void;
}

interface EntryState {
  momentum: number;
}

const TOP_KEY = 'momentum:history-top';

/** Session-history undo/redo for the playground. */
export class HistoryNav<S> {
  private index = 0;
  private top = 0;
  private pending: { state: S; timer: number } | null = null;
  private readonly win: NonNullable<HistoryNavOptions<S>['win']>;
  private readonly settleMs: number;
  private readonly onPop = (ev: PopStateEvent) => this.popped(ev);

  constructor(private readonly o: HistoryNavOptions<S>, initial: S) {
    this.win = o.win ?? window;
    this.settleMs = o.settleMs ?? 400;
    const st = this.win.history.state as Partial<EntryState> | null;
    if (st && typeof st.momentum === 'number') {
      // a reload inside the session: keep our place and how far forward we can go
      this.index = st.momentum;
      this.top = Math.max(this.index, Number(this.win.sessionStorage?.getItem(TOP_KEY) ?? 0) || 0);
    }
    this.win.history.replaceState({ momentum: this.index } satisfies EntryState, '', this.url(initial));
    this.win.addEventListener('popstate', this.onPop);
  }

  private url(s: S): string {
    return `${this.win.location.pathname}?${this.o.encode(s)}`;
  }

  get canUndo(): boolean {
    return this.index > 0 || this.pending !== null;
  }

  get canRedo(): boolean {
    return this.pending === null && this.index < this.top;
  }

  /** Records a change; it becomes a history entry when the input pauses (or at once with `now`). */
  change(state: S, now = false): void {
    if (this.pending) this.win.clearTimeout(this.pending.timer);
    this.pending = { state, timer: this.win.setTimeout(() => this.flush(), now ? 0 : this.settleMs) as unknown as number };
    this.o.onChange?.();
  }

  /** Turns a pending change into an entry now. */
  flush(): void {
    const p = this.pending;
    if (!p) return;
    this.win.clearTimeout(p.timer);
    this.pending = null;
    const url = this.url(p.state);
    if (url === `${this.win.location.pathname}${this.win.location.search}`) return this.o.onChange?.();
    this.index++;
    this.top = this.index;
    this.win.sessionStorage?.setItem(TOP_KEY, String(this.top));
    this.win.history.pushState({ momentum: this.index } satisfies EntryState, '', url);
    this.o.onChange?.();
  }

  /** Rewrites the current entry (e.g. a display option that should not be a step). */
  replace(state: S): void {
    this.win.history.replaceState({ momentum: this.index } satisfies EntryState, '', this.url(state));
  }

  undo(): void {
    this.flush();
    if (this.index > 0) this.win.history.back();
  }

  redo(): void {
    this.flush();
    if (this.index < this.top) this.win.history.forward();
  }

  private popped(ev: PopStateEvent): void {
    const st = ev.state as Partial<EntryState> | null;
    if (this.pending) {
      this.win.clearTimeout(this.pending.timer);
      this.pending = null;
    }
    if (st && typeof st.momentum === 'number') this.index = st.momentum;
    this.o.restore(this.win.location.search);
    this.o.onChange?.();
  }

  dispose(): void {
    if (this.pending) this.win.clearTimeout(this.pending.timer);
    this.win.removeEventListener('popstate', this.onPop);
  }
}

/**
 * "My scenarios": named scenarios saved in the browser (localStorage), each stored as the
 * query string of its state (the same encoding as a shared link, so it is validated the
 * same way when loaded).
 */
import { MODEL_VERSION } from '../../../src/model/index.js';
import { encodeState, decodeState } from './url-state.js';
import type { PlaygroundState } from './playground-state.js';

/** One saved scenario. */
export interface SavedScenario {
  name: string;
  description: string;
  /** ISO time of the last save. */
  savedAt: string;
  /** The state's query string (`v=…&s=…`). */
  query: string;
  modelVersion: string;
}

const KEY = 'momentum:saved-scenarios';

/** Storage the list lives in (tests pass a Map-backed fake). */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

function store(): KeyValueStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The saved scenarios, newest first (an unreadable list reads as empty). */
export function listSaved(s: KeyValueStore | null = store()): SavedScenario[] {
  try {
    const raw = JSON.parse(s?.getItem(KEY) ?? '[]') as unknown;
    if (!Array.isArray(raw)) return [];
    return raw.filter((x): x is SavedScenario => !!x && typeof x.name === 'string' && typeof x.query === 'string').sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  } catch {
    return [];
  }
}

/** Saves (or replaces) the scenario of `state` under its name; returns the new list. */
export function saveScenario(state: PlaygroundState, s: KeyValueStore | null = store(), at = new Date()): SavedScenario[] {
  const list = listSaved(s).filter((x) => x.name !== state.name);
  list.unshift({ name: state.name, description: state.description, savedAt: at.toISOString(), query: encodeState({ ...state, band: false }), modelVersion: MODEL_VERSION });
  s?.setItem(KEY, JSON.stringify(list));
  return list;
}

/** Removes a saved scenario; returns the new list. */
export function removeSaved(name: string, s: KeyValueStore | null = store()): SavedScenario[] {
  const list = listSaved(s).filter((x) => x.name !== name);
  s?.setItem(KEY, JSON.stringify(list));
  return list;
}

/** The state of a saved scenario, or the reason it cannot be read. */
export function savedState(x: SavedScenario): { ok: true; state: PlaygroundState } | { ok: false; message: string } {
  const d = decodeState(x.query);
  return d.ok ? { ok: true, state: d.state } : { ok: false, message: d.message };
}

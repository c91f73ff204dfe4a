/**
 * "My scenarios": the current scenario's name and description, saving it in the browser,
 * the saved list, and the overlay: A (solid) is the scenario being edited — pick a saved
 * scenario or a preset to load it — and B (dashed) is any saved scenario or preset, with a
 * difference view (A − B).
 */
import { memo, useId, useState } from 'react';
import { BUILTIN_SCENARIOS } from '../../../src/model/index.js';
import type { PlaygroundState } from '../state/playground-state.js';
import type { SavedScenario } from '../state/saved-scenarios.js';

/** What B (the dashed reference) is: a preset, a saved scenario, or nothing. */
export type Reference = { kind: 'preset'; name: string } | { kind: 'saved'; name: string } | { kind: 'none' };

/** `preset:NAME`, `saved:NAME` or `none`. */
export function referenceKey(r: Reference): string {
  return r.kind === 'none' ? 'none' : `${r.kind}:${r.name}`;
}

/** The reference of a select value. */
export function parseReference(v: string): Reference {
  if (v.startsWith('preset:')) return { kind: 'preset', name: v.slice(7) };
  if (v.startsWith('saved:')) return { kind: 'saved', name: v.slice(6) };
  return { kind: 'none' };
}

interface Props {
  state: PlaygroundState;
  saved: readonly SavedScenario[];
  reference: Reference;
  difference: boolean;
  rename: (name: string, description: string) => void;
  save: () => void;
  load: (x: SavedScenario) => void;
  loadPreset: (name: string) => void;
  remove: (name: string) => void;
  setReference: (r: Reference) => void;
  setDifference: (on: boolean) => void;
}

const KEBAB = /^[a-z0-9][a-z0-9-]*$/;

/** Turns what a person types into a scenario name (kebab-case). */
export function kebab(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** The panel. */
export const ScenariosPanel = memo(function ScenariosPanel({ state, saved, reference, difference, rename, save, load, loadPreset, remove, setReference, setDifference }: Props) {
  const uid = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const nameText = draft ?? state.name;
  const nameOk = KEBAB.test(kebab(nameText));
  const isSaved = saved.some((x) => x.name === state.name);
  return (
    <section className="scenarios" aria-labelledby={`${uid}-title`}>
      <h2 id={`${uid}-title`}>My scenarios</h2>
      <div className="scenario-fields">
        <div className="field">
          <label htmlFor="scenario-name">Name</label>
          <input
            id="scenario-name"
            type="text"
            value={nameText}
            spellCheck={false}
            aria-describedby="scenario-name-hint"
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => {
              if (draft !== null && nameOk) rename(kebab(draft), state.description);
              setDraft(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
          <span id="scenario-name-hint" className="hint">
            {nameOk ? `saved and exported as ${kebab(nameText)}` : 'use letters, digits and dashes'}
          </span>
        </div>
        <div className="field">
          <label htmlFor="scenario-description">Description</label>
          <textarea id="scenario-description" rows={2} value={state.description} onChange={(e) => rename(state.name, e.target.value)} />
        </div>
        <button type="button" onClick={save} disabled={!nameOk}>
          {isSaved ? `Save again as "${state.name}"` : `Save as "${state.name}"`}
        </button>
      </div>
      {saved.length ? (
        <ul className="saved-list" aria-label="Saved scenarios">
          {saved.map((x) => (
            <li key={x.name}>
              <span className="saved-name">{x.name}</span>
              <button type="button" onClick={() => load(x)} aria-label={`Load ${x.name} as A`}>
                load
              </button>
              <button type="button" onClick={() => remove(x.name)} aria-label={`Delete saved scenario ${x.name}`}>
                delete
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">Saved scenarios stay in this browser. Save two, then compare them below.</p>
      )}
      <div className="overlay-pick">
        <div className="field">
          <label htmlFor="overlay-a">A (solid, the one you edit)</label>
          <select
            id="overlay-a"
            value=""
            onChange={(e) => {
              const v = e.target.value;
              if (v.startsWith('saved:')) {
                const x = saved.find((s) => s.name === v.slice(6));
                if (x) load(x);
              } else if (v.startsWith('preset:')) loadPreset(v.slice(7));
            }}
          >
            <option value="">{state.name} (editing)</option>
            <optgroup label="Load a saved scenario">
              {saved.map((x) => (
                <option key={x.name} value={`saved:${x.name}`}>
                  {x.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Load a preset">
              {BUILTIN_SCENARIOS.map((s) => (
                <option key={s.name} value={`preset:${s.name}`}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="field">
          <label htmlFor="overlay-b">B (dashed)</label>
          <select id="overlay-b" value={referenceKey(reference)} onChange={(e) => setReference(parseReference(e.target.value))}>
            <option value="none">none</option>
            <optgroup label="Saved scenarios">
              {saved.map((x) => (
                <option key={x.name} value={`saved:${x.name}`}>
                  {x.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Presets">
              {BUILTIN_SCENARIOS.map((s) => (
                <option key={s.name} value={`preset:${s.name}`}>
                  {s.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
        <div className="inline-field">
          <input id="difference-view" type="checkbox" checked={difference} disabled={reference.kind === 'none'} onChange={(e) => setDifference(e.target.checked)} />
          <label htmlFor="difference-view">Show the difference A − B</label>
        </div>
      </div>
    </section>
  );
});

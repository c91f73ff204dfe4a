/** Undo/redo, sharing and export: copy link, scenario YAML export/import, series CSV, "How it works". */
import { useRef, useState } from 'react';
import { ValidationError } from '../../../src/model/index.js';
import type { PlaygroundState } from '../state/playground-state.js';
import { downloadText } from '../export/downloads.js';

interface Props {
  state: PlaygroundState;
  replace: (s: PlaygroundState) => void;
  csv: () => string | null;
  onError: (message: string | null) => void;
  onNotice: (message: string | null) => void;
  undo: () => void;
  redo: () => void;
  canUndo: boolean;
  canRedo: boolean;
  explain: () => void;
}

/** The YAML module (and its library) load only when a file is exported or imported. */
const scenarioFile = () => import('../state/scenario-file.js');

/** The toolbar. */
export function Toolbar({ state, replace, csv, onError, onNotice, undo, redo, canUndo, canRedo, explain }: Props) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
  const mod = isMac ? '⌘' : 'Ctrl+';
  return (
    <div className="toolbar" role="toolbar" aria-label="Undo, share and export">
      <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z" title={`Undo (${mod}Z)`}>
        ↶ Undo
      </button>
      <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z" title={`Redo (${mod}Shift+Z)`}>
        ↷ Redo
      </button>
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(location.href).then(
            () => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            },
            () => onError('Could not copy the link; copy it from the address bar (the URL holds the whole scenario).'),
          );
        }}
      >
        {copied ? 'Link copied' : 'Copy link'}
      </button>
      <button
        type="button"
        onClick={() =>
          void scenarioFile().then(
            (m) => downloadText(`${state.name}.yaml`, m.exportScenarioYaml(state), 'application/yaml'),
            (e: Error) => onError(`Could not export: ${e.message}`),
          )
        }
      >
        Export YAML
      </button>
      <button type="button" onClick={() => fileRef.current?.click()}>
        Import scenario…
      </button>
      <input
        ref={fileRef}
        type="file"
        accept=".yaml,.yml,.json,application/yaml,application/json"
        className="sr-only"
        aria-label="Import a scenario file (YAML or JSON)"
        tabIndex={-1}
        onChange={async (e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (!f) return;
          try {
            const [{ importScenarioText }, text] = await Promise.all([scenarioFile(), f.text()]);
            try {
              const next = importScenarioText(text, f.name, state.now);
              replace({ ...next, band: state.band });
              onError(null);
              onNotice(`Imported "${next.name}" from ${f.name}.`);
            } catch (err) {
              onError(err instanceof ValidationError ? `Could not import the scenario:\n${err.message}` : `Could not import the scenario: ${(err as Error).message}`);
            }
          } catch (err) {
            onError(`Could not import the scenario: ${(err as Error).message}`);
          }
        }}
      />
      <button
        type="button"
        onClick={() => {
          const c = csv();
          if (c) downloadText(`${state.name}-series.csv`, c, 'text/csv');
        }}
      >
        Download CSV
      </button>
      <button type="button" className="how-btn" onClick={explain}>
        How it works
      </button>
    </div>
  );
}

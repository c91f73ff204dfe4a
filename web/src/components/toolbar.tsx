/** Sharing and export: copy link, scenario YAML export/import, series CSV, reset. */
import { useRef, useState } from 'react';
import { ValidationError } from '../../../src/model/index.js';
import type { PlaygroundState } from '../state/playground-state.js';
import { exportScenarioYaml, importScenarioText } from '../state/scenario-file.js';
import { downloadText } from '../export/downloads.js';

interface Props {
  state: PlaygroundState;
  replace: (s: PlaygroundState) => void;
  csv: () => string | null;
  onError: (message: string | null) => void;
}

/** The share-and-export toolbar. */
export function Toolbar({ state, replace, csv, onError }: Props) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="toolbar" role="toolbar" aria-label="Share and export">
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
      <button type="button" onClick={() => downloadText('playground.yaml', exportScenarioYaml(state), 'application/yaml')}>
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
            replace(importScenarioText(await f.text(), f.name));
            onError(null);
          } catch (err) {
            onError(err instanceof ValidationError ? `Could not import the scenario:\n${err.message}` : `Could not import the scenario: ${(err as Error).message}`);
          }
        }}
      />
      <button
        type="button"
        onClick={() => {
          const c = csv();
          if (c) downloadText('momentum-series.csv', c, 'text/csv');
        }}
      >
        Download CSV
      </button>
    </div>
  );
}

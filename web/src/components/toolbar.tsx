/** Sharing and export: copy link, scenario YAML export/import, series CSV, reset. */
import { useRef, useState } from 'react';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULT_WORLD, ValidationError, parseScenario } from '../../../src/model/index.js';
import { buildScenario, PRESET_NAMES, stateFromScenario, type PlaygroundState } from '../state/playground-state.js';
import { downloadText } from '../export/downloads.js';

interface Props {
  state: PlaygroundState;
  replace: (s: PlaygroundState) => void;
  csv: () => string | null;
  onError: (message: string | null) => void;
}

/** Parses an imported scenario file (YAML or JSON) with the CLI's validator. */
export function importScenarioText(text: string, fileName: string): PlaygroundState {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ValidationError(fileName, [{ path: '(file)', expected: 'valid YAML or JSON', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const s = parseScenario(raw, fileName, DEFAULT_WORLD);
  if (s.extends !== undefined && !PRESET_NAMES.includes(s.extends)) {
    throw new ValidationError(fileName, [{ path: 'extends', expected: `a built-in scenario (${PRESET_NAMES.join(', ')}) in the playground`, found: JSON.stringify(s.extends) }]);
  }
  return stateFromScenario(s);
}

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
      <button type="button" onClick={() => downloadText('playground.yaml', stringifyYaml(buildScenario(state)), 'application/yaml')}>
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

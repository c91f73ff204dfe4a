/**
 * Scenario files in the playground: export as YAML (the format `momentum run FILE` reads)
 * and import with the CLI's validator, so a bad file gets the same messages as on the CLI.
 * The app loads this module (and the YAML library) only when a file is exported or imported.
 */
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { DEFAULT_WORLD, ValidationError, parseScenario } from '../../../src/model/index.js';
import { buildScenario, getSessionNow, PRESET_NAMES, stateFromScenario, type PlaygroundState } from './playground-state.js';

/** The state as a YAML scenario file: its name, and its description with the changed levers listed. */
export function exportScenarioYaml(state: PlaygroundState): string {
  return stringifyYaml(buildScenario(state, { listChanges: true }), { lineWidth: 0 });
}

/** Parses an imported scenario file (YAML or JSON). Throws {@link ValidationError} naming the file and field. */
export function importScenarioText(text: string, fileName: string, now = getSessionNow()): PlaygroundState {
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
  return stateFromScenario(s, now);
}

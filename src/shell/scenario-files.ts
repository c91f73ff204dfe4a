/**
 * Reads scenario arguments: a built-in name, or a YAML/JSON file. Files may `extends` a
 * built-in scenario or another file in the same folder (by name, `NAME.yaml` / `.yml` / `.json`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseScenario, ScenarioRegistry, ValidationError, type ResolvedScenario, type Scenario } from '../model/index.js';

/** True when the argument names a file rather than a built-in scenario. */
export function looksLikeFile(arg: string): boolean {
  return /\.(ya?ml|json)$/i.test(arg) || arg.includes('/') || arg.includes('\\');
}

/** Parses YAML or JSON text; syntax errors become ValidationErrors naming the file. */
export function parseScenarioText(text: string, file: string): unknown {
  try {
    return extname(file).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: extname(file).toLowerCase() === '.json' ? 'valid JSON' : 'valid YAML', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
}

/** The largest scenario file read (a scenario of 1000 events is about 100 KB). */
export const MAX_SCENARIO_BYTES = 4 << 20;

/** Reads and validates one scenario file. */
export function readScenarioFile(file: string, registry: ScenarioRegistry): Scenario {
  let st;
  try {
    st = statSync(file);
  } catch {
    throw new ValidationError(file, [{ path: '(file)', expected: 'an existing YAML or JSON scenario file', found: 'no such file' }]);
  }
  if (!st.isFile()) throw new ValidationError(file, [{ path: '(file)', expected: 'a YAML or JSON scenario file', found: st.isDirectory() ? 'a directory' : 'not a regular file' }]);
  if (st.size > MAX_SCENARIO_BYTES) throw new ValidationError(file, [{ path: '(file)', expected: `a scenario file of at most ${MAX_SCENARIO_BYTES >> 20} MiB`, found: `${(st.size / 2 ** 20).toFixed(1)} MiB` }]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'a readable scenario file', found: (e as NodeJS.ErrnoException).code ?? (e as Error).message }]);
  }
  const raw = parseScenarioText(text, file);
  return parseScenario(raw, file, registry.world);
}

/** Resolves a scenario argument (name or file) into a runnable scenario. */
export function resolveScenarioArg(arg: string, registry = new ScenarioRegistry()): ResolvedScenario {
  if (!looksLikeFile(arg) || (!existsSync(arg) && registry.get(arg))) return registry.resolve(arg, 'scenario argument');
  const s = readScenarioFile(arg, registry);
  // parents that are files next to this one
  let parent = s.extends;
  const chain = [s.name];
  while (parent && !registry.get(parent)) {
    if (chain.includes(parent)) {
      throw new ValidationError(arg, [{ path: 'extends', expected: 'a chain of scenarios without cycles', found: `a cycle: ${[...chain, parent].map((n) => JSON.stringify(n)).join(' extends ')}` }]);
    }
    chain.push(parent);
    const candidates = ['.yaml', '.yml', '.json'].map((e) => join(dirname(arg), parent + e));
    const found = candidates.find((c) => existsSync(c));
    if (!found) break; // the registry reports the unknown name with a suggestion
    const p = readScenarioFile(found, registry);
    registry.add(p);
    parent = p.extends;
  }
  return registry.resolve(s, arg);
}

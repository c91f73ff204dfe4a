/**
 * Reads scenario arguments: a built-in name, or a YAML/JSON file. Files may `extends` a
 * built-in scenario or another file in the same folder (by name, `NAME.yaml` / `.yml` / `.json`).
 */
import { existsSync, readFileSync } from 'node:fs';
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

/** Reads and validates one scenario file. */
export function readScenarioFile(file: string, registry: ScenarioRegistry): Scenario {
  if (!existsSync(file)) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'an existing YAML or JSON scenario file', found: 'no such file' }]);
  }
  const raw = parseScenarioText(readFileSync(file, 'utf8'), file);
  return parseScenario(raw, file, registry.world);
}

/** Resolves a scenario argument (name or file) into a runnable scenario. */
export function resolveScenarioArg(arg: string, registry = new ScenarioRegistry()): ResolvedScenario {
  if (!looksLikeFile(arg) || (!existsSync(arg) && registry.get(arg))) return registry.resolve(arg, 'scenario argument');
  const s = readScenarioFile(arg, registry);
  // parents that are files next to this one
  let parent = s.extends;
  const seen = new Set<string>([s.name]);
  while (parent && !registry.get(parent) && !seen.has(parent)) {
    seen.add(parent);
    const candidates = ['.yaml', '.yml', '.json'].map((e) => join(dirname(arg), parent + e));
    const found = candidates.find((c) => existsSync(c));
    if (!found) break; // the registry reports the unknown name with a suggestion
    const p = readScenarioFile(found, registry);
    registry.add(p);
    parent = p.extends;
  }
  return registry.resolve(s, arg);
}

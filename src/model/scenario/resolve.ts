/**
 * Resolves `extends` chains: parameters of the child override the parent's, events are
 * appended (parent first) and sorted by date (stable, so same-month order is kept).
 */
import { defaultParams, type ParamValues } from '../params/param-defs.js';
import { DEFAULT_WORLD, type WorldConfig } from '../world/world.js';
import type { ScenarioEvent } from './events.js';
import type { Scenario, ScenarioInput } from './schema.js';
import { BUILTIN_SCENARIOS } from './builtin.js';
import { parseScenario, validateEventDomain, ValidationError } from './validate.js';
import { nearestName } from './nearest-name.js';
import { monthIndex } from '../time.js';

/** A scenario with its chain applied and every parameter filled in. */
export interface ResolvedScenario {
  name: string;
  description: string;
  /** Names from the root of the chain to this scenario. */
  chain: string[];
  /** Every parameter (defaults + overrides). */
  params: ParamValues;
  /** Only the parameters that differ from the defaults. */
  overrides: ParamValues;
  events: ScenarioEvent[];
}

/** Looks scenarios up by name: the built-ins plus any extra ones (e.g. files). */
export class ScenarioRegistry {
  private readonly byName = new Map<string, Scenario>();
  constructor(
    readonly world: WorldConfig = DEFAULT_WORLD,
    builtins: readonly ScenarioInput[] = BUILTIN_SCENARIOS,
  ) {
    for (const s of builtins) this.add(parseScenario(s, `built-in scenario "${s.name}"`, world));
  }
  add(s: Scenario): void {
    this.byName.set(s.name, s);
  }
  get(name: string): Scenario | undefined {
    return this.byName.get(name);
  }
  names(): string[] {
    return [...this.byName.keys()];
  }
  list(): Scenario[] {
    return [...this.byName.values()];
  }

  /** Resolves a scenario (by name or object) against this registry. */
  resolve(scenario: Scenario | string, source = 'scenario'): ResolvedScenario {
    const root = typeof scenario === 'string' ? this.get(scenario) : scenario;
    if (!root) {
      const near = nearestName(String(scenario), this.names());
      throw new ValidationError(source, [
        { path: 'scenario', expected: `a built-in scenario name (${this.names().join(', ')}) or a YAML/JSON file`, found: JSON.stringify(scenario), hint: near ? `did you mean "${near}"?` : undefined },
      ]);
    }
    const chain: Scenario[] = [];
    const seen = new Set<string>();
    let cur: Scenario | undefined = root;
    while (cur) {
      if (seen.has(cur.name)) {
        throw new ValidationError(source, [{ path: 'extends', expected: 'a chain of scenarios without cycles', found: `a cycle through "${cur.name}"` }]);
      }
      seen.add(cur.name);
      chain.unshift(cur);
      if (!cur.extends) break;
      const parent = this.get(cur.extends);
      if (!parent || parent === cur) {
        if (!parent) {
          const near = nearestName(cur.extends, this.names());
          throw new ValidationError(source, [
            { path: 'extends', expected: `the name of a known scenario (${this.names().join(', ')})`, found: JSON.stringify(cur.extends), hint: near ? `did you mean "${near}"?` : undefined },
          ]);
        }
      }
      cur = parent;
    }
    const params = defaultParams();
    const overrides: ParamValues = {};
    const events: ScenarioEvent[] = [];
    for (const s of chain) {
      for (const [k, v] of Object.entries(s.params)) {
        params[k] = v;
      }
      // a loop, not push(...events): spreading a long list overflows the call stack
      for (const e of s.events) events.push(e);
    }
    const domain = validateEventDomain(events, this.world);
    if (domain.length) throw new ValidationError(source, domain);
    const defaults = defaultParams();
    for (const [k, v] of Object.entries(params)) if (defaults[k] !== v) overrides[k] = v;
    const order = events.map((e, i) => ({ e, i, t: monthIndex(e.date) }));
    order.sort((a, b) => a.t - b.t || a.i - b.i);
    return {
      name: root.name,
      description: root.description,
      chain: chain.map((s) => s.name),
      params,
      overrides,
      events: order.map((o) => o.e),
    };
  }
}

/** Applies parameter overrides (already validated) to a resolved scenario. */
export function withOverrides(r: ResolvedScenario, overrides: ParamValues): ResolvedScenario {
  const params = { ...r.params, ...overrides };
  const defaults = defaultParams();
  const ov: ParamValues = {};
  for (const [k, v] of Object.entries(params)) if (defaults[k] !== v) ov[k] = v;
  return { ...r, params, overrides: ov };
}

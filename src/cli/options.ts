/** Parsing and validation of CLI option values, with the same error wording as scenarios. */
import { DEFAULT_WORLD, parseOverrides, PARAM_INDEX, validateHorizon, ValidationError, type Mode, type ParamValue } from '../model/index.js';

export function parseMode(v: string): Mode {
  if (v !== 'meanfield' && v !== 'agents') throw new ValidationError('--mode', [{ path: '--mode', expected: '"meanfield" or "agents"', found: JSON.stringify(v) }]);
  return v;
}

/**
 * An integer option. Besides plain digits it accepts the forms people type for large counts:
 * exponent notation (`1e5`, `2.5e4`) and digit groups with `_` or `,` (`100_000`), as long as
 * the value is a whole number.
 */
export function parseIntOption(flag: string, v: string, min: number, max: number): number {
  const text = v.trim().replace(/(\d)[_,](?=\d{3}(\D|$))/g, '$1');
  const n = Number(text);
  if (!/^-?(\d+|\d+(\.\d+)?e\+?\d+)$/i.test(text) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ValidationError(flag, [{ path: flag, expected: `an integer in [${min}, ${max}]`, found: JSON.stringify(v) }]);
  }
  return n;
}

/** `--set name=value` flags into validated overrides (numbers where the parameter is numeric). */
export function parseOverrideFlags(flags: string[] | undefined): Record<string, ParamValue> | undefined {
  if (!flags || flags.length === 0) return undefined;
  const raw: Record<string, unknown> = {};
  for (const f of flags) {
    const i = f.indexOf('=');
    if (i <= 0) throw new ValidationError('--set', [{ path: '--set', expected: 'name=value', found: JSON.stringify(f) }]);
    const name = f.slice(0, i);
    const val = f.slice(i + 1);
    const def = PARAM_INDEX.get(name);
    raw[name] = def && !def.options && val.trim() !== '' && Number.isFinite(Number(val)) ? Number(val) : val;
  }
  return parseOverrides(raw, '--set', '');
}

/** Checks `--from` and `--to` (months, in order, inside the model's supported horizon). */
export function parseHorizon(from: string, to: string): { from: string; to: string } {
  const issues = validateHorizon(from, to, DEFAULT_WORLD, { from: '--from', to: '--to' });
  if (issues.length) throw new ValidationError('horizon', issues);
  return { from, to };
}

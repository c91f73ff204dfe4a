/**
 * The JSON Schema of scenario files for editors (`momentum schema`): the zod schema's JSON
 * Schema, with every parameter map (`params`, in a scenario or an event) narrowed to the
 * known parameter names, each with its type, range or choices and its description, and no
 * other names, so an editor rejects an unknown parameter as the CLI does.
 */
import { PARAM_DEFS, scenarioJsonSchema, type ParamDef } from '../model/index.js';

type JsonObject = { [k: string]: unknown };

function paramSchema(d: ParamDef): JsonObject {
  const description = `${d.label} (${d.unit}; default ${String(d.default)}). ${d.description}`;
  if (d.options) return { type: 'string', enum: [...d.options], description };
  return { type: 'number', ...(d.min !== undefined ? { minimum: d.min } : {}), ...(d.max !== undefined ? { maximum: d.max } : {}), description };
}

/** True for the zod schema of a parameter map: a record of numbers or strings. */
function isParamMap(v: unknown): v is JsonObject {
  if (!v || typeof v !== 'object') return false;
  const o = v as JsonObject;
  const add = o.additionalProperties as JsonObject | undefined;
  return o.type === 'object' && !!add && JSON.stringify(add.type) === JSON.stringify(['number', 'string']);
}

function narrow(node: unknown, properties: JsonObject): unknown {
  if (Array.isArray(node)) return node.map((n) => narrow(n, properties));
  if (!node || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(node as JsonObject)) {
    if (k === 'params' && isParamMap(v)) {
      const { propertyNames: _names, additionalProperties: _add, ...rest } = v;
      out[k] = { ...rest, properties, additionalProperties: false };
    } else out[k] = narrow(v, properties);
  }
  return out;
}

/** The editor schema of scenario files (schemas/scenario.schema.json). */
export function editorScenarioJsonSchema(): unknown {
  const properties: JsonObject = {};
  for (const d of PARAM_DEFS) properties[d.name] = paramSchema(d);
  return narrow(scenarioJsonSchema(), properties);
}

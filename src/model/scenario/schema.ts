/**
 * The scenario file format (YAML or JSON): `name`, `description`, optional `extends`,
 * `params` (parameter name → value) and `events` (dated events). Unknown keys are errors.
 */
import { z } from 'zod';
import { eventSchema } from './events.js';

/** The most events a scenario (and a whole extends chain) may list. */
export const MAX_EVENTS = 1000;

export const scenarioSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, { message: 'expected a kebab-case name (a-z, 0-9, -)' }),
  description: z.string().default(''),
  extends: z.string().optional(),
  params: z.record(z.string(), z.union([z.number(), z.string()])).default({}),
  events: z.array(eventSchema).max(MAX_EVENTS).default([]),
});

/** A scenario as written in a file (after defaults are filled). */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A scenario as a user may write it (optional fields may be absent). */
export type ScenarioInput = z.input<typeof scenarioSchema>;

/** JSON Schema of the scenario format, for editors (generated from the zod schema). */
export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(scenarioSchema, { io: 'input' });
}

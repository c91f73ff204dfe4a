/**
 * The observation record format (data/observations.json): one published measurement that
 * the model is compared with. Shared by calibration, the playground overlay and the
 * observatory's export. Extend it; never rename fields (they are a contract).
 */
import { z } from 'zod';
import { isMonth } from '../time.js';

const month = z.string().refine(isMonth, { message: 'expected a month as YYYY-MM' });

/** A month, or an inclusive range of months. */
export const periodSchema = z.union([month, z.strictObject({ start: month, end: month })]);

/** A standard error or an interval, each with a one-line justification. */
export const uncertaintySchema = z.union([
  z.strictObject({ se: z.number().positive(), note: z.string().min(1) }),
  z.strictObject({ low: z.number(), high: z.number(), note: z.string().min(1) }),
]);

/** Where a number comes from. */
export const sourceSchema = z.strictObject({
  title: z.string().min(1),
  author: z.string().min(1),
  year: z.number().int(),
  url: z.string().url(),
});

/** One observation. */
export const observationSchema = z.strictObject({
  id: z.string().min(1),
  /** Model output metric id (see METRICS). */
  metric: z.string().min(1),
  group: z.string().min(1),
  period: periodSchema,
  kind: z.enum(['point', 'rolling', 'cumulative']),
  value: z.number(),
  uncertainty: uncertaintySchema,
  unit: z.string().min(1),
  definition: z.string().min(1),
  source: sourceSchema,
  /** Optional: notes on how the observation maps to the model (see docs/calibration.md). */
  notes: z.string().optional(),
  /** Optional: exclude from the default fit (kept for reporting). */
  fit: z.boolean().optional(),
});

export const observationsFileSchema = z.array(observationSchema);

export type Observation = z.infer<typeof observationSchema>;
export type Period = z.infer<typeof periodSchema>;

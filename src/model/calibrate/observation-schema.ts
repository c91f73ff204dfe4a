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
  /**
   * point: the metric in a month (mean over a range); rolling: the volume-weighted share (or
   * mean) over a range; cumulative: sum of a volume metric over a range × a fitted scale;
   * crossing: decimal year at which group A's series first exceeds group B's (group "A>B").
   */
  kind: z.enum(['point', 'rolling', 'cumulative', 'crossing']),
  value: z.number(),
  uncertainty: uncertaintySchema,
  unit: z.string().min(1),
  definition: z.string().min(1),
  source: sourceSchema,
  /** Optional: notes on how the observation maps to the model (see docs/calibration.md). */
  notes: z.string().optional(),
  /** Optional: exclude from the default fit (kept for reporting). */
  fit: z.boolean().optional(),
  /**
   * Optional: name of a nuisance scale shared by observations in different units (e.g. real
   * download counts vs the model's download index); fitted in closed form.
   */
  scale: z.string().min(1).optional(),
  /**
   * Optional: compare the group's share of the metric summed over all groups (`true`, e.g.
   * compute share) or over the listed groups (e.g. CN's share of CN + US downloads).
   */
  share: z.union([z.boolean(), z.array(z.string().min(1)).min(2)]).optional(),
  /**
   * Optional: a known factor the modelled value is multiplied by before comparison (e.g. the
   * affiliated fraction of downloads), with a one-line justification.
   */
  multiplier: z.strictObject({ value: z.number().positive(), note: z.string().min(1) }).optional(),
  /**
   * Optional: multiply the metric by another series month by month before aggregating (e.g.
   * CN share of open tokens × open share of all tokens = CN open tokens / all tokens).
   */
  times: z.strictObject({ metric: z.string().min(1), group: z.string().min(1) }).optional(),
});

export const observationsFileSchema = z.array(observationSchema);

export type Observation = z.infer<typeof observationSchema>;
export type Period = z.infer<typeof periodSchema>;

/**
 * Dated scenario events (issue #2, section 3). Each event takes effect from its month on.
 */
import { z } from 'zod';
import { isMonth } from '../time.js';

const month = z
  .string()
  .refine(isMonth, { message: 'expected a month as YYYY-MM' });
const bloc = z.string().min(1);
const share = z.number().min(0).max(1);
const meta = { note: z.string().optional(), source: z.string().optional() };

/** A bloc's access to advanced AI hardware is cut by `severity` (0 = none, 1 = total). */
export const exportControlEvent = z.strictObject({
  date: month,
  type: z.literal('export-control'),
  bloc,
  severity: share,
  ...meta,
});

/** Adopters in `bloc` (in `sectors`) may no longer use models of `origin` (of `scope`). */
export const modelRestrictionEvent = z.strictObject({
  date: month,
  type: z.literal('model-restriction'),
  bloc,
  origin: bloc,
  /** Sector ids, or "critical" (finance, government), or "all". */
  sectors: z.union([z.literal('all'), z.literal('critical'), z.array(z.string()).min(1)]).default('all'),
  scope: z.enum(['all', 'open', 'closed']).default('all'),
  /** true lifts an earlier restriction with the same bloc, origin, sectors and scope. */
  lift: z.boolean().default(false),
  ...meta,
});

/** Public investment in a bloc's open-weight labs: extra compute as a fraction of their own. */
export const openSubsidyEvent = z.strictObject({
  date: month,
  type: z.literal('open-subsidy'),
  bloc,
  amount: z.number().min(0).max(5),
  ...meta,
});

/** A lab (or every lab: "all") changes its release strategy. */
export const strategySwitchEvent = z.strictObject({
  date: month,
  type: z.literal('strategy-switch'),
  lab: z.string().min(1),
  strategy: z.enum(['open', 'closed', 'mixed']),
  ...meta,
});

/** API prices of some labs (or of a bloc's labs) are multiplied by `factor`. */
export const priceCutEvent = z.strictObject({
  date: month,
  type: z.literal('price-cut'),
  labs: z.array(z.string()).optional(),
  bloc: z.string().optional(),
  /** At least 1e-3: a thousandfold cut is beyond any observed; smaller ones overflow the choice weights. */
  factor: z.number().min(1e-3).max(1),
  ...meta,
});

/** A security incident raises the perceived risk of models of `origin` abroad. */
export const securityIncidentEvent = z.strictObject({
  date: month,
  type: z.literal('security-incident'),
  origin: bloc,
  severity: z.number().min(0).max(5),
  ...meta,
});

/** The embodied-AI shift moves earlier by `monthsEarlier` and/or grows by `factor`. */
export const embodiedAccelerationEvent = z.strictObject({
  date: month,
  type: z.literal('embodied-acceleration'),
  factor: z.number().min(0).max(5).default(1),
  monthsEarlier: z.number().min(0).max(120).default(0),
  ...meta,
});

/**
 * A lab releases a model (the baseline's release calendar, or a hypothetical release):
 * its released capability moves to its current capability plus `capability` points, an
 * open release adds its `sizes` to the lab's release attention (trial downloads,
 * derivatives), and `price` (blended $/Mtok) resets the lab's API list price.
 */
export const releaseEvent = z.strictObject({
  date: month,
  type: z.literal('release'),
  lab: z.string().min(1),
  name: z.string().optional(),
  /** Open weights (true) or a closed API model (false). */
  open: z.boolean().default(false),
  /** A flagship release that moves the lab's released capability (false: new sizes and attention only). */
  major: z.boolean().default(true),
  /** Number of model sizes released at once (default: the lab's portfolio breadth). */
  sizes: z.number().int().min(1).max(50).optional(),
  /**
   * A published parity claim: the release matched the best closed model of this month (e.g.
   * DeepSeek-R1 and OpenAI o1 of 2024-12). Its capability is at least that model's.
   */
  parityWith: month.optional(),
  /** Capability above the lab's internal capability, in capability points (a breakthrough). */
  capability: z.number().min(-1).max(2).default(0),
  /** Blended API list price at launch, $ per million tokens (3:1 input:output). */
  price: z.number().min(0.001).max(1000).optional(),
  /**
   * Licence of open weights: "permissive" (Apache-2.0, MIT: no use or scale conditions) or
   * "restricted" (custom licences with user caps or use conditions); the lab's open line keeps
   * it until its next open release. Omitted: the lab's previous licence.
   */
  licence: z.enum(['permissive', 'restricted']).optional(),
  ...meta,
});

/**
 * From this month on, these parameter values apply (before it, the scenario's own): a
 * policy that starts in the future leaves history as it was.
 */
export const setParamsEvent = z.strictObject({
  date: month,
  type: z.literal('set-params'),
  params: z.record(z.string(), z.union([z.number(), z.string()])),
  ...meta,
});

/** Every event type. */
export const eventSchema = z.discriminatedUnion('type', [
  exportControlEvent,
  modelRestrictionEvent,
  openSubsidyEvent,
  strategySwitchEvent,
  priceCutEvent,
  securityIncidentEvent,
  embodiedAccelerationEvent,
  releaseEvent,
  setParamsEvent,
]);

export type ScenarioEvent = z.infer<typeof eventSchema>;
export type EventType = ScenarioEvent['type'];
export const EVENT_TYPES: readonly EventType[] = [
  'export-control',
  'model-restriction',
  'open-subsidy',
  'strategy-switch',
  'price-cut',
  'security-incident',
  'embodied-acceleration',
  'release',
  'set-params',
];

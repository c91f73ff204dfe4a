/**
 * Parameter metadata kept as data (SDEverywhere style): name, label, unit, default, range,
 * description, and a source or the word "assumption". Policy levers (`kind: 'policy'`) are
 * kept apart from assumptions about the world (`kind: 'world'`).
 *
 * docs/model.md is generated from the same facts by hand and checked against this table by
 * a test (every parameter is documented).
 */
import { DEFAULT_LABS, STRATEGIES } from '../world/labs.js';
import { CALIBRATED } from './calibrated.js';

/** A parameter value: a number, or one of a fixed set of strings. */
export type ParamValue = number | string;

/** Metadata of one parameter. */
export interface ParamDef {
  name: string;
  label: string;
  unit: string;
  default: ParamValue;
  /** Inclusive numeric range (numbers only). */
  min?: number;
  max?: number;
  /** Allowed values (string parameters only). */
  options?: readonly string[];
  /** The value before calibration (the assumption); `default` is the calibrated value when fitted. */
  prior?: ParamValue;
  /**
   * Standard deviation of the soft prior (a normal centred on the prior value, truncated to the
   * range) that calibration uses; only for parameters that calibration may fit.
   */
  priorSd?: number;
  kind: 'policy' | 'world';
  /** Mechanism (file under model/mechanisms) this parameter belongs to. */
  mechanism: string;
  description: string;
  /** Citation, or "assumption" (optionally followed by a justification). */
  source: string;
}

const A = 'assumption';

function num(
  name: string,
  label: string,
  unit: string,
  def: number,
  min: number,
  max: number,
  kind: 'policy' | 'world',
  mechanism: string,
  description: string,
  source: string = A,
): ParamDef {
  const fitted = CALIBRATED.values[name];
  return fitted === undefined
    ? { name, label, unit, default: def, min, max, kind, mechanism, description, source }
    : { name, label, unit, default: fitted, prior: def, min, max, kind, mechanism, description, source: `${source}; calibrated: fitted value, see docs/calibration.md and src/model/params/calibrated.ts` };
}

const BLOCS = ['US', 'CN', 'EU', 'RoW'] as const;

/**
 * Prior standard deviations of the parameters calibration may fit (assumptions: about a
 * third to a half of each prior's plausible span; docs/calibration.md lists them).
 */
export const PRIOR_SD: Readonly<Record<string, number>> = {
  capabilitySensitivity: 1.5,
  priceSensitivity: 0.25,
  customizability: 0.4,
  supportWeight: 0.6,
  homeBias: 0.3,
  licenceValue: 0.2,
  developerStickiness: 0.6,
  reconsiderRate: 0.02,
  foreignConsideration: 0.08,
  notabilityScale: 0.06,
  openLeaningShare: 0.15,
  openTaste: 0.5,
  homeTaste: 0.7,
  'homeLoyalShare.CN': 0.15,
  'homeLoyalShare.EU': 0.15,
  'originRisk.CN': 0.4,
  'platformPresence.CN': 0.08,
  adaptiveInnovation: 0.2,
  'capabilityOffset.CN': 0.15,
  'capabilityOffset.US': 0.15,
  openSpillover: 0.2,
  distillation: 0.2,
  networkEffect: 0.5,
  derivativeLagMonths: 2,
  releaseAttention: 0.2,
  trialDownloads: 0.6,
  releaseBuzzMonths: 1.5,
  breadthBoost: 0.15,
  agenticDemand: 0.7,
  derivativeDownloads: 2,
  tokenPriceElasticity: 0.2,
  agenticGapScale: 0.1,
  computeScarcityCost: 0.2,
  substitutionGrowth: 0.06,
};

function withPriorSd(defs: ParamDef[]): ParamDef[] {
  return defs.map((d) => (PRIOR_SD[d.name] === undefined ? d : { ...d, priorSd: PRIOR_SD[d.name] }));
}

const perBloc = (
  prefix: string,
  label: string,
  unit: string,
  defs: Record<(typeof BLOCS)[number], number>,
  min: number,
  max: number,
  kind: 'policy' | 'world',
  mechanism: string,
  description: string,
  source: string = A,
): ParamDef[] =>
  BLOCS.map((b) => num(`${prefix}.${b}`, `${label} (${b})`, unit, defs[b], min, max, kind, mechanism, description.replace('{bloc}', b), source));

/** Every parameter of the model, in display order. */
export const PARAM_DEFS: readonly ParamDef[] = withPriorSd([
  // ---------------- adoption choice (utility.ts, adoption-choice.ts) ----------------
  num('capabilitySensitivity', 'Capability sensitivity', 'utility per capability point', 3, 0.5, 12, 'world', 'utility', 'Weight of model capability in the adopters\' logit utility (scaled by each sector\'s capability need).'),
  num('priceSensitivity', 'Price sensitivity', 'utility per ln($/Mtok)', 0.4, 0.02, 2, 'world', 'utility', 'Weight of the log of the price paid (API price or hosting cost) in the utility (scaled by sector and firm size).'),
  num('customizability', 'Value of open-weight customizability', 'utility', 0.4, -1, 2, 'world', 'utility', 'Utility bonus of open weights (fine-tuning, self-hosting, no lock-in), scaled by the sector\'s self-hosting propensity.'),
  num('supportWeight', 'Weight of enterprise support needs', 'utility', 1, 0, 4, 'world', 'utility', 'Utility cost of open weights for firms that need vendor support, SLAs and indemnities (scaled by firm size: none for small, half for medium, full for large).'),
  num('licenceValue', 'Value of a permissive licence', 'utility', 0.3, 0, 2, 'world', 'utility', 'Utility of open weights under a permissive licence (Apache-2.0, MIT) over a restricted one (user caps, use conditions), for every adopter; the licence is each release\'s (the release calendar).'),
  num('homeBias', 'Home-bloc preference', 'utility', 0.3, 0, 2, 'world', 'utility', 'Utility bonus of a model from the adopter\'s own bloc for every adopter (language, support, procurement); home-loyal classes add homeTaste.'),
  // ---------------- foreign awareness (foreign-awareness.ts) ----------------
  num('foreignConsideration', 'Foreign consideration without notability', 'fraction', 0, 0, 1, 'world', 'foreign-awareness', 'Share of adopters who consider a foreign bloc\'s models even when none of them is near the world\'s best (1: every adopter considers every model, the mechanism off).', 'assumption (consideration sets: Manski 1977, Swait & Ben-Akiva 1987; the level is not measured)'),
  num('notabilityScale', 'Frontier distance of notability', 'capability points', 0.25, 0.02, 1, 'world', 'foreign-awareness', 'Gap between a bloc\'s best model and the world\'s best over which its notability abroad falls by a factor e (the frontier grows about one point a year, so 0.25 is about three months).'),
  num('notabilityMonths', 'Time to learn of a notable bloc', 'months', 3, 0.5, 24, 'world', 'foreign-awareness', 'Time constant over which a bloc\'s notability abroad rises toward the closeness of its best model to the frontier (news of a frontier release spreads; it is not forgotten).'),
  num('switchingCost', 'Switching cost', 'utility', 2, 0, 5, 'world', 'adoption-choice', 'Utility bonus of staying with the current model when an adopter reconsiders.'),
  num('developerStickiness', 'Extra switching cost of developers', 'utility', 1, 0, 4, 'world', 'adoption-choice', 'Added to the switching cost of developers (software sector): fine-tuning pipelines, licences and tooling built on a base model.'),
  num('reconsiderRate', 'Monthly reconsideration rate', '1/month', 0.04, 0.005, 0.3, 'world', 'adoption-choice', 'Fraction of adopters that reconsider their model in an ordinary month.'),
  num('releaseReconsiderBoost', 'Extra reconsideration after a major release', '1/month', 0.06, 0, 0.3, 'world', 'adoption-choice', 'Added to the reconsideration rate in a month when a release raises the open or closed frontier.'),
  // ---------------- heterogeneous demand (demand-classes.ts) ----------------
  num('tasteSpread', 'Taste heterogeneity', 'multiplier', 1, 0, 2, 'world', 'demand-classes', 'Scales the taste differences between the latent classes (openTaste, homeTaste); 0 gives one representative adopter per segment. Both solvers use the same classes.'),
  num('openLeaningShare', 'Share of open-leaning adopters', 'fraction', 0.35, 0.05, 0.9, 'world', 'demand-classes', 'Share of adopters who lean to open weights in a sector with average self-hosting (0.5) and no support needs; more where self-hosting is common, fewer in large firms.'),
  num('openTaste', 'Taste for or against open weights', 'utility', 1, 0, 3, 'world', 'demand-classes', 'Utility of open weights added for open-leaning adopters and subtracted for API-leaning ones (× tasteSpread).'),
  num('homeTaste', 'Home loyalty of home-loyal adopters', 'utility', 1.5, 0, 4, 'world', 'demand-classes', 'Extra utility of home-origin models for home-loyal adopters: language, sovereignty, domestic support (× tasteSpread).'),
  ...perBloc('homeLoyalShare', 'Share of home-loyal adopters in', 'fraction', { US: 0.3, CN: 0.5, EU: 0.35, RoW: 0.25 }, 0, 0.95, 'world', 'demand-classes', 'Share of {bloc} adopters who strongly prefer models of their own bloc.'),
  // ---------------- market entry (Bass) ----------------
  num('bassP', 'Innovation rate of AI adoption', '1/month', 0.004, 0, 0.1, 'world', 'market-entry', 'Bass innovation coefficient p of entry into using any language model.'),
  num('bassQ', 'Imitation rate of AI adoption', '1/month', 0.06, 0, 1, 'world', 'market-entry', 'Bass imitation coefficient q of entry into using any language model.'),
  num('initialAdoption', 'Adoption in 2023-01', 'fraction of potential adopters', 0.05, 0, 0.5, 'world', 'market-entry', 'Fraction of potential adopters already using a language model at the start.'),
  // ---------------- governance risk ----------------
  num('riskWeight', 'Weight of governance and security risk', 'utility per risk unit', 1, 0, 3, 'world', 'governance-risk', 'Global weight of perceived risk of foreign-origin models (scaled by sector risk aversion).'),
  ...perBloc('originRisk', 'Perceived risk of models from', 'risk units', { US: 0.3, CN: 1.0, EU: 0.15, RoW: 0.3 }, 0, 3, 'world', 'governance-risk', 'How risky foreign adopters perceive models of {bloc} origin (security, data governance, dependence).'),
  ...perBloc('adopterConcern', 'Concern of adopters in', 'multiplier', { US: 1.3, CN: 1.0, EU: 1.1, RoW: 0.4 }, 0, 3, 'world', 'governance-risk', 'How strongly adopters in {bloc} weigh the foreign-origin risk.'),
  num('banSignal', 'Risk signal of a ban', 'risk units', 0.5, 0, 3, 'world', 'governance-risk', 'Extra perceived risk of an origin for every adopter of a bloc that bans that origin in some sectors (compliance follows the government\'s signal).'),
  num('incidentHalfLife', 'Half-life of a security incident', 'months', 12, 3, 48, 'world', 'governance-risk', 'Months for the extra perceived risk of a security incident to halve.'),
  // ---------------- compute and export controls ----------------
  num('computeDoublingMonths', 'Doubling time of AI compute', 'months', 9, 6, 18, 'world', 'compute-and-export-controls', 'Doubling time of a bloc\'s AI compute without export controls.', 'Pilz et al., "Trends in AI Supercomputers", arXiv 2504.16026 (2025): performance of leading AI supercomputers doubled every 9 months; range is an assumption'),
  num('efficiencyHalvingMonths', 'Halving time of compute needed (algorithmic progress)', 'months', 8, 5, 14, 'world', 'compute-and-export-controls', 'Months for the compute needed to reach a given capability to halve, without constraints.', 'Ho et al., "Algorithmic progress in language models", arXiv 2403.05812 (2024): ~8 months, 95% CI 5–14'),
  num('adaptiveInnovation', 'Adaptive innovation under constraint', 'fraction of lost compute growth', 0.5, 0, 1, 'world', 'compute-and-export-controls', 'Fraction of the compute growth lost to export controls that labs win back as extra algorithmic-efficiency growth ("adaptive innovation"). Its sign effect: above 0 controls speed up the constrained bloc\'s cost efficiency; below 1 they still cost peak capability (docs/model.md §3c).', 'prior: assumption, centred on half (the article says controls "encouraged the development of more efficient models" but did not fully offset them); a prior standard deviation of 0.2 in calibration'),
  ...perBloc('domesticSubstitution', 'Domestic chip substitution in 2023 in', 'fraction', { US: 0, CN: 0.15, EU: 0, RoW: 0 }, 0, 0.9, 'world', 'compute-and-export-controls', 'Fraction of the export-control cut on {bloc} offset by domestic accelerators in 2023-01 (it grows at substitutionGrowth).'),
  num('substitutionGrowth', 'Growth of domestic substitution', 'per year', 0.1, 0, 0.5, 'world', 'compute-and-export-controls', 'Yearly rate at which domestic accelerators replace the remaining export-control cut: substitution = 1 − (1 − s₀)·e^{−growth·years since 2023}.'),
  num('computeScarcityCost', 'Cost of compute scarcity', 'elasticity', 0.3, 0, 2, 'world', 'cost-efficiency', 'Elasticity of a lab\'s API price to the log of the compute its bloc lost to export controls (scarce accelerators raise serving costs).'),
  // ---------------- capability and data ----------------
  num('dataReturns', 'Returns to deployment data', 'capability points per log10 data', 0.25, 0, 1, 'world', 'capability', 'Capability gained per tenfold increase of a lab\'s deployment-data stock (diminishing returns).'),
  ...perBloc('capabilityOffset', 'Capability offset of labs in', 'capability points', { US: 0, CN: 0, EU: 0, RoW: 0 }, -1, 1, 'world', 'capability', 'Shift added to the talent of every {bloc} lab: the level of its research relative to its compute.'),
  num('openSpillover', 'Spillover from open weights', 'fraction of gap closed', 0.15, 0, 1, 'world', 'capability', 'Fraction of the gap to the best open-weight model that a lab closes at each release by building on it (reuse of published weights and methods).'),
  num('distillation', 'Distillation from closed models', 'fraction of gap closed', 0.4, 0, 1, 'world', 'distillation', 'Fraction of the gap between the best closed model (lagged) and the best open model that every lab releasing open weights gains at each release (distillation, fast imitation).'),
  num('distillationLagMonths', 'Lag of distillation', 'months', 1, 0, 12, 'world', 'distillation', 'Age of the closed models open labs learn from.'),
  num('dataRef', 'Reference data stock', 'data units', 1, 0.1, 10, 'world', 'capability', 'Data stock at which deployment data starts to matter (the scale inside log10(1 + D/Dref)).'),
  num('dataDepreciation', 'Data depreciation', '1/month', 0.02, 0, 0.1, 'world', 'data-feedback', 'Monthly fraction of a lab\'s deployment-data stock that becomes stale.'),
  num('dataFeedbackApi', 'Data returned by closed APIs', 'fraction', 0.3, 0, 1, 'world', 'data-feedback', 'Fraction of data generated by users of a closed API that flows back to its lab (not in embodied sectors, whose models run on the device).'),
  num('dataFeedbackOpen', 'Data returned by open weights', 'fraction', 0.05, 0, 0.5, 'world', 'data-feedback', 'Fraction of data generated by users of open weights that flows back to the lab (community feedback, published fine-tunes).'),
  num('dataFeedbackIndustrial', 'Data returned by domestic industrial integration', 'fraction', 0.3, 0, 1, 'world', 'data-feedback', 'Extra fraction of data flowing back when an industrial or embodied adopter uses a model of its own bloc (the only channel in embodied sectors).'),
  ...perBloc('industrialIntegration', 'Industrial integration', 'multiplier', { US: 0.5, CN: 1.0, EU: 0.5, RoW: 0.5 }, 0, 2, 'world', 'data-feedback', 'Strength of the domestic industrial-integration channel in {bloc} (the article: "integration with real-world applications").'),
  num('derivativeData', 'Data returned per derivative', 'data units per derivative', 0.002, 0, 0.05, 'world', 'data-feedback', 'Data flowing back to a base model\'s lab for each new derivative built on it.'),
  // ---------------- cost efficiency ----------------
  num('pricePassThrough', 'Pass-through of efficiency to prices', 'elasticity', 0.5, 0.1, 1.2, 'world', 'cost-efficiency', 'Elasticity of API and hosting prices to algorithmic efficiency (below 1: each new generation is also larger).'),
  num('hostingCostPerB', 'Hosting cost per billion active parameters', '$/Mtok per B active params', 0.03, 0.005, 0.2, 'world', 'cost-efficiency', 'Cost of serving one million tokens per billion active parameters, at 2023-01 efficiency.'),
  // ---------------- ecosystem and derivatives ----------------
  num('networkEffect', 'Strength of network effects', 'utility', 1, 0, 3, 'world', 'ecosystem-derivatives', 'Utility of a very large ecosystem (users plus weighted derivatives); the network utility saturates at this value.'),
  num('ecosystemHalfSize', 'Ecosystem size of half the network effect', '% of potential adopters', 5, 0.5, 50, 'world', 'ecosystem-derivatives', 'Ecosystem size (users plus weighted derivatives, in % of potential adopters) at which the network utility is half its maximum.'),
  ...perBloc('platformPresence', 'Presence on international platforms of adopters in', 'fraction', { US: 1, CN: 0.15, EU: 1, RoW: 1 }, 0, 1, 'world', 'ecosystem-derivatives', 'Share of {bloc} adopters\' downloads, derivatives and hosted tokens that appear on international platforms (Hugging Face, OpenRouter).', 'CN: Hugging Face has been inaccessible from mainland China since 2023 and Chinese developers use domestic hubs (ModelScope) and APIs; the value is an assumption. Others: assumption'),
  num('derivativeRate', 'Derivatives per developer adopter', 'derivatives per month per usage unit', 1, 0.1, 5, 'world', 'ecosystem-derivatives', 'New fine-tunes built per month per unit of developer interest.'),
  num('derivativeLagMonths', 'Lag of developer interest', 'months', 3, 0.5, 24, 'world', 'ecosystem-derivatives', 'Time constant of developer interest in a base model: derivatives follow an exponentially smoothed average of developers\' choices and release attention.'),
  num('releaseAttention', 'Fine-tuning interest per unit of release attention', 'per model size', 0.3, 0, 2, 'world', 'ecosystem-derivatives', 'Extra developer fine-tuning interest in a lab\'s models per recently released model size (more releases and sizes give more to fine-tune).'),
  num('trialDownloads', 'Trial downloads per release', 'downloads per model size per developer unit', 1, 0, 20, 'world', 'releases', 'Downloads from developers trying recent releases, per unit of release attention and developer choice probability (on top of downloads by installed users).'),
  num('derivativeDownloads', 'Base-model downloads per derivative', 'downloads per derivative', 2, 0, 20, 'world', 'ecosystem-derivatives', 'Downloads of a base model pulled by each new derivative built on it (fine-tuning runs, evaluation, re-quantisation): the ecosystem\'s share of downloads.'),
  num('releaseBuzzMonths', 'Attention span of a release', 'months', 3, 1, 12, 'world', 'releases', 'Time constant over which a release keeps drawing trial downloads and fine-tuning interest.'),
  num('derivativeWeight', 'Weight of derivatives in ecosystem size', 'adopter-mass units per derivative unit', 0.1, 0, 1, 'world', 'ecosystem-derivatives', 'How much one derivative in the stock adds to a model\'s ecosystem size.'),
  num('derivativeDecay', 'Derivative obsolescence', '1/month', 0.03, 0, 0.2, 'world', 'ecosystem-derivatives', 'Monthly fraction of the derivative stock that becomes obsolete.'),
  num('breadthBoost', 'Effect of portfolio breadth', 'per extra model size', 0.25, 0, 1, 'world', 'ecosystem-derivatives', 'Extra installed-user downloads and derivatives per additional model size a lab ships.'),
  // ---------------- agentic demand and token volumes ----------------
  num('tokenPriceElasticity', 'Price elasticity of token volume', 'elasticity', 0.3, 0, 1.5, 'world', 'agentic-demand', 'How much more an adopter uses a cheaper model: token volume ∝ (cost / the month\'s median API price)^−elasticity (cheap models carry long agentic and batch workloads).'),
  num('agenticDemand', 'Agentic demand at the frontier', 'multiple of base volume', 1, 0, 5, 'world', 'agentic-demand', 'Extra token volume of enterprises\' agentic workloads on frontier models once the agentic shift is complete (falls off with a model\'s distance to the frontier).'),
  num('agenticMidYear', 'Midpoint of the agentic shift', 'year', 2026, 2024, 2030, 'world', 'agentic-demand', 'Year in which enterprises\' agentic demand is half its final size (logistic, 1.5-year time scale).'),
  num('agenticGapScale', 'Frontier reach of agentic demand', 'capability points', 0.15, 0.02, 1, 'world', 'agentic-demand', 'Capability distance to the frontier over which agentic demand falls by a factor e.'),
  // ---------------- embodied shift ----------------
  num('embodiedMidYear', 'Midpoint of the embodied-AI shift', 'year', 2028, 2024, 2035, 'world', 'embodied-shift', 'Year in which the embodied-AI shift is half complete (logistic).'),
  num('embodiedWidthYears', 'Duration of the embodied-AI shift', 'years', 1.5, 0.5, 5, 'world', 'embodied-shift', 'Logistic time scale of the shift.'),
  num('embodiedMarketGain', 'Market growth of embodied sectors', 'multiplier', 1.5, 0, 5, 'world', 'embodied-shift', 'Extra potential adopters in industrial sectors at the end of the shift (double for robotics).'),
  num('embodiedDataGain', 'Data value of embodied sectors', 'multiplier', 2, 0, 5, 'world', 'embodied-shift', 'Extra data value per unit of industrial usage at the end of the shift.'),
  ...perBloc('industrialMix', 'Industrial weight of', 'multiplier', { US: 0.8, CN: 1.6, EU: 1.0, RoW: 1.0 }, 0.2, 3, 'world', 'embodied-shift', 'Multiplier on the weight of industrial sectors among {bloc}\'s potential adopters.', 'CN anchored on IFR World Robotics 2024: China installed 276,288 of 541,302 industrial robots (51%) in 2023; the multipliers themselves are assumptions'),
  // ---------------- lab strategy ----------------
  num('strategyAdaptation', 'Lab strategy adaptation', 'switch', 0, 0, 1, 'world', 'lab-strategy', '1 lets closed labs that lose share open up (yearly review); 0 keeps strategies as given.'),
  // ---------------- policy levers ----------------
  num('exportControlScale', 'Export-control stringency', 'multiplier of historical severity', 1, 0, 2, 'policy', 'compute-and-export-controls', 'Scales the severity of every export-control event (0 = no controls, 1 = as enacted).'),
  num('exportControlLeakage', 'Export-control leakage', 'fraction of the cut', 0.2, 0, 1, 'policy', 'compute-and-export-controls', 'Fraction of the export-control cut that leaks through smuggling and remote (cloud) access; enforcement lowers it.', 'assumption (estimates of smuggled accelerators and of remote cloud access vary widely; see docs/model.md §3c)'),
  ...perBloc('openSubsidy', 'Public investment in open models of', 'fraction of compute added', { US: 0, CN: 0, EU: 0, RoW: 0 }, 0, 2, 'policy', 'compute-and-export-controls', 'Extra compute for {bloc}\'s labs that release open weights, as a fraction of their own.'),
  ...perBloc('sovereignProcurement', 'Sovereign procurement in', 'utility', { US: 0, CN: 0, EU: 0, RoW: 0 }, 0, 3, 'policy', 'sovereign-procurement', 'Utility bonus of home-origin models in {bloc}\'s critical and public sectors (half in large firms, a fifth elsewhere; open weights 1.5×).'),
  num('embodiedPace', 'Pace of the embodied-AI shift', 'multiplier', 1, 0, 3, 'policy', 'embodied-shift', 'Scales the size of the embodied shift (0 = none).'),
  ...DEFAULT_LABS.map(
    (l): ParamDef => ({
      name: `strategy.${l.id}`,
      label: `Release strategy of ${l.name}`,
      unit: 'choice',
      default: 'as-history',
      options: ['as-history', ...STRATEGIES],
      kind: 'policy',
      mechanism: 'lab-strategy',
      description: `Force ${l.name}'s release strategy for the whole run (or from a set-params event's month); "as-history" keeps its recorded strategy and dated switches.`,
      source: l.source,
    }),
  ),
]);

/** Parameter metadata by name. */
export const PARAM_INDEX: ReadonlyMap<string, ParamDef> = new Map(PARAM_DEFS.map((d) => [d.name, d]));

/** A full assignment of parameter values. */
export type ParamValues = Record<string, ParamValue>;

/** The default value of every parameter. */
export function defaultParams(): ParamValues {
  const out: ParamValues = {};
  for (const d of PARAM_DEFS) out[d.name] = d.default;
  return out;
}

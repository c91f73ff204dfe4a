/**
 * The parameters `momentum calibrate` fits by default: the behavioural parameters that are
 * pure assumptions (no published estimate) and that move the observed quantities most
 * (Morris screening; docs/calibration.md §Default parameter set gives the reasoning).
 */

/** Default calibration parameter set, with why each is in it. */
export const DEFAULT_CALIBRATION_PARAMS: readonly { name: string; why: string; bounds?: readonly [number, number] }[] = [
  {
    name: 'networkEffect',
    why: 'ecosystem feedback: the most influential parameter on CN download and derivative shares and on the open shares (Morris screening)',
    // Above 1 the increasing returns amplify finite-population noise so much that the agents
    // solver no longer converges to the meanfield solver (test/model/convergence.test.ts); the
    // baseline must be one on which both solvers agree.
    bounds: [0, 1],
  },
  { name: 'priceSensitivity', why: 'pull of cheap open models: open share of enterprise usage and of hosted tokens' },
  { name: 'capabilitySensitivity', why: 'weight of the closed frontier lead: keeps enterprises on closed models' },
  { name: 'supportWeight', why: 'enterprise need for vendor support: the gap between developer and enterprise open shares' },
  { name: 'customizability', why: 'value of open weights: level of the open shares' },
  { name: 'originRisk.CN', why: 'perceived risk of CN-origin models abroad: CN token and download shares' },
  { name: 'platformPresence.CN', why: 'how much of Chinese adopters\' activity shows on Hugging Face and OpenRouter: CN token and download shares' },
  { name: 'reconsiderRate', why: 'speed at which adopters re-choose: how fast CN downloads grow after 2024 (ATOM cumulative counts, crossing date)' },
  { name: 'homeBias', why: 'preference for home-bloc models: US vs CN shares among US and EU adopters' },
  { name: 'derivativeLagMonths', why: 'lag of developer interest: timing of the CN derivative-share climb' },
  { name: 'breadthBoost', why: 'portfolio breadth (Qwen ships many sizes): CN share of downloads and derivatives' },
  { name: 'capabilityOffset.CN', why: 'level of Chinese labs\' research relative to their compute (the core\'s calibration handle): the open–closed lag, since CN labs set the open frontier' },
  { name: 'openSpillover', why: 'how closely open models follow the best open model: the open–closed lag' },
];

/** Search ranges narrower than the parameters' own, for the default set. */
export const DEFAULT_CALIBRATION_BOUNDS: Readonly<Record<string, readonly [number, number]>> = Object.fromEntries(
  DEFAULT_CALIBRATION_PARAMS.filter((p) => p.bounds).map((p) => [p.name, p.bounds!]),
);

/** Names of the default calibration parameters. */
export const DEFAULT_CALIBRATION_PARAM_NAMES: readonly string[] = DEFAULT_CALIBRATION_PARAMS.map((p) => p.name);

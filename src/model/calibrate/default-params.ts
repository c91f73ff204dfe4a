/**
 * The parameters `momentum calibrate` fits by default: the behavioural parameters that are
 * pure assumptions (no published estimate) and that move the observed quantities most
 * (docs/calibration.md §Default parameter set gives the reasoning for each).
 */

/** Default calibration parameter set, with why each is in it. */
export const DEFAULT_CALIBRATION_PARAMS: readonly { name: string; why: string }[] = [
  { name: 'capabilitySensitivity', why: 'trade-off between capability and price: sets how much closed frontier models keep enterprises' },
  { name: 'priceSensitivity', why: 'pull of cheap open models; drives open share and the CN cost advantage' },
  { name: 'customizability', why: 'value of open weights: the level of the open share of usage and of enterprise workloads' },
  { name: 'networkEffect', why: 'ecosystem feedback behind the steep rise of CN derivatives and downloads' },
  { name: 'switchingCost', why: 'inertia: how fast usage follows changes in utility' },
  { name: 'reconsiderRate', why: 'speed at which adopters re-choose: timing of the CN-over-US crossing' },
  { name: 'homeBias', why: 'preference for home-bloc models: US vs CN shares outside China' },
  { name: 'originRisk.CN', why: 'perceived risk of CN-origin models abroad: CN token and enterprise shares' },
  { name: 'breadthBoost', why: 'portfolio breadth (Qwen ships many sizes): CN share of downloads and derivatives' },
  { name: 'openSpillover', why: 'how close open models follow the closed frontier: the open–closed lag' },
];

/** Names of the default calibration parameters. */
export const DEFAULT_CALIBRATION_PARAM_NAMES: readonly string[] = DEFAULT_CALIBRATION_PARAMS.map((p) => p.name);

/**
 * The parameters `momentum calibrate` fits by default: the behavioural parameters that are
 * pure assumptions (no published estimate) and that move the observed quantities most
 * (Morris screening; docs/calibration.md §Default parameter set gives the reasoning).
 */

/** Default calibration parameter set, with why each is in it. */
export const DEFAULT_CALIBRATION_PARAMS: readonly { name: string; why: string; bounds?: readonly [number, number] }[] = [
  { name: 'capabilitySensitivity', why: 'weight of the capability lead: how fast adopters follow better releases (derivative and download shares, enterprise open share)' },
  { name: 'priceSensitivity', why: 'pull of cheap open models: open share of hosted tokens and of enterprise usage' },
  { name: 'customizability', why: 'value of open weights: level of the open shares' },
  { name: 'supportWeight', why: 'enterprise need for vendor support: the gap between developer and enterprise open shares' },
  { name: 'networkEffect', why: 'ecosystem feedback: persistence of the leading families in downloads and derivatives' },
  { name: 'licenceValue', why: 'value of permissive licences (Qwen2.5/3 Apache-2.0, DeepSeek-R1 MIT): timing of the 2025 shift to Chinese open models' },
  { name: 'homeBias', why: 'preference of every adopter for home-bloc models: US vs CN shares among US and EU adopters' },
  { name: 'openTaste', why: 'spread of tastes for open weights: how much of each segment stays open or closed' },
  { name: 'homeTaste', why: 'strength of home loyalty: the niches of EU and RoW labs, CN token share abroad' },
  { name: 'originRisk.CN', why: 'perceived risk of CN-origin models abroad: CN token and download shares' },
  { name: 'capabilityOffset.CN', why: 'research level of Chinese labs relative to their compute: timing of the CN climb in downloads and derivatives' },
  { name: 'distillation', why: 'closed → open spillover: the open–closed lag (Epoch AI)' },
  { name: 'releaseAttention', why: 'fine-tuning interest drawn by releases: CN and Qwen derivative shares (ATOM)' },
  { name: 'agenticDemand', why: 'enterprise agentic demand on frontier models: the fall of the enterprise open share (Menlo Ventures)' },
  { name: 'derivativeDownloads', why: 'downloads pulled by fine-tuning on a base model: growth of cumulative downloads with the derivative ecosystem (ATOM)' },
  { name: 'tokenPriceElasticity', why: 'cheap models carry more tokens: CN open models\' share of OpenRouter tokens in 2025' },
  { name: 'reconsiderRate', why: 'speed at which adopters re-choose: how fast shares follow releases' },
];

/** Search ranges narrower than the parameters' own, for the default set. */
export const DEFAULT_CALIBRATION_BOUNDS: Readonly<Record<string, readonly [number, number]>> = Object.fromEntries(
  DEFAULT_CALIBRATION_PARAMS.filter((p) => p.bounds).map((p) => [p.name, p.bounds!]),
);

/** Names of the default calibration parameters. */
export const DEFAULT_CALIBRATION_PARAM_NAMES: readonly string[] = DEFAULT_CALIBRATION_PARAMS.map((p) => p.name);

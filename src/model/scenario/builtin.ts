/**
 * Built-in scenarios. They are data (the same shape as a scenario file); the baseline's
 * events are dated historical facts with sources (calibration issue #3, observation #13,
 * and the labs' release records). Severities are assumptions.
 */
import type { ScenarioInput } from './schema.js';
import type { ScenarioEvent } from './events.js';
import { RELEASE_CALENDAR } from '../world/releases.js';

/** The release calendar as `release` events (launch prices of flagship releases only). */
const RELEASES = RELEASE_CALENDAR.map(
  (r): ScenarioEvent => ({
    date: r.date,
    type: 'release',
    lab: r.lab,
    name: r.name,
    open: r.open,
    major: r.major,
    sizes: r.sizes,
    capability: 0,
    ...(r.parityWith ? { parityWith: r.parityWith } : {}),
    ...(r.open && r.licence ? { licence: r.licence } : {}),
    ...(r.major && r.price !== undefined && !r.open ? { price: r.price } : {}),
    source: r.source,
  }),
);

const BIS = 'US BIS rules (as summarised by law firms)';

/** The historical record, 2022-10 to 2026-01, as events. */
export const BASELINE: ScenarioInput = {
  name: 'baseline',
  description:
    'The world as recorded up to early 2026, then no new policy. US export controls on advanced chips to China tightened in 2023-10, 2024-12 and 2025-04 and partly relaxed in 2026-01; Chinese labs move to open weights (Tencent 2024-11, MiniMax 2025-01, Baidu 2025-06, Moonshot 2025-07, ByteDance 2025-08) and OpenAI releases gpt-oss (2025-08); the May 2024 Chinese API price war; closed US APIs unavailable in China; the DeepSeek data-exposure incident of 2025-01.',
  params: {},
  events: [
    { date: '2023-01', type: 'export-control', bloc: 'CN', severity: 0.2, note: 'In force since the 2022-10-07 advanced-computing rule', source: `${BIS}: 2022-10-07 first advanced-computing rule` },
    { date: '2023-10', type: 'export-control', bloc: 'CN', severity: 0.3, note: '2023-10-17 update (A800/H800 covered)', source: `${BIS}: 2023-10-17 update` },
    { date: '2024-12', type: 'export-control', bloc: 'CN', severity: 0.35, note: '2024-12-02 HBM and equipment controls', source: `${BIS}: 2024-12-02 HBM and equipment controls` },
    { date: '2025-04', type: 'export-control', bloc: 'CN', severity: 0.4, note: 'H20 licence requirement', source: `${BIS}: 2025-04 H20 licence requirement` },
    { date: '2026-01', type: 'export-control', bloc: 'CN', severity: 0.35, note: 'H200-class licences reviewed case by case (partial relaxation)', source: `${BIS}: 2026-01-15 H200-class licences reviewed case by case` },
    { date: '2023-01', type: 'model-restriction', bloc: 'CN', origin: 'US', sectors: 'all', scope: 'closed', note: 'US closed APIs are not offered in mainland China (OpenAI enforced its block on 2024-07-09); CAC interim measures require registered services', source: 'OpenAI supported-countries policy; CAC Interim Measures for Generative AI Services (2023-08-15)' },
    { date: '2023-01', type: 'model-restriction', bloc: 'CN', origin: 'EU', sectors: 'all', scope: 'closed', note: 'Foreign closed APIs need CAC registration', source: 'CAC Interim Measures for Generative AI Services (2023-08-15)' },
    { date: '2024-05', type: 'price-cut', bloc: 'CN', factor: 0.4, note: 'Chinese API price war after DeepSeek-V2 (ByteDance, Alibaba, Baidu, Zhipu cut prices); size of the cut is an assumption', source: 'DeepSeek-V2 release and competitors\' price announcements, May 2024' },
    { date: '2024-11', type: 'strategy-switch', lab: 'tencent', strategy: 'mixed', source: 'Hunyuan-Large open weights, Nov 2024' },
    { date: '2025-01', type: 'strategy-switch', lab: 'minimax', strategy: 'open', source: 'MiniMax-01 open weights, Jan 2025' },
    { date: '2025-01', type: 'security-incident', origin: 'CN', severity: 0.5, note: 'Exposed DeepSeek database; Italian regulator blocks the DeepSeek app; severity is an assumption', source: 'Wiz Research disclosure, 2025-01-29; Garante per la protezione dei dati personali, 2025-01-30' },
    { date: '2025-06', type: 'strategy-switch', lab: 'baidu', strategy: 'mixed', source: 'ERNIE 4.5 open-sourced, 2025-06-30' },
    { date: '2025-07', type: 'strategy-switch', lab: 'moonshot', strategy: 'open', source: 'Kimi K2 open weights, 2025-07-11' },
    { date: '2025-08', type: 'strategy-switch', lab: 'openai', strategy: 'mixed', source: 'gpt-oss-120b and gpt-oss-20b open weights, 2025-08-05' },
    { date: '2025-08', type: 'strategy-switch', lab: 'bytedance', strategy: 'mixed', source: 'Seed-OSS-36B open weights, Aug 2025' },
    { date: '2026-04', type: 'strategy-switch', lab: 'meta', strategy: 'mixed', note: 'Meta Superintelligence Labs\' first model, Muse Spark, is closed', source: 'https://iatoskill.com/news/meta-launches-muse-spark-first-superintelligence-labs-model' },
    ...RELEASES,
  ],
};

/** Every built-in scenario; all but the baseline extend it. */
export const BUILTIN_SCENARIOS: readonly ScenarioInput[] = [
  BASELINE,
  {
    name: 'export-controls-tighten',
    extends: 'baseline',
    description:
      'From 2026-07 the US closes the remaining channels for advanced AI chips to China (severity 0.75 instead of the 2026 partial relaxation). Tests the article\'s claim that hardware limits push Chinese labs toward efficiency rather than halting them: CN compute falls behind, efficiency growth rises, and the open ecosystem keeps spreading on cost.',
    params: {},
    events: [{ date: '2026-07', type: 'export-control', bloc: 'CN', severity: 0.75, note: 'hypothetical: near-total control of advanced accelerators' }],
  },
  {
    name: 'export-controls-relax',
    extends: 'baseline',
    description:
      'From 2026-07 the US allows most advanced AI chips to be sold to China (severity 0.05). CN compute catches up with its demand, the pressure toward adaptive efficiency fades, and Chinese labs compete on peak capability as well as on cost.',
    params: {},
    events: [{ date: '2026-07', type: 'export-control', bloc: 'CN', severity: 0.05, note: 'hypothetical: broad licences for advanced accelerators' }],
  },
  {
    name: 'us-open-push',
    extends: 'baseline',
    description:
      'From 2026-01 the US funds frontier open-weight models: US labs that release open weights get 150% more compute, and OpenAI and Google ship open models closer to their frontier (both switch to open releases). Asks whether an American open ecosystem can win back developers and derivatives.',
    params: {},
    events: [
      { date: '2026-01', type: 'open-subsidy', bloc: 'US', amount: 1.5, note: 'hypothetical public investment in US open models' },
      { date: '2026-01', type: 'strategy-switch', lab: 'openai', strategy: 'open', note: 'hypothetical' },
      { date: '2026-01', type: 'strategy-switch', lab: 'google', strategy: 'open', note: 'hypothetical' },
    ],
  },
  {
    name: 'foreign-model-restrictions',
    extends: 'baseline',
    description:
      'From 2026-07 the US and the EU forbid Chinese-origin models, open or closed, in critical sectors (finance, urban infrastructure and government). Measures how much of the Chinese loop runs through those sectors, and whether the rest of the market keeps it turning.',
    params: {},
    events: [
      { date: '2026-07', type: 'model-restriction', bloc: 'US', origin: 'CN', sectors: 'critical', scope: 'all', note: 'hypothetical' },
      { date: '2026-07', type: 'model-restriction', bloc: 'EU', origin: 'CN', sectors: 'critical', scope: 'all', note: 'hypothetical' },
    ],
  },
  {
    name: 'embodied-acceleration',
    extends: 'baseline',
    description:
      'The shift to embodied AI (robots, vehicles, smart manufacturing) comes two years earlier and is twice as large. Industrial deployment data gains weight, which the article argues favours the bloc with the largest installed base of robots and industrial integration.',
    params: {},
    events: [{ date: '2026-01', type: 'embodied-acceleration', factor: 2, monthsEarlier: 24, note: 'hypothetical' }],
  },
  {
    name: 'closed-world',
    extends: 'baseline',
    description:
      'From 2026-07 no lab releases new open weights (every lab switches to closed APIs). Models already released stay downloadable but stop improving, so the open ecosystem freezes while closed models keep advancing.',
    params: {},
    events: [{ date: '2026-07', type: 'strategy-switch', lab: 'all', strategy: 'closed', note: 'hypothetical' }],
  },
  {
    name: 'china-opens-to-foreign-models',
    extends: 'baseline',
    description:
      'From 2026-07 China lifts its restrictions on foreign closed models (US and EU APIs become available to Chinese adopters). Measures what China\'s own restrictions on foreign models do: how much of the Chinese market, and of the data it generates, they keep for domestic labs.',
    params: {},
    events: [
      { date: '2026-07', type: 'model-restriction', bloc: 'CN', origin: 'US', sectors: 'all', scope: 'closed', lift: true, note: 'hypothetical: lifts the baseline restriction' },
      { date: '2026-07', type: 'model-restriction', bloc: 'CN', origin: 'EU', sectors: 'all', scope: 'closed', lift: true, note: 'hypothetical: lifts the baseline restriction' },
    ],
  },
  {
    name: 'sovereign-procurement',
    extends: 'baseline',
    description:
      'From 2027-01 the EU and the rest of the world buy sovereign: public and regulated buyers favour domestic models (sovereign procurement 1.5 utility), and the EU adds 50% to the compute of its open-weight labs. Can third countries keep their own ecosystems between the US and China?',
    params: {},
    events: [
      { date: '2027-01', type: 'set-params', params: { 'sovereignProcurement.EU': 1.5, 'sovereignProcurement.RoW': 1.5 }, note: 'hypothetical' },
      { date: '2027-01', type: 'open-subsidy', bloc: 'EU', amount: 0.5, note: 'hypothetical public investment in EU open models' },
    ],
  },
];

/**
 * The playground's and the reports' charts, as data: which metric, which groups, how to
 * scale and label them. Colours are fixed per group so a bloc keeps its colour everywhere.
 */
import { METRIC_INDEX } from '../model/index.js';

/** How the y axis is drawn. */
export type YKind = 'share' | 'linear' | 'log';

/**
 * One line of a chart when it is not simply a group of the chart's metric: a group of any
 * metric, optionally multiplied month by month by another series (`times`) or taken as a
 * share of the metric summed over groups (`share: true`, or over the listed groups). These
 * are the transforms of observation records (data/observations.json), so an observation is
 * drawn on the line that is computed the way the calibration compares it.
 */
export interface LineDef {
  /** Id of the line within the chart (legend key, colour key). */
  id: string;
  label: string;
  metric: string;
  group: string;
  times?: { metric: string; group: string };
  share?: true | readonly string[];
}

/** One chart definition. */
export interface ChartDef {
  /** Stable id (used for DOM ids, file names and tests). */
  id: string;
  title: string;
  /** Model output metric (see METRICS). */
  metric: string;
  /** Groups to draw, in legend order; omitted = every group present in the run. */
  groups?: readonly string[];
  /** Lines beyond the metric's groups (drawn after them, in this order); see {@link LineDef}. */
  lines?: readonly LineDef[];
  yKind: YKind;
  /** Axis label (unit). */
  yLabel: string;
  /** One-sentence explanation shown under the title. */
  description: string;
  /** The mechanism (docs/model.md §3, named by its file under model/mechanisms) that explains the chart most directly. */
  mechanism: string;
}

const BLOCS = ['US', 'CN', 'EU', 'RoW'] as const;
const unit = (metric: string) => METRIC_INDEX.get(metric)?.unit ?? '';
const def = (metric: string) => METRIC_INDEX.get(metric)?.definition ?? '';

const compareNote = (d: string, note: string) => `${d} ${note}`;

/** Every chart, in display order (issue #4, section 2 "Charts"; observation charts, issue #19). */
export const CHARTS: readonly ChartDef[] = [
  { id: 'usage-share', title: 'Usage share by model origin', metric: 'usage_share', groups: BLOCS, yKind: 'share', yLabel: 'share of usage', description: def('usage_share'), mechanism: 'adoption-choice' },
  {
    id: 'download-share',
    title: 'Open-weight download share by origin',
    metric: 'download_share',
    groups: BLOCS,
    lines: [{ id: 'cn_of_cn_us', label: 'CN of CN + US', metric: 'downloads', group: 'CN', share: ['CN', 'US'] }],
    yKind: 'share',
    yLabel: 'share of downloads',
    description: compareNote(def('download_share'), '"CN of CN + US" is China\'s share of the downloads of Chinese and US models, the form in which Hugging Face shares are compared.'),
    mechanism: 'ecosystem-derivatives',
  },
  { id: 'derivative-share', title: 'New derivatives by base-model origin', metric: 'derivative_share', groups: BLOCS, yKind: 'share', yLabel: 'share of new derivatives', description: def('derivative_share'), mechanism: 'ecosystem-derivatives' },
  {
    id: 'token-share',
    title: 'Hosted-API token share by origin',
    metric: 'token_share',
    groups: BLOCS,
    lines: [
      { id: 'open_all', label: 'open models (any origin)', metric: 'hosted_open_share', group: 'all' },
      { id: 'cn_open_tokens', label: 'CN open models', metric: 'open_token_share', group: 'CN', times: { metric: 'hosted_open_share', group: 'all' } },
    ],
    yKind: 'share',
    yLabel: 'share of hosted tokens',
    description: compareNote(def('token_share'), 'Two more lines are shares of the same tokens: open-weight models of any origin, and Chinese open-weight models (as OpenRouter reports them).'),
    mechanism: 'adoption-choice',
  },
  {
    id: 'open-share',
    title: 'Open-weight share of usage',
    metric: 'open_share',
    lines: [
      { id: 'all_usage', label: 'all adopters', metric: 'open_share', group: 'all' },
      { id: 'enterprise', label: 'medium and large firms', metric: 'enterprise_open_share', group: 'all' },
    ],
    groups: [],
    yKind: 'share',
    yLabel: 'share of usage on open weights',
    description: `${def('open_share')} Medium and large firms: ${def('enterprise_open_share')}`,
    mechanism: 'adoption-choice',
  },
  { id: 'open-token-share', title: 'Token share among open-weight models', metric: 'open_token_share', groups: BLOCS, yKind: 'share', yLabel: 'share of open-model tokens', description: def('open_token_share'), mechanism: 'ecosystem-derivatives' },
  { id: 'frontier-capability', title: 'Frontier capability by group', metric: 'frontier_capability', yKind: 'linear', yLabel: unit('frontier_capability'), description: def('frontier_capability'), mechanism: 'capability' },
  { id: 'capability-gap', title: 'Capability gap', metric: 'capability_gap_months', groups: ['open_vs_closed', 'cn_vs_us'], yKind: 'linear', yLabel: 'months behind', description: def('capability_gap_months'), mechanism: 'capability' },
  { id: 'prices', title: 'Average price paid', metric: 'avg_price', groups: ['open', 'closed'], yKind: 'log', yLabel: '$ per million tokens (log)', description: def('avg_price'), mechanism: 'cost-efficiency' },
  { id: 'compute', title: 'AI compute by bloc', metric: 'compute', groups: BLOCS, yKind: 'log', yLabel: `${unit('compute')} (log)`, description: def('compute'), mechanism: 'compute-and-export-controls' },
  {
    id: 'compute-share',
    title: 'Share of world AI compute by bloc',
    metric: 'compute',
    groups: [],
    lines: BLOCS.map((b) => ({ id: b, label: b, metric: 'compute', group: b, share: true as const })),
    yKind: 'share',
    yLabel: 'share of AI compute',
    description: 'Each bloc\'s AI compute as a share of the four blocs\' total (the compute chart above, as shares), the form in which studies of AI supercomputers report it.',
    mechanism: 'compute-and-export-controls',
  },
  { id: 'data-stock', title: 'Deployment-data stock by bloc', metric: 'data_stock', groups: BLOCS, yKind: 'linear', yLabel: unit('data_stock'), description: def('data_stock'), mechanism: 'data-feedback' },
];

/** Chart definition by id. */
export const CHART_INDEX: ReadonlyMap<string, ChartDef> = new Map(CHARTS.map((c) => [c.id, c]));

/** Fixed colour of each group (blocs, frontier groups, gap groups, openness). */
export const GROUP_COLORS: Readonly<Record<string, string>> = {
  US: '#1f5fae',
  CN: '#c8312b',
  EU: '#2e8b57',
  RoW: '#8a6d3b',
  us_closed: '#0b3d7a',
  us_open: '#4f9be0',
  cn_closed: '#7d1410',
  cn_open: '#f0605a',
  eu_closed: '#1d5e3a',
  eu_open: '#6cc28f',
  row_closed: '#5c4622',
  row_open: '#c4a169',
  open_vs_closed: '#6a3d9a',
  cn_vs_us: '#d9730d',
  open: '#1b9e77',
  closed: '#555555',
  cn_of_cn_us: '#8e44ad',
  open_all: '#1b9e77',
  cn_open_tokens: '#f0605a',
  all_usage: '#1b9e77',
  enterprise: '#555555',
};

/** Human label of a group. */
export function groupLabel(group: string): string {
  const m = /^(us|cn|eu|row)_(open|closed)$/.exec(group);
  if (m) return `${m[1] === 'row' ? 'RoW' : m[1].toUpperCase()} ${m[2]}`;
  if (group === 'open_vs_closed') return 'open vs closed';
  if (group === 'cn_vs_us') return 'CN vs US';
  for (const c of CHARTS) for (const l of c.lines ?? []) if (l.id === group) return l.label;
  return group;
}

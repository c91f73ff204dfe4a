/**
 * The playground's and the reports' charts, as data: which metric, which groups, how to
 * scale and label them. Colours are fixed per group so a bloc keeps its colour everywhere.
 */
import { METRIC_INDEX } from '../model/index.js';

/** How the y axis is drawn. */
export type YKind = 'share' | 'linear' | 'log';

/** One chart definition. */
export interface ChartDef {
  /** Stable id (used for DOM ids, file names and tests). */
  id: string;
  title: string;
  /** Model output metric (see METRICS). */
  metric: string;
  /** Groups to draw, in legend order; omitted = every group present in the run. */
  groups?: readonly string[];
  yKind: YKind;
  /** Axis label (unit). */
  yLabel: string;
  /** One-sentence explanation shown under the title. */
  description: string;
}

const BLOCS = ['US', 'CN', 'EU', 'RoW'] as const;
const unit = (metric: string) => METRIC_INDEX.get(metric)?.unit ?? '';
const def = (metric: string) => METRIC_INDEX.get(metric)?.definition ?? '';

/** Every chart, in display order (issue #4, section 2 "Charts"). */
export const CHARTS: readonly ChartDef[] = [
  { id: 'usage-share', title: 'Usage share by model origin', metric: 'usage_share', groups: BLOCS, yKind: 'share', yLabel: 'share of usage', description: def('usage_share') },
  { id: 'download-share', title: 'Open-weight download share by origin', metric: 'download_share', groups: BLOCS, yKind: 'share', yLabel: 'share of downloads', description: def('download_share') },
  { id: 'derivative-share', title: 'New derivatives by base-model origin', metric: 'derivative_share', groups: BLOCS, yKind: 'share', yLabel: 'share of new derivatives', description: def('derivative_share') },
  { id: 'token-share', title: 'Hosted-API token share by origin', metric: 'token_share', groups: BLOCS, yKind: 'share', yLabel: 'share of tokens', description: def('token_share') },
  { id: 'frontier-capability', title: 'Frontier capability by group', metric: 'frontier_capability', yKind: 'linear', yLabel: unit('frontier_capability'), description: def('frontier_capability') },
  { id: 'capability-gap', title: 'Capability gap', metric: 'capability_gap_months', groups: ['open_vs_closed', 'cn_vs_us'], yKind: 'linear', yLabel: 'months behind', description: def('capability_gap_months') },
  { id: 'prices', title: 'Average price paid', metric: 'avg_price', groups: ['open', 'closed'], yKind: 'log', yLabel: '$ per million tokens (log)', description: def('avg_price') },
  { id: 'compute', title: 'AI compute by bloc', metric: 'compute', groups: BLOCS, yKind: 'log', yLabel: `${unit('compute')} (log)`, description: def('compute') },
  { id: 'data-stock', title: 'Deployment-data stock by bloc', metric: 'data_stock', groups: BLOCS, yKind: 'linear', yLabel: unit('data_stock'), description: def('data_stock') },
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
};

/** Human label of a group. */
export function groupLabel(group: string): string {
  const m = /^(us|cn|eu|row)_(open|closed)$/.exec(group);
  if (m) return `${m[1] === 'row' ? 'RoW' : m[1].toUpperCase()} ${m[2]}`;
  if (group === 'open_vs_closed') return 'open vs closed';
  if (group === 'cn_vs_us') return 'CN vs US';
  return group;
}

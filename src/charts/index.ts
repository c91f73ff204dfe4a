/**
 * Chart specifications shared by the playground (browser) and the HTML reports (server).
 * Browser-safe: the server renderer lives in render-server.ts (imports linkedom).
 */
export { CHARTS, CHART_INDEX, GROUP_COLORS, groupLabel, type ChartDef, type YKind } from './chart-defs.js';
export { chartSpec, chartCaption, chartGroups, chartRows, chartTable, bandRows, bandLineMetric, observationRows, crossingRows, comparable, powersOfTen, monthDate, formatChartValue, type ChartInput, type ChartSize, type ObservationPoint, type ChartRow, type ChartTable, type ChartView } from './chart-spec.js';
export { formatShare, formatNumber, formatParamValue, formatSharePoints } from './format.js';
export { runSeriesOf, runSeriesToJson, findSeries, valueAt, groupsOf, type RunSeries, type SeriesLike } from './run-series.js';
export { ensembleBand, chartLineBand, chartLinesOf, quantileSorted } from './band.js';
export { headlines, overtakeMonth, type Headline } from './headlines.js';

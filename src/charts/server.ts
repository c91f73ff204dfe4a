/**
 * Node entry point of the charts: everything in index.ts plus the server renderer
 * (Plot + linkedom → inline SVG strings) and a standalone HTML page builder.
 */
export * from './index.js';
export { renderChartSvg, renderPlotSvg, serverDocument } from './render-server.js';
export { htmlPage, escapeHtml, type HtmlSection } from './html-page.js';
export { runReportHtml, compareReportHtml, type ReportRun } from './report-html.js';

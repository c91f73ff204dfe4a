/**
 * Tornado chart of a sensitivity analysis: one panel per output, one bar per parameter,
 * longest first (Morris μ*, or Sobol ST with S1 drawn inside it). Plain standalone SVG.
 */
import type { SensitivityResult, SensitivityRow } from '../../model/calibrate/sensitivity.js';
import { escapeHtml } from '../../charts/html-page.js';

const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toPrecision(3));

/** Renders the tornado chart as an SVG document. */
export function tornadoSvg(r: SensitivityResult): string {
  const width = 760;
  const labelW = 210;
  const barW = width - labelW - 90;
  const rowH = 18;
  const k = r.params.length;
  const panelH = 30 + k * rowH + 14;
  const height = 40 + r.outputs.length * panelH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="10" y="22" font-size="15" font-weight="600">Sensitivity (${r.method === 'morris' ? `Morris μ*, ${r.samples} trajectories` : `Sobol ST (light) and S1 (dark), N = ${r.samples}`}; ${r.evaluations} runs)</text>`,
  ];
  r.outputs.forEach((o, j) => {
    const y0 = 40 + j * panelH;
    const rows: SensitivityRow[] = r.rows.filter((x) => x.output === o.label).sort((a, b) => a.rank - b.rank);
    const measure = (x: SensitivityRow) => (r.method === 'morris' ? x.mu_star : Math.max(0, x.ST));
    const max = Math.max(1e-300, ...rows.map(measure));
    parts.push(`<text x="10" y="${y0 + 18}" font-weight="600">${escapeHtml(o.label)}</text>`);
    rows.forEach((x, i) => {
      const y = y0 + 28 + i * rowH;
      const w = (measure(x) / max) * barW;
      parts.push(`<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${escapeHtml(x.param)}</text>`);
      parts.push(`<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(2)}" height="${rowH - 5}" fill="${r.method === 'morris' ? '#4e79a7' : '#a0cbe8'}"><title>${escapeHtml(`${x.param}: ${r.method === 'morris' ? `μ* ${fmt(x.mu_star)}, μ ${fmt(x.mu)}, σ ${fmt(x.sigma)}` : `S1 ${fmt(x.S1)}, ST ${fmt(x.ST)}`}`)}</title></rect>`);
      if (r.method === 'sobol') {
        const w1 = (Math.max(0, x.S1) / max) * barW;
        parts.push(`<rect x="${labelW}" y="${y + 5}" width="${Math.min(w, w1).toFixed(2)}" height="${rowH - 11}" fill="#1f4e79"/>`);
      }
      parts.push(`<text x="${(labelW + w + 4).toFixed(2)}" y="${y + 12}" fill="#555">${fmt(measure(x))}</text>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

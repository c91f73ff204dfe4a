/** Downloads from the browser: text files (CSV, YAML), a chart as SVG or PNG. */
import { GROUP_COLORS } from '../../../src/charts/index.js';

/** Saves `data` as a file named `name`. */
export function downloadBlob(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Saves text. */
export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}

const NS = 'http://www.w3.org/2000/svg';

/**
 * A standalone SVG of a rendered chart: the plot's <svg> with a title and the colour legend
 * drawn on top (Plot draws its legend in HTML, which an .svg file cannot hold).
 */
export function standaloneSvg(container: Element, title: string, legend: { label: string; group: string }[]): string {
  const plot = container.querySelector('figure > svg, :scope > svg') as SVGSVGElement | null;
  if (!plot) throw new Error('no chart to export');
  const w = Number(plot.getAttribute('width')) || 640;
  const h = Number(plot.getAttribute('height')) || 300;
  const top = 44;
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('xmlns', NS);
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(h + top));
  svg.setAttribute('viewBox', `0 0 ${w} ${h + top}`);
  svg.setAttribute('font-family', 'system-ui, sans-serif');
  const bg = document.createElementNS(NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', 'white');
  svg.append(bg);
  const t = document.createElementNS(NS, 'text');
  t.setAttribute('x', '8');
  t.setAttribute('y', '16');
  t.setAttribute('font-size', '14');
  t.setAttribute('font-weight', '600');
  t.textContent = title;
  svg.append(t);
  let x = 8;
  for (const l of legend) {
    const r = document.createElementNS(NS, 'rect');
    r.setAttribute('x', String(x));
    r.setAttribute('y', '26');
    r.setAttribute('width', '12');
    r.setAttribute('height', '12');
    r.setAttribute('fill', GROUP_COLORS[l.group] ?? '#333');
    const lt = document.createElementNS(NS, 'text');
    lt.setAttribute('x', String(x + 16));
    lt.setAttribute('y', '36');
    lt.setAttribute('font-size', '11');
    lt.textContent = l.label;
    svg.append(r, lt);
    x += 24 + l.label.length * 6.5;
  }
  // line styles: scenario solid, baseline dashed
  for (const [label, dash] of [
    ['scenario', ''],
    ['baseline', '5,4'],
  ] as const) {
    const ln = document.createElementNS(NS, 'line');
    ln.setAttribute('x1', String(x + 6));
    ln.setAttribute('x2', String(x + 28));
    ln.setAttribute('y1', '32');
    ln.setAttribute('y2', '32');
    ln.setAttribute('stroke', '#333');
    ln.setAttribute('stroke-width', '2');
    if (dash) ln.setAttribute('stroke-dasharray', dash);
    const lt = document.createElementNS(NS, 'text');
    lt.setAttribute('x', String(x + 32));
    lt.setAttribute('y', '36');
    lt.setAttribute('font-size', '11');
    lt.textContent = label;
    svg.append(ln, lt);
    x += 40 + label.length * 6.5;
  }
  const inner = plot.cloneNode(true) as SVGSVGElement;
  inner.setAttribute('y', String(top));
  inner.setAttribute('x', '0');
  svg.append(inner);
  return new XMLSerializer().serializeToString(svg);
}

/** Rasterises an SVG string to a PNG blob (2× for sharpness). */
export function svgToPng(svgText: string): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
    img.onload = () => {
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = img.width * scale;
      canvas.height = img.height * scale;
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no 2D canvas'));
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png');
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('could not load the SVG for PNG export'));
    };
    img.src = url;
  });
}

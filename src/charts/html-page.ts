/** A minimal standalone HTML page (inline CSS, no scripts, no external resources). */

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/**
 * Wraps a table (trusted HTML) so that a wide one scrolls inside the page instead of widening
 * it; focusable, so that keyboard users can scroll it too.
 */
export function scrollBox(html: string): string {
  return `<div class="scroll" tabindex="0">${html}</div>`;
}

/** A section of a page: a heading and trusted HTML (escape text with {@link escapeHtml}). */
export interface HtmlSection {
  heading: string;
  html: string;
}

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d1d1f;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #ddd;padding-bottom:.25rem}
h3{font-size:1rem;margin:1rem 0 .25rem}.meta{color:#555;font-size:.9rem}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,480px),1fr));gap:1.25rem}
.chart{border:1px solid #e3e3e3;border-radius:6px;padding:.5rem .75rem}.chart p{font-size:.8rem;color:#555;margin:.1rem 0 .4rem}
figure{margin:0}figcaption{font-size:.75rem;color:#555}svg{max-width:100%;height:auto}table{border-collapse:collapse;font-size:.85rem}
td,th{border-bottom:1px solid #eee;padding:.25rem .6rem;text-align:left}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
ul.headlines li.changed{font-weight:600}code{background:#f4f4f4;padding:0 .2rem;overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}.chart{min-width:0}p.warning{color:#a04a00}
@media (max-width:600px){body{padding:.75rem}h1{font-size:1.3rem}.chart{padding:.4rem}td,th{padding:.2rem .35rem}}
`;

/** Builds the page. `title` and `subtitle` are text (escaped here). */
export function htmlPage(title: string, subtitle: string, sections: readonly HtmlSection[]): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${escapeHtml(subtitle)}</p></header>`,
    '<main>',
    ...sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>\n${s.html}\n</section>`),
    '</main>',
    '</body></html>\n',
  ].join('\n');
}

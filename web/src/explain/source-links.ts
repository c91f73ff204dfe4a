/**
 * Sources as links. Parameter metadata cites sources in words; here the parts that name a
 * findable document become links: arXiv identifiers (arXiv 2504.16026 → arxiv.org/abs/…),
 * explicit URLs, and authors whose work is an observation record with a URL
 * (data/observations.json). Repository paths are not sources: "calibrated: … see
 * docs/calibration.md and src/model/params/calibrated.ts" is shown as "calibrated to the
 * observations" with a link to the observations in the "How it works" panel.
 */

/** A run of text or a link. */
export type SourcePart = { text: string; href?: string };

const ARXIV = /arXiv[: ]\s*(\d{4}\.\d{4,5})/g;
const URL_RE = /https?:\/\/[^\s),;]+/g;
const CALIBRATED = /;?\s*calibrated: fitted value, see docs\/calibration\.md and src\/model\/params\/calibrated\.ts/;

/** True when the source says the value was fitted by the calibration. */
export function isCalibrated(source: string): boolean {
  return CALIBRATED.test(source);
}

/** The source without the calibration note (which is shown as a tag instead). */
export function withoutCalibration(source: string): string {
  return source.replace(CALIBRATED, '').trim();
}

/**
 * Splits a source text into parts, with links where a document can be found. `authors`
 * maps an author string (e.g. "Pilz et al.") to the URL of an observation by them.
 */
export function sourceParts(source: string, authors: ReadonlyMap<string, string> = new Map()): SourcePart[] {
  const marks: { start: number; end: number; href: string }[] = [];
  for (const m of source.matchAll(ARXIV)) marks.push({ start: m.index!, end: m.index! + m[0].length, href: `https://arxiv.org/abs/${m[1]}` });
  for (const m of source.matchAll(URL_RE)) marks.push({ start: m.index!, end: m.index! + m[0].length, href: m[0] });
  for (const [author, href] of authors) {
    const i = source.indexOf(author);
    if (i >= 0 && !marks.some((k) => k.href === href)) marks.push({ start: i, end: i + author.length, href });
  }
  marks.sort((a, b) => a.start - b.start);
  const parts: SourcePart[] = [];
  let at = 0;
  for (const k of marks) {
    if (k.start < at) continue;
    if (k.start > at) parts.push({ text: source.slice(at, k.start) });
    parts.push({ text: source.slice(k.start, k.end), href: k.href });
    at = k.end;
  }
  if (at < source.length) parts.push({ text: source.slice(at) });
  return parts;
}

/** Author strings of observation sources → the URL of their record (the first one). */
export function authorLinks(observations: readonly { source?: { author?: string; url?: string } }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of observations) {
    const a = o.source?.author;
    const u = o.source?.url;
    if (a && u && !out.has(a) && /^https?:\/\//.test(u)) out.set(a, u);
  }
  return out;
}

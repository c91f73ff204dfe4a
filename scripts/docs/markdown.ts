/**
 * The little Markdown the doc checks need: fenced code blocks with the marker comment written
 * above them, generated regions (`<!-- NAME:begin -->…<!-- NAME:end -->`) and regions exempted
 * from the figure check (`<!-- unrecorded: REASON -->…<!-- /unrecorded -->`). Lines are
 * counted from 1, as editors show them.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface FencedBlock {
  /** Line of the opening fence. */
  readonly line: number;
  /** Line of the closing fence. */
  readonly endLine: number;
  /** Info string after the fence (`sh`, `yaml`, `` for none). */
  readonly lang: string;
  /** The lines between the fences. */
  readonly body: string[];
  /** Text of a `<!-- doc-test: … -->` comment on the line above the fence (blank lines allowed between), or null. */
  readonly marker: string | null;
  /** Line of that marker comment (or 0). */
  readonly markerLine: number;
}

/** Every fenced block (``` fences; indentation before the fence allowed, as in list items). */
export function fencedBlocks(text: string): FencedBlock[] {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(```+)\s*([\w-]*)/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const fence = open[2];
    let j = i + 1;
    while (j < lines.length && !new RegExp(`^\\s*${fence}\\s*$`).test(lines[j])) j++;
    let k = i - 1;
    while (k >= 0 && lines[k].trim() === '') k--;
    const m = k >= 0 ? /^\s*<!--\s*doc-test:\s*([\s\S]*?)\s*-->\s*$/.exec(lines[k]) : null;
    blocks.push({
      line: i + 1,
      endLine: j + 1,
      lang: open[3],
      body: lines.slice(i + 1, j).map((l) => (l.slice(0, indent).trim() === '' ? l.slice(indent) : l)),
      marker: m ? m[1] : null,
      markerLine: m ? k + 1 : 0,
    });
    i = j;
  }
  return blocks;
}

/** Line ranges [from, to] (1-based, inclusive) covered by fenced blocks, fences included. */
export function fencedRanges(text: string): [number, number][] {
  return fencedBlocks(text).map((b) => [b.line, b.endLine]);
}

/** Line ranges of generated regions `<!-- NAME:begin -->…<!-- NAME:end -->`, markers alone on their lines (included). */
export function generatedRanges(text: string): [number, number][] {
  const lines = text.split('\n');
  const out: [number, number][] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^<!--\s*([\w-]+):begin\s*-->\s*$/.exec(lines[i]);
    if (!m) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === `<!-- ${m[1]}:end -->`);
    if (end < 0) throw new Error(`line ${i + 1}: <!-- ${m[1]}:begin --> has no <!-- ${m[1]}:end -->`);
    out.push([i + 1, end + 1]);
    i = end;
  }
  return out;
}

/** An exempted region: its lines and the stated reason. */
export interface UnrecordedRegion {
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

/** Regions `<!-- unrecorded: REASON -->` … `<!-- /unrecorded -->` (markers alone on their lines); a short reason or a missing end is an error. */
export function unrecordedRegions(text: string): UnrecordedRegion[] {
  const lines = text.split('\n');
  const out: UnrecordedRegion[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*<!--\s*unrecorded:([\s\S]*?)-->\s*$/.exec(lines[i]);
    if (!m) continue;
    const reason = m[1].trim();
    if (reason.length < 10) throw new Error(`line ${i + 1}: <!-- unrecorded: … --> must state why the figures are not recorded`);
    const end = lines.findIndex((l, j) => j > i && /^\s*<!--\s*\/unrecorded\s*-->\s*$/.test(l));
    if (end < 0) throw new Error(`line ${i + 1}: <!-- unrecorded: … --> has no <!-- /unrecorded -->`);
    out.push({ from: i + 1, to: end + 1, reason });
    i = end;
  }
  return out;
}

/** The documentation files the checks cover: README.md, docs/*.md and examples/*.md (relative to root). */
export function docFiles(root: string): string[] {
  const md = (dir: string) => {
    try {
      return readdirSync(join(root, dir))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `${dir}/${f}`);
    } catch {
      return [];
    }
  };
  return ['README.md', ...md('docs'), ...md('examples')];
}

/** True when line n (1-based) lies in one of the ranges. */
export function inRanges(n: number, ranges: readonly (readonly [number, number])[]): boolean {
  return ranges.some(([a, b]) => n >= a && n <= b);
}

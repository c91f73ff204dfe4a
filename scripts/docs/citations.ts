/**
 * Claims with citations are checked: a sentence of the docs that cites a test file
 * (`test/….test.ts`) and states numbers must cite a test that prints or asserts those numbers,
 * i.e. each number of the sentence appears in the test's code (assertions, printed strings,
 * test titles; comments do not count).
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fencedRanges, inRanges } from './markdown.js';

/** A sentence that cites a test file. */
export interface Citation {
  readonly line: number;
  readonly test: string;
  readonly sentence: string;
  readonly numbers: number[];
}

const SUPERSCRIPT: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

/**
 * The numbers a text states: digit groups written with spaces, thin spaces, commas or
 * underscores join (200 000 = 200_000 = 200000); 2¹⁶ and 2^16 count as 2 and 16; numbers that
 * are part of a name (S1, e2e, v20) do not count.
 */
export function numbersIn(text: string): number[] {
  const t = text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (s) => '^' + [...s].map((c) => SUPERSCRIPT[c]).join(''));
  const out: number[] = [];
  for (const m of t.matchAll(/(?<![\w.])(\d{1,3}(?:[ \u2009\u202f_,]\d{3})+|\d+)(\.\d+)?(?![\w])/g)) {
    out.push(Number(m[1].replace(/[ \u2009\u202f_,]/g, '') + (m[2] ?? '')));
  }
  return out;
}

/** A test file's code without its comments. */
export function codeOf(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** The sentences of a doc (outside code blocks) that cite a test file, with the numbers they state. */
export function citations(doc: string): Citation[] {
  const lines = doc.split('\n');
  const fences = fencedRanges(doc);
  // paragraphs: consecutive non-blank lines outside code blocks; table rows are paragraphs of their own
  const paragraphs: { line: number; text: string }[] = [];
  let cur: { line: number; text: string } | null = null;
  lines.forEach((l, i) => {
    const n = i + 1;
    if (inRanges(n, fences) || l.trim() === '' || l.startsWith('|') || /^#/.test(l)) {
      if (cur) paragraphs.push(cur);
      cur = null;
      if (l.startsWith('|') && !inRanges(n, fences)) paragraphs.push({ line: n, text: l });
      return;
    }
    if (/^\s*[-*] /.test(l) && cur) {
      paragraphs.push(cur);
      cur = null;
    }
    cur = cur ? { line: cur.line, text: `${cur.text} ${l.trim()}` } : { line: n, text: l.trim() };
  });
  if (cur) paragraphs.push(cur);
  const out: Citation[] = [];
  for (const p of paragraphs) {
    const sentences = p.text.split(/(?<=[.!?])\s+(?=[A-Z`(*"])/);
    for (const s of sentences) {
      for (const m of s.matchAll(/`?(test\/[\w./-]+\.test\.ts)`?/g)) {
        // numbers outside code spans and links (ids, flags and paths carry digits that are not claims)
        const prose = s.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']');
        out.push({ line: p.line, test: m[1], sentence: s, numbers: numbersIn(prose) });
      }
    }
  }
  return out;
}

/** For each citation, the numbers its test neither prints nor asserts (and a missing test file). */
export function uncheckedClaims(root: string, file: string, doc: string): string[] {
  const problems: string[] = [];
  for (const c of citations(doc)) {
    const path = join(root, c.test);
    if (!existsSync(path)) {
      problems.push(`${file}:${c.line}: cites ${c.test}, which does not exist`);
      continue;
    }
    const have = new Set(numbersIn(codeOf(readFileSync(path, 'utf8'))));
    const missing = [...new Set(c.numbers)].filter((n) => !have.has(n));
    if (missing.length) problems.push(`${file}:${c.line}: cites ${c.test} for ${missing.join(', ')}, which the test neither prints nor asserts: "${c.sentence.slice(0, 160)}${c.sentence.length > 160 ? '…' : ''}"`);
  }
  return problems;
}

/**
 * The project stands on its own: the article Momentum models is cited by what its text shows,
 * and the passages the docs quote are kept in data/article-quotes.json. Every quotation in
 * docs/model.md and in the parameter descriptions must be a verbatim piece of a kept passage,
 * attributed to that passage's section. Where the article's text is at hand
 * (../shared/seed/article.txt, outside the repository), the kept passages and the citation are
 * also checked against it; without it those two checks are skipped with the reason printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARAM_DEFS } from '../../src/model/index.js';
import { docFiles } from '../../scripts/docs/markdown.js';

const ROOT = join(import.meta.dirname, '../..');
const quotes = JSON.parse(readFileSync(join(ROOT, 'data/article-quotes.json'), 'utf8')) as {
  article: { title: string; section: string; date_as_printed: string; date: string; name_at_end: string; source_line: string };
  passages: { section: string; text: string }[];
};
const ARTICLE = join(ROOT, '../shared/seed/article.txt');
const HAVE_ARTICLE = existsSync(ARTICLE);
if (!HAVE_ARTICLE) console.warn(`article cross-checks skipped: the article's text ${ARTICLE} is absent (the quotations are still checked against data/article-quotes.json)`);

/** Straight quotes and single spaces, so line breaks and typography do not matter. */
const norm = (s: string) => s.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').trim();

/** The quotations of docs/model.md: each `"…"` in a blockquote, with the sections named in the parenthesis after it. */
function modelQuotes(): { line: number; text: string; sections: string[] }[] {
  const lines = readFileSync(join(ROOT, 'docs/model.md'), 'utf8').split('\n');
  const out: { line: number; text: string; sections: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('> ')) continue;
    const start = i;
    const group: string[] = [];
    while (i < lines.length && lines[i].startsWith('> ')) group.push(lines[i++].slice(2));
    const text = group.join(' ');
    const pending: string[] = [];
    for (const m of text.matchAll(/"([^"]+)"|\(([^)]+)\)/g)) {
      if (m[1] !== undefined) pending.push(m[1]);
      else if (pending.length) {
        const sections = m[2].split(';').map((s) => s.trim());
        for (const q of pending) out.push({ line: start + 1, text: q, sections });
        pending.length = 0;
      }
    }
    for (const q of pending) out.push({ line: start + 1, text: q, sections: [] });
  }
  return out;
}

/** Pieces of a quotation: split at the ellipses that mark cuts, without trailing punctuation. */
const fragments = (q: string) =>
  q
    .split('…')
    .map((f) => norm(f).replace(/[.,;:]$/, ''))
    .filter((f) => f.length > 0);

describe('the article: cited by what its text shows, quoted from the project\'s own copy of the passages', () => {
  it('every quotation in docs/model.md is verbatim in a kept passage of the section it names', () => {
    const qs = modelQuotes();
    expect(qs.length).toBeGreaterThan(10);
    for (const q of qs) {
      expect(q.sections.length, `docs/model.md:${q.line}: "${q.text.slice(0, 40)}…" names no section`).toBeGreaterThan(0);
      for (const f of fragments(q.text)) {
        const home = quotes.passages.filter((p) => norm(p.text).includes(f));
        expect(home.length, `docs/model.md:${q.line}: "${f}" is in no passage of data/article-quotes.json`).toBeGreaterThan(0);
        expect(q.sections, `docs/model.md:${q.line}: "${f.slice(0, 50)}…" is attributed to the wrong section`).toContain(home[0].section);
      }
    }
  });

  it('every quotation in a parameter description is verbatim in a kept passage', () => {
    const quoted = PARAM_DEFS.flatMap((d) => [...d.description.matchAll(/the article: "([^"]+)"/g)].map((m) => ({ name: d.name, text: m[1] })));
    expect(quoted.length).toBeGreaterThan(0);
    for (const q of quoted) for (const f of fragments(q.text)) expect(quotes.passages.some((p) => norm(p.text).includes(f)), `${q.name}: "${f}"`).toBe(true);
  });

  it('every kept passage is quoted somewhere (no stale passages)', () => {
    const used = [
      ...modelQuotes().flatMap((q) => fragments(q.text)),
      ...PARAM_DEFS.flatMap((d) => [...d.description.matchAll(/the article: "([^"]+)"/g)].flatMap((m) => fragments(m[1]))),
    ];
    for (const p of quotes.passages) expect(used.some((f) => norm(p.text).includes(f)), p.text.slice(0, 60)).toBe(true);
  });

  it('the docs cite the article without pointing outside the repository or naming an outlet the text does not name', () => {
    for (const f of docFiles(ROOT)) {
      const text = readFileSync(join(ROOT, f), 'utf8');
      expect(text, f).not.toMatch(/shared\/seed/);
      expect(text, f).not.toMatch(/Reuters/);
    }
    const model = norm(readFileSync(join(ROOT, 'docs/model.md'), 'utf8'));
    expect(model).toContain(quotes.article.title);
    expect(model).toContain(quotes.article.date_as_printed);
    expect(model).toContain('data/article-quotes.json');
  });

  it.skipIf(!HAVE_ARTICLE)('the kept passages and the citation match the article\'s text', () => {
    const raw = readFileSync(ARTICLE, 'utf8');
    const head = raw.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).slice(0, 3);
    expect(head).toEqual([quotes.article.section, quotes.article.date_as_printed, quotes.article.title]);
    const text = norm(raw);
    for (const p of quotes.passages) expect(text, p.text.slice(0, 60)).toContain(norm(p.text));
    for (const p of quotes.passages) {
      // the section heading precedes the passage, and no other heading comes between them
      const at = raw.indexOf(p.text.slice(0, 60));
      const before = raw.slice(0, at).split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l.length < 80 && !/[.!?]$/.test(l));
      expect(before[before.length - 1], p.text.slice(0, 60)).toBe(p.section);
    }
    expect(raw).toContain(quotes.article.source_line);
    expect(raw).toContain(quotes.article.name_at_end);
    expect(raw).not.toMatch(/Reuters/);
  });
});

/**
 * Build-time rendering of the model specification (docs/model.md) for the playground's
 * "How it works" panel: the monthly loop (§2) and the mechanism sections (§3), with the
 * article quotes and the equations as MathML (rendered natively by the browser; no math
 * library ships). Runs in Node (vite.config.ts); the app receives plain HTML.
 *
 * The spec writes equations in a plain notation: `x_k` and `x_{s,o}` are subscripts, `e^{−π}`
 * superscripts, Greek letters and operators are Unicode, parameter names are in backticks.
 * A paragraph that is mostly such notation (it has "=" and almost no prose) becomes a display
 * equation; inside prose, each subscripted or superscripted symbol becomes inline math.
 */
import { marked } from 'marked';

/** A section of the panel. */
export interface DocSection {
  /** Anchor id: `how-<mechanism file>` for a mechanism, `how-loop` for the monthly loop. */
  id: string;
  /** Mechanism files the section covers (e.g. `adoption-choice`, `market-entry`). */
  mechanisms: string[];
  title: string;
  html: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const IDENT = /^[A-Za-zα-ωΑ-ΩϑϕϵƐ∞][A-Za-zα-ωΑ-Ω0-9ϑϕϵ]*[′″]*/u;
const FUNCTIONS = new Set(['ln', 'log', 'log10', 'exp', 'min', 'max', 'mod']);
const OPERATORS = '+−-=·/()[]{},|≥≤×Σ≈<>:;!~…⌊⌋∈';

interface Token {
  kind: 'mi' | 'mn' | 'mo' | 'mtext' | 'group';
  text?: string;
  children?: Token[];
  sub?: Token;
  sup?: Token;
}

/** Parses the spec's math notation into tokens (a small recursive-descent parser). */
function parseMath(src: string): Token[] {
  let i = 0;
  const atom = (): Token | null => {
    while (src[i] === ' ') i++;
    if (i >= src.length) return null;
    const rest = src.slice(i);
    if (src[i] === '`') {
      const j = src.indexOf('`', i + 1);
      const text = j > i ? src.slice(i + 1, j) : src.slice(i + 1);
      i = j > i ? j + 1 : src.length;
      return { kind: 'mtext', text };
    }
    if (src[i] === '{') {
      i++;
      const children: Token[] = [];
      while (i < src.length && src[i] !== '}') {
        const t = scripted();
        if (!t) break;
        children.push(t);
      }
      i++;
      return { kind: 'group', children };
    }
    const num = /^\d+(\.\d+)?/.exec(rest);
    if (num) {
      i += num[0].length;
      return { kind: 'mn', text: num[0] };
    }
    const id = IDENT.exec(rest);
    if (id) {
      i += id[0].length;
      return { kind: 'mi', text: id[0] };
    }
    const ch = String.fromCodePoint(src.codePointAt(i)!);
    i += ch.length;
    return { kind: OPERATORS.includes(ch) ? 'mo' : 'mi', text: ch };
  };
  const scripted = (): Token | null => {
    const base = atom();
    if (!base) return null;
    for (;;) {
      if (src[i] === '_' && !base.sub) {
        i++;
        base.sub = scriptArg();
      } else if (src[i] === '^' && !base.sup) {
        i++;
        base.sup = scriptArg();
      } else break;
    }
    return base;
  };
  // a script is a {group} or one identifier/number (a letter run like `API`, or `k`)
  const scriptArg = (): Token => (src[i] === '{' ? atom()! : (atom() ?? { kind: 'mi', text: '' }));
  const out: Token[] = [];
  while (i < src.length) {
    const t = scripted();
    if (!t) break;
    out.push(t);
  }
  return out;
}

function tokenMathml(t: Token): string {
  let base: string;
  if (t.kind === 'group') base = `<mrow>${(t.children ?? []).map(tokenMathml).join('')}</mrow>`;
  else if (t.kind === 'mtext') base = `<mtext class="code">${esc(t.text ?? '')}</mtext>`;
  else if (t.kind === 'mi') base = `<mi>${esc(t.text ?? '')}</mi>`;
  // brackets keep their size: the spec's equations are long, and stretched brackets would dominate them
  else if (t.kind === 'mo') base = /^[()[\]{}|]$/.test(t.text ?? '') ? `<mo stretchy="false">${esc(t.text!)}</mo>` : `<mo>${esc(t.text === '-' ? '−' : (t.text ?? ''))}</mo>`;
  else base = `<mn>${esc(t.text ?? '')}</mn>`;
  const script = (s: Token) => (s.kind === 'group' ? tokenMathml(s) : tokenMathml({ ...s, sub: undefined, sup: undefined }));
  if (t.sub && t.sup) return `<msubsup>${base}${script(t.sub)}${script(t.sup)}</msubsup>`;
  if (t.sub) return `<msub>${base}${script(t.sub)}</msub>`;
  if (t.sup) return `<msup>${base}${script(t.sup)}</msup>`;
  return base;
}

/** MathML for one piece of the spec's notation (`display` for a block equation). */
export function mathml(src: string, display = false): string {
  const body = parseMath(src.replace(/\s+/g, ' ').trim()).map(tokenMathml).join('');
  return `<math${display ? ' display="block"' : ''}><mrow>${body}</mrow></math>`;
}

/**
 * A symbol with a subscript or superscript inside prose: `U_{s,o}`, `E_l^{−π}`, `f_API`; a
 * script group may hold a parameter name in backticks (`e^{−1/\`derivativeLagMonths\`}`).
 */
const INLINE_SRC = '(?<![`\\w])[A-Za-zα-ωΑ-Ωϑϕ0-9]+[′″]*(?:[_^](?:\\{(?:[^{}`]|`[^`]*`)*\\}|[A-Za-zα-ωΑ-Ω0-9]+))+[′″]*';
const INLINE = new RegExp(INLINE_SRC, 'gu');
const INLINE_OR_CODE = new RegExp(`(${INLINE_SRC})|(\`[^\`]*\`)`, 'gu');

/** Replaces inline math symbols in a line of prose (code spans outside them untouched). */
export function inlineMath(line: string): string {
  return line.replace(INLINE_OR_CODE, (m, sym: string | undefined) => (sym ? mathml(sym) : m));
}

/** Prose words in a paragraph (lower-case words of 4+ letters that are not symbols or code). */
function proseWords(p: string): number {
  const text = p.replace(/`[^`]*`/g, ' ').replace(INLINE, ' ');
  return (text.match(/(?<![_^{\w])[a-z]{4,}\b(?![_^(])/g) ?? []).length;
}

/** True for a paragraph that is an equation rather than prose. */
export function isEquation(p: string): boolean {
  if (/^\s*([-*>|#]|\d+\.)/.test(p)) return false;
  if (/^\s*(with|where|and|then|the|a|an|so|while)\b/i.test(p)) return false;
  return /[=≥≤]/.test(p) && proseWords(p) <= 3;
}

/** The mechanism files named in a heading (`mechanisms/adoption-choice.ts`, …). */
function mechanismsOf(heading: string): string[] {
  return [...heading.matchAll(/mechanisms\/([a-z-]+)\.ts/g)].map((m) => m[1]);
}

/** Markdown of one section → HTML (equations as MathML, headings without the file paths). */
export function sectionHtml(md: string): string {
  const blocks = md.split(/\n{2,}/).map((b) => {
    if (isEquation(b)) return `<div class="equation" tabindex="0">${mathml(b.trim().replace(/[.,]$/, ''), true)}</div>`;
    if (/^\s*\|/.test(b)) return b.split('\n').map(inlineMath).join('\n');
    if (/^\s*>/.test(b)) return b;
    return b.split('\n').map(inlineMath).join('\n');
  });
  return marked.parse(blocks.join('\n\n'), { async: false, gfm: true }) as string;
}

/**
 * The panel's sections from the text of docs/model.md: "## 2" (the monthly loop) and each
 * "### " mechanism section of "## 3". Section references such as "(§3c)" become links.
 */
export function modelDocSections(markdown: string): DocSection[] {
  const h2 = markdown.split(/^## /m);
  const loop = h2.find((s) => /^2\.\s/.test(s));
  const mech = h2.find((s) => /^3\.\s/.test(s));
  const sections: DocSection[] = [];
  const letters = new Map<string, string>();
  if (loop) {
    const [title, ...body] = loop.split('\n');
    sections.push({ id: 'how-loop', mechanisms: [], title: title.replace(/^\d+\.\s*/, ''), html: sectionHtml(body.join('\n')) });
  }
  if (mech) {
    for (const part of mech.split(/^### /m).slice(1)) {
      const [heading, ...body] = part.split('\n');
      const files = mechanismsOf(heading);
      const letter = /^([a-z])\./.exec(heading)?.[1];
      const title = heading.replace(/\s+—\s+`.*$/, '').replace(/^[a-z]\.\s*/, '');
      const id = files.length ? `how-${files[0]}` : `how-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      if (letter) letters.set(letter, id);
      sections.push({ id, mechanisms: files, title, html: sectionHtml(body.join('\n')) });
    }
  }
  // "§3c" → a link to that section; "§3a, §3f" each
  for (const s of sections) s.html = s.html.replace(/§3([a-m])\b/g, (m, l: string) => (letters.has(l) ? `<a href="#${letters.get(l)}">${m}</a>` : m));
  return sections;
}

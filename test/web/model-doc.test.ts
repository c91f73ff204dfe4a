/**
 * "How it works": docs/model.md's mechanism sections rendered at build time, equations as
 * MathML, and every lever and chart linking to a section that exists.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARAM_DEFS } from '../../src/model/index.js';
import { CHARTS } from '../../src/charts/index.js';
import { inlineMath, isEquation, mathml, modelDocSections } from '../../web/build/model-doc.js';
import { sectionOf } from '../../web/src/explain/explain-context.js';
import { authorLinks, isCalibrated, sourceParts, withoutCalibration } from '../../web/src/explain/source-links.js';

const spec = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'model.md'), 'utf8');

describe('the spec notation as MathML', () => {
  it('subscripts, superscripts, groups and code', () => {
    expect(mathml('U_{s,o}')).toBe('<math><mrow><msub><mi>U</mi><mrow><mi>s</mi><mo>,</mo><mi>o</mi></mrow></msub></mrow></math>');
    expect(mathml('E_l^{−π}')).toBe('<math><mrow><msubsup><mi>E</mi><mi>l</mi><mrow><mo>−</mo><mi>π</mi></mrow></msubsup></mrow></math>');
    expect(mathml('κ = `switchingCost`', true)).toBe('<math display="block"><mrow><mi>κ</mi><mo>=</mo><mtext class="code">switchingCost</mtext></mrow></math>');
    expect(mathml('f_API')).toContain('<msub><mi>f</mi><mi>API</mi></msub>');
    expect(mathml('a < b')).toContain('<mo>&lt;</mo>');
  });

  it('tells equations from prose, and marks symbols inside prose', () => {
    expect(isEquation('D_l(t + 1) = D_l(t)·(1 − `dataDepreciation`) + inflow_l(t),  D_l(0) = 0.')).toBe(true);
    expect(isEquation('with *p* = `bassP`, *q* = `bassQ` (p = 0 reduces to the logistic).')).toBe(false);
    expect(isEquation('Data raises capability with diminishing returns (§3d).')).toBe(false);
    expect(inlineMath('the share x_{s,o} of `x_y`')).toMatch(/^the share <math>.*<\/math> of `x_y`$/);
  });
});

describe('the panel sections from docs/model.md', () => {
  const sections = modelDocSections(spec);
  const ids = new Set([...sections.map((s) => s.id), 'how-observations']);

  it('has the monthly loop and every mechanism, with quotes and display equations', () => {
    expect(sections[0].id).toBe('how-loop');
    expect(sections.length).toBeGreaterThanOrEqual(10);
    const html = sections.map((s) => s.html).join('');
    expect((html.match(/<blockquote>/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect((html.match(/<math display="block">/g) ?? []).length).toBeGreaterThanOrEqual(8);
    expect(html).not.toMatch(/<script/i);
    // section references link inside the panel
    expect(html).toMatch(/<a href="#how-compute-and-export-controls">§3c<\/a>/);
  });

  it('every parameter\'s and every chart\'s "How it works" link has a section to go to', () => {
    for (const d of PARAM_DEFS) expect(ids, `${d.name} (${d.mechanism})`).toContain(sectionOf(d.mechanism));
    for (const c of CHARTS) expect(ids, c.id).toContain(sectionOf(c.mechanism));
  });
});

describe('sources as links', () => {
  it('links arXiv identifiers, URLs and authors of observations; repository paths are not sources', () => {
    const parts = sourceParts('Pilz et al., "Trends in AI Supercomputers", arXiv 2504.16026 (2025): doubled every 9 months', new Map([['Pilz et al.', 'https://example.org/pilz']]));
    expect(parts.filter((p) => p.href).map((p) => [p.text, p.href])).toEqual([
      ['Pilz et al.', 'https://example.org/pilz'],
      ['arXiv 2504.16026', 'https://arxiv.org/abs/2504.16026'],
    ]);
    const fitted = PARAM_DEFS.find((d) => isCalibrated(d.source))!;
    expect(withoutCalibration(fitted.source)).not.toMatch(/src\/|docs\//);
    expect(authorLinks([{ source: { author: 'A', url: 'https://a' } }, { source: { author: 'A', url: 'https://b' } }]).get('A')).toBe('https://a');
  });
});

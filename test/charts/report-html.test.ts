/**
 * HTML reports: the report builders (pure) and `momentum report run|compare --html` as a
 * process (needs dist/, which `npm test` builds first).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScenarioRegistry, runScenario } from '../../src/model/index.js';
import { CHARTS, runSeriesOf } from '../../src/charts/index.js';
import { compareReportHtml, runReportHtml, type ReportRun } from '../../src/charts/report-html.js';

const ROOT = join(import.meta.dirname, '..', '..');
const built = existsSync(join(ROOT, 'dist', 'cli', 'main.js'));
if (!built) console.warn('report CLI tests skipped: dist/ is missing (run `npm run build`; `npm test` builds it first)');
const tmp = mkdtempSync(join(tmpdir(), 'momentum-report-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function reportRun(name: string): ReportRun {
  const s = new ScenarioRegistry().resolve(name);
  const r = runScenario(s);
  return { name: s.name, description: s.description, run: runSeriesOf(r), overrides: s.overrides, events: s.events, mode: 'meanfield' };
}

describe('report builders', () => {
  it('a run report holds every chart as inline SVG, the headlines and the scenario, and no scripts', () => {
    const html = runReportHtml(reportRun('us-open-push'), reportRun('baseline'));
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    for (const c of CHARTS) expect(html).toContain(`id="chart-${c.id}"`);
    expect((html.match(/<svg[^>]*aria-label=/g) ?? []).length).toBe(CHARTS.length);
    expect(html).toContain('stroke-dasharray'); // baseline drawn dashed
    expect(html).toMatch(/CN open-weight downloads .* \(baseline: /);
    expect(html).toContain('open-subsidy');
    expect(html).not.toMatch(/<script|src="http|href="http/i);
  });

  it('a compare report names both scenarios and escapes text', () => {
    const a = reportRun('baseline');
    const b = { ...reportRun('closed-world'), description: '<b>bold</b> & co' };
    const html = compareReportHtml(a, b);
    expect(html).toContain('closed-world vs baseline');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; co');
    expect(html).not.toContain('<b>bold</b>');
    // B lists only the events A does not have
    const bPart = html.slice(html.indexOf('B: scenario'));
    expect(bPart).toContain('Events not in A (baseline)');
    expect(bPart).toContain('strategy-switch');
    expect(bPart).not.toContain('2025-01-29'); // a baseline event's source (DeepSeek incident)
  });
});

describe.skipIf(!built)('momentum report run|compare --html', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'bin', 'momentum.js'), ...args], { cwd: tmp, encoding: 'utf8' });

  it('report run writes a standalone HTML file', () => {
    const file = join(tmp, 'out', 'run.html');
    const r = cli('report', 'run', 'export-controls-tighten', '--html', file, '--set', 'networkEffect=0.5');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Momentum report: export-controls-tighten');
    expect(html).toContain('networkEffect');
    expect((html.match(/<svg[^>]*aria-label=/g) ?? []).length).toBe(CHARTS.length);
  });

  it('report compare writes a standalone HTML file', () => {
    const file = join(tmp, 'cmp.html');
    const r = cli('report', 'compare', 'baseline', 'closed-world', '--html', file, '--quiet');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('solid: closed-world (B), dashed: baseline (A)');
  });

  it('bad input exits 2 with a message naming the field and writes nothing', () => {
    const file = join(tmp, 'bad', 'x.html');
    const r = cli('report', 'run', 'baselin', '--html', file);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/scenario.*did you mean "baseline"/);
    expect(existsSync(file)).toBe(false);
    const r2 = cli('report', 'run', 'baseline', '--html', file, '--set', 'priceSensitivity=99');
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/priceSensitivity: expected a number in/);
    expect(existsSync(join(tmp, 'bad')) ? readdirSync(join(tmp, 'bad')) : []).toEqual([]);
  });
});

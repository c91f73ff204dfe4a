/**
 * What the HTML reports show of an ensemble (`momentum report run|compare --ensemble DIR`): a
 * fan on every chart (fan.ts, from DIR/bands.csv) and the outcome probabilities of
 * DIR/outcomes.json. Parsing is pure (the CLI reads the files, shell/ensemble-dir.ts); a file
 * that is not what an ensemble writes is a ValidationError naming the file and the field.
 */
import { z } from 'zod';
import { METRIC_INDEX, ValidationError, zodIssues } from '../model/index.js';
import { groupLabel } from './chart-defs.js';
import type { FanBands } from './fan.js';
import { formatMetricValue } from './format.js';
import { escapeHtml, scrollBox, type HtmlSection } from './html-page.js';

const prob = z.object({ p: z.number().min(0).max(1).nullable(), runs: z.number().int().nonnegative() });
const crossing = z.looseObject({
  p_by_end_of_year: z.record(z.string().regex(/^\d{4}$/), prob),
  p_never: z.number().nullable(),
  month_quantiles_among_runs_that_overtake: z.record(z.string(), z.string().nullable()),
});
const quantiles = z.object({ q05: z.number(), q25: z.number(), q50: z.number(), q75: z.number(), q95: z.number() });
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** The parts of outcomes.json the reports read (ensemble/outcomes.ts writes it). */
export const outcomesFileSchema = z.looseObject({
  ensemble: z.looseObject({
    id: z.string(),
    scenario: z.string(),
    model_version: z.string(),
    runs_done: z.number().int().positive(),
    mode: z.enum(['meanfield', 'agents']),
    agents: z.number().nullable(),
    sample: z.string().nullable(),
    from: month,
    to: month,
  }),
  posterior: z
    .looseObject({
      source: z.string(),
      draws_in_sample: z.number().int().positive(),
      draws_used: z.number().int().positive(),
      seeds_per_draw: z.number().int().positive(),
      sampler: z.string().nullable(),
      max_rhat: z.number().nullable(),
      min_ess: z.number().nullable(),
      warnings: z.array(z.string()),
      pinned_by_scenario: z.array(z.string()),
      // only in ensembles run with --assumptions prior
      assumptions_from_priors: z.array(z.string()).optional(),
    })
    .optional(),
  note: z.string(),
  cn_overtakes_us_downloads: crossing,
  // ensembles written before tokens were reported have no such block
  cn_overtakes_us_tokens: crossing.optional(),
  headline: z.array(z.looseObject({ id: z.string(), label: z.string(), p: z.number().min(0).max(1).nullable(), runs: z.number().int().nonnegative() })),
  final_month_quantiles: z.record(z.string().regex(/^[^|]+\|[^|]+$/), quantiles),
});

export type EnsembleOutcomes = z.infer<typeof outcomesFileSchema>;

/** An ensemble as a report shows it. */
export interface EnsembleView {
  /** Where it was read from (as given). */
  dir: string;
  outcomes: EnsembleOutcomes;
  fan: FanBands;
}

/** Parses outcomes.json (text); `file` names it in messages. */
export function parseOutcomesJson(text: string, file: string): EnsembleOutcomes {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ValidationError(file, [{ path: '(file)', expected: 'valid JSON (the outcomes.json of `momentum ensemble`)', found: `a syntax error: ${(e as Error).message.split('\n')[0]}` }]);
  }
  const r = outcomesFileSchema.safeParse(raw);
  if (!r.success) throw new ValidationError(file, zodIssues(r.error, raw).slice(0, 20));
  return r.data;
}

/** What the runs of an ensemble are, in a few words: "100 runs over posterior draws (meanfield)". */
export function ensembleWhat(o: EnsembleOutcomes): string {
  const e = o.ensemble;
  const mode = e.mode === 'agents' ? `agents, ${(e.agents ?? 0).toLocaleString('en')} adopters` : 'meanfield';
  if (o.posterior) {
    const p = o.posterior;
    const assumptions = p.assumptions_from_priors?.length ? `, with ${p.assumptions_from_priors.length} uncalibrated assumptions drawn from their priors` : '';
    return `${e.runs_done} runs over ${p.draws_used === p.draws_in_sample ? `all ${p.draws_in_sample}` : `${p.draws_used} of the ${p.draws_in_sample}`} draws of a posterior sample${p.seeds_per_draw > 1 ? `, ${p.seeds_per_draw} seeds each` : ''}${assumptions} (${mode})`;
  }
  if (e.sample) return `${e.runs_done} runs of a ${e.sample} parameter design (${mode})`;
  return `${e.runs_done} runs with different seeds (${mode})`;
}

/** Caption text of a fan. */
export function fanLabel(o: EnsembleOutcomes, outerOnly = false): string {
  return `${outerOnly ? '90% interval' : '50% and 90% intervals'} of ${ensembleWhat(o)}`;
}

const pct = (p: number | null | undefined) => (p === null || p === undefined ? '—' : `${Math.round(p * 100)}%`);

function table(head: string[], rows: string[][], numericFrom = 1): string {
  return scrollBox(
    `<table><thead><tr>${head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
      .map((r) => `<tr>${r.map((c, i) => (i >= numericFrom ? `<td class="num">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
      .join('')}</tbody></table>`,
  );
}

function unitOf(metric: string): 'share' | 'months' | 'number' {
  const u = METRIC_INDEX.get(metric)?.unit;
  return u === 'share' ? 'share' : u === 'months' ? 'months' : 'number';
}

/**
 * The "Outcome probabilities" section: for each ensemble (one in a run report, A and B in a
 * comparison), P(CN passes US by the end of each year) on downloads and hosted tokens, the
 * headline events, and the final month's headline values as medians with 90% intervals.
 */
export function outcomesSection(columns: readonly { name: string; title?: string; view: EnsembleView }[]): HtmlSection {
  const parts: string[] = [];
  for (const { name, title, view } of columns) {
    const o = view.outcomes;
    const warn = [...(o.posterior?.warnings ?? []), ...(o.posterior?.pinned_by_scenario.length ? [`the scenario fixes ${o.posterior.pinned_by_scenario.join(', ')}: not drawn from the posterior`] : [])];
    parts.push(
      `<p class="meta">${columns.length > 1 ? `<strong>${escapeHtml(title ?? name)}</strong>: ` : ''}${escapeHtml(ensembleWhat(o))}, ${escapeHtml(o.ensemble.from)}..${escapeHtml(o.ensemble.to)} · ensemble ${escapeHtml(o.ensemble.id)} in ${escapeHtml(view.dir)}${
        o.posterior?.max_rhat !== undefined && o.posterior.max_rhat !== null ? ` · max R-hat ${o.posterior.max_rhat.toFixed(3)}` : ''
      }${o.posterior?.min_ess !== undefined && o.posterior.min_ess !== null ? ` · min ESS ${Math.round(o.posterior.min_ess)}` : ''}</p>`,
      ...warn.map((w) => `<p class="warning">${escapeHtml(w)}</p>`),
    );
  }
  // each ensemble's note (two ensembles may have been run differently, e.g. one with --assumptions prior)
  const notes = [...new Set(columns.map((c) => c.view.outcomes.note))];
  if (notes.length === 1) parts.push(`<p>${escapeHtml(notes[0])}</p>`);
  else for (const { name, title, view } of columns) parts.push(`<p><strong>${escapeHtml(title ?? name)}</strong>: ${escapeHtml(view.outcomes.note)}</p>`);
  // crossings by year
  const years = [...new Set(columns.flatMap((c) => Object.keys(c.view.outcomes.cn_overtakes_us_downloads.p_by_end_of_year)))].sort();
  // years as rows, and with two ensembles a header row per event over A and B: narrow columns
  // that read on a phone
  const events: { head: string; cells: { name: string; p: (y: string) => string }[] }[] = [];
  for (const [key, what] of [
    ['cn_overtakes_us_downloads', 'downloads'],
    ['cn_overtakes_us_tokens', 'hosted tokens'],
  ] as const) {
    const cells = columns.flatMap(({ name, view }) => {
      const c = view.outcomes[key];
      return c ? [{ name, p: (y: string) => pct(c.p_by_end_of_year[y]?.p) }] : [];
    });
    if (cells.length) events.push({ head: what, cells });
  }
  const two = columns.length > 1;
  const th = (t: string, span = 1) => `<th class="num"${span > 1 ? ` colspan="${span}"` : ''}>${escapeHtml(t)}</th>`;
  const head = two
    ? `<tr><th rowspan="2">year</th>${events.map((e) => th(e.head, e.cells.length)).join('')}</tr><tr>${events.flatMap((e) => e.cells.map((c) => th(c.name))).join('')}</tr>`
    : `<tr><th>year</th>${events.map((e) => th(e.head)).join('')}</tr>`;
  const body = years.map((y) => `<tr><td>${escapeHtml(y)}</td>${events.flatMap((e) => e.cells.map((c) => `<td class="num">${escapeHtml(c.p(y))}</td>`)).join('')}</tr>`).join('');
  parts.push(
    `<h3>P(CN passes US by the end of the year)</h3>`,
    `<p class="meta">downloads: open-weight downloads (download_share); hosted tokens: hosted-API tokens (token_share)</p>`,
    scrollBox(`<table><thead>${head}</thead><tbody>${body}</tbody></table>`),
  );
  // headline events (by id, in the first ensemble's order)
  const ids = [...new Set(columns.flatMap((c) => c.view.outcomes.headline.map((h) => h.id)))];
  const label = (id: string) => columns.map((c) => c.view.outcomes.headline.find((h) => h.id === id)?.label).find(Boolean) ?? id;
  parts.push(
    `<h3>Headline events</h3>`,
    table(
      ['event', ...columns.map((c) => (columns.length > 1 ? `P, ${c.name}` : 'P'))],
      ids.map((id) => [label(id), ...columns.map((c) => pct(c.view.outcomes.headline.find((h) => h.id === id)?.p))]),
    ),
  );
  // final-month distributions
  const keys = [...new Set(columns.flatMap((c) => Object.keys(c.view.outcomes.final_month_quantiles)))];
  const end = columns[0].view.outcomes.ensemble.to;
  parts.push(
    `<h3>Headlines in ${escapeHtml(end)}: median (90% interval)</h3>`,
    table(
      ['headline', ...columns.map((c) => (columns.length > 1 ? c.name : 'value'))],
      keys.map((k) => {
        const [metric, group] = k.split('|');
        const f = (v: number) => formatMetricValue(unitOf(metric), v);
        return [
          `${metric} ${groupLabel(group)}`,
          ...columns.map((c) => {
            const q = c.view.outcomes.final_month_quantiles[k];
            return q ? `${f(q.q50)} (${f(q.q05)} to ${f(q.q95)})` : '—';
          }),
        ];
      }),
    ),
  );
  return { heading: 'Outcome probabilities', html: parts.join('\n') };
}

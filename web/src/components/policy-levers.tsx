/**
 * Policy levers: export controls, foreign-model restrictions, subsidies for open models,
 * lab openness, security incidents and the pace of the embodied-AI shift. Levers that are
 * parameters come from PARAM_DEFS; the others become dated scenario events.
 */
import { memo } from 'react';
import { PARAM_INDEX, type ParamValue } from '../../../src/model/index.js';
import { BLOC_IDS, eventText, RESTRICTION_SCOPES, SET_PARAMS_SUPPORTED, startOf, withStart, type PlaygroundState, type RestrictionScope } from '../state/playground-state.js';
import { HowItWorksLink, InfoPopover, SourceLine } from './info-popover.js';
import { ParamControl } from './param-control.js';

/** Labs whose openness is one click away (the rest are in the scenario file format). */
export const LEVER_LABS = ['openai', 'anthropic', 'google', 'meta', 'deepseek', 'alibaba', 'moonshot', 'mistral'] as const;

interface Props {
  state: PlaygroundState;
  value: (name: string) => ParamValue;
  setParam: (name: string, value: ParamValue) => void;
  update: (f: (s: PlaygroundState) => PlaygroundState) => void;
}

function MonthInput({ id, label, value, min, onChange }: { id: string; label: string; value: string; min: string; onChange: (v: string) => void }) {
  return (
    <div className="inline-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="month" min={min} max="2030-12" value={value} required onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && onChange(e.target.value)} />
    </div>
  );
}

function Slider({ id, label, unit, min, max, step, value, onChange }: { id: string; label: string; unit: string; min: number; max: number; step: number; value: number; onChange: (v: number) => void }) {
  return (
    <div className="control">
      <div className="control-head">
        <label htmlFor={id}>{label}</label>
        <output htmlFor={id} className="control-value">
          {Number(value.toFixed(2))} <span className="unit">{unit}</span>
        </output>
      </div>
      <input id={id} type="range" min={min} max={max} step={step} value={value} aria-valuetext={`${Number(value.toFixed(2))} ${unit}`} onChange={(e) => onChange(Number(Number(e.target.value).toFixed(2)))} />
    </div>
  );
}

const ORIGIN_LABEL: Record<string, string> = { US: 'US', CN: 'CN', EU: 'EU', RoW: 'RoW' };

/**
 * The adopter × origin grid of restriction choices: twelve selects of every sector each, the
 * costliest part of the levers to re-render, so it re-renders only when the rules change.
 */
const RestrictionGrid = memo(function RestrictionGrid({ rules, update }: { rules: PlaygroundState['restrictions']['rules']; update: Props['update'] }) {
  const setRule = (key: string, v: RestrictionScope | 'none') =>
    update((s) => {
      const next = { ...s.restrictions.rules };
      if (v === 'none') delete next[key];
      else next[key] = v;
      return { ...s, restrictions: { ...s.restrictions, rules: next } };
    });
  return (
    <table className="restrict-grid">
      <caption className="sr-only">Sectors where adopters in a bloc (rows) may not use models from another bloc (columns)</caption>
      <thead>
        <tr>
          <th scope="col">adopters in ↓ · models from →</th>
          {BLOC_IDS.map((o) => (
            <th key={o} scope="col">
              {ORIGIN_LABEL[o]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {BLOC_IDS.map((b) => (
          <tr key={b}>
            <th scope="row">{b}</th>
            {BLOC_IDS.map((o) => {
              if (o === b) return <td key={o} aria-hidden="true">—</td>;
              const key = `${b}<${o}`;
              return (
                <td key={o}>
                  <select aria-label={`Restrict ${o} models for adopters in ${b}`} value={rules[key] ?? 'none'} onChange={(e) => setRule(key, e.target.value as RestrictionScope | 'none')}>
                    <option value="none">–</option>
                    {RESTRICTION_SCOPES.map((o) => (
                      <option key={o.value} value={o.value} label={o.value === 'critical' ? 'crit.' : o.value === 'all' ? 'all' : o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
});

/** Events of the preset or of an imported file that no lever represents, each removable. */
const OtherEvents = memo(function OtherEvents({ events, now, update }: { events: PlaygroundState['extraEvents']; now: string; update: Props['update'] }) {
  if (!events.length) return null;
  return (
    <div className="lever">
      <h3>Other events of this scenario</h3>
      <ul className="events">
        {events.map((e, i) => (
          <li key={i}>
            <span>
              <time dateTime={e.date}>{e.date}</time> {eventText(e)}
              {e.date < now ? <span className="tag tag-history"> before now</span> : null}
            </span>
            <button type="button" className="remove-btn" aria-label={`Remove event ${i + 1}: ${eventText(e)} in ${e.date}`} onClick={() => update((s) => ({ ...s, extraEvents: s.extraEvents.filter((_, j) => j !== i) }))}>
              remove
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
});

/** The policy-lever group. */
export function PolicyLevers({ state, value, setParam, update }: Props) {
  // history stays as recorded: a policy can start now at the earliest, unless history is counterfactual
  const minMonth = state.counterfactual ? '2023-01' : state.now;
  const onStart = (name: string, month: string) => update((s) => withStart(s, name, month));
  // start months need the model's dated parameter changes (set-params); without them a change applies from the first month
  const dated = SET_PARAMS_SUPPORTED && !state.counterfactual;
  const note = state.counterfactual ? 'from the first month (counterfactual history)' : 'from the first month: this model version cannot start a parameter change at a date yet';
  const p = (name: string, label?: string) => {
    const def = PARAM_INDEX.get(name);
    return def ? <ParamControl key={name} def={def} value={value(name)} onChange={setParam} label={label} start={dated ? startOf(state, name) : undefined} minStart={minMonth} onStart={dated ? onStart : undefined} note={note} /> : null;
  };
  const ec = state.exportControl;
  const inc = state.incident;
  return (
    <fieldset className="group" id="policy-levers">
      <legend>Policy levers</legend>
      <p className="group-note">
        {state.counterfactual ? (
          <>Counterfactual history: changes apply from the first month, rewriting the recorded history.</>
        ) : !SET_PARAMS_SUPPORTED ? (
          <>
            Events (export controls, restrictions, incidents) start at their month (now at the earliest, <time dateTime={state.now}>{state.now}</time>). Parameter changes apply from the first month: this model version cannot start them at a date yet.
          </>
        ) : (
          <>
            Each change applies from its start month (default: now, <time dateTime={state.now}>{state.now}</time>); the history before it stays as recorded.
          </>
        )}
      </p>

      <div className="lever">
        <h3>
          Export controls on China
          <InfoPopover id="info-export" label="Export controls on China">
            <p>
              A new rule cuts China's access to advanced AI accelerators by the given severity from the given month (an <code>export-control</code> event on bloc CN; 0 = no cut, 1 = total). The stringency slider scales every export-control event, the recorded ones included (0 switches all controls off).
            </p>
            <SourceLine source="assumption: severities are modelling assumptions; the recorded rules (BIS 2022-10, 2023-10, 2024-12, 2025-04, 2026-01) are baseline events with sources" />
            <p>
              <HowItWorksLink mechanism="compute-and-export-controls" popover="info-export" />
            </p>
          </InfoPopover>
        </h3>
        <div className="inline-field">
          <input id="ec-on" type="checkbox" checked={ec.on} onChange={(e) => update((s) => ({ ...s, exportControl: { ...s.exportControl, on: e.target.checked } }))} />
          <label htmlFor="ec-on">Enact a new rule</label>
        </div>
        <fieldset className="sub" disabled={!ec.on}>
          <legend className="sr-only">New export-control rule</legend>
          <Slider id="ec-severity" label="Severity of the new rule" unit="share of access cut" min={0} max={1} step={0.05} value={ec.severity} onChange={(v) => update((s) => ({ ...s, exportControl: { ...s.exportControl, severity: v } }))} />
          <MonthInput id="ec-date" label="From" min={minMonth} value={ec.date} onChange={(v) => update((s) => ({ ...s, exportControl: { ...s.exportControl, date: v } }))} />
        </fieldset>
        {p('exportControlScale')}
      </div>

      <div className="lever">
        <h3>
          Foreign-model restrictions
          <InfoPopover id="info-restrict" label="Foreign-model restrictions">
            <p>
              Adopters in a bloc (row) may no longer use models from another bloc (column): in the critical sectors (finance, urban infrastructure and government), in all sectors, or in one sector (a <code>model-restriction</code> event, open and closed models alike). Combinations of several sectors can be written in a scenario file and imported.
            </p>
            <SourceLine source="assumption: hypothetical policies; which sectors are critical is a modelling choice" />
            <p>
              <HowItWorksLink mechanism="governance-risk" popover="info-restrict" />
            </p>
          </InfoPopover>
        </h3>
        <MonthInput id="restrict-date" label="From" min={minMonth} value={state.restrictions.date} onChange={(v) => update((s) => ({ ...s, restrictions: { ...s.restrictions, date: v } }))} />
        <RestrictionGrid rules={state.restrictions.rules} update={update} />
      </div>

      <div className="lever">
        <h3>Subsidies for open models</h3>
        {BLOC_IDS.map((b) => p(`openSubsidy.${b}`, `Public investment in ${b} open models`))}
      </div>

      <div className="lever">
        <h3>Openness of labs</h3>
        {LEVER_LABS.map((l) => p(`strategy.${l}`))}
      </div>

      <div className="lever">
        <h3>
          Security incident
          <InfoPopover id="info-incident" label="Security incident">
            <p>
              A security incident raises the perceived risk of models of one origin abroad; the extra risk decays with the half-life set in the world assumptions (a <code>security-incident</code> event; severity 0–5 in risk units).
            </p>
            <SourceLine source="assumption: the baseline's one recorded incident (DeepSeek data exposure, 2025-01) has severity 0.5" />
            <p>
              <HowItWorksLink mechanism="governance-risk" popover="info-incident" />
            </p>
          </InfoPopover>
        </h3>
        <div className="inline-field">
          <input id="inc-on" type="checkbox" checked={inc.on} onChange={(e) => update((s) => ({ ...s, incident: { ...s.incident, on: e.target.checked } }))} />
          <label htmlFor="inc-on">Add an incident</label>
        </div>
        <fieldset className="sub" disabled={!inc.on}>
          <legend className="sr-only">Security incident</legend>
          <div className="inline-field">
            <label htmlFor="inc-origin">Models from</label>
            <select id="inc-origin" value={inc.origin} onChange={(e) => update((s) => ({ ...s, incident: { ...s.incident, origin: e.target.value } }))}>
              {BLOC_IDS.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </div>
          <Slider id="inc-severity" label="Severity" unit="risk units" min={0} max={5} step={0.1} value={inc.severity} onChange={(v) => update((s) => ({ ...s, incident: { ...s.incident, severity: v } }))} />
          <MonthInput id="inc-date" label="Month" min={minMonth} value={inc.date} onChange={(v) => update((s) => ({ ...s, incident: { ...s.incident, date: v } }))} />
        </fieldset>
      </div>

      <div className="lever">
        <h3>Embodied AI</h3>
        {p('embodiedPace')}
      </div>

      <OtherEvents events={state.extraEvents} now={state.now} update={update} />
    </fieldset>
  );
}

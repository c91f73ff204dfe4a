/** One parameter control (slider or choice) built from its PARAM_DEFS metadata. */
import { memo } from 'react';
import type { ParamDef, ParamValue } from '../../../src/model/index.js';
import { formatParamValue } from '../../../src/charts/format.js';
import { HowItWorksLink, InfoPopover, SourceLine } from './info-popover.js';

/** Slider step: a power of ten near 1/100 of the range (so decimal defaults sit on a step). */
export function sliderStep(def: ParamDef): number {
  const range = (def.max ?? 1) - (def.min ?? 0);
  return Math.pow(10, Math.floor(Math.log10(range / 100)));
}

function decimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step)));
}

/** Formats a parameter value for display: at most four significant digits (a calibrated 1.0017743886877346 is 1.002). */
export function formatParam(def: ParamDef, v: ParamValue): string {
  return formatParamValue(v, def);
}

/**
 * The value a slider position stands for: positions within half a step of the default are
 * the default itself (calibrated defaults fall between steps, so a nudge right then left
 * returns exactly to the default, not to the nearest step).
 */
export function snapToDefault(def: ParamDef, raw: number): number {
  const step = sliderStep(def);
  const v = Number(raw.toFixed(decimals(step)));
  return typeof def.default === 'number' && Math.abs(raw - def.default) <= step / 2 + 1e-12 ? def.default : v;
}

/** DOM id of a parameter's control. */
export function paramId(name: string): string {
  return `param-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Props of {@link ParamControl}. */
export interface ParamControlProps {
  def: ParamDef;
  value: ParamValue;
  onChange: (name: string, value: ParamValue) => void;
  /** Label override (e.g. "US" inside a per-bloc group). */
  label?: string;
  /** Start month of the change (shown and editable when the value is changed and `onStart` is given). */
  start?: string;
  /** Earliest start month allowed (now, unless history is counterfactual). */
  minStart?: string;
  onStart?: (name: string, month: string) => void;
  /** A note under a changed value (e.g. "from now (2026-12)"). */
  note?: string;
}

/** A labelled slider (numbers) or select (choices), its unit, a reset button, a start month and an info popover. */
export const ParamControl = memo(function ParamControl({ def, value, onChange, label, start, minStart, onStart, note }: ParamControlProps) {
  const id = paramId(def.name);
  const changed = value !== def.default;
  const text = label ?? def.label;
  const info = (
    <InfoPopover id={`${id}-info`} label={def.label}>
      <p>{def.description}</p>
      <p className="info-meta">
        Unit: {def.unit}. {def.options ? `Choices: ${def.options.join(', ')}.` : `Range ${formatParamValue(def.min ?? 0)} to ${formatParamValue(def.max ?? 0)}.`} Default: {formatParamValue(def.default, def)}
        {def.prior !== undefined ? ` (prior before calibration: ${formatParamValue(def.prior, def)})` : ''}. Parameter <code>{def.name}</code>.
      </p>
      <SourceLine source={def.source} />
      <p>
        <HowItWorksLink mechanism={def.mechanism} popover={`${id}-info`} />
      </p>
    </InfoPopover>
  );
  const reset = changed ? (
    <button type="button" className="reset-btn" onClick={() => onChange(def.name, def.default)} aria-label={`Reset ${def.label} to ${formatParamValue(def.default, def)}`} title="Reset to default">
      ↺
    </button>
  ) : null;
  const startField =
    changed && onStart && start ? (
      <div className="inline-field start-field">
        <label htmlFor={`${id}-start`}>from</label>
        <input id={`${id}-start`} type="month" min={minStart ?? '2023-01'} max="2030-12" value={start} required onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && onStart(def.name, e.target.value)} />
      </div>
    ) : changed && note ? (
      <p className="start-note">{note}</p>
    ) : null;
  if (def.options) {
    return (
      <div className={`control${changed ? ' changed' : ''}`}>
        <div className="control-head">
          <label htmlFor={id}>{text}</label>
          {info}
          {reset}
        </div>
        <select id={id} value={String(value)} onChange={(e) => onChange(def.name, e.target.value)}>
          {def.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
        {startField}
      </div>
    );
  }
  const step = sliderStep(def);
  const num = typeof value === 'number' ? value : Number(def.default);
  return (
    <div className={`control${changed ? ' changed' : ''}`}>
      <div className="control-head">
        <label htmlFor={id}>{text}</label>
        {info}
        {reset}
        <output htmlFor={id} className="control-value">
          {formatParam(def, num)} <span className="unit">{def.unit}</span>
        </output>
      </div>
      <input id={id} type="range" min={def.min} max={def.max} step={step} value={num} aria-valuetext={`${formatParam(def, num)} ${def.unit}`} onChange={(e) => onChange(def.name, snapToDefault(def, Number(e.target.value)))} />
      {startField}
    </div>
  );
});

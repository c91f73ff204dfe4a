/** One parameter control (slider or choice) built from its PARAM_DEFS metadata. */
import { memo } from 'react';
import type { ParamDef, ParamValue } from '../../../src/model/index.js';
import { InfoPopover, SourceLine } from './info-popover.js';

/** Slider step: a power of ten near 1/100 of the range (so decimal defaults sit on a step). */
export function sliderStep(def: ParamDef): number {
  const range = (def.max ?? 1) - (def.min ?? 0);
  return Math.pow(10, Math.floor(Math.log10(range / 100)));
}

function decimals(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step)));
}

/** Formats a parameter value for display. */
export function formatParam(def: ParamDef, v: ParamValue): string {
  if (typeof v === 'string') return v;
  const d = decimals(sliderStep(def));
  return v.toFixed(Math.min(d, 4));
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
}

/** A labelled slider (numbers) or select (choices), its unit, a reset button and an info popover. */
export const ParamControl = memo(function ParamControl({ def, value, onChange, label }: ParamControlProps) {
  const id = paramId(def.name);
  const changed = value !== def.default;
  const text = label ?? def.label;
  const info = (
    <InfoPopover id={`${id}-info`} label={def.label}>
      <p>{def.description}</p>
      <p className="info-meta">
        Unit: {def.unit}. {def.options ? `Choices: ${def.options.join(', ')}.` : `Range ${def.min} to ${def.max}.`} Default: {String(def.default)}
        {def.prior !== undefined ? ` (prior before calibration: ${String(def.prior)})` : ''}. Parameter <code>{def.name}</code>.
      </p>
      <SourceLine source={def.source} />
    </InfoPopover>
  );
  const reset = changed ? (
    <button type="button" className="reset-btn" onClick={() => onChange(def.name, def.default)} aria-label={`Reset ${def.label} to ${String(def.default)}`} title="Reset to default">
      ↺
    </button>
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
      </div>
    );
  }
  const step = sliderStep(def);
  const d = decimals(step);
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
      <input
        id={id}
        type="range"
        min={def.min}
        max={def.max}
        step={step}
        value={num}
        aria-valuetext={`${formatParam(def, num)} ${def.unit}`}
        onChange={(e) => onChange(def.name, Number(Number(e.target.value).toFixed(d)))}
      />
    </div>
  );
});

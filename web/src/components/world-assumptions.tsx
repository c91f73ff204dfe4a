/** World assumptions: every `kind: 'world'` parameter, the key ones first, the rest by mechanism. */
import { memo } from 'react';
import { PARAM_DEFS, type ParamValue } from '../../../src/model/index.js';
import { ParamControl } from './param-control.js';
import { HowItWorksLink } from './info-popover.js';
import { MECHANISM_TITLES } from '../explain/explain-context.js';

/** The assumptions shown without opening "more". */
export const KEY_ASSUMPTIONS = ['priceSensitivity', 'networkEffect', 'dataReturns', 'capabilitySensitivity', 'customizability', 'switchingCost', 'adaptiveInnovation', 'openSpillover', 'homeBias', 'riskWeight'] as const;

interface Props {
  value: (name: string) => ParamValue;
  setParam: (name: string, v: ParamValue) => void;
  /** Changes apply from this month (the start of the projection), or from the first month. */
  from: string;
  /** Changes apply from the first month (chosen, or because the model cannot start them at a date). */
  counterfactual: boolean;
  /** Start months other than `from` (an imported scenario may start an assumption later). */
  starts?: Readonly<Record<string, string>>;
}

/** The world-assumption group. */
export const WorldAssumptions = memo(function WorldAssumptions({ value, setParam, from, counterfactual, starts = {} }: Props) {
  const world = PARAM_DEFS.filter((d) => d.kind === 'world');
  const key = KEY_ASSUMPTIONS.map((n) => world.find((d) => d.name === n)).filter((d): d is (typeof world)[number] => !!d);
  const rest = world.filter((d) => !(KEY_ASSUMPTIONS as readonly string[]).includes(d.name));
  const mechanisms = [...new Set(rest.map((d) => d.mechanism))];
  const changedInRest = rest.filter((d) => value(d.name) !== d.default).length;
  // counterfactual here also covers a model that cannot start changes at a date (no set-params yet)
  const noteOf = (name: string) => (counterfactual ? 'from the first month (counterfactual history)' : starts[name] ? `from ${starts[name]}` : `from now (${from}); history stays as recorded`);
  return (
    <fieldset className="group" id="world-assumptions">
      <legend>World assumptions</legend>
      <p className="group-note">How the world works, not policies. {counterfactual ? 'Changes apply from the first month.' : `Changes apply from now (${from}), so the recorded history stays; choose counterfactual history to rewrite it.`}</p>
      {key.map((d) => (
        <ParamControl key={d.name} def={d} value={value(d.name)} onChange={setParam} note={noteOf(d.name)} />
      ))}
      <details className="more">
        <summary>
          More assumptions ({rest.length}){changedInRest ? `, ${changedInRest} changed` : ''}
        </summary>
        {mechanisms.map((m) => (
          <div key={m} className="lever">
            <h3>
              {MECHANISM_TITLES[m] ?? m.replace(/-/g, ' ')} <HowItWorksLink mechanism={m} />
            </h3>
            {rest
              .filter((d) => d.mechanism === m)
              .map((d) => (
                <ParamControl key={d.name} def={d} value={value(d.name)} onChange={setParam} note={noteOf(d.name)} />
              ))}
          </div>
        ))}
      </details>
    </fieldset>
  );
});

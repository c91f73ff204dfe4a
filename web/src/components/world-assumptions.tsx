/** World assumptions: every `kind: 'world'` parameter, the key ones first, the rest by mechanism. */
import { PARAM_DEFS, type ParamValue } from '../../../src/model/index.js';
import { ParamControl } from './param-control.js';

/** The assumptions shown without opening "more". */
export const KEY_ASSUMPTIONS = ['priceSensitivity', 'networkEffect', 'dataReturns', 'capabilitySensitivity', 'customizability', 'switchingCost', 'adaptiveInnovation', 'openSpillover', 'homeBias', 'riskWeight'] as const;

/** The world-assumption group. */
export function WorldAssumptions({ value, setParam }: { value: (name: string) => ParamValue; setParam: (name: string, v: ParamValue) => void }) {
  const world = PARAM_DEFS.filter((d) => d.kind === 'world');
  const key = KEY_ASSUMPTIONS.map((n) => world.find((d) => d.name === n)).filter((d): d is (typeof world)[number] => !!d);
  const rest = world.filter((d) => !(KEY_ASSUMPTIONS as readonly string[]).includes(d.name));
  const mechanisms = [...new Set(rest.map((d) => d.mechanism))];
  const changedInRest = rest.filter((d) => value(d.name) !== d.default).length;
  return (
    <fieldset className="group">
      <legend>World assumptions</legend>
      {key.map((d) => (
        <ParamControl key={d.name} def={d} value={value(d.name)} onChange={setParam} />
      ))}
      <details className="more">
        <summary>
          More assumptions ({rest.length}){changedInRest ? `, ${changedInRest} changed` : ''}
        </summary>
        {mechanisms.map((m) => (
          <div key={m} className="lever">
            <h3>{m.replace(/-/g, ' ')}</h3>
            {rest
              .filter((d) => d.mechanism === m)
              .map((d) => (
                <ParamControl key={d.name} def={d} value={value(d.name)} onChange={setParam} />
              ))}
          </div>
        ))}
      </details>
    </fieldset>
  );
}

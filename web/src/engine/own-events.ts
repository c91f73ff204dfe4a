/**
 * Where a playground scenario may start to differ from the one run before it: the earliest of
 * its own events (levers, policies from a date, imported events). What it extends is shared by
 * every scenario of the session, so the runs resume from a checkpoint at that month whatever
 * kind of event a lever writes (RunOptions.checkpointFrom in src/model/run.ts).
 */
import { isMonth, monthIndex, type ScenarioInput } from '../../../src/model/index.js';

/** The month of the scenario's earliest own event, or undefined when it has none. */
export function ownEventsFrom(s: ScenarioInput): string | undefined {
  let first: string | undefined;
  for (const e of (s as { events?: readonly { date?: unknown }[] }).events ?? []) {
    const d = e?.date;
    if (typeof d === 'string' && isMonth(d) && (first === undefined || monthIndex(d) < monthIndex(first))) first = d;
  }
  return first;
}

/**
 * The month to resume a session's runs from: the scenario's earliest own event, or, when it has
 * none (a preset as it is, a lever switched off), the month used last. Any month gives the same
 * bytes (the checkpoint's key holds everything before it); this one lets a lever switched off
 * and on again resume both ways.
 */
export class ResumeMonth {
  private last: string | undefined;
  next(s: ScenarioInput): string | undefined {
    this.last = ownEventsFrom(s) ?? this.last;
    return this.last;
  }
}

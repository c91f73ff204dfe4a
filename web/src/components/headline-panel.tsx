/**
 * Plain-sentence headlines of scenario A beside B. The list itself is not a live region (it
 * changes on every slider step); a separate polite live region announces the headlines that
 * changed once the input has settled, so a screen reader hears each change once.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { headlines, type Headline, type RunSeries } from '../../../src/charts/index.js';

/** Quiet time before changed headlines are announced, ms. */
export const ANNOUNCE_DELAY_MS = 1200;

/** The sentences to announce: those whose text changed since the last announcement. */
export function announcement(prev: readonly Headline[] | null, next: readonly Headline[]): string {
  if (!prev) return '';
  const before = new Map(prev.map((h) => [h.id, h.text]));
  return next
    .filter((h) => before.get(h.id) !== h.text)
    .map((h) => h.text)
    .join(' ');
}

/** The headline sentences (changed ones emphasised); a placeholder until the first run. */
export const HeadlinePanel = memo(function HeadlinePanel({ run, reference, referenceName }: { run: RunSeries | null; reference: RunSeries | null; referenceName: string | null }) {
  const items = useMemo(() => (run ? headlines(run, reference ?? undefined, referenceName ?? 'baseline') : null), [run, reference, referenceName]);
  const [said, setSaid] = useState('');
  const announced = useRef<Headline[] | null>(null);
  useEffect(() => {
    if (!items) return;
    const t = window.setTimeout(() => {
      const text = announcement(announced.current, items);
      announced.current = items;
      if (text) setSaid(text);
    }, ANNOUNCE_DELAY_MS);
    return () => window.clearTimeout(t);
  }, [items]);
  return (
    <section className="headlines" aria-labelledby="headlines-title" aria-busy={items ? undefined : true}>
      <h2 id="headlines-title" className="sr-only">
        Headlines
      </h2>
      {items ? (
        <ul>
          {items.map((h) => (
            <li key={h.id} className={h.changed ? 'changed' : undefined}>
              {h.text}
            </li>
          ))}
        </ul>
      ) : (
        <p>Running the model…</p>
      )}
      <p className="sr-only" role="status" aria-live="polite" aria-atomic="true" id="headline-announcer">
        {said}
      </p>
    </section>
  );
});

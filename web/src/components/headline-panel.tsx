/** Plain-sentence headlines of the current scenario beside the baseline. */
import { memo } from 'react';
import { headlines, type RunSeries } from '../../../src/charts/index.js';

/** The headline sentences (changed ones emphasised); a placeholder until the first run. */
export const HeadlinePanel = memo(function HeadlinePanel({ run, baseline, isBaseline }: { run: RunSeries | null; baseline: RunSeries | null; isBaseline: boolean }) {
  if (!run) return <section className="headlines" aria-label="Headlines" aria-busy="true"><p>Running the model…</p></section>;
  const items = headlines(run, isBaseline ? undefined : baseline ?? undefined);
  return (
    <section className="headlines" aria-label="Headlines" aria-live="polite">
      <ul>
        {items.map((h) => (
          <li key={h.id} className={h.changed ? 'changed' : undefined}>
            {h.text}
          </li>
        ))}
      </ul>
    </section>
  );
});

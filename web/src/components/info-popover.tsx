/** An "i" button that opens a popover explaining a control (native popover: Esc and click-outside close it). */
import type { ReactNode } from 'react';
import { isCalibrated, sourceParts, withoutCalibration } from '../explain/source-links.js';
import { MECHANISM_TITLES, sectionOf, useExplain } from '../explain/explain-context.js';

/** Props: a unique id, the accessible name of what it explains, and the content. */
export function InfoPopover({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <>
      <button type="button" className="info-btn" popoverTarget={id} aria-label={`About ${label}`} title={`About ${label}`}>
        i
      </button>
      <div id={id} popover="auto" className="info-pop" role="dialog" aria-label={label}>
        <div className="info-head">
          <strong>{label}</strong>
          <button type="button" className="info-close" popoverTarget={id} popoverTargetAction="hide" aria-label="Close">
            ×
          </button>
        </div>
        {children}
      </div>
    </>
  );
}

/** A link that opens "How it works" at a mechanism's section. */
export function HowItWorksLink({ mechanism, popover }: { mechanism: string; popover?: string }) {
  const explain = useExplain();
  const title = MECHANISM_TITLES[mechanism] ?? mechanism.replace(/-/g, ' ');
  return (
    <a
      className="how-link"
      href={`#${sectionOf(mechanism)}`}
      onClick={(e) => {
        e.preventDefault();
        if (popover) (document.getElementById(popover) as HTMLElement & { hidePopover?: () => void } | null)?.hidePopover?.();
        explain.open(sectionOf(mechanism));
      }}
    >
      How it works: {title}
    </a>
  );
}

/** Source line: "Assumption" is flagged as such; citations link to their documents where one can be found. */
export function SourceLine({ source }: { source: string }) {
  const { authors, open } = useExplain();
  const calibrated = isCalibrated(source);
  const text = withoutCalibration(source);
  const assumption = /^assumption/i.test(text);
  const body = assumption ? text.replace(/^assumption[;:,]?\s*/i, '') || 'no empirical source; set by the modellers' : text;
  return (
    <p className="info-source">
      <span className={assumption ? 'tag tag-assumption' : 'tag tag-source'}>{assumption ? 'Assumption' : 'Source'}</span>{' '}
      {sourceParts(body, authors).map((p, i) =>
        p.href ? (
          <a key={i} href={p.href} target="_blank" rel="noreferrer">
            {p.text}
          </a>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
      {calibrated ? (
        <>
          {' '}
          <span className="tag tag-calibrated">Calibrated</span> the value was fitted to the{' '}
          <a
            href="#how-observations"
            onClick={(e) => {
              e.preventDefault();
              open('how-observations');
            }}
          >
            observations
          </a>
          .
        </>
      ) : null}
    </p>
  );
}

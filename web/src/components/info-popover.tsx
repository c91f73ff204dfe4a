/** An "i" button that opens a popover explaining a control (native popover: Esc and click-outside close it). */
import type { ReactNode } from 'react';

/** Props: a unique id, the accessible name of what it explains, and the content. */
export function InfoPopover({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <>
      <button type="button" className="info-btn" popoverTarget={id} aria-label={`About ${label}`} title={`About ${label}`}>
        i
      </button>
      <div id={id} popover="auto" className="info-pop" role="note" aria-label={label}>
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

/** Source line: "Assumption" is flagged as such; citations are shown as given. */
export function SourceLine({ source }: { source: string }) {
  const assumption = /^assumption/i.test(source);
  return (
    <p className="info-source">
      <span className={assumption ? 'tag tag-assumption' : 'tag tag-source'}>{assumption ? 'Assumption' : 'Source'}</span> {assumption ? source.replace(/^assumption[;:,]?\s*/i, '') || 'no empirical source; set by the modellers' : source}
    </p>
  );
}

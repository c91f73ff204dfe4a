/**
 * A probe for the browser tests and the playground benchmark: `window.__momentumQuiet()` is
 * true when the page has nothing left to do for the inputs so far (no model run in flight or
 * waiting, no change waiting to become a history entry). Tests wait for it instead of
 * sleeping a guessed number of milliseconds.
 */
declare global {
  interface Window {
    __momentumQuiet?: () => boolean;
  }
}

/** Installs the probe; returns its removal. */
export function exposeQuietProbe(quiet: () => boolean): () => void {
  window.__momentumQuiet = quiet;
  return () => {
    if (window.__momentumQuiet === quiet) delete window.__momentumQuiet;
  };
}

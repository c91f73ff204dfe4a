/** Entry point: reads the URL state and renders the app, an invalid-link message, or a crash message. */
import { Component, StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { decodeState } from './state/url-state.js';
import { defaultNow, setSessionNow } from './state/playground-state.js';
import { bundledObservations, lastObservedMonth } from './observations.js';
import './styles.css';

/** Shown for a link whose state cannot be read. */
function InvalidLink({ message }: { message: string }) {
  return (
    <main className="fatal" id="invalid-state">
      <h1>This playground link cannot be opened</h1>
      <div role="alert">
        <p>The scenario stored in the link is invalid, so no charts were drawn. The problem:</p>
        <pre className="fatal-message">{message}</pre>
      </div>
      <p>
        <a href={location.pathname}>Open the playground at the baseline instead</a>
      </p>
    </main>
  );
}

/** Catches render errors so the page never goes blank. */
class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="fatal" role="alert">
        <h1>Something went wrong</h1>
        <pre className="fatal-message">{this.state.error.message}</pre>
        <p>
          <a href={location.pathname}>Reload the playground at the baseline</a>
        </p>
      </main>
    );
  }
}

// "now": this month, and in any case after the last observed month (recorded history ends there)
setSessionNow(defaultNow(new Date(), lastObservedMonth(bundledObservations())));
const decoded = decodeState(location.search);
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <ErrorBoundary>{decoded.ok ? <App initial={decoded.state} warning={decoded.warning} /> : <InvalidLink message={decoded.message} />}</ErrorBoundary>
  </StrictMode>,
);

/** An error that becomes an HTTP response with a JSON body. */
import type { ValidationIssue } from '../model/index.js';

/** Thrown by handlers; the server answers `status` with `{error, source?, issues?}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: ValidationIssue[],
    readonly source?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Thrown from inside a model run (via onProgress) when the request's time budget is spent. */
export class TimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`the request exceeded the time limit of ${limitMs} ms`);
    this.name = 'TimeLimitError';
  }
}

/** An expected failure of a command (e.g. a busy port): printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Exit status (2 is for invalid input; other failures use 1). */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

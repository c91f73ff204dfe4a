/** Limits of `momentum serve`, each enforced with a clear 4xx response. */

/** Server limits (all configurable; defaults below). */
export interface ServerLimits {
  /** Largest `agents` accepted by /api/run and /api/compare (larger → 400 naming `agents`). */
  maxAgents: number;
  /** Longest horizon in months, from..to inclusive (longer → 400 naming `to`). */
  maxMonths: number;
  /** Largest request body in bytes (larger → 413). */
  maxBodyBytes: number;
  /** Wall-clock budget of one request's model runs in ms (exceeded → 408). */
  timeLimitMs: number;
}

/** Defaults: 200 000 agents, 20 years, 1 MiB, 20 s. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxAgents: 200_000,
  maxMonths: 240,
  maxBodyBytes: 1 << 20,
  timeLimitMs: 20_000,
};

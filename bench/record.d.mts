/** Types of bench/record.mjs (see there). */
export interface BenchFigure {
  label: string;
  value: number;
  unit: string;
  /** Target: at most this value (same unit). */
  max?: number;
  /** Target: at least this value (same unit). */
  min?: number;
}
export interface BenchMachine {
  label: string;
  cores: number;
  cpu: string;
  memory_gb: number;
  os: string;
  node: string;
}
export function machine(): BenchMachine;
export function writeBenchRecord(r: { bench: string; command: string; standard?: boolean; options?: Record<string, unknown>; figures: Record<string, BenchFigure>; notes?: string }): string | null;

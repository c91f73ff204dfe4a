/**
 * The `momentum report …` command group. Subcommands (run, compare, calibration) live in
 * their own files and attach themselves with {@link reportCommand}.
 */
import type { Command } from 'commander';

/** The `report` parent command, created on first use. */
export function reportCommand(program: Command): Command {
  const existing = program.commands.find((c) => c.name() === 'report');
  if (existing) return existing;
  return program.command('report').description('write standalone HTML reports (run, compare, calibration)');
}

#!/usr/bin/env node
/**
 * The `momentum` command line: a thin shell around the model core. Each command lives in
 * commands/<name>.ts and registers itself here. Invalid input exits with status 2 and a
 * message naming the file, the field, what was expected and what was found.
 */
import { Command, CommanderError } from 'commander';
import { MODEL_VERSION, ValidationError } from '../model/index.js';
import { registerRun } from './commands/run.js';
import { registerCompare } from './commands/compare.js';
import { registerScenarios } from './commands/scenarios.js';
import { registerEnsemble } from './commands/ensemble.js';
import { registerWorker } from './commands/worker.js';
import { registerServe } from './commands/serve.js';
import { registerReportRun } from './commands/report-run.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerReportCalibration } from './commands/report-calibration.js';
import { registerObserve } from './commands/observe.js';

/** Builds the program (exported for tests). */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('momentum')
    .description('Momentum: a calibrated simulator of the open-source AI race')
    .version(MODEL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerRun(program);
  registerCompare(program);
  registerScenarios(program);
  registerEnsemble(program);
  registerWorker(program);
  registerServe(program);
  registerReportRun(program);
  registerCalibrate(program);
  registerSensitivity(program);
  registerReportCalibration(program);
  registerObserve(program);
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof ValidationError) {
      process.stderr.write(`error: invalid input\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

const code = await main(process.argv);
process.exitCode = code;

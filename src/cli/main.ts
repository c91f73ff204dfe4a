#!/usr/bin/env node
/**
 * The `momentum` command line: a thin shell around the model core. Each command lives in
 * commands/<name>.ts and registers itself here. Commands load lazily — only the module of
 * the command being run is imported — so `momentum run` does not pay for DuckDB, BullMQ or
 * the chart renderer. Invalid input exits with status 2 and a message naming the file, the
 * field, what was expected and what was found.
 */
import { Command, CommanderError } from 'commander';
import { MODEL_VERSION, ValidationError } from '../model/index.js';
import { CliError } from './cli-error.js';
import { addExamples } from './help.js';

type Register = (program: Command) => void;

/** Command name → loaders of the modules that register it (in help order). */
const COMMANDS: Record<string, (() => Promise<Register>)[]> = {
  run: [async () => (await import('./commands/run.js')).registerRun],
  compare: [async () => (await import('./commands/compare.js')).registerCompare],
  scenarios: [async () => (await import('./commands/scenarios.js')).registerScenarios],
  params: [async () => (await import('./commands/scenarios.js')).registerScenarios],
  schema: [async () => (await import('./commands/scenarios.js')).registerScenarios],
  ensemble: [async () => (await import('./commands/ensemble.js')).registerEnsemble],
  worker: [async () => (await import('./commands/worker.js')).registerWorker],
  serve: [async () => (await import('./commands/serve.js')).registerServe],
  calibrate: [async () => (await import('./commands/calibrate.js')).registerCalibrate],
  sensitivity: [async () => (await import('./commands/sensitivity.js')).registerSensitivity],
  report: [
    async () => (await import('./commands/report-run.js')).registerReportRun,
    async () => (await import('./commands/report-calibration.js')).registerReportCalibration,
  ],
  observe: [async () => (await import('./commands/observe.js')).registerObserve],
};

/** Builds the program with the commands needed for `argv` (all of them for help). */
export async function buildProgram(argv: string[] = process.argv): Promise<Command> {
  const program = new Command();
  program
    .name('momentum')
    .description('Momentum: a calibrated simulator of the open-source AI race')
    .version(MODEL_VERSION)
    .showHelpAfterError()
    .exitOverride();
  const first = argv.slice(2).find((a) => !a.startsWith('-'));
  const wanted = first && COMMANDS[first] ? [first] : Object.keys(COMMANDS);
  const done = new Set<Register>();
  for (const name of wanted) {
    for (const load of COMMANDS[name]) {
      const register = await load();
      if (done.has(register)) continue;
      done.add(register);
      register(program);
    }
  }
  addExamples(program);
  return program;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof ValidationError) {
      process.stderr.write(`error: invalid input\n${e.message}\n`);
      return 2;
    }
    process.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

// `momentum run … --out - | head`: a reader that stops early is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await main(process.argv);
process.exitCode = code;

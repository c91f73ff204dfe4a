/**
 * Examples shown at the end of every command's `--help` (kept in one table so that no
 * command is left without; a test checks every registered command has an entry).
 */
import type { Command } from 'commander';

/** Command path (`run`, `report run`, `observe sync`, '' for the program) → example lines. */
export const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  '': ['momentum run baseline', 'momentum compare baseline closed-world', 'momentum serve --port 8080', 'momentum <command> --help'],
  run: [
    'momentum run baseline',
    'momentum run export-controls-tighten --set priceSensitivity=0.8 --out out/tight',
    'momentum run baseline --mode agents --agents 1e5 --seed 7',
    'momentum run my-scenario.yaml --out - | grep token_share',
  ],
  compare: [
    'momentum compare baseline us-open-push',
    'momentum compare baseline my-scenario.yaml --out out/cmp',
    'momentum compare baseline closed-world --out - > compare.csv',
    'momentum compare baseline us-open-push --sample posterior --posterior out/posterior --runs 200',
    'momentum compare baseline closed-world --sample posterior --assumptions prior',
  ],
  scenarios: ['momentum scenarios', 'momentum scenarios --json'],
  params: ['momentum params', 'momentum params --kind policy', 'momentum params --wide | less -S', 'momentum params --json > params.json'],
  schema: ['momentum schema --out scenario.schema.json', '# YAML editors: # yaml-language-server: $schema=./scenario.schema.json'],
  ensemble: [
    'momentum ensemble baseline --runs 100 --agents 20000',
    'momentum ensemble baseline --mode meanfield --runs 256 --vary priceSensitivity=0.5:1.5 --sample sobol',
    'momentum ensemble baseline --runs 1000 --redis redis://127.0.0.1:6379',
    'momentum ensemble baseline --runs 1000 --resume',
    'momentum ensemble baseline --sample posterior --posterior out/posterior --runs 500',
    'momentum ensemble us-open-push --sample posterior --mode agents --agents 20000 --runs 400 --seeds-per-draw 4',
    'momentum ensemble baseline --sample posterior --assumptions prior',
  ],
  worker: ['momentum worker --redis redis://127.0.0.1:6379', 'momentum worker --redis redis://127.0.0.1:6379 --concurrency 2 --quiet'],
  serve: ['momentum serve', 'momentum serve --port 0 --host 127.0.0.1', 'momentum serve --port 8080 --threads 2 --max-agents 100000'],
  calibrate: ['momentum calibrate', 'momentum calibrate --budget 400 --seed 2 --out out/cal', 'momentum calibrate --backtest 2025-07 --out out/backtest', 'momentum calibrate --params priceSensitivity,networkEffect --apply'],
  sensitivity: ['momentum sensitivity', 'momentum sensitivity --method sobol --samples 128', 'momentum sensitivity baseline --outputs download_share:CN@2028-12 --params priceSensitivity,networkEffect'],
  report: ['momentum report run us-open-push --html out/us-open-push.html', 'momentum report compare baseline closed-world --html out/compare.html', 'momentum report calibration --in out/calibration --html out/calibration.html'],
  'report run': ['momentum report run baseline --html out/baseline.html', 'momentum report run us-open-push --html out/push.html --set priceSensitivity=0.8', 'momentum report run baseline --html out/agents.html --mode agents --agents 2e4'],
  'report compare': ['momentum report compare baseline closed-world --html out/compare.html', 'momentum report compare baseline my-scenario.yaml --html out/mine.html'],
  'report calibration': ['momentum report calibration', 'momentum report calibration --in out/cal --html out/cal.html'],
  observe: ['momentum observe demo', 'momentum observe sync', 'momentum observe metrics --period day --html out/observatory.html', 'momentum observe export --format parquet', 'momentum observe schedule'],
  'observe sync': ['momentum observe sync', 'momentum observe sync --since last --db out/hub.duckdb', 'HF_TOKEN=… momentum observe sync --token-env HF_TOKEN --in-flight 2'],
  'observe metrics': ['momentum observe metrics', 'momentum observe metrics --period day --out out/metrics --html out/observatory.html', 'momentum observe metrics --period week --facts data/model-facts.csv'],
  'observe export': ['momentum observe export', 'momentum observe export --format csv --period day --out out/hub-csv', 'momentum observe export --format duckdb --out out/hub-copy'],
  'observe schedule': ['momentum observe schedule', 'momentum observe schedule --time 04:30 --token-env HF_TOKEN >> crontab.txt', 'momentum observe schedule --format systemd --out ~/.config/systemd/user'],
  'observe demo': ['momentum observe demo', 'momentum observe demo --size 5000 --db out/demo.duckdb --html out/demo.html'],
  'observe stand-in': ['momentum observe stand-in --port 8765', 'momentum observe stand-in --size 100000 --seed 3'],
  'observe export-observations': ['momentum observe export-observations', 'momentum observe export-observations --db out/hub.duckdb --out out/observations.json'],
};

/** The "Examples:" block shown after a command's options. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => (l.startsWith('#') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`;
}

/** The space-separated path of a command below the program (`report run`). */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c && c.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Adds the examples of {@link EXAMPLES} to `program` and every command registered below it. */
export function addExamples(program: Command): void {
  const visit = (c: Command) => {
    const lines = EXAMPLES[commandPath(c)];
    if (lines) c.addHelpText('after', examples(lines));
    c.commands.forEach(visit);
  };
  visit(program);
}

/**
 * `momentum report calibration --in DIR --html FILE`: the standalone HTML fit report of a
 * calibration folder written by `momentum calibrate --out DIR`.
 */
import type { Command } from 'commander';
import { ValidationError } from '../../model/index.js';
import { writeFileAtomic } from '../../shell/output-dir.js';
import { fitReportHtml, readCalibrationDir } from '../../shell/calibration/fit-report.js';
import { reportCommand } from './report.js';

export function registerReportCalibration(program: Command): void {
  reportCommand(program)
    .command('calibration')
    .description('standalone HTML fit report of a calibration (one chart per observation, z-scores, misses)')
    .option('--in <dir>', 'folder written by `momentum calibrate --out DIR`', 'out/calibration')
    .option('--html <file>', 'HTML file to write')
    .option('--quiet', 'print nothing on success')
    .action((o: { in: string; html?: string; quiet?: boolean }) => {
      if (!o.html) throw new ValidationError('--html', [{ path: '--html', expected: 'an output HTML file', found: 'nothing (missing)' }]);
      const html = fitReportHtml(readCalibrationDir(o.in));
      writeFileAtomic(o.html, html);
      if (!o.quiet) process.stdout.write(`wrote ${o.html}\n`);
    });
}

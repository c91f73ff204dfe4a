/**
 * `momentum report calibration --in DIR --html FILE`: the standalone HTML fit report of a
 * calibration folder written by `momentum calibrate --out DIR`; with `--posterior DIR` (or when
 * `--in` is a folder written by `momentum calibrate --posterior`), the posterior's diagnostics,
 * marginals and predictive check too.
 */
import { assumptionCoverage } from '../../shell/calibration/assumption-coverage.js';
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '../../model/index.js';
import { htmlPage } from '../../charts/server.js';
import { writeFileAtomic } from '../../shell/output-dir.js';
import { fitReportHtml, readCalibrationDir } from '../../shell/calibration/fit-report.js';
import { isPosteriorDir, posteriorSections, readPosteriorDir } from '../../shell/calibration/posterior-report.js';
import { reportCommand } from './report.js';

export function registerReportCalibration(program: Command): void {
  reportCommand(program)
    .command('calibration')
    .description('standalone HTML fit report of a calibration (one chart per observation, z-scores, misses), with a posterior\'s diagnostics and predictive coverage')
    .option('--in <dir>', 'folder written by `momentum calibrate --out DIR` (or by `momentum calibrate --posterior --out DIR`)', 'out/calibration')
    .option('--posterior <dir>', 'folder written by `momentum calibrate --posterior --out DIR`: adds its diagnostics, marginals and predictive check')
    .option('--html <file>', 'HTML file to write')
    .option('--quiet', 'print nothing on success')
    .action((o: { in: string; posterior?: string; html?: string; quiet?: boolean }) => {
      if (!o.html) throw new ValidationError('--html', [{ path: '--html', expected: 'an output HTML file', found: 'nothing (missing)' }]);
      // --in may itself be a posterior folder (no point fit in it)
      const inIsPosterior = !existsSync(join(o.in, 'calibrated.json')) && isPosteriorDir(o.in);
      const post = o.posterior !== undefined ? readPosteriorDir(o.posterior) : inIsPosterior ? readPosteriorDir(o.in) : null;
      // the predictive check again with the uncalibrated assumptions drawn (a few hundred meanfield runs)
      const withAssumptions = post?.predictive.length ? assumptionCoverage(post.dir) : undefined;
      let html: string;
      if (inIsPosterior && post) {
        html = htmlPage('Momentum calibration: posterior', `Model ${post.diagnostics.modelVersion} · seed ${post.diagnostics.seed} · ${post.diagnostics.draws} draws`, posteriorSections(post, withAssumptions));
      } else {
        html = fitReportHtml(readCalibrationDir(o.in));
        if (post) html = html.replace('</body></html>\n', `${posteriorSections(post, withAssumptions).map((s) => `<section><h2>${s.heading.replace(/[<&]/g, '')}</h2>\n${s.html}\n</section>`).join('\n')}\n</body></html>\n`);
      }
      writeFileAtomic(o.html, html);
      if (!o.quiet) process.stdout.write(`wrote ${o.html}\n`);
    });
}

/**
 * `momentum observe schedule`: a daily sync as a cron line or a systemd service + timer. The
 * Hub keeps no history (its counters are "last 30 days" and "all time"), so a time series
 * exists only if a sync runs every day; a missed day is a gap.
 */

/** What the scheduled command runs. */
export interface ScheduleSpec {
  /** Absolute path of node. */
  node: string;
  /** Absolute path of bin/momentum.js. */
  bin: string;
  /** Working directory (absolute). */
  cwd: string;
  /** `observe sync` arguments (already absolute paths). */
  syncArgs: string[];
  /** Time of day, UTC, HH:MM. */
  time: string;
  /** Log file (absolute). */
  log: string;
}

/** Quotes a word for POSIX sh (single quotes). */
export function shQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The shell command of one scheduled sync (output appended to the log). */
export function syncCommand(s: ScheduleSpec): string {
  return `cd ${shQuote(s.cwd)} && ${[s.node, s.bin, 'observe', 'sync', ...s.syncArgs].map(shQuote).join(' ')} >> ${shQuote(s.log)} 2>&1`;
}

/** A crontab line: every day at `time` (cron reads local time: CRON_TZ=UTC pins it to UTC where supported). */
export function cronLine(s: ScheduleSpec): string {
  const [h, m] = s.time.split(':').map(Number);
  // `%` is special in crontab lines: escape it.
  return `${m} ${h} * * * ${syncCommand(s).replace(/%/g, '\\%')}`;
}

/** A systemd service and timer (user or system units), daily at `time` UTC, catching up missed runs. */
export function systemdUnits(s: ScheduleSpec): { service: string; timer: string } {
  const exec = [s.node, s.bin, 'observe', 'sync', ...s.syncArgs].map((w) => (/[\s"'\\]/.test(w) ? `"${w.replace(/(["\\])/g, '\\$1')}"` : w)).join(' ');
  return {
    service: [
      '[Unit]',
      'Description=Momentum observatory: daily sync of the Hugging Face Hub',
      'Wants=network-online.target',
      'After=network-online.target',
      '',
      '[Service]',
      'Type=oneshot',
      `WorkingDirectory=${s.cwd}`,
      '# A Hub token, if any: put HF_TOKEN=... in this file (never in the unit).',
      `EnvironmentFile=-${s.cwd}/.env.observatory`,
      `ExecStart=${exec}`,
      `StandardOutput=append:${s.log}`,
      `StandardError=append:${s.log}`,
      '',
    ].join('\n'),
    timer: ['[Unit]', 'Description=Daily Momentum observatory sync', '', '[Timer]', `OnCalendar=*-*-* ${s.time}:00 UTC`, 'Persistent=true', 'RandomizedDelaySec=300', '', '[Install]', 'WantedBy=timers.target', ''].join('\n'),
  };
}

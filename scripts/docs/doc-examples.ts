/**
 * Documented commands are tests. Every shell block of README.md, docs/*.md and examples/*.md
 * carries a marker comment on the line above it that says how it is checked:
 *
 *   <!-- doc-test: transcript[, stderr][, exit N][, files F …][, normalise durations][, serve][, timeout S] -->
 *       `$ command` lines, each followed by the output it prints. The commands run in order in a
 *       fresh folder; the output (stdout; with `stderr`, stdout and stderr as a terminal shows
 *       them) must equal the lines shown, after the normalisers below. Every command must exit 0;
 *       with `exit N` the block's last command must exit N.
 *   <!-- doc-test: commands[, files F …][, serve][, timeout S] -->
 *       one command per line (`# comments` allowed); each runs and must exit 0; output not compared.
 *   <!-- doc-test: synopsis -->
 *       usage lines (`momentum CMD [--flag X] …`): every `--flag` must appear in `momentum CMD --help`.
 *   <!-- doc-test: not run in CI: REASON -->
 *       shown, not run; the reason says why (a live service, minutes of run time, …).
 *
 * The folder a block runs in links the package's files (package.json, bin/, dist/, data/,
 * examples/, …), so relative outputs such as out/baseline land there; `momentum` and
 * `npx momentum` run this checkout's bin/momentum.js; npm runs with its banner silenced.
 * Normalisers, always: paths under /tmp/ are redirected into the folder and printed back as
 * /tmp/…, and the folder itself prints as `.`. `normalise durations`: durations (`4.7 s`,
 * `12 ms`) and rates (`6.82 runs/s`) compare equal whatever their value. `files F` copies
 * test/docs/fixtures/F into the folder first. `serve` starts `momentum serve` on a free port
 * for the block and points `localhost:8080` at it.
 *
 * `npm run docs` rewrites the output of every stale transcript with what the commands print now.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fencedBlocks, type FencedBlock } from './markdown.js';

export type DocTestKind = 'transcript' | 'commands' | 'synopsis' | 'not-run';

export interface DocTestSpec {
  readonly kind: DocTestKind;
  readonly stderr: boolean;
  /** Expected exit status of the block's last command. */
  readonly exit: number;
  readonly files: string[];
  readonly normalise: string[];
  readonly serve: boolean;
  readonly timeoutS: number;
  /** For `not-run`: why. */
  readonly reason: string;
}

/** A shell block of a doc with its parsed marker. */
export interface DocExample {
  readonly file: string;
  readonly block: FencedBlock;
  readonly spec: DocTestSpec;
}

/** One `$ command` of a transcript and the output lines shown after it. */
export interface TranscriptStep {
  readonly command: string;
  /** The command as written (its `$ ` line and continuation lines). */
  readonly lines: string[];
  readonly expected: string[];
}

const SHELL_LANGS = new Set(['sh', 'bash', 'shell', 'console', 'shell-session']);
const COMMAND_LINE = /^\s*(\$ |npx |npm |node |momentum |curl |apt-get |redis-server |git |cd |export )/;

/** True when a fenced block is a shell block: a shell language, or no language and a line that looks like a command. */
export function isShellBlock(b: FencedBlock): boolean {
  if (SHELL_LANGS.has(b.lang)) return true;
  return b.lang === '' && b.body.some((l) => COMMAND_LINE.test(l));
}

/** Parses the text of a `doc-test:` marker. Throws with the reason when it is malformed. */
export function parseMarker(text: string): DocTestSpec {
  const base = { stderr: false, exit: 0, files: [] as string[], normalise: [] as string[], serve: false, timeoutS: 120, reason: '' };
  const notRun = /^not run in CI:\s*(.+)$/s.exec(text);
  if (notRun) {
    if (notRun[1].trim().length < 10) throw new Error('"not run in CI:" must state the reason');
    return { ...base, kind: 'not-run', reason: notRun[1].trim() };
  }
  const [kind, ...opts] = text.split(',').map((s) => s.trim());
  if (kind !== 'transcript' && kind !== 'commands' && kind !== 'synopsis') {
    throw new Error(`expected "transcript", "commands", "synopsis" or "not run in CI: REASON", found "${kind}"`);
  }
  const spec = { ...base, kind: kind as DocTestKind };
  for (const o of opts) {
    const [word, ...rest] = o.split(/\s+/);
    if (word === 'stderr' && rest.length === 0) spec.stderr = true;
    else if (word === 'serve' && rest.length === 0) spec.serve = true;
    else if (word === 'exit' && rest.length === 1 && /^\d+$/.test(rest[0])) spec.exit = Number(rest[0]);
    else if (word === 'timeout' && rest.length === 1 && /^\d+$/.test(rest[0])) spec.timeoutS = Number(rest[0]);
    else if (word === 'files' && rest.length > 0) spec.files = rest;
    else if (word === 'normalise' && rest.length > 0 && rest.every((r) => r in NORMALISERS)) spec.normalise = rest;
    else throw new Error(`unknown option "${o}" (known: stderr, exit N, files F…, normalise ${Object.keys(NORMALISERS).join('|')}, serve, timeout S)`);
  }
  if (spec.kind === 'synopsis' && opts.length) throw new Error('a synopsis takes no options');
  return spec;
}

/** Named normalisers a transcript may state; each maps a line to its comparable form. */
export const NORMALISERS: Record<string, (s: string) => string> = {
  durations: (s) => s.replace(/\b\d+(?:\.\d+)? runs\/s\b/g, '‹rate›').replace(/\b\d+(?:\.\d+)? ?(?:ms|s)\b/g, '‹duration›'),
};

/** The shell blocks of a doc, each with its marker parsed; blocks without a valid marker are returned in `problems`. */
export function docExamples(file: string, text: string): { examples: DocExample[]; problems: string[] } {
  const examples: DocExample[] = [];
  const problems: string[] = [];
  for (const block of fencedBlocks(text)) {
    if (!isShellBlock(block)) {
      if (block.marker !== null) problems.push(`${file}:${block.markerLine}: a doc-test marker above a block that is not a shell block`);
      continue;
    }
    if (block.marker === null) {
      problems.push(`${file}:${block.line}: a shell block without a doc-test marker: add <!-- doc-test: transcript|commands|synopsis|not run in CI: REASON --> on the line above (see scripts/docs/doc-examples.ts)`);
      continue;
    }
    try {
      const spec = parseMarker(block.marker);
      if (spec.kind === 'transcript') transcriptSteps(block);
      examples.push({ file, block, spec });
    } catch (e) {
      problems.push(`${file}:${block.markerLine}: ${(e as Error).message}`);
    }
  }
  return { examples, problems };
}

/** Splits a transcript into its commands and the output lines shown after each. */
export function transcriptSteps(block: FencedBlock): TranscriptStep[] {
  const steps: { command: string; lines: string[]; expected: string[] }[] = [];
  let continuing = false;
  for (const line of block.body) {
    if (continuing) {
      const s = steps[steps.length - 1];
      s.lines.push(line);
      s.command += '\n' + line;
      continuing = line.endsWith('\\');
    } else if (line.startsWith('$ ')) {
      steps.push({ command: line.slice(2), lines: [line], expected: [] });
      continuing = line.endsWith('\\');
    } else {
      if (steps.length === 0) throw new Error(`line ${block.line}: a transcript must start with a "$ command" line, found "${line}"`);
      steps[steps.length - 1].expected.push(line);
    }
  }
  if (steps.length === 0) throw new Error(`line ${block.line}: a transcript without any "$ command" line`);
  return steps;
}

/** The commands of a `commands` block (continuation lines joined; blank and comment lines skipped). */
export function blockCommands(block: FencedBlock): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of block.body) {
    if (cur === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    cur += (cur ? '\n' : '') + line;
    if (!line.endsWith('\\')) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

/** Files and folders of the package linked into every sandbox. */
const PACKAGE_ENTRIES = ['package.json', 'package-lock.json', 'bin', 'dist', 'node_modules', 'data', 'examples', 'schemas', 'web', 'tsconfig.json', 'tsconfig.build.json'];

/** A fresh folder in which documented commands run, with `momentum` and `npx momentum` on PATH. */
export class Sandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  private server: ChildProcess | null = null;
  private port = 0;

  constructor(readonly root: string) {
    this.dir = realpathSync(mkdtempSync(join(tmpdir(), 'momentum-doc-')));
    mkdirSync(join(this.dir, 'tmp'));
    for (const e of PACKAGE_ENTRIES) if (existsSync(join(root, e))) symlinkSync(join(root, e), join(this.dir, e));
    const shims = join(this.dir, '.doc-bin');
    mkdirSync(shims);
    const momentum = `exec "${process.execPath}" "${join(root, 'bin/momentum.js')}" "$@"`;
    writeFileSync(join(shims, 'momentum'), `#!/bin/sh\n${momentum}\n`);
    const realNpx = spawnSync('sh', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim() || 'npx';
    writeFileSync(join(shims, 'npx'), `#!/bin/sh\nif [ "$1" = momentum ]; then shift; ${momentum}; fi\nexec "${realNpx}" "$@"\n`);
    chmodSync(join(shims, 'momentum'), 0o755);
    chmodSync(join(shims, 'npx'), 0o755);
    this.env = {
      ...process.env,
      PATH: `${shims}:${process.env.PATH ?? ''}`,
      npm_config_loglevel: 'silent',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    };
    delete this.env.NODE_OPTIONS;
    delete this.env.VITEST;
    delete this.env.VITEST_WORKER_ID;
    delete this.env.VITEST_POOL_ID;
  }

  /** Copies test/docs/fixtures/F into the folder. */
  addFixture(name: string): void {
    copyFileSync(join(this.root, 'test/docs/fixtures', name), join(this.dir, basename(name)));
  }

  /** Starts `momentum serve` on a free port; resolves once it listens. */
  async startServer(): Promise<void> {
    const p = spawn(process.execPath, [join(this.root, 'bin/momentum.js'), 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.server = p;
    this.port = await new Promise<number>((resolve, reject) => {
      const rl = createInterface({ input: p.stdout! });
      rl.on('line', (l) => {
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(l);
        if (m) resolve(Number(m[1]));
      });
      p.on('exit', (c) => reject(new Error(`momentum serve exited with ${c} before listening`)));
    });
  }

  /** The command as it runs here: /tmp/ redirected into the folder, the server's port for localhost:8080. */
  rewrite(command: string): string {
    let c = command.replace(/(^|[\s='"(:])\/tmp\//g, `$1${this.dir}/tmp/`);
    if (this.server) c = c.replace(/\b(localhost|127\.0\.0\.1):8080\b/g, `127.0.0.1:${this.port}`);
    return c;
  }

  /** Output as the doc shows it: the folder's paths printed back as /tmp/… and `.`. */
  unrewrite(output: string): string {
    let o = output.split(`${this.dir}/tmp/`).join('/tmp/').split(`${this.dir}/tmp`).join('/tmp').split(this.dir).join('.');
    if (this.server) o = o.split(`127.0.0.1:${this.port}`).join('localhost:8080');
    return o;
  }

  /** Runs one command with bash; stdout (with `merge`, stdout and stderr through one pipe, in order). */
  run(command: string, merge: boolean, timeoutS: number): Promise<{ status: number | null; out: string; err: string }> {
    const script = merge ? `{\n${this.rewrite(command)}\n} 2>&1` : this.rewrite(command);
    return new Promise((resolve) => {
      const p = spawn('bash', ['-c', script], { cwd: this.dir, env: this.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => {
        err += `\n[doc-test: killed after ${timeoutS} s]`;
        try {
          process.kill(-p.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, timeoutS * 1000);
      p.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, out: this.unrewrite(out), err: this.unrewrite(err) });
      });
    });
  }

  close(): void {
    if (this.server && this.server.exitCode === null) this.server.kill('SIGTERM');
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The result of running one documented block. */
export interface ExampleResult {
  readonly example: DocExample;
  /** Empty when the block is true. */
  readonly failures: string[];
  /** For transcripts: the block's body with today's outputs (equal to the doc's body when nothing changed). */
  readonly body: string[];
  /** For transcripts: the doc's expected output and the actual one, normalised, for a diff. */
  readonly expected: string;
  readonly actual: string;
  /** True when only the shown output differs (so `npm run docs` can refresh it). */
  readonly refreshable: boolean;
}

const trimEnd = (lines: string[]) => {
  const l = [...lines];
  while (l.length && l[l.length - 1].trim() === '') l.pop();
  return l;
};

/** Runs a transcript or commands block and compares it with the doc. */
export async function runExample(root: string, example: DocExample): Promise<ExampleResult> {
  const { spec, block, file } = example;
  const where = `${file}:${block.line}`;
  const none = { failures: [], body: block.body, expected: '', actual: '', refreshable: false };
  if (spec.kind === 'not-run' || spec.kind === 'synopsis') return { example, ...none };
  const box = new Sandbox(root);
  try {
    for (const f of spec.files) box.addFixture(f);
    if (spec.serve) await box.startServer();
    if (spec.kind === 'commands') {
      const failures: string[] = [];
      for (const c of blockCommands(block)) {
        const r = await box.run(c, false, spec.timeoutS);
        if (r.status !== 0) failures.push(`${where}: \`${c}\` exited with ${r.status}\n${r.err.trim()}`);
      }
      return { example, ...none, failures };
    }
    const steps = transcriptSteps(block);
    const failures: string[] = [];
    const body: string[] = [];
    const norm = (s: string) => spec.normalise.reduce((acc, n) => NORMALISERS[n](acc), s);
    let expectedAll = '';
    let actualAll = '';
    let refreshable = true;
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      const r = await box.run(s.command, spec.stderr, spec.timeoutS);
      const want = i === steps.length - 1 ? spec.exit : 0;
      if (r.status !== want) {
        failures.push(`${where}: \`${s.command}\` exited with ${r.status}, expected ${want}\n${(r.err || r.out).trim()}`);
        refreshable = false;
      }
      const actual = trimEnd(r.out.replace(/\r/g, '').split('\n'));
      const expected = trimEnd(s.expected);
      body.push(...s.lines, ...actual);
      expectedAll += `$ ${s.command}\n${expected.map(norm).join('\n')}\n`;
      actualAll += `$ ${s.command}\n${actual.map(norm).join('\n')}\n`;
    }
    if (expectedAll !== actualAll) failures.push(`${where}: the output shown is not what the commands print now`);
    // keep the doc's lines where only normalised parts (durations) differ, so a refresh changes only what changed
    const same = expectedAll === actualAll;
    return { example, failures, body: same ? block.body : body, expected: expectedAll, actual: actualAll, refreshable };
  } finally {
    box.close();
  }
}

/** `momentum CMD --help` text by command words, cached. */
const helpCache = new Map<string, string>();
function helpOf(root: string, words: string[]): string {
  const key = words.join(' ');
  if (!helpCache.has(key)) {
    const r = spawnSync(process.execPath, [join(root, 'bin/momentum.js'), ...words, '--help'], { encoding: 'utf8' });
    // an unknown command prints the program's help: only a help that names the command counts
    helpCache.set(key, r.status === 0 && r.stdout.startsWith(`Usage: momentum ${key} `) ? r.stdout : '');
  }
  return helpCache.get(key)!;
}

/** Checks a synopsis: each `momentum …` line names a command whose --help lists every flag shown. */
export function checkSynopsis(root: string, example: DocExample): string[] {
  const failures: string[] = [];
  const lines = example.block.body;
  const commands: { line: number; text: string }[] = [];
  lines.forEach((l, i) => {
    if (/^(npx )?momentum /.test(l)) commands.push({ line: example.block.line + 1 + i, text: l });
    else if (/^\s+\S/.test(l) && commands.length) commands[commands.length - 1].text += ' ' + l.trim();
  });
  if (commands.length === 0) failures.push(`${example.file}:${example.block.line}: a synopsis without any "momentum …" line`);
  for (const c of commands) {
    const tokens = c.text.replace(/^npx /, '').split(/\s+/).slice(1);
    const candidates: string[] = [];
    for (const t of tokens) {
      if (!/^[a-z][a-z-]*$/.test(t)) break;
      candidates.push(t);
    }
    // the command is the longest run of leading words that names one (`report run`, not `report run us-open-push`)
    let words = candidates;
    while (words.length > 0 && !helpOf(root, words)) words = words.slice(0, -1);
    const help = words.length ? helpOf(root, words) : '';
    if (!help) {
      failures.push(`${example.file}:${c.line}: \`momentum ${candidates.join(' ')} --help\` fails: no such command`);
      continue;
    }
    for (const flag of c.text.match(/--[a-z][a-z-]*/g) ?? []) {
      if (flag === '--help') continue;
      if (!new RegExp(`(^|[\\s,])${flag}([\\s=<,\\[]|$)`, 'm').test(help)) failures.push(`${example.file}:${c.line}: \`momentum ${words.join(' ')}\` has no ${flag} (not in its --help)`);
    }
  }
  return failures;
}

/** Replaces the bodies of refreshed transcripts in a doc's text (blocks by their opening line). */
export function applyBodies(text: string, results: readonly ExampleResult[]): string {
  const lines = text.split('\n');
  const sorted = [...results].filter((r) => r.example.spec.kind === 'transcript').sort((a, b) => b.example.block.line - a.example.block.line);
  for (const r of sorted) {
    const b = r.example.block;
    const indent = /^(\s*)/.exec(lines[b.line - 1])![1];
    lines.splice(b.line, b.endLine - b.line - 1, ...r.body.map((l) => (l === '' ? l : indent + l)));
  }
  return lines.join('\n');
}

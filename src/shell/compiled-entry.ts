/**
 * Where a worker thread's compiled entry file is. Worker threads cannot load TypeScript under
 * plain Node, so pools always start the compiled `dist/<rel>`: from dist/ it sits beside this
 * file's folder, from the sources (tests, benchmarks under tsx) it is found at ../../dist/.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of `dist/<rel>` (for example `ensemble/run-worker.js`). Throws a clear error when it is missing. */
export function compiledEntry(rel: string): string {
  const candidates = [new URL(`../${rel}`, import.meta.url), new URL(`../../dist/${rel}`, import.meta.url)];
  for (const c of candidates) {
    const p = fileURLToPath(c);
    if (existsSync(p)) return p;
  }
  throw new Error(`the compiled worker entry dist/${rel} is missing: run \`npm run build\` first (looked at ${candidates.map((c) => fileURLToPath(c)).join(', ')})`);
}

/**
 * `npm install` on a fresh clone must leave package-lock.json as committed (issue 20): the lock's
 * record of the root package's dependencies must be exactly package.json's, or npm rewrites it.
 * (.ci/run also runs `npm install` after `npm ci` and fails on any change.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { name: string; version: string; packages: Record<string, Record<string, unknown>> };

describe('package-lock.json matches package.json', () => {
  it('names the same package and version', () => {
    expect(lock.name).toBe(pkg.name);
    expect(lock.version).toBe(pkg.version);
  });

  for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    it(`records the root's ${field} exactly as package.json specifies them`, () => {
      expect(lock.packages[''][field] ?? {}, `run \`npm install\` and commit package-lock.json`).toEqual(pkg[field] ?? {});
    });
  }

  it('locks an installed version of every direct dependency that satisfies its exact pins', () => {
    const all = { ...(pkg.dependencies as Record<string, string>), ...(pkg.devDependencies as Record<string, string>) };
    for (const [name, spec] of Object.entries(all)) {
      const entry = lock.packages[`node_modules/${name}`];
      expect(entry, name).toBeDefined();
      if (/^\d+\.\d+\.\d+$/.test(spec)) expect(entry.version, name).toBe(spec);
    }
  });
});

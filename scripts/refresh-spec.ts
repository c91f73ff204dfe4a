/** `npm run docs`: regenerates the tables in docs/model.md from the code's metadata. */
import { readFileSync, writeFileSync } from 'node:fs';
import { refreshSpec } from '../src/shell/docs/spec-tables.js';

const file = new URL('../docs/model.md', import.meta.url);
const before = readFileSync(file, 'utf8');
const after = refreshSpec(before);
writeFileSync(file, after);
console.log(before === after ? 'docs/model.md is up to date' : 'docs/model.md tables regenerated');

/**
 * Vite build of the playground (web/ → web/dist). The app and its Web Worker import the
 * model core from src/ directly; those files use NodeNext-style `.js` import specifiers for
 * `.ts` sources, which the plugin below maps back to the `.ts`/`.tsx` file when it exists.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { modelDocSections } from './web/build/model-doc.ts';
import { loadPosteriorSample } from './web/build/posterior-sample.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** `./foo.js` imported from a .ts/.tsx file → `./foo.ts` or `./foo.tsx` when that exists. */
function tsJsExtensions(): Plugin {
  return {
    name: 'momentum-ts-js-extensions',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js') || !/\.tsx?$/.test(importer.split('?')[0])) return null;
      const base = resolve(dirname(importer.split('?')[0]), source.slice(0, -3));
      for (const ext of ['.ts', '.tsx']) if (existsSync(base + ext)) return base + ext;
      return null;
    },
  };
}

/**
 * Writes `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip -9) beside every text file of the
 * build larger than 1 kB, so `momentum serve` sends compressed assets without compressing
 * per request (src/server/static-files.ts).
 */
function precompress(): Plugin {
  const TEXT = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.wasm']);
  return {
    name: 'momentum-precompress',
    apply: 'build',
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));
      for (const file of walk(resolve(here, 'web/dist'))) {
        if (!TEXT.has(extname(file)) || statSync(file).size <= 1024) continue;
        const body = readFileSync(file);
        writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } }));
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/** `virtual:model-doc`: the "How it works" sections of docs/model.md as HTML with MathML, made at build time. */
function modelDoc(): Plugin {
  const id = 'virtual:model-doc';
  const file = resolve(here, 'docs/model.md');
  return {
    name: 'momentum-model-doc',
    resolveId: (s) => (s === id ? `\0${id}` : null),
    load(i) {
      if (i !== `\0${id}`) return null;
      this.addWatchFile(file);
      return `export default ${JSON.stringify(modelDocSections(readFileSync(file, 'utf8')))};`;
    },
  };
}

/**
 * The posterior sample behind the playground's parameter-uncertainty band (issue #16): the
 * committed sample of `momentum calibrate --posterior` (docs/calibration.md §8).
 */
const POSTERIOR_CSV = 'data/posterior/posterior.csv';

/**
 * `virtual:posterior-sample`: the posterior sample thinned to the draws the web app ships
 * (web/build/posterior-sample.ts), as one JSON string parsed at load. Only the model worker
 * imports it, on the first request for the posterior band, so it is not on the page's load path.
 */
function posteriorSample(): Plugin {
  const id = 'virtual:posterior-sample';
  return {
    name: 'momentum-posterior-sample',
    resolveId: (s) => (s === id ? `\0${id}` : null),
    load(i) {
      if (i !== `\0${id}`) return null;
      const file = resolve(here, POSTERIOR_CSV);
      this.addWatchFile(file);
      this.addWatchFile(join(dirname(file), 'diagnostics.json'));
      const sample = loadPosteriorSample(here, POSTERIOR_CSV, (m) => this.warn(m));
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(sample))});`;
    },
  };
}

/** Headers that make the page cross-origin isolated (src/server/server.ts sends the same). */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

const config = {
  root: resolve(here, 'web'),
  base: './',
  plugins: [tsJsExtensions(), modelDoc(), react(), precompress()],
  worker: { format: 'es', plugins: () => [tsJsExtensions(), posteriorSample()] },
  build: {
    outDir: resolve(here, 'web/dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  // cross-origin isolation, as `momentum serve` sends it (SharedArrayBuffer for the band worker's stop flag)
  server: { fs: { allow: [here] }, headers: ISOLATION },
  preview: { headers: ISOLATION },
} satisfies UserConfig;

// A build is always a production build: under vitest (NODE_ENV=test, as in the e2e tests) Vite
// would otherwise bundle React's development runtime, several times slower per input.
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

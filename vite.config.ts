/**
 * Vite build of the playground (web/ → web/dist). The app and its Web Worker import the
 * model core from src/ directly; those files use NodeNext-style `.js` import specifiers for
 * `.ts` sources, which the plugin below maps back to the `.ts`/`.tsx` file when it exists.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import react from '@vitejs/plugin-react';

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

const config = {
  root: resolve(here, 'web'),
  base: './',
  plugins: [tsJsExtensions(), react()],
  worker: { format: 'es', plugins: () => [tsJsExtensions()] },
  build: {
    outDir: resolve(here, 'web/dist'),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { fs: { allow: [here] } },
} satisfies UserConfig;

// A build is always a production build: under vitest (NODE_ENV=test, as in the e2e tests) Vite
// would otherwise bundle React's development runtime, several times slower per input.
export default defineConfig(({ command }) => {
  if (command === 'build') process.env.NODE_ENV = 'production';
  return config;
});

/**
 * Vite build of the playground (web/ → web/dist). The app and its Web Worker import the
 * model core from src/ directly; those files use NodeNext-style `.js` import specifiers for
 * `.ts` sources, which the plugin below maps back to the `.ts`/`.tsx` file when it exists.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
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

export default defineConfig({
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
});

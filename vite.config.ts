import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** The renderer build: one page, relative asset URLs so both file:// (Electron) and the web mode load it. */
export const rendererConfig = defineConfig({
  root: new URL('./renderer', import.meta.url).pathname,
  base: './',
  plugins: [react()],
  define: { __TETHER_VERSION__: JSON.stringify(version) },
  build: {
    outDir: new URL('./dist/renderer', import.meta.url).pathname,
    emptyOutDir: true,
    sourcemap: true,
  },
});

// Vite loads its config through a default export; this is the one place a default export is allowed.
export default rendererConfig;

/** Injected at build time by esbuild, Vite and Vitest from package.json. */
declare const __TETHER_VERSION__: string;

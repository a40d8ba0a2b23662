// Builds every bundle Tether ships: the CLI (which includes `tether proxy`), the Electron main and
// preload, and the renderer. esbuild for Node-side bundles (one fast tool, no config files, the CLI
// starts without resolving node_modules), Vite for the React renderer.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';

const root = new URL('..', import.meta.url).pathname;
const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __TETHER_VERSION__: JSON.stringify(version) };
const quiet = process.argv.includes('--quiet');

// ESM bundles may contain CommonJS dependencies that call require(); give them one.
const requireShim = {
  js: "import { createRequire as __tetherCreateRequire } from 'node:module'; const require = __tetherCreateRequire(import.meta.url);",
};

const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  define,
  logLevel: quiet ? 'warning' : 'info',
  // Optional native speed-ups of `ws`; it works without them.
  external: ['electron', 'bufferutil', 'utf-8-validate'],
  // `when-exit` (via conf → atomically) re-raises SIGTERM before our shutdown runs; see the stand-in.
  alias: { 'when-exit': './electron/core/settings/when-exit-stand-in.ts' },
  absWorkingDir: root,
  // Prefer packages' ESM builds: some (jsonc-parser) ship a UMD `main` whose dynamic requires esbuild
  // cannot follow, which breaks the bundle at start-up.
  mainFields: ['module', 'main'],
};

await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
// The preload's allow-list is the contract's channel names, written in as constants so the preload
// carries no zod and no schema (electron/preload/preload.ts). Read them from the contract itself.
const contractNames = await esbuild({
  ...nodeBundle,
  entryPoints: ['shared/api-contract.ts'],
  format: 'esm',
  write: false,
  logLevel: 'warning',
  sourcemap: false,
});
const contract = await import(
  `data:text/javascript;base64,${Buffer.from(contractNames.outputFiles[0].text).toString('base64')}`
);
const preloadDefine = {
  ...define,
  __TETHER_INVOKE_CHANNELS__: JSON.stringify(contract.invokeChannels),
  __TETHER_EVENT_NAMES__: JSON.stringify(contract.eventNames),
};
const [cli] = await Promise.all([
  esbuild({
    ...nodeBundle,
    entryPoints: { tether: 'electron/cli/main.ts' },
    outdir: 'dist/cli',
    format: 'esm',
    // Code-split on dynamic imports: `tether proxy` (spawned by every MCP client start) then parses
    // ~0.2 MB of its own modules instead of the whole 1.8 MB CLI.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    banner: requireShim,
    // Which modules each chunk holds: test/integration/foundation/proxy-chunk-graph.test.ts reads it.
    metafile: true,
  }),
  esbuild({
    ...nodeBundle,
    entryPoints: { main: 'electron/app/main.ts' },
    outdir: 'dist/app',
    format: 'esm',
    banner: requireShim,
  }),
  // Sandboxed preloads must be CommonJS.
  esbuild({
    ...nodeBundle,
    entryPoints: { preload: 'electron/preload/preload.ts' },
    outdir: 'dist/preload',
    format: 'cjs',
    define: preloadDefine,
    outExtension: { '.js': '.cjs' },
  }),
]);
await mkdir(new URL('../.cache/build', import.meta.url), { recursive: true });
await writeFile(new URL('../.cache/build/cli-meta.json', import.meta.url), JSON.stringify(cli.metafile));
await viteBuild({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  logLevel: quiet ? 'warn' : 'info',
});

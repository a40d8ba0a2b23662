#!/usr/bin/env node
// The `tether` command. The real program is bundled into dist/ by `npm run build` (run on install).
import { existsSync } from 'node:fs';
import module from 'node:module';
import v8 from 'node:v8';
import vm from 'node:vm';

const entry = new URL('../dist/cli/tether.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tether: not built yet. Run `npm run build` in the Tether folder first.\n');
  process.exit(1);
}

// `tether proxy` typed by hand (or by a client config written without `tether wrap`) gets the same
// memory flags as a wrapped entry (PROXY_NODE_FLAGS in electron/core/config/proxy-command.ts; V8 sizes
// its heap at start-up, so they must be on the command line). Where Node can replace the process
// (process.execve, Node >= 22.15), it re-executes itself with them: one process, the same pid. On older
// Node the flags V8 still accepts at run time are set here (no young-generation cap then).
const PROXY_NODE_FLAGS = [
  '--max-semi-space-size=1',
  '--optimize-for-size',
  '--max-opt=1',
  '--expose-gc',
  '--v8-pool-size=1',
];
if (process.argv[2] === 'proxy' && !process.execArgv.includes('--max-semi-space-size=1')) {
  if (typeof process.execve === 'function' && process.env['TETHER_PROXY_REEXEC'] !== '1') {
    process.execve(process.execPath, [process.execPath, ...PROXY_NODE_FLAGS, ...process.argv.slice(1)], {
      ...process.env,
      TETHER_PROXY_REEXEC: '1',
    });
  }
  for (const flag of ['--optimize-for-size', '--max-opt=1', '--expose-gc']) v8.setFlagsFromString(flag);
  globalThis.gc ??= vm.runInNewContext('gc');
}

// Node ≥ 22.1 keeps compiled code of the bundle between runs (MCP clients spawn `tether proxy` on every
// start and wait for its `initialize` answer); older Node has no such API and skips this.
module.enableCompileCache?.();
await import(entry.href);

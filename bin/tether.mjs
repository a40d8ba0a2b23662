#!/usr/bin/env node
// The `tether` command. The real program is bundled into dist/ by `npm run build` (run on install).
import { existsSync } from 'node:fs';
import module from 'node:module';

const entry = new URL('../dist/cli/tether.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tether: not built yet. Run `npm run build` in the Tether folder first.\n');
  process.exit(1);
}
// Node ≥ 22.1 keeps compiled code of the bundle between runs (MCP clients spawn `tether proxy` on every
// start and wait for its `initialize` answer); older Node has no such API and skips this.
module.enableCompileCache?.();
await import(entry.href);

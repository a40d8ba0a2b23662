#!/usr/bin/env node
// The `tether` command. The real program is bundled into dist/ by `npm run build` (run on install).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/tether.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tether: not built yet. Run `npm run build` in the Tether folder first.\n');
  process.exit(1);
}
await import(entry.href);

// Re-captures the fault-scenario fixtures of test/fixtures/logs/claude-code/ with the real Claude Code
// CLI: bundles test/fixtures/logs/claude-code/capture.ts (it uses the TypeScript test helpers) and runs
// it. `node scripts/capture-claude-code-fixtures.mjs [scenario ...]`. Needs the npm registry once, to
// install the pinned CLI into .cache/claude-code.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;
const outfile = path.join(root, '.cache/capture/capture-claude-code.mjs');
await build({
  entryPoints: [path.join(root, 'test/fixtures/logs/claude-code/capture.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  logLevel: 'warning',
});
const result = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
process.exit(result.status ?? 1);

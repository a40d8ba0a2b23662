// `npm run bench`: bundles every test/bench/*.bench.ts with esbuild and runs them one after another
// under plain Node, so each prints its figures beside its baseline. Pass names to run a subset:
// `npm run bench -- proxy`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = new URL('../..', import.meta.url).pathname;
const benchDir = path.join(root, 'test/bench');
const outDir = path.join(root, '.cache/bench');
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const filters = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error('No benchmark matched.');
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  const outfile = path.join(outDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    define: { __TETHER_VERSION__: JSON.stringify(version) },
    logLevel: 'warning',
  });
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);

import type { Command } from 'commander';
import path from 'node:path';
import { buildBundle } from '../../core/bundle/index.js';
import { silentLogger } from '../../core/logger.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';

/** `tether bundle [--out FILE]`: one redacted `.tar.gz` for a support request. */
export function registerBundleCommand(program: Command, context: CliContext): void {
  program
    .command('bundle')
    .description(
      'write a support bundle (.tar.gz) with versions, servers, doctor results, journals and recent client logs, secrets redacted',
    )
    .option('-o, --out <file>', 'archive to write (default: ./tether-bundle-<time>.tar.gz)')
    .option('--days <days>', 'only files changed in the last N days', (value) => Number(value), 7)
    .option('--json', 'print the manifest as JSON')
    .action(async (options: { out?: string; days: number; json?: boolean }) => {
      const pathEnv = currentPathEnv();
      const out = path.resolve(
        options.out ?? `tether-bundle-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`,
      );
      const manifest = await buildBundle({
        pathEnv,
        dataDir: resolveDataDir(pathEnv),
        logger: silentLogger,
        out,
        window: { maxAgeMs: options.days * 24 * 3600 * 1000 },
        onProgress: (name) => context.stderr.write(`[tether] bundle: ${name}...\n`),
      });
      if (options.json) {
        context.stdout.write(`${JSON.stringify({ out, ...manifest }, null, 2)}\n`);
        return;
      }
      for (const error of manifest.errors)
        context.stderr.write(`[tether] bundle: ${error.collector} skipped: ${error.message}\n`);
      context.stdout.write(
        `${out}\n${manifest.files.length} files, secrets redacted. Review it before sharing.\n`,
      );
    });
}

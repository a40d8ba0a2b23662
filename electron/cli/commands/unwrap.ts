import type { Command } from 'commander';
import { clientIdSchema } from '../../../shared/server-model.js';
import { unwrapServer } from '../../core/config/wrap.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import { entryDiff, reportFailure, selectorFromOptions, type SelectorOptions } from './wrap-output.js';

/** `tether unwrap NAME [--client C] [--project DIR] [--dry-run]`: restores the original entry. */
export function registerUnwrapCommand(program: Command, context: CliContext): void {
  program
    .command('unwrap <name>')
    .description('restore the original entry of a wrapped server')
    .option('--client <client>', `client id (${clientIdSchema.options.join(', ')})`)
    .option('--project <dir>', 'project folder of a local/project server')
    .option('--dry-run', 'print the change without writing')
    .action(async (name: string, options: SelectorOptions & { dryRun?: boolean }) => {
      try {
        const pathEnv = currentPathEnv();
        const dataDir = await ensureDataDir(resolveDataDir(pathEnv));
        const outcome = await unwrapServer(selectorFromOptions(name, options), {
          pathEnv,
          dataDir,
          dryRun: options.dryRun ?? false,
        });
        context.stdout.write(entryDiff(outcome));
        context.stdout.write(
          options.dryRun
            ? 'dry run: nothing written\n'
            : `unwrapped ${name} in ${outcome.record.configPath}\n`,
        );
      } catch (error) {
        reportFailure(context, error);
      }
    });
}

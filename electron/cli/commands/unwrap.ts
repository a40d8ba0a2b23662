import type { Command } from 'commander';
import { unwrapServer } from '../../core/config/wrap.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import {
  clientOption,
  entryDiff,
  pickUpHint,
  projectOption,
  reportFailure,
  selectorFromOptions,
  type SelectorOptions,
} from './wrap-output.js';

/** `tether unwrap NAME [--client C] [--project DIR] [--dry-run]`: restores the original entry. */
export function registerUnwrapCommand(program: Command, context: CliContext): void {
  program
    .command('unwrap <name>')
    .description('restore the original entry of a wrapped server')
    .addOption(clientOption())
    .addOption(projectOption())
    .option('--dry-run', 'print the change without writing')
    .action(async (name: string, options: SelectorOptions & { dryRun?: boolean }) => {
      const pathEnv = currentPathEnv();
      try {
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
            : `unwrapped ${name} in ${outcome.record.configPath}\n${pickUpHint(outcome.record.client, name)}\n`,
        );
      } catch (error) {
        await reportFailure(context, error, pathEnv);
      }
    });
}

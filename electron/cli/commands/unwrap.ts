import type { Command } from 'commander';
import { unwrapServer } from '../../core/config/wrap.js';
import type { CliContext } from '../cli-context.js';
import {
  clientOption,
  projectOption,
  runEntryEdit,
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
      await runEntryEdit(context, name, { ...options, done: 'unwrapped' }, (edit) =>
        unwrapServer(selectorFromOptions(name, options), edit),
      );
    });
}

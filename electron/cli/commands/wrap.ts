import type { Command } from 'commander';
import { currentProxyRuntime } from '../../core/config/proxy-command.js';
import { wrapServer } from '../../core/config/wrap.js';
import type { CliContext } from '../cli-context.js';
import {
  clientOption,
  projectOption,
  runEntryEdit,
  selectorFromOptions,
  type SelectorOptions,
} from './wrap-output.js';

/** The options commander parses for `tether wrap NAME`. */
type WrapCliOptions = SelectorOptions & { dryRun?: boolean; clientSecretEnv?: string };

/** `tether wrap NAME [--client C] [--project DIR] [--dry-run] [--client-secret-env VAR]`. */
export function registerWrapCommand(program: Command, context: CliContext): void {
  program
    .command('wrap <name>')
    .description('route a server through tether proxy, editing its entry in place')
    .addOption(clientOption())
    .addOption(projectOption())
    .option('--dry-run', 'print the change without writing')
    .option(
      '--client-secret-env <var>',
      'for an entry with oauth.clientId: environment variable holding the client secret (only its name is written)',
    )
    .action(async (name: string, options: WrapCliOptions) => {
      await runEntryEdit(context, name, { ...options, done: 'wrapped' }, async (edit) =>
        wrapServer(selectorFromOptions(name, options), {
          ...edit,
          runtime: await currentProxyRuntime(),
          ...(options.clientSecretEnv !== undefined ? { clientSecretEnv: options.clientSecretEnv } : {}),
        }),
      );
    });
}

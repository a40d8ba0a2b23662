import type { Command } from 'commander';
import { clientIdSchema } from '../../../shared/server-model.js';
import { currentProxyRuntime } from '../../core/config/proxy-command.js';
import { wrapServer } from '../../core/config/wrap.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import { entryDiff, reportFailure, selectorFromOptions, type SelectorOptions } from './wrap-output.js';

type WrapCliOptions = SelectorOptions & { dryRun?: boolean; clientSecretEnv?: string };

/** `tether wrap NAME [--client C] [--project DIR] [--dry-run] [--client-secret-env VAR]`. */
export function registerWrapCommand(program: Command, context: CliContext): void {
  program
    .command('wrap <name>')
    .description('route a server through tether proxy, editing its entry in place')
    .option('--client <client>', `client id (${clientIdSchema.options.join(', ')})`)
    .option('--project <dir>', 'project folder of a local/project server')
    .option('--dry-run', 'print the change without writing')
    .option(
      '--client-secret-env <var>',
      'for an entry with oauth.clientId: environment variable holding the client secret (only its name is written)',
    )
    .action(async (name: string, options: WrapCliOptions) => {
      try {
        const pathEnv = currentPathEnv();
        const dataDir = await ensureDataDir(resolveDataDir(pathEnv));
        const outcome = await wrapServer(selectorFromOptions(name, options), {
          pathEnv,
          dataDir,
          runtime: await currentProxyRuntime(),
          dryRun: options.dryRun ?? false,
          ...(options.clientSecretEnv !== undefined ? { clientSecretEnv: options.clientSecretEnv } : {}),
        });
        context.stdout.write(entryDiff(outcome));
        context.stdout.write(
          options.dryRun ? 'dry run: nothing written\n' : `wrapped ${name} in ${outcome.record.configPath}\n`,
        );
      } catch (error) {
        reportFailure(context, error);
      }
    });
}

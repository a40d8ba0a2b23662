import { Command } from 'commander';
import { TETHER_VERSION } from '../../shared/version.js';
import type { CliContext } from './cli-context.js';
import { registerProxyCommand } from './commands/proxy.js';

/**
 * `tether proxy` alone: what an MCP client spawns on every start.
 *
 * Loading only the proxy's modules (not discovery, doctor, bundle, ...) keeps the time from spawn to
 * the cached `initialize` answer short. Same command, options and help as in the full program.
 */
export function buildProxyProgram(context: CliContext): Command {
  const program = new Command('tether')
    .version(TETHER_VERSION, '-v, --version')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  registerProxyCommand(program, context);
  return program;
}

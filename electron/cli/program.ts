import { Command } from 'commander';
import { TETHER_VERSION } from '../../shared/version.js';
import type { CliContext } from './cli-context.js';
import { registerAuthCommand } from './commands/auth.js';
import { registerServeCommand } from './commands/serve.js';
import { registerServersCommand } from './commands/servers.js';
import { registerWrapCommand } from './commands/wrap.js';
import { registerUnwrapCommand } from './commands/unwrap.js';
import { registerCleanCommand } from './commands/clean.js';
import { registerUndoCommand } from './commands/undo.js';
import { registerProxyCommand } from './commands/proxy.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerTimelineCommand } from './commands/timeline.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerBundleCommand } from './commands/bundle.js';
import { registerLiveActionCommands } from './commands/live-actions.js';

/**
 * The `tether` command: one program, one `register*Command` call per subcommand.
 */
export function buildProgram(context: CliContext): Command {
  const program = new Command('tether')
    .description('Keep MCP connections alive and visible.')
    .version(TETHER_VERSION, '-v, --version')
    // An option error is one line that says what is allowed (no help page after it).
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    });
  registerServeCommand(program, context);
  registerServersCommand(program, context);
  registerWrapCommand(program, context);
  registerUnwrapCommand(program, context);
  registerCleanCommand(program, context);
  registerUndoCommand(program, context);
  registerProxyCommand(program, context);
  registerLogsCommand(program, context);
  registerTimelineCommand(program, context);
  registerExplainCommand(program, context);
  registerDoctorCommand(program, context);
  registerBundleCommand(program, context);
  registerAuthCommand(program, context);
  registerLiveActionCommands(program, context);
  return program;
}

import type { Command } from 'commander';
import { discoverServers } from '../../core/clients/discover.js';
import { currentPathEnv } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';

/** `tether servers [--json]`: every MCP server of every client; `--json` prints one object per line. */
export function registerServersCommand(program: Command, context: CliContext): void {
  program
    .command('servers')
    .description('list the MCP servers of every client (secrets redacted)')
    .option('--json', 'one JSON object per server, one per line')
    .option('--project <dir>', 'also look in this project folder', [] as string[])
    .action(async (options: { json?: boolean; project: string | string[] }) => {
      const projectDirs = ([] as string[]).concat(options.project);
      const { servers, problems } = await discoverServers(currentPathEnv(), { projectDirs });
      for (const problem of problems) {
        context.stderr.write(
          `tether: ${problem.configPath}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}\n`,
        );
      }
      if (options.json) {
        for (const server of servers) context.stdout.write(`${JSON.stringify(server)}\n`);
        return;
      }
      for (const s of servers) {
        const target = s.url ?? [s.command, ...s.args].join(' ');
        const flags = [
          s.wrapped ? 'wrapped' : '',
          s.effective ? '' : 'shadowed',
          s.disabled ? 'disabled' : '',
        ].filter(Boolean);
        context.stdout.write(
          `${s.client} ${s.scope}${s.project ? ` ${s.project}` : ''}  ${s.name}  ${s.transport}  ${target}${flags.length ? `  [${flags.join(', ')}]` : ''}\n`,
        );
      }
      if (servers.length === 0) context.stdout.write('no MCP servers found\n');
    });
}

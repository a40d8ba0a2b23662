import type { Command } from 'commander';
import type { ConfigProblem, ServerChange, ServerRecord } from '../../../shared/server-model.js';
import { discoverServers } from '../../core/clients/discover.js';
import { ServerWatcher } from '../../core/clients/server-watcher.js';
import { currentPathEnv } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import { collectProjectDirs } from '../option-parsers.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

/** The options commander parses for `tether servers`. */
type ServersOptions = { json?: boolean; watch?: boolean; project: string | string[] };

/**
 * `tether servers [--json] [--watch]`: every MCP server of every client; `--json` prints one object per
 * line. `--watch` then keeps following the config files and prints each server added (`+`), changed
 * (`~`) or removed (`-`), and files that stop or start parsing; with `--json`, one `{kind, server}`
 * object per change and `{kind: "problem", ...}` per unreadable file.
 */
export function registerServersCommand(program: Command, context: CliContext): void {
  program
    .command('servers')
    .description('list the MCP servers of every client (secrets redacted)')
    .option('--json', 'one JSON object per server, one per line')
    .option('--watch', 'keep following the config files and print every change')
    .option(
      '--project <dir>',
      'also look in this project folder (repeatable)',
      collectProjectDirs,
      [] as string[],
    )
    .action(async (options: ServersOptions) => {
      const projectDirs = ([] as string[]).concat(options.project);
      const json = options.json === true;
      if (options.watch) {
        await watchServers(context, projectDirs, json);
        return;
      }
      const { servers, problems } = await discoverServers(currentPathEnv(), { projectDirs });
      printProblems(context, problems, json);
      for (const server of servers)
        context.stdout.write(json ? `${JSON.stringify(server)}\n` : `${describeServer(server)}\n`);
      if (servers.length === 0 && !json) context.stdout.write('no MCP servers found\n');
    });
}

async function watchServers(context: CliContext, projectDirs: string[], json: boolean): Promise<void> {
  let initial = true;
  const watcher = new ServerWatcher({
    pathEnv: currentPathEnv(),
    projectDirs,
    onUpdate: ({ changes, problems }) => {
      printProblems(context, problems, json);
      if (!initial) for (const change of changes) printChange(context, change, json);
    },
    onError: (error) => context.stderr.write(`tether: watching failed: ${String(error)}\n`),
  });
  await watcher.start();
  initial = false;
  // Everything there at the start, as additions: one stream describes the whole list over time.
  for (const server of watcher.snapshot().servers) printChange(context, { kind: 'added', server }, json);
  context.stderr.write('[tether] watching the client config files; Ctrl+C to stop\n');
  await waitForShutdownSignal();
  await watcher.stop();
}

const MARK: Record<ServerChange['kind'], string> = { added: '+', changed: '~', removed: '-' };

function printChange(context: CliContext, change: ServerChange, json: boolean): void {
  context.stdout.write(
    json ? `${JSON.stringify(change)}\n` : `${MARK[change.kind]} ${describeServer(change.server)}\n`,
  );
}

function printProblems(context: CliContext, problems: readonly ConfigProblem[], json: boolean): void {
  for (const problem of problems) {
    if (json) {
      context.stderr.write(`${JSON.stringify({ kind: 'problem', ...problem })}\n`);
      continue;
    }
    context.stderr.write(
      `tether: ${problem.configPath}${problem.line === null ? '' : `:${problem.line}`}: ${problem.message}\n`,
    );
  }
}

function describeServer(s: ServerRecord): string {
  const target = s.url ?? [s.command, ...s.args].join(' ');
  const flags = [
    s.wrapped ? 'wrapped' : '',
    s.effective ? '' : 'shadowed',
    s.disabled ? 'disabled' : '',
  ].filter(Boolean);
  return `${s.client} ${s.scope}${s.project ? ` ${s.project}` : ''}  ${s.name}  ${s.transport}  ${target}${flags.length ? `  [${flags.join(', ')}]` : ''}`;
}

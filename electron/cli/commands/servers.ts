import type { Command } from 'commander';
import type { ConfigProblem, ServerChange, ServerRecord } from '../../../shared/server-model.js';
import { identityKey } from '../../../shared/server-model.js';
import type { ServerStatusEntry } from '../../../shared/server-status.js';
import { ServerWatcher } from '../../core/clients/server-watcher.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';
import { statusNow } from '../../core/status/status-now.js';
import { terminalSafe } from '../terminal-safe.js';
import type { CliContext } from '../cli-context.js';
import { collectProjectDirs } from '../option-parsers.js';
import { waitForShutdownSignal } from '../shutdown-signal.js';

type ServersOptions = { json?: boolean; watch?: boolean; project: string | string[] };

/**
 * `tether servers [--json] [--watch]`: every MCP server of every client with its status from the one
 * status model (the running service's, live; else built here from configs, logs and proxy journals);
 * `--json` prints one object per line (the record, plus `status`). `--watch` then keeps following the config files and prints each server added (`+`), changed
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
      const pathEnv = currentPathEnv();
      const { snapshot, discovery } = await statusNow({
        dataDir: resolveDataDir(pathEnv),
        pathEnv,
        projectDirs,
      });
      printProblems(context, discovery.problems, json);
      const entries = new Map(snapshot.servers.map((entry) => [entry.key, entry]));
      const now = Date.now();
      for (const server of discovery.servers) {
        const entry = entries.get(identityKey(server));
        entries.delete(identityKey(server));
        context.stdout.write(
          json
            ? `${JSON.stringify({ ...server, ...(entry ? { status: statusFields(entry) } : {}) })}\n`
            : `${describeServer(server)}${entry ? `\n    ${describeStatus(entry, now)}` : ''}\n`,
        );
      }
      if (!json)
        for (const entry of entries.values())
          context.stdout.write(
            `${entry.client} ${entry.scope}  ${entry.name}  (not in any config: seen in ${entry.source === 'client-logs' ? 'logs' : 'a proxy journal'})\n    ${describeStatus(entry, now)}\n`,
          );
      if (discovery.servers.length === 0 && !json) context.stdout.write('no MCP servers found\n');
    });
}

/** The status part of `servers --json` (the record's own fields stay as they were). */
function statusFields(entry: ServerStatusEntry): Record<string, unknown> {
  return {
    key: entry.key,
    status: entry.status,
    reason: entry.reason,
    since: entry.since,
    live: entry.live,
    source: entry.source,
    sourceNote: entry.sourceNote,
    liveProxies: entry.liveProxies,
    toolCount: entry.toolCount,
    lastProblem: entry.lastProblem,
  };
}

/** `connected (live, for 3 min): connected through the proxy` */
function describeStatus(entry: ServerStatusEntry, nowMs: number): string {
  const how = entry.live
    ? 'live'
    : entry.source === 'client-logs'
      ? 'inferred from logs'
      : entry.source === 'proxy-journal'
        ? 'from the proxy journal'
        : 'from config';
  const since = entry.since ? `, for ${ageText(nowMs - Date.parse(entry.since))}` : '';
  return `${entry.status} (${how}${since}): ${terminalSafe(entry.reason)}`;
}

function ageText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
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

import type { Command } from 'commander';
import type { LiveAction } from '../../../shared/server-detail.js';
import {
  runLiveAction,
  type LiveActionAnswer,
  type LiveActionRequest,
} from '../../core/actions/direct-actions.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import { terminalSafe } from '../terminal-safe.js';

/** Exit codes of the live actions: done, failed (proxy not running, refused), usage or unknown name. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const DESCRIPTIONS: Record<LiveAction, string> = {
  reconnect: "reconnect a wrapped server's running proxies now (fresh initialize upstream)",
  'reset-session': "drop a wrapped server's upstream session and start a fresh one now",
  restart: "restart the local (stdio) server process behind a wrapped server's proxies now",
};

/**
 * `tether reconnect NAME | --all`, `tether reset-session NAME`, `tether restart NAME` [`--json`]:
 * commands to the running proxies of a wrapped server, through the running service or, without one,
 * straight over the control socket (core/actions/direct-actions.ts). Exit 0 done, 1 failed, 2 usage
 * error or unknown name (with close matches).
 */
export function registerLiveActionCommands(program: Command, context: CliContext): void {
  for (const action of ['reconnect', 'reset-session', 'restart'] as const) {
    const command = program
      .command(`${action} [name]`)
      .description(DESCRIPTIONS[action])
      .option('--json', 'print {ok, code, message, via, outcomes} as JSON');
    if (action === 'reconnect') command.option('--all', 'every wrapped server with a running proxy');
    command.action(async (name: string | undefined, options: { json?: boolean; all?: boolean }) => {
      const json = options.json === true;
      if (options.all && name) return usage(context, json, `give a server name or --all, not both`);
      if (!options.all && !name)
        return usage(
          context,
          json,
          `name the server (tether ${action} NAME${action === 'reconnect' ? ' | --all' : ''})`,
        );
      const request: LiveActionRequest = options.all
        ? { action: 'reconnect-all' }
        : { action, server: name! };
      const pathEnv = currentPathEnv();
      const dataDir = await ensureDataDir(resolveDataDir(pathEnv));
      const answer = await runLiveAction({ dataDir, pathEnv, request });
      report(context, answer, json);
      process.exitCode = answer.ok ? EXIT_OK : answer.code === 'unknown-server' ? EXIT_USAGE : EXIT_FAILED;
    });
  }
}

function usage(context: CliContext, json: boolean, message: string): void {
  if (json) context.stdout.write(`${JSON.stringify({ ok: false, code: 'usage', message })}\n`);
  else context.stderr.write(`tether: ${message}\n`);
  process.exitCode = EXIT_USAGE;
}

function report(context: CliContext, answer: LiveActionAnswer, json: boolean): void {
  if (json) {
    context.stdout.write(`${JSON.stringify(answer)}\n`);
    return;
  }
  const outcomes = answer.outcomes ?? [];
  if (outcomes.length > 1)
    for (const outcome of outcomes)
      context.stdout.write(`${outcome.ok ? 'ok    ' : 'FAILED'}  ${terminalSafe(outcome.message)}\n`);
  const line = `${terminalSafe(answer.message)}${answer.via === 'direct' ? ' (no service running: sent directly)' : ''}\n`;
  if (answer.ok) context.stdout.write(line);
  else context.stderr.write(`tether: ${line}`);
}

import { Option } from 'commander';
import { CLIENT_IDS, clientIdSchema, type ClientId } from '../../../shared/server-model.js';
import { discoverServers } from '../../core/clients/discover.js';
import { ServerSelectionError, type ServerSelector } from '../../core/config/find-server.js';
import type { WrapOutcome } from '../../core/config/wrap.js';
import { currentPathEnv, ensureDataDir, resolveDataDir, type PathEnv } from '../../core/paths.js';
import { redactDeep } from '../../core/redact.js';
import type { CliContext } from '../cli-context.js';
import { parseProjectDir } from '../option-parsers.js';

/** The `--client`/`--project` options shared by wrap and unwrap. */
export type SelectorOptions = { client?: string; project?: string };

/** `--client C` of wrap/unwrap: a typo fails at once, naming the clients there are. */
export function clientOption(): Option {
  return new Option('--client <client>', 'client of the entry').choices(CLIENT_IDS);
}

/** `--project DIR` of wrap/unwrap: a folder that does not exist is an error, not "no server found". */
export function projectOption(): Option {
  return new Option('--project <dir>', 'project folder of a local/project server').argParser(parseProjectDir);
}

/** The server a wrap/unwrap names (`--client` was checked by its option). */
export function selectorFromOptions(name: string, options: SelectorOptions): ServerSelector {
  return {
    name,
    ...(options.client ? { client: clientIdSchema.parse(options.client) } : {}),
    ...(options.project ? { project: options.project } : {}),
  };
}

/** A small `-`/`+` diff of the entry (secrets redacted), as `--dry-run` prints it. */
export function entryDiff(outcome: WrapOutcome): string {
  const lines = (value: unknown): string[] => JSON.stringify(redactDeep(value), null, 2).split('\n');
  return [
    `--- ${outcome.record.configPath} (${outcome.record.location.join(' > ')})`,
    ...lines(outcome.entryBefore).map((line) => `- ${line}`),
    ...lines(outcome.entryAfter).map((line) => `+ ${line}`),
    '',
  ].join('\n');
}

/**
 * Prints an expected failure and sets a non-zero exit code; nothing was written. A server that was not
 * found in a config file that does not parse is a parse error: that is what the user has to fix.
 */
export async function reportFailure(context: CliContext, error: unknown, pathEnv?: PathEnv): Promise<void> {
  process.exitCode = 1;
  if (pathEnv && error instanceof ServerSelectionError && error.code === 'not_found') {
    const { problems } = await discoverServers(pathEnv).catch(() => ({ problems: [] }));
    if (problems.length > 0) {
      for (const problem of problems)
        context.stderr.write(
          `tether: ${problem.configPath}${problem.line === null ? '' : `:${problem.line}${problem.column === null ? '' : `:${problem.column}`}`}: ${problem.message}\n`,
        );
      context.stderr.write(
        `tether: ${error.message} in the files that could be read; fix the ${problems.length === 1 ? 'file' : 'files'} above and try again (nothing was changed)\n`,
      );
      return;
    }
  }
  context.stderr.write(`tether: ${error instanceof Error ? error.message : String(error)}\n`);
}

/** How each client picks up an edited entry (one line after wrap/unwrap). */
const PICK_UP: Record<ClientId, (name: string) => string> = {
  'claude-code': (name) =>
    `Claude Code uses it from its next start; in a running session: /mcp → ${name} → Reconnect.`,
  'claude-desktop': () =>
    'Claude Desktop reads it at start: quit it completely (not just the window) and open it again.',
  cursor: (name) => `Cursor: toggle ${name} off and on in Settings → MCP, or restart Cursor.`,
  vscode: (name) => `VS Code: run "MCP: List Servers" → ${name} → Restart, or reload the window.`,
  windsurf: () => 'Windsurf: press refresh in the MCP servers panel, or restart Windsurf.',
  codex: () => 'Codex reads it at start: start a new codex session.',
};

/** The line that says how to make the client pick up the change. */
export function pickUpHint(client: ClientId, name: string): string {
  return PICK_UP[client](name);
}

/**
 * The run `tether wrap` and `tether unwrap` share: the data folder made, `edit` applied (or only
 * previewed with --dry-run), the entry's diff and the next step printed; an expected failure is
 * reported with a non-zero exit code, never thrown.
 */
export async function runEntryEdit(
  context: CliContext,
  name: string,
  { dryRun = false, done }: { dryRun?: boolean; done: 'wrapped' | 'unwrapped' },
  edit: (options: { pathEnv: PathEnv; dataDir: string; dryRun: boolean }) => Promise<WrapOutcome>,
): Promise<void> {
  const pathEnv = currentPathEnv();
  try {
    const dataDir = await ensureDataDir(resolveDataDir(pathEnv));
    const outcome = await edit({ pathEnv, dataDir, dryRun });
    context.stdout.write(entryDiff(outcome));
    context.stdout.write(
      dryRun
        ? 'dry run: nothing written\n'
        : `${done} ${name} in ${outcome.record.configPath}\n${pickUpHint(outcome.record.client, name)}\n`,
    );
  } catch (error) {
    await reportFailure(context, error, pathEnv);
  }
}

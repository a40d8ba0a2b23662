import type { Command } from 'commander';
import type { LogClient, LogEvent } from '../../../shared/log-events.js';
import { scanLogs } from '../../core/logs/scan-logs.js';
import { LogTailer } from '../../core/logs/log-tailer.js';
import type { CliContext } from '../cli-context.js';
import { painter, parseClientOption, parseSinceOption, scopeFor } from './log-options.js';
import { terminalSafe } from '../terminal-safe.js';
import { hiddenText, reportUnknownServer, windowText } from './log-window.js';

/** The options commander parses for `tether logs`. */
type LogsOptions = { client?: LogClient; server?: string; since?: number; follow?: boolean; json?: boolean };

const LEVEL_COLOUR = { debug: 90, info: 0, warn: 33, error: 31 } as const;

/** `tether logs`: every client's MCP log events, normalized, oldest first; `--json` is one event per line. */
export function registerLogsCommand(program: Command, context: CliContext): void {
  program
    .command('logs')
    .description(
      "show MCP log events of every client (Claude Code, Claude Desktop, Cursor) and Tether's proxies",
    )
    .option(
      '--client <client>',
      'only this client (claude-code, claude-desktop, cursor, tether)',
      parseClientOption,
    )
    .option('--server <name>', 'only this server name')
    .option(
      '--since <time>',
      'only events since an age (30m, 2h, 7d) or a date (default: 24h)',
      parseSinceOption,
    )
    .option('-f, --follow', 'keep printing new events as they are logged')
    .option('--json', 'one JSON event per line (shared/log-events.ts)')
    .action(async (options: LogsOptions) => {
      const scope = scopeFor(options, 24 * 3_600_000);
      const print = printer(context, options.json === true);
      const events: LogEvent[] = [];
      const summary = await scanLogs(scope, (event) => events.push(event));
      if (
        options.server &&
        events.length === 0 &&
        (await reportUnknownServer(context, scope, options.server))
      )
        return;
      events.sort((a, b) => a.time.localeCompare(b.time));
      for (const event of events) print(event);
      for (const problem of summary.problems)
        context.stderr.write(`[tether] ${problem.path}: ${problem.message}\n`);
      if (summary.malformed > 0)
        context.stderr.write(`[tether] skipped ${summary.malformed} malformed line(s)\n`);
      const hidden = hiddenText(summary.hidden, scope.sinceMs!);
      const window = windowText(scope.sinceMs!);
      if (events.length === 0 && !options.follow)
        context.stderr.write(`[tether] no MCP log events in ${window}${hidden ? `; ${hidden}` : ''}\n`);
      else if (hidden) context.stderr.write(`[tether] window ${window}: ${hidden}\n`);
      if (!options.follow) return;
      const tailer = new LogTailer({ scope, onEvent: print, startAtEnd: true, watch: true, pollMs: 1000 });
      await tailer.start();
      context.stderr.write(`[tether] following ${tailer.fileCount()} file(s); Ctrl+C to stop\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', resolve));
      await tailer.stop();
    });
}

function printer(context: CliContext, json: boolean): (event: LogEvent) => void {
  const paint = painter(context.stdout);
  return (event) => {
    if (json) {
      context.stdout.write(`${JSON.stringify(event)}\n`);
      return;
    }
    // Other programs' text: escape sequences in it are shown, never executed by the terminal.
    const message = terminalSafe(event.message.split('\n')[0] ?? '');
    const line = `${event.time} ${paint(LEVEL_COLOUR[event.level], event.level.padEnd(5))} ${terminalSafe(`${event.server.client}/${event.server.name}`)} ${paint(36, event.kind)} ${message}`;
    context.stdout.write(`${line}\n`);
  };
}

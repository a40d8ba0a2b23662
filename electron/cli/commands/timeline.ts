import type { Command } from 'commander';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { shortTime } from '../../core/timeline/proxy-status.js';
import type { CliContext } from '../cli-context.js';
import { painter, parseSinceOption } from './log-options.js';
import { terminalSafe } from '../terminal-safe.js';
import { windowTimelines } from './log-window.js';

const STATUS_COLOUR: Record<string, number> = {
  connected: 32,
  degraded: 33,
  reconnecting: 33,
  unknown: 90,
  'never-attached': 90,
};

/** `tether timeline [NAME]`: each server's connections, status and counters, from the logs. */
export function registerTimelineCommand(program: Command, context: CliContext): void {
  program
    .command('timeline [name]')
    .description('per-server timeline from client logs and proxy journals: connections, status, cuts')
    .option('--since <time>', 'window: an age (30m, 2h, 7d) or a date (default: 7d)', parseSinceOption)
    .option('--json', 'print the timelines as a JSON array (shared/timeline-model.ts)')
    .action(async (name: string | undefined, options: { since?: number; json?: boolean }) => {
      const loaded = await windowTimelines(context, name, options);
      if (!loaded) return;
      const { timelines, window, hidden } = loaded;
      if (options.json) {
        context.stdout.write(`${JSON.stringify(timelines, null, 2)}\n`);
        if (hidden) context.stderr.write(`[tether] window ${window}: ${hidden}\n`);
        return;
      }
      if (timelines.length === 0)
        context.stdout.write(
          `No MCP log evidence${name ? ` for ${name}` : ''} in ${window}${hidden ? `; ${hidden}` : ''}.\n`,
        );
      else if (hidden) context.stderr.write(`[tether] window ${window}: ${hidden}\n`);
      for (const timeline of timelines)
        context.stdout.write(renderTimeline(timeline, painter(context.stdout)));
    });
}

/** The human form of one timeline: a header, counters, distributions and the last connections. */
export function renderTimeline(
  timeline: ServerTimeline,
  paint: (code: number, text: string) => string,
): string {
  const { server, counters: c } = timeline;
  const lines = [
    `${paint(1, server.name)} (${server.client}, ${server.scope}${server.project ? ` ${server.project}` : ''})  ${paint(STATUS_COLOUR[timeline.status] ?? 31, timeline.status)}${timeline.inferred ? ' (inferred from logs)' : ''}`,
    `  ${terminalSafe(timeline.statusReason)}`,
    `  seen ${timeline.firstSeen ?? '?'} .. ${timeline.lastSeen ?? '?'}; ${timeline.sessions.length} session(s), ${timeline.files.length} file(s)`,
    `  connects ${c.connects}/${c.connectAttempts} attempts, failures ${c.connectFailures}, disconnects ${c.disconnects} (${c.uncleanDisconnects} unclean), stream drops ${c.drops}, session expiries ${c.sessionExpired}, auth ${c.authRequired}`,
    `  tools: ${c.toolCalls} calls, ${c.toolOk} ok, ${c.toolErrors} errors; latency p50 ${timeline.toolLatencyMs.p50 ?? '-'} ms, max ${timeline.toolLatencyMs.max ?? '-'} ms`,
  ];
  if (timeline.disconnectAge.count > 0) {
    lines.push(
      `  cut ages (s): ${timeline.disconnectAgesS.slice(-12).join(', ')} (p50 ${timeline.disconnectAge.p50})`,
    );
  }
  if (timeline.proxy) lines.push(`  ${proxyLine(timeline.proxy)}`);
  const current = timeline.status !== 'unknown' && timeline.status !== 'never-attached';
  for (const connection of timeline.connections.slice(-8)) {
    const end = connection.end
      ? `${connection.end} ${connection.uptimeS ?? '?'}s ${connection.endReason ?? ''}`
      : current
        ? 'open'
        : 'no end logged';
    lines.push(
      `  ${connection.start} ${connection.transport ?? ''} -> ${end}${connection.drops ? ` (${connection.drops} drops)` : ''}`,
    );
  }
  return `${lines.join('\n')}\n\n`;
}

/** `proxy ref: not running (stopped 17:50:03Z)`, `proxy ref: connected (live)`, `… (running, pid 42)`. */
function proxyLine(proxy: NonNullable<ServerTimeline['proxy']>): string {
  const run = proxy.lastRun;
  if (proxy.running === false)
    return `proxy ${proxy.key}: not running (${run?.ending === 'stopped' ? 'stopped' : 'gone'} ${run?.endedAt ? shortTime(run.endedAt) : ''}); its last state: ${proxy.state ?? '?'}`;
  const how = proxy.live
    ? 'live'
    : proxy.running
      ? `running, pid ${proxy.pid}, from its journal`
      : 'from its journal';
  return `proxy ${proxy.key}: ${proxy.state ?? '?'} (${how})`;
}

import type { Command } from 'commander';
import type { ServerRecord } from '../../../shared/server-model.js';
import type { ServerTimeline } from '../../../shared/timeline-model.js';
import { discoverServers } from '../../core/clients/discover.js';
import { diagnoseAll } from '../../core/diagnose/diagnose.js';
import type { CliContext } from '../cli-context.js';
import { painter, parseSinceOption } from './log-options.js';
import { terminalSafe } from '../terminal-safe.js';
import { windowTimelines } from './log-window.js';

const SEVERITY_COLOUR = { error: 31, warning: 33, info: 36 } as const;

/** `tether explain [NAME]`: what broke, why, the evidence (file:line) and the fix. */
export function registerExplainCommand(program: Command, context: CliContext): void {
  program
    .command('explain [name]')
    .description('diagnose each server from its timeline: findings with evidence and remedies')
    .option('--since <time>', 'window: an age (30m, 2h, 7d) or a date (default: 7d)', parseSinceOption)
    .option('--json', 'print [{server, status, findings}] as JSON')
    .action(async (name: string | undefined, options: { since?: number; json?: boolean }) => {
      const loaded = await windowTimelines(context, name, options);
      if (!loaded) return;
      const { scope, timelines, window, hidden } = loaded;
      const { servers } = await discoverServers(scope.pathEnv);
      const results = diagnoseAll(timelines, (timeline) => wrappedInConfig(servers, timeline));
      if (hidden && (options.json || results.length > 0))
        context.stderr.write(`[tether] window ${window}: ${hidden}\n`);
      if (options.json) {
        const out = results.map(({ timeline, findings }) => ({
          server: timeline.server,
          status: timeline.status,
          inferred: timeline.inferred,
          findings,
        }));
        context.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      const paint = painter(context.stdout);
      if (results.length === 0)
        context.stdout.write(
          `No MCP log evidence${name ? ` for ${name}` : ''} in ${window}${hidden ? `; ${hidden}` : ''}.\n`,
        );
      for (const { timeline, findings } of results) {
        context.stdout.write(
          `${paint(1, timeline.server.name)} (${timeline.server.client}): ${timeline.status}\n`,
        );
        context.stdout.write(`  ${timeline.statusReason}\n`);
        if (findings.length === 0) context.stdout.write('  nothing wrong found in the logs\n');
        for (const finding of findings) {
          context.stdout.write(
            `  ${paint(SEVERITY_COLOUR[finding.severity], finding.severity.toUpperCase())} ${finding.title}\n`,
          );
          context.stdout.write(`    ${finding.explanation.replace(/\n/g, '\n    ')}\n`);
          for (const evidence of finding.evidence) {
            context.stdout.write(
              `    ${paint(90, `${evidence.file}:${evidence.line}`)} ${evidence.time} ${terminalSafe(evidence.message)}\n`,
            );
          }
          context.stdout.write(`    fix: ${finding.remedy}\n`);
        }
        context.stdout.write('\n');
      }
    });
}

/**
 * Whether the client's config wraps this server now (its entry runs `tether proxy`): the logs alone do
 * not know about a wrap made since their last line. Undefined when no config names the server.
 */
function wrappedInConfig(servers: readonly ServerRecord[], timeline: ServerTimeline): boolean | undefined {
  if (timeline.server.client === 'tether') return undefined;
  const matching = servers.filter(
    (server) =>
      server.client === timeline.server.client &&
      server.name === timeline.server.name &&
      (!timeline.server.project || server.project === null || server.project === timeline.server.project),
  );
  if (matching.length === 0) return undefined;
  return matching.some((server) => server.wrapped);
}

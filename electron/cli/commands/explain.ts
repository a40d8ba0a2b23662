import type { Command } from 'commander';
import { diagnoseAll } from '../../core/diagnose/diagnose.js';
import { buildTimelines } from '../../core/timeline/build-timelines.js';
import type { CliContext } from '../cli-context.js';
import { painter, parseSinceOption, scopeFor } from './log-options.js';
import { terminalSafe } from '../terminal-safe.js';

const SEVERITY_COLOUR = { error: 31, warning: 33, info: 36 } as const;

/** `tether explain [NAME]`: what broke, why, the evidence (file:line) and the fix. */
export function registerExplainCommand(program: Command, context: CliContext): void {
  program
    .command('explain [name]')
    .description('diagnose each server from its timeline: findings with evidence and remedies')
    .option('--since <time>', 'window: an age (30m, 2h, 7d) or a date (default: 7d)', parseSinceOption)
    .option('--json', 'print [{server, status, findings}] as JSON')
    .action(async (name: string | undefined, options: { since?: number; json?: boolean }) => {
      const scope = scopeFor({ ...options, ...(name ? { server: name } : {}) }, 7 * 86_400_000);
      const { timelines, scan } = await buildTimelines(scope);
      for (const problem of scan.problems)
        context.stderr.write(`[tether] ${problem.path}: ${problem.message}\n`);
      const results = diagnoseAll(timelines);
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
      if (results.length === 0) context.stdout.write('No MCP log evidence in the window.\n');
      for (const { timeline, findings } of results) {
        context.stdout.write(
          `${paint(1, timeline.server.name)} (${timeline.server.client}): ${timeline.status}\n`,
        );
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

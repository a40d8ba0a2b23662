import type { Command } from 'commander';
import { cleanClaudeCode } from '../../core/config/cleaner.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';

/** `tether clean [--apply] [--json]`: stale MCP state of Claude Code; a dry run unless `--apply`. */
export function registerCleanCommand(program: Command, context: CliContext): void {
  program
    .command('clean')
    .description(
      'find (and with --apply remove) stale MCP state in ~/.claude.json; auth keys are never touched',
    )
    .option('--apply', 'write the changes (default: dry run)')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { apply?: boolean; json?: boolean }) => {
      try {
        const pathEnv = currentPathEnv();
        const dataDir = await ensureDataDir(resolveDataDir(pathEnv));
        const report = await cleanClaudeCode(pathEnv, { dataDir, apply: options.apply ?? false });
        if (options.json) {
          context.stdout.write(`${JSON.stringify(report)}\n`);
          return;
        }
        for (const f of report.findings)
          context.stdout.write(
            `${f.fixable ? (report.applied ? 'fixed' : 'would fix') : 'report'}  ${f.category}  ${f.subject}\n    ${f.why}\n`,
          );
        if (report.findings.length === 0) context.stdout.write('nothing stale found\n');
        else if (!report.applied)
          context.stdout.write('dry run: run `tether clean --apply` to change the files\n');
      } catch (error) {
        context.stderr.write(`tether: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}

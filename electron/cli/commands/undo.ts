import type { Command } from 'commander';
import { listUndoRecords, undoEdit } from '../../core/config/undo.js';
import { currentPathEnv, ensureDataDir, resolveDataDir } from '../../core/paths.js';
import type { CliContext } from '../cli-context.js';
import { reportFailure } from './wrap-output.js';

/**
 * `tether undo [ID] [--list] [--json]`: undoes the last edit Tether made to a client file (wrap,
 * unwrap, clean, undo), or the one named, when the file has not changed since; `--list` shows the
 * recorded edits, newest first.
 */
export function registerUndoCommand(program: Command, context: CliContext): void {
  program
    .command('undo [id]')
    .description('undo the last edit of a client file (or the one named), if the file is unchanged since')
    .option('--list', 'list the recorded edits, newest first')
    .option('--json', 'JSON output')
    .action(async (id: string | undefined, options: { list?: boolean; json?: boolean }) => {
      try {
        const dataDir = await ensureDataDir(resolveDataDir(currentPathEnv()));
        if (options.list) {
          const records = await listUndoRecords(dataDir);
          if (options.json) {
            for (const record of records) context.stdout.write(`${JSON.stringify(record)}\n`);
            return;
          }
          for (const record of records) {
            context.stdout.write(
              `${record.id}  ${record.client}  ${record.configPath}  ${record.reason}${record.undoneBy ? `  [undone by ${record.undoneBy}]` : ''}\n`,
            );
          }
          if (records.length === 0) context.stdout.write('no recorded edits\n');
          return;
        }
        const { undone, edit } = await undoEdit(dataDir, id);
        if (options.json) {
          context.stdout.write(`${JSON.stringify({ undone: undone.id, undo: edit.undo?.id ?? null })}\n`);
          return;
        }
        context.stdout.write(`undid ${undone.reason} (${undone.id}) in ${undone.configPath}\n`);
      } catch (error) {
        await reportFailure(context, error);
      }
    });
}

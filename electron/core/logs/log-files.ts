import { readdir, stat } from 'node:fs/promises';
import { isMissing } from '../fs-errors.js';
import { problemOf, type DiscoverOptions, type LogProblem } from './log-source.js';

/** Lists a directory's entry names; missing folders are normal, other failures are reported. */
export async function listDir(dir: string, problems: LogProblem[]): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (!isMissing(error)) problems.push(problemOf(dir, error));
    return [];
  }
}

/**
 * Size and modification time of a candidate log file, the step every discoverer takes per file:
 * undefined when it is not there, not a file, or not modified since `options.sinceMs`; any other
 * failure (permission denied) is reported in `problems`, never thrown.
 */
export async function statLogFile(
  file: string,
  options: DiscoverOptions,
  problems: LogProblem[],
): Promise<{ size: number; mtimeMs: number } | undefined> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return undefined;
    if (options.sinceMs !== undefined && info.mtimeMs < options.sinceMs) return undefined;
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch (error) {
    if (!isMissing(error)) problems.push(problemOf(file, error));
    return undefined;
  }
}

import { InvalidArgumentError } from 'commander';
import { logClientSchema, type LogClient } from '../../../shared/log-events.js';
import { parseSince } from '../../core/logs/since.js';
import type { LogScope } from '../../core/logs/scan-logs.js';
import { currentPathEnv, resolveDataDir } from '../../core/paths.js';

/** `--since` for the log commands: `30m`, `2h`, `7d` or a date. */
export function parseSinceOption(value: string): number {
  const since = parseSince(value);
  if (since === undefined)
    throw new InvalidArgumentError(`"${value}" is not an age (30m, 2h, 7d) or a date.`);
  return since;
}

/** `--client` for the log commands. */
export function parseClientOption(value: string): LogClient {
  const parsed = logClientSchema.safeParse(value);
  if (!parsed.success)
    throw new InvalidArgumentError(`"${value}" is not one of ${logClientSchema.options.join(', ')}.`);
  return parsed.data;
}

/** The log scope of the running process for the given filters. */
export function scopeFor(
  options: { client?: LogClient; server?: string; since?: number },
  defaultAgeMs: number,
): LogScope {
  const pathEnv = currentPathEnv();
  return {
    pathEnv,
    dataDir: resolveDataDir(pathEnv),
    sinceMs: options.since ?? Date.now() - defaultAgeMs,
    ...(options.client ? { clients: [options.client] } : {}),
    ...(options.server ? { serverName: options.server } : {}),
  };
}

/** Colours only on a TTY. */
export function painter(stream: NodeJS.WritableStream): (code: number, text: string) => string {
  const tty = (stream as NodeJS.WriteStream).isTTY === true && !process.env['NO_COLOR'];
  return (code, text) => (tty ? `\u001b[${code}m${text}\u001b[0m` : text);
}

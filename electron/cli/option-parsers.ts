import { statSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';

/** Parses a TCP port option, rejecting anything outside 0..65535 with a clear message. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return port;
}

/**
 * The OAuth client secret named by `--client-secret-env VAR`: read from the environment so it never
 * appears in a command line (visible to every user in `ps`) or a client config file.
 */
export function clientSecretFromEnv(
  variable: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (!value) throw new Error(`--client-secret-env ${variable}: the environment variable is not set`);
  return value;
}

/** `--project DIR`: an existing folder (absolute path returned); a typo must not silently match nothing. */
export function parseProjectDir(value: string): string {
  const absolute = path.resolve(value);
  let isFolder = false;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch {
    // Missing or unreadable: reported below.
  }
  if (!isFolder) throw new InvalidArgumentError(`"${value}" is not a folder.`);
  return absolute;
}

/** A repeatable `--project DIR`. */
export function collectProjectDirs(value: string, previous: string[]): string[] {
  return [...previous, parseProjectDir(value)];
}

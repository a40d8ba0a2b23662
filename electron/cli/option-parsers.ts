import { InvalidArgumentError } from 'commander';

/** Parses a TCP port option, rejecting anything outside 0..65535 with a clear message. */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0-65535).`);
  }
  return port;
}

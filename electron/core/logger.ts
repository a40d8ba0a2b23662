/**
 * The logger every core service receives instead of writing to the console.
 *
 * Core code never writes to stdout: the proxy's stdout belongs to JSON-RPC.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
};

const LEVEL_RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** A logger writing `[tether] scope: message` lines to a stream (stderr by default). */
export function createStreamLogger(
  options: { scope?: string; level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const { scope = '', level = 'info' } = options;
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (at: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LEVEL_RANK[at] < LEVEL_RANK[level]) return;
    const prefix = scope ? `[tether] ${scope}: ` : '[tether] ';
    const tail = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    write(`${prefix}${at === 'info' ? '' : `${at}: `}${message}${tail}\n`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (child) => createStreamLogger({ ...options, scope: scope ? `${scope}/${child}` : child }),
  };
}

/** A logger that drops everything; for tests and quiet commands. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

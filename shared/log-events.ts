import { z } from 'zod';

/**
 * Normalized log events: one vocabulary for every client's MCP logs and Tether's own proxy journals.
 *
 * Readers in electron/core/logs/ turn Claude Code, Claude Desktop, Cursor and proxy-journal lines into
 * these; the timeline, the diagnosis rules, `tether logs --json` and the UI all consume them. Messages
 * are redacted before an event is built. Fields may be added (optional); never removed or renamed.
 */

/** The clients whose logs Tether reads; `tether` is the proxy journal. */
export const logClientSchema = z.enum(['claude-code', 'claude-desktop', 'cursor', 'tether']);
export type LogClient = z.infer<typeof logClientSchema>;

/** Where a server is configured; `unknown` when the log does not tell and no config matched. */
export const serverScopeSchema = z.enum([
  'user',
  'local',
  'project',
  'managed',
  'dynamic',
  'proxy',
  'unknown',
]);
export type ServerScope = z.infer<typeof serverScopeSchema>;

/** A server is `(client, scope, project?, name)` (ARCHITECTURE.md "Server identity and status"). */
export const serverIdentitySchema = z.object({
  client: logClientSchema,
  scope: serverScopeSchema,
  /** Absolute project path, for project/local scope servers and Claude Code logs (its cwd). */
  project: z.string().optional(),
  name: z.string(),
});
export type ServerIdentity = z.infer<typeof serverIdentitySchema>;

export const logLevelSchema = z.enum(['debug', 'info', 'warn', 'error']);
export type LogEventLevel = z.infer<typeof logLevelSchema>;

/** The log file and 1-based line an event came from (for JSON-array files: the entry index). */
export const logSourceRefSchema = z.object({ file: z.string(), line: z.number().int() });

const base = {
  /** ISO-8601 UTC. */
  time: z.string(),
  server: serverIdentitySchema,
  level: logLevelSchema,
  /** The redacted message, as the client wrote it (multi-line stacks kept). */
  message: z.string(),
  source: logSourceRefSchema,
  /** The client's own session id (Claude Code `sessionId`, proxy pid), when known. */
  session: z.string().optional(),
};

const event = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ ...base, kind: z.literal(kind), ...shape });

export const logEventSchema = z.discriminatedUnion('kind', [
  event('connecting', {}),
  event('connected', { transport: z.string().optional(), ms: z.number().optional() }),
  event('connect_failed', {
    reason: z.string(),
    httpStatus: z.number().int().optional(),
    /** The client's own attempt number, when it logs one (proxy journals: attempts 1–3, then every 10th). */
    attempt: z.number().int().optional(),
  }),
  event('disconnected', {
    uptimeS: z.number().optional(),
    clean: z.boolean(),
    /**
     * False for a dropped stream the client may still recover inside the same connection (Claude
     * Code's "connection dropped"); true when the connection itself closed.
     */
    final: z.boolean(),
    transport: z.string().optional(),
    /** A stdio server's exit code, when the client logged it. */
    exitCode: z.number().int().optional(),
    /** Why it ended, when the client says so in words (e.g. `proxy stopped`). */
    reason: z.string().optional(),
    /** Age of the stream at the cut as the client measured it from the stream's own (re)open. */
    streamAgeS: z.number().optional(),
  }),
  event('reconnecting', { attempt: z.number().int().optional(), maxAttempts: z.number().int().optional() }),
  event('session_expired', {}),
  event('auth_required', { reason: z.string().optional() }),
  event('timeout', { ms: z.number().optional() }),
  event('tools_listed', { count: z.number().int() }),
  event('tool_call', { tool: z.string() }),
  event('tool_ok', { tool: z.string(), ms: z.number().optional() }),
  event('tool_error', { tool: z.string(), ms: z.number().optional(), error: z.string() }),
  event('server_stderr', {}),
  event('error', { httpStatus: z.number().int().optional() }),
  event('info', {
    /**
     * Set on the record of something Tether did (a dashboard or CLI action: reconnect, wrap, …). Such a
     * record is history, not evidence of the server's own state, so it never makes old evidence recent.
     */
    tetherAction: z.string().optional(),
    tool: z.string().optional(),
    elapsedS: z.number().optional(),
    /** A connection's capabilities say the server offers tools (Claude Code logs no tool count). */
    hasTools: z.boolean().optional(),
  }),
]);
export type LogEvent = z.infer<typeof logEventSchema>;
export type LogEventKind = LogEvent['kind'];
export type LogEventOf<K extends LogEventKind> = Extract<LogEvent, { kind: K }>;

export const logEventKinds = logEventSchema.options.map((option) => option.shape.kind.value);

/** A stable string key for grouping events of one server. */
export function serverIdentityKey(server: ServerIdentity): string {
  return [server.client, server.scope, server.project ?? '', server.name].join('\u0000');
}

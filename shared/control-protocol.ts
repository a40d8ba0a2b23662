import { z } from 'zod';

/**
 * The control protocol between a `tether proxy` and the Tether service, and the proxy journal format.
 *
 * Transport: newline-delimited JSON (one message per line, UTF-8) over the control socket
 * (`controlSocketPath()` in electron/core/control-socket-path.ts). The proxy connects as a client,
 * sends `hello` first, then events; the service may send commands at any time. Every message carries
 * `v` (protocol version). A receiver ignores messages with an unknown `type` and rejects a different
 * major `v`. The same proxy events are appended to the per-server journal
 * (`<dataDir>/proxies/<server-key>/journal.jsonl`) with a timestamp `ts`, whether or not a service
 * listens, so the service can read what happened while it was away. No field ever holds a secret:
 * upstream URLs and previews are redacted by the proxy before they are written.
 *
 * Compatibility rule: fields may be added (optional); never removed or changed in meaning without
 * bumping CONTROL_PROTOCOL_VERSION.
 */
export { CONTROL_PROTOCOL_VERSION } from './control-protocol-constants.js';

/** The state of one proxied server, as the proxy sees it (a subset of the UI's server statuses). */
export const proxyStateSchema = z.enum([
  'connected',
  'degraded',
  'reconnecting',
  'session-expired',
  'needs-auth',
  'upstream-down',
]);
export type ProxyState = z.infer<typeof proxyStateSchema>;

/** Who the proxy is: sent once after connecting, and as the first journal line of each run. */
export const helloEventSchema = z.object({
  type: z.literal('hello'),
  server: z.object({
    /** `--name`, or a name derived from the upstream. */
    name: z.string(),
    /** The directory name under `<dataDir>/proxies/` (journal, cache). */
    key: z.string(),
    /** `clientInfo.name` of the MCP client, once it has sent `initialize`. */
    client: z.string().optional(),
    clientVersion: z.string().optional(),
  }),
  pid: z.number().int(),
  /** Redacted upstream: a URL (credentials hidden) or `stdio: <command>` (args redacted). */
  upstream: z.string(),
  transport: z.enum(['streamable-http', 'sse', 'stdio', 'auto']),
  version: z.string(),
  startedAt: z.string(),
});
export type HelloEvent = z.infer<typeof helloEventSchema>;

/** A change of the proxy's state; `reason` is a short machine token, `message` the human stderr line. */
export const stateEventSchema = z.object({
  type: z.literal('state'),
  state: proxyStateSchema,
  previous: proxyStateSchema.optional(),
  /** E.g. `session_expired`, `connect_failed`, `http_5xx`, `stream_cut`, `idle_cut`, `child_exit`. */
  reason: z.string(),
  message: z.string(),
  details: z
    .object({
      httpStatus: z.number().int().optional(),
      reinitMs: z.number().optional(),
      replayed: z.number().int().optional(),
      failed: z.number().int().optional(),
      attempt: z.number().int().optional(),
      retryInMs: z.number().optional(),
      /** Age in seconds of a GET stream when it was cut. */
      streamAgeS: z.number().optional(),
      /** Detected idle timeout of an intermediary, in seconds (repeated cut at the same age). */
      idleCutS: z.number().optional(),
      exitCode: z.number().int().nullable().optional(),
      errorCode: z.string().optional(),
    })
    .optional(),
});
export type StateEvent = z.infer<typeof stateEventSchema>;

/** How a client request ended. */
export const activityOutcomeSchema = z.enum([
  'ok',
  /** The upstream answered with a JSON-RPC error or a tool result with isError. */
  'error',
  /** The proxy answered with its own error (see shared/proxy-errors.ts). */
  'proxy-error',
  'cancelled',
  /** Answered from the proxy's cache (upstream unavailable). */
  'cached',
]);

/** One finished client request. Previews are short and redacted. */
export const activityEventSchema = z.object({
  type: z.literal('activity'),
  method: z.string(),
  tool: z.string().optional(),
  durationMs: z.number(),
  outcome: activityOutcomeSchema,
  /** For proxy errors: whether the request ran upstream. */
  executed: z.enum(['yes', 'no', 'unknown']).optional(),
  reason: z.string().optional(),
  replayed: z.boolean().optional(),
  preview: z.object({ request: z.string().optional(), response: z.string().optional() }).optional(),
});
export type ActivityEvent = z.infer<typeof activityEventSchema>;

/** Periodic counters (cumulative since the proxy started). */
export const metricsEventSchema = z.object({
  type: z.literal('metrics'),
  uptimeS: z.number(),
  requests: z.number().int(),
  errors: z.number().int(),
  inFlight: z.number().int(),
  reinits: z.number().int(),
  reconnects: z.number().int(),
  streamCuts: z.number().int(),
  replays: z.number().int(),
  rateLimited: z.number().int(),
  rssBytes: z.number().int().optional(),
  latencyMs: z.object({ p50: z.number(), p99: z.number() }).optional(),
});
export type MetricsEvent = z.infer<typeof metricsEventSchema>;

/** What happened to a server's credentials (electron/proxy/auth/auth-events.ts says when each is sent). */
export const authEventKindSchema = z.enum([
  'consent',
  'token_issued',
  'token_refreshed',
  'token_adopted',
  'refresh_failed',
  'login_required',
  'token_rejected',
  'revoked',
  /** A login is waiting for a person: `authorizationUrl` is the page to open (socket only, never journaled). */
  'login_url',
]);

/** Security activity of the proxy's upstream credentials: when and why, never a token, code or secret. */
export const authEventSchema = z.object({
  type: z.literal('auth'),
  kind: authEventKindSchema,
  /** ISO-8601 time of the event (the journal's `ts` is when it was written). */
  at: z.string(),
  /** Short, human-readable, redacted. */
  reason: z.string(),
  /** When the current access token expires (ISO-8601), when known. */
  expiresAt: z.string().optional(),
  /** For transient refresh failures: when the next attempt is due. */
  retryInMs: z.number().optional(),
  httpStatus: z.number().int().optional(),
  /** Only on `login_url` events sent on the socket: PKCE challenge and state, no secret. */
  authorizationUrl: z.string().optional(),
});
export type AuthEvent = z.infer<typeof authEventSchema>;

/** Everything a proxy sends (and journals). */
export const proxyEventSchema = z.discriminatedUnion('type', [
  helloEventSchema,
  stateEventSchema,
  activityEventSchema,
  metricsEventSchema,
  authEventSchema,
]);
export type ProxyEvent = z.infer<typeof proxyEventSchema>;

/**
 * Commands the service may send to a proxy. `id` is echoed in the proxy's `ack`. `sign-in` makes an
 * OAuth proxy prepare a browser login: it sends an `auth` event of kind `login_url` before its ack.
 */
export const serviceCommandSchema = z.object({
  v: z.number().int(),
  type: z.literal('command'),
  id: z.string().optional(),
  /** `check-upstream`: the machine woke or the network changed; probe the upstream now. */
  command: z.enum(['reconnect', 'reset-session', 'restart-child', 'sign-in', 'check-upstream']),
});
export type ServiceCommand = z.infer<typeof serviceCommandSchema>;

/** The proxy's answer to a command (sent on the socket only, not journaled). */
export const commandAckSchema = z.object({
  v: z.number().int(),
  type: z.literal('ack'),
  id: z.string().optional(),
  command: z.string(),
  ok: z.boolean(),
  message: z.string().optional(),
});
export type CommandAck = z.infer<typeof commandAckSchema>;

/** One journal line: a proxy event with version, ISO timestamp and the proxy's pid. */
export const journalLineSchema = z.intersection(
  proxyEventSchema,
  z.object({ v: z.number().int(), ts: z.string(), pid: z.number().int() }),
);
export type JournalLine = z.infer<typeof journalLineSchema>;

/**
 * A local `tether reconnect` / `reset-session` / `restart` relayed through the service that owns the
 * socket (the socket is owner-only, so only the same user can ask). `server` is a name or status key;
 * the service resolves it with its status model and commands every live proxy of it. Not a proxy
 * message: a relaying connection never says `hello`.
 */
export const relayRequestSchema = z.object({
  v: z.number().int(),
  type: z.literal('relay'),
  id: z.string(),
  /** `snapshot` asks for the status model's snapshot (`tether servers`). */
  action: z.enum(['reconnect', 'reset-session', 'restart', 'reconnect-all', 'snapshot']),
  server: z.string().optional(),
});
export type RelayRequest = z.infer<typeof relayRequestSchema>;

/** The service's answer to a relay: `unknown-server` carries close matches; `outcomes` one per server. */
export const relayAnswerSchema = z.object({
  v: z.number().int(),
  type: z.literal('relay-answer'),
  id: z.string(),
  ok: z.boolean(),
  code: z.enum(['ok', 'failed', 'unknown-server']),
  message: z.string(),
  closeMatches: z.array(z.string()).optional(),
  outcomes: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })).optional(),
  /** For `snapshot`: a StatusSnapshot (shared/server-status.ts; checked by the asker, which imports it). */
  snapshot: z.unknown().optional(),
});
export type RelayAnswer = z.infer<typeof relayAnswerSchema>;

export { JOURNAL_FILE_NAME, PROXIES_DIR_NAME, serverKey } from './control-protocol-constants.js';

import { z } from 'zod';
import { proxyStateSchema } from './control-protocol.js';
import { logEventSchema, serverIdentitySchema } from './log-events.js';

/**
 * Per-server timelines built from normalized log events and proxy journals
 * (electron/core/timeline/). The UI renders these; `tether timeline --json` prints them.
 */

/**
 * ARCHITECTURE.md "Server identity and status": every state a proxy can report, plus the two that only the
 * service can know (nobody attached yet, or no evidence at all).
 */
export const serverStatusSchema = z.enum([...proxyStateSchema.options, 'never-attached', 'unknown']);
export type ServerStatus = z.infer<typeof serverStatusSchema>;

export const connectionSchema = z.object({
  start: z.string(),
  end: z.string().optional(),
  /** `closed`, `closed with errors: <last error>`, `exit code N`, `superseded`, or absent while open. */
  endReason: z.string().optional(),
  uptimeS: z.number().optional(),
  clean: z.boolean().optional(),
  transport: z.string().optional(),
  connectMs: z.number().optional(),
  exitCode: z.number().int().optional(),
  /** Stream drops the client recovered from inside this connection. */
  drops: z.number().int(),
  session: z.string().optional(),
  file: z.string(),
});
export type Connection = z.infer<typeof connectionSchema>;

export const distributionSchema = z.object({
  count: z.number().int(),
  min: z.number().optional(),
  p50: z.number().optional(),
  p90: z.number().optional(),
  max: z.number().optional(),
});
export type Distribution = z.infer<typeof distributionSchema>;

export const timelineCountersSchema = z.object({
  connectAttempts: z.number().int(),
  connects: z.number().int(),
  connectFailures: z.number().int(),
  disconnects: z.number().int(),
  uncleanDisconnects: z.number().int(),
  drops: z.number().int(),
  reconnects: z.number().int(),
  sessionExpired: z.number().int(),
  authRequired: z.number().int(),
  timeouts: z.number().int(),
  toolCalls: z.number().int(),
  toolOk: z.number().int(),
  toolErrors: z.number().int(),
  stderrLines: z.number().int(),
  errors: z.number().int(),
  malformed: z.number().int(),
});
export type TimelineCounters = z.infer<typeof timelineCountersSchema>;

/** One stream cut with its age: the idle-cut fingerprint and where the client logged it. */
export const streamCutSchema = z.object({
  /** Seconds from the stream's (re)open to the cut (the client's own "dropped after Ns uptime" clock). */
  ageS: z.number(),
  time: z.string(),
  file: z.string(),
  line: z.number().int(),
  message: z.string(),
  /**
   * What the age is measured from: `reopen` (the stream's re-open after an earlier cut: the idle time
   * itself) or `connect` (the connection's start, which also holds the handshake: a little long).
   */
  from: z.enum(['connect', 'reopen']).optional(),
});
export type StreamCut = z.infer<typeof streamCutSchema>;

/** The last run of a proxy process, as its journal tells it. */
export const proxyRunSchema = z.object({
  pid: z.number().int().optional(),
  startedAt: z.string(),
  /** When it ended: its `proxy stopped` line, or its last line when the process is gone without one. */
  endedAt: z.string().optional(),
  /** `stopped` (said goodbye), `vanished` (pid gone without a goodbye), absent while running. */
  ending: z.enum(['stopped', 'vanished']).optional(),
  /** The proxy's state when it ended (or now), and since when. */
  lastState: z.string().optional(),
  lastStateSince: z.string().optional(),
  /** The message of that state (e.g. "upstream unavailable (ECONNREFUSED …)"). */
  lastStateMessage: z.string().optional(),
  /** When the proxy last lost its upstream (left `connected`), if it had not got it back. */
  outageSince: z.string().optional(),
  callsOk: z.number().int(),
  callsFailed: z.number().int(),
});
export type ProxyRun = z.infer<typeof proxyRunSchema>;

/** What the proxy (journal or live control socket) reports for a wrapped server. */
export const proxySummarySchema = z.object({
  key: z.string(),
  state: z.string().optional(),
  since: z.string().optional(),
  upstream: z.string().optional(),
  pid: z.number().int().optional(),
  live: z.boolean(),
  streamCuts: z.number().int(),
  reinits: z.number().int(),
  lastEventAt: z.string().optional(),
  /**
   * True while a proxy process of this server runs (live on the socket, or its pid alive and its journal
   * recent); false once it said `proxy stopped` or its pid is gone. Absent when unknown.
   */
  running: z.boolean().optional(),
  /** The newest run of the proxy process. */
  lastRun: proxyRunSchema.optional(),
});
export type ProxySummary = z.infer<typeof proxySummarySchema>;

export const serverTimelineSchema = z.object({
  key: z.string(),
  server: serverIdentitySchema,
  status: serverStatusSchema,
  /** True when the status comes from client logs rather than a live proxy. */
  inferred: z.boolean(),
  statusReason: z.string(),
  firstSeen: z.string().optional(),
  lastSeen: z.string().optional(),
  connections: z.array(connectionSchema),
  counters: timelineCountersSchema,
  uptimeS: distributionSchema,
  /** Seconds from the stream's (re)open to each cut (not drop to drop): the idle-timeout fingerprint. */
  disconnectAgesS: z.array(z.number()),
  disconnectAge: distributionSchema,
  /** The cuts behind `disconnectAgesS`, oldest first, each with its log line (evidence for idle cuts). */
  cuts: z.array(streamCutSchema).optional(),
  toolLatencyMs: distributionSchema,
  toolsListed: z.array(z.object({ time: z.string(), count: z.number().int() })),
  httpStatuses: z.record(z.string(), z.number().int()),
  stderrTail: z.array(z.string()),
  sessions: z.array(z.string()),
  files: z.array(z.string()),
  proxy: proxySummarySchema.optional(),
  /** The newest notable (non-debug) events, oldest first; evidence for findings. */
  events: z.array(logEventSchema),
});
export type ServerTimeline = z.infer<typeof serverTimelineSchema>;

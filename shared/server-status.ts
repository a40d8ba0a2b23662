import { z } from 'zod';
import { CLIENT_IDS, configProblemSchema } from './server-model.js';
import { serverStatusSchema, type ServerStatus } from './timeline-model.js';

/**
 * The one status model: what every screen says about every server.
 *
 * The service merges the watched client configs, the timelines built from client logs and proxy
 * journals, and the live proxy states from the control hub into one entry per server
 * (electron/core/status/). The dashboard, `tether servers`, the tray and the metrics all read these
 * entries, so they cannot disagree. Fields may be added (optional); never removed or renamed.
 */

/** Where an entry's status comes from; only `live-proxy` is live. */
export const statusSourceSchema = z.enum(['live-proxy', 'proxy-journal', 'client-logs', 'config']);

/** What a user can do to a server from the dashboard or the tray. */
export const serverActionSchema = z.enum([
  'reconnect',
  'reset-session',
  'restart',
  'sign-in',
  'wrap',
  'unwrap',
]);
export type ServerAction = z.infer<typeof serverActionSchema>;

/** The clients a status entry can belong to: every configurable client, and `tether` for a proxy no config names. */
export const statusClientSchema = z.enum([...CLIENT_IDS, 'tether']);
export type StatusClient = z.infer<typeof statusClientSchema>;

export const lastProblemSchema = z.object({ time: z.string(), message: z.string() });

export const serverStatusEntrySchema = z.object({
  /** Stable id of the entry (the identity as one string): for maps, events and URLs. */
  key: z.string(),
  client: statusClientSchema,
  /** The config scope (`user`, `local`, `project`, …) or the log's scope for servers only seen in logs. */
  scope: z.string(),
  project: z.string().nullable(),
  name: z.string(),
  /** False for servers seen only in logs or on the control socket (no config entry names them now). */
  configured: z.boolean(),
  configPath: z.string().nullable(),
  disabled: z.boolean(),
  /** False when a higher-precedence scope of the same client defines the same name. */
  effective: z.boolean(),
  status: serverStatusSchema,
  /** The reason in a few words, e.g. "upstream refused the connection for 31 s". */
  reason: z.string(),
  /** When the current status began (ISO), when known. */
  since: z.string().nullable(),
  source: statusSourceSchema,
  /** True only while a running proxy reports it over the control socket. */
  live: z.boolean(),
  /** Why the status is (not) live, e.g. "inferred from Claude Code's log", "proxy not running". */
  sourceNote: z.string(),
  wrapped: z.boolean(),
  /** The proxy key (`serverKey(--name)`) of a wrapped server. */
  proxyKey: z.string().nullable(),
  /** Proxies of this server running now (one per client session that spawned it). */
  liveProxies: z.number().int(),
  transport: z.string(),
  /** URL or command line of the real server, redacted. */
  upstream: z.string().nullable(),
  toolCount: z.number().int().nullable(),
  lastProblem: lastProblemSchema.nullable(),
  /** Newest evidence of any kind (ISO): lets a screen tell live from stale. */
  lastSeen: z.string().nullable(),
  /** What makes sense for this server now, most useful first. */
  actions: z.array(serverActionSchema),
});
export type ServerStatusEntry = z.infer<typeof serverStatusEntrySchema>;

export const statusSummarySchema = z.object({
  total: z.number().int(),
  byStatus: z.record(serverStatusSchema, z.number().int()),
  worst: serverStatusSchema.nullable(),
});
export type StatusSummary = z.infer<typeof statusSummarySchema>;

export const statusSnapshotSchema = z.object({
  generatedAt: z.string(),
  servers: z.array(serverStatusEntrySchema),
  /** Config files that cannot be read (file, line, message): shown while every other server is listed. */
  problems: z.array(configProblemSchema),
  summary: statusSummarySchema,
});
export type StatusSnapshot = z.infer<typeof statusSnapshotSchema>;

/** A change of the model: entries that changed or appeared, keys that went away. Coalesced per server. */
export const statusChangedSchema = z.object({
  generatedAt: z.string(),
  changed: z.array(serverStatusEntrySchema),
  removed: z.array(z.string()),
  problems: z.array(configProblemSchema),
  summary: statusSummarySchema,
});
export type StatusChanged = z.infer<typeof statusChangedSchema>;

/**
 * Statuses from the one that most needs a person to the one that needs none. `needs-auth` ranks high
 * because it needs an action, even though screens draw it calmly (it is an expected step, not an error).
 */
export const STATUS_SEVERITY_ORDER: readonly ServerStatus[] = [
  'upstream-down',
  'needs-auth',
  'session-expired',
  'reconnecting',
  'degraded',
  'unknown',
  'never-attached',
  'connected',
];

/** The status of `statuses` that most needs attention; null for none. */
export function worstStatus(statuses: Iterable<ServerStatus>): ServerStatus | null {
  let worst: ServerStatus | null = null;
  for (const status of statuses) {
    if (worst === null || STATUS_SEVERITY_ORDER.indexOf(status) < STATUS_SEVERITY_ORDER.indexOf(worst))
      worst = status;
  }
  return worst;
}

/** Counts per status and the worst one, for the home view's summary and the tray. */
export function summarizeStatuses(entries: readonly Pick<ServerStatusEntry, 'status'>[]): StatusSummary {
  const byStatus = Object.fromEntries(serverStatusSchema.options.map((status) => [status, 0])) as Record<
    ServerStatus,
    number
  >;
  for (const entry of entries) byStatus[entry.status]++;
  return { total: entries.length, byStatus, worst: worstStatus(entries.map((entry) => entry.status)) };
}

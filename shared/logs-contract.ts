import { z } from 'zod';
import { logClientSchema, logEventSchema, logLevelSchema, serverIdentitySchema } from './log-events.js';

/**
 * The log viewer's part of the API (issue 14): queries over the service's index of normalized events,
 * the context of one event, a live subscription, index status and the support bundle.
 *
 * Spread into `invokeContract` / `eventContract` (shared/api-contract.ts). Times on the wire are epoch
 * milliseconds (`t`) next to ISO strings where a person reads them; rows carry redacted messages only.
 */

/** What to show: every field is optional, an empty filter matches everything the index holds. */
export const logFilterSchema = z
  .object({
    /** Only these clients / only these server names (any client); empty = all. */
    clients: z.array(logClientSchema).optional(),
    servers: z.array(z.string()).optional(),
    /** Never these ("hide this" from a cell). */
    hideClients: z.array(logClientSchema).optional(),
    hideServers: z.array(z.string()).optional(),
    levels: z.array(logLevelSchema).optional(),
    kinds: z.array(z.string()).optional(),
    /** Epoch ms, inclusive. */
    from: z.number().optional(),
    to: z.number().optional(),
    /** Text (case-insensitive unless `matchCase`) or a regular expression over the message. */
    q: z.string().max(2000).optional(),
    regex: z.boolean().optional(),
    matchCase: z.boolean().optional(),
  })
  .strict();
export type LogFilter = z.infer<typeof logFilterSchema>;

/** A position in the merged stream: events are ordered by time, then by their index id. */
export const logCursorSchema = z.object({ t: z.number(), id: z.number().int().nonnegative() }).strict();
export type LogCursor = z.infer<typeof logCursorSchema>;

/** One line of the viewer. `id` is the index's, valid while the service runs. */
export const logRowSchema = z.object({
  id: z.number().int(),
  t: z.number(),
  time: z.string(),
  server: serverIdentitySchema,
  level: logLevelSchema,
  kind: z.string(),
  /** Redacted; cut at `messageLimit` characters unless asked for in full. */
  message: z.string(),
  /** The full message length when `message` was cut. */
  fullLength: z.number().int().optional(),
  file: z.string(),
  line: z.number().int(),
});
export type LogRow = z.infer<typeof logRowSchema>;

export const logQueryRequestSchema = z
  .object({
    filter: logFilterSchema,
    /** At most one anchor; none = the newest events. `around` is epoch ms. */
    before: logCursorSchema.optional(),
    after: logCursorSchema.optional(),
    around: z.number().optional(),
    /** Open at one source line (a permalink or an evidence link): its event is the anchor. */
    locate: z.object({ file: z.string(), line: z.number().int() }).strict().optional(),
    limit: z.number().int().min(1).max(5000).optional(),
    /** Messages in full (exports) instead of cut for the list. */
    full: z.boolean().optional(),
  })
  .strict();
export type LogQueryRequest = z.infer<typeof logQueryRequestSchema>;

export const logQuerySchema = z.object({
  /** Always oldest first. */
  rows: z.array(logRowSchema),
  /** More matching events exist before the first / after the last row. */
  hasBefore: z.boolean(),
  hasAfter: z.boolean(),
  /** The row `locate` found (or, for `around`, the first row at or after it). */
  anchorId: z.number().int().optional(),
  /** An invalid regular expression, said in words; rows are then empty. */
  searchError: z.string().optional(),
});
export type LogQuery = z.infer<typeof logQuerySchema>;

export const logHistogramRequestSchema = z
  .object({ filter: logFilterSchema, buckets: z.number().int().min(1).max(400).optional() })
  .strict();
/** Per-level counts per time bucket over the filter's range (or the indexed span when unbounded). */
export const logHistogramSchema = z.object({
  from: z.number(),
  bucketMs: z.number(),
  /** counts[bucket] = [debug, info, warn, error]. */
  counts: z.array(z.tuple([z.number(), z.number(), z.number(), z.number()])),
  total: z.number().int(),
  searchError: z.string().optional(),
});
export type LogHistogram = z.infer<typeof logHistogramSchema>;

export const logContextRequestSchema = z
  .object({ id: z.number().int(), lines: z.number().int().min(0).max(200).optional() })
  .strict();
export const logContextLineSchema = z.object({
  line: z.number().int(),
  /** Redacted, control characters made visible, cut at a few KiB. */
  text: z.string(),
  cutBytes: z.number().int().optional(),
});
/** One event in full, with the raw lines around it in its file. */
export const logContextSchema = z.object({
  event: logEventSchema,
  /** The message was cut for the wire at this many characters. */
  messageCut: z.number().int().optional(),
  file: z.string(),
  line: z.number().int(),
  lines: z.array(logContextLineSchema),
  /** Why there is no (trustworthy) context: a live proxy event, a file gone or rewritten since. */
  note: z.string().optional(),
});
export type LogContext = z.infer<typeof logContextSchema>;

export const logSubscribeRequestSchema = z
  .object({
    filter: logFilterSchema,
    /** Renew (and re-filter) an existing subscription; they lapse a minute after the last renewal. */
    subscription: z.string().optional(),
  })
  .strict();
export const logSubscriptionSchema = z.object({ subscription: z.string() });

/** A problem the index met and went past: what the viewer says it skipped. */
export const logNoticeSchema = z.object({
  time: z.string(),
  file: z.string(),
  message: z.string(),
});
export type LogNotice = z.infer<typeof logNoticeSchema>;

export const logStatusSchema = z.object({
  events: z.number().int(),
  files: z.number().int(),
  /** Files of the window still being read for the first time. */
  indexing: z.boolean(),
  oldest: z.number().optional(),
  newest: z.number().optional(),
  /** Lines skipped as unreadable (malformed, binary, over 8 MiB). */
  skippedLines: z.number().int(),
  /** Newest first, at most 50. */
  notices: z.array(logNoticeSchema),
  servers: z.array(serverIdentitySchema),
  /** How far back the service looks (days of file modification time). */
  windowDays: z.number(),
});
export type LogStatus = z.infer<typeof logStatusSchema>;

export const bundleSummarySchema = z.object({
  /** The archive's file name; also its id for the download. */
  id: z.string(),
  bytes: z.number().int(),
  createdAt: z.string(),
  files: z.array(z.object({ path: z.string(), bytes: z.number().int(), collector: z.string() })),
  errors: z.array(z.object({ collector: z.string(), message: z.string() })),
});
export type BundleSummary = z.infer<typeof bundleSummarySchema>;

export const bundleDownloadSchema = z.object({ id: z.string(), base64: z.string() });

export const logsInvokeContract = {
  'logs:query': { request: logQueryRequestSchema, response: logQuerySchema },
  'logs:histogram': { request: logHistogramRequestSchema, response: logHistogramSchema },
  'logs:context': { request: logContextRequestSchema, response: logContextSchema },
  'logs:subscribe': { request: logSubscribeRequestSchema, response: logSubscriptionSchema },
  'logs:unsubscribe': { request: logSubscriptionSchema.strict(), response: z.object({}) },
  'logs:status': { request: z.object({}).strict(), response: logStatusSchema },
  /** Builds the redacted support bundle; web mode downloads it from `bundleDownloadPath(id)`. */
  'bundle:create': { request: z.object({}).strict(), response: bundleSummarySchema },
  /** The archive itself, for the app window (no HTTP there). */
  'bundle:download': { request: z.object({ id: z.string() }).strict(), response: bundleDownloadSchema },
} as const;

/** New events matching one subscription's filter, oldest first; `dropped` were left out of a burst. */
export const logLiveSchema = z.object({
  subscription: z.string(),
  rows: z.array(logRowSchema),
  dropped: z.number().int(),
});
export type LogLive = z.infer<typeof logLiveSchema>;

export const logsEventContract = {
  'logs:live': logLiveSchema,
} as const;

/** The HTTP path of a bundle under `tether serve` (behind the same access guard as every request). */
export function bundleDownloadPath(id: string): string {
  return `/api/bundles/${encodeURIComponent(id)}`;
}

/** Bundle ids are file names the service made: nothing else is served. */
export const BUNDLE_ID_PATTERN = /^tether-bundle-[0-9TZ-]+\.tar\.gz$/;

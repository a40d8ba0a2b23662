import { z } from 'zod';
import { activityOutcomeSchema, authEventKindSchema } from './control-protocol.js';
import { serverActionSchema, serverStatusEntrySchema, statusSnapshotSchema } from './server-status.js';
import { serverTimelineSchema } from './timeline-model.js';

/**
 * What the dashboard shows about one server and what it can do to it: the detail page's payload, the
 * actions and their answers. The service builds these from the one status model
 * (electron/core/status/), the timelines, the diagnosis rules and the proxy journals.
 */

/** One line of evidence a finding rests on, with the file and line to read it in. */
export const findingEvidenceSchema = z.object({
  time: z.string(),
  message: z.string(),
  file: z.string(),
  line: z.number().int(),
});

/** An action a finding's remedy can apply from the page (a button beside the remedy). */
export const remedyActionSchema = serverActionSchema;

export const findingSchema = z.object({
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  title: z.string(),
  explanation: z.string(),
  evidence: z.array(findingEvidenceSchema),
  remedy: z.string(),
  /** The action that applies the remedy, when one exists. */
  action: remedyActionSchema.optional(),
});
export type Finding = z.infer<typeof findingSchema>;

/** One finished request through the proxy (from its journal or live events); previews are redacted. */
export const activityItemSchema = z.object({
  time: z.string(),
  method: z.string(),
  tool: z.string().optional(),
  durationMs: z.number(),
  outcome: activityOutcomeSchema,
  reason: z.string().optional(),
  preview: z.string().optional(),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

/** Sign-in, refresh, revoke, 401s: when and why, never a token. */
export const securityItemSchema = z.object({
  time: z.string(),
  kind: z.union([authEventKindSchema, z.literal('http_401')]),
  message: z.string(),
});
export type SecurityItem = z.infer<typeof securityItemSchema>;

/** A file the server's evidence came from, for "open in the log viewer". */
export const evidenceFileSchema = z.object({ file: z.string(), events: z.number().int() });
export type EvidenceFile = z.infer<typeof evidenceFileSchema>;

/** Tool count over time: one point per list the server answered (a drop to 0 stands out). */
export const toolCountPointSchema = z.object({ time: z.string(), count: z.number().int() });

export const serverDetailSchema = z.object({
  entry: serverStatusEntrySchema,
  /** The server's timeline (connections, counters, distributions, cuts, proxy runs); null when none. */
  timeline: serverTimelineSchema.nullable(),
  findings: z.array(findingSchema),
  activity: z.array(activityItemSchema),
  security: z.array(securityItemSchema),
  toolCounts: z.array(toolCountPointSchema),
  /** Newest last; redacted. */
  stderrTail: z.array(z.string()),
  evidenceFiles: z.array(evidenceFileSchema),
});
export type ServerDetail = z.infer<typeof serverDetailSchema>;

/** Every action answers this: ok with what happened, or a clear message of why not. */
export const actionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ActionResult = z.infer<typeof actionResultSchema>;

/** A command to a server's live proxies, acted on at once. */
export const liveActionSchema = z.enum(['reconnect', 'reset-session', 'restart']);
export type LiveAction = z.infer<typeof liveActionSchema>;
export const serverActRequestSchema = z.object({ key: z.string().min(1), action: liveActionSchema }).strict();

/** A config edit (wrap, unwrap, clean): first a preview (the diff), then apply. */
export const configEditKindSchema = z.enum(['wrap', 'unwrap', 'clean']);
export type ConfigEditKind = z.infer<typeof configEditKindSchema>;
export const configEditRequestSchema = z
  .object({
    kind: configEditKindSchema,
    /** The server's status key; `clean` may leave it out to clean every stale entry. */
    key: z.string().min(1).optional(),
    /** True: say what would change (the diff) and write nothing. */
    dryRun: z.boolean(),
  })
  .strict();
export const configEditResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    message: z.string(),
    /** A unified diff of the change (secrets redacted); empty when nothing would change. */
    diff: z.string(),
    file: z.string().nullable(),
    /** True when the change was written and `config:undo` can take it back. */
    applied: z.boolean(),
  }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ConfigEditResult = z.infer<typeof configEditResultSchema>;

/** The status model's contract entries, spread into shared/api-contract.ts. */
export const statusInvokeContract = {
  /** Every server of every client, as the one status model sees it now. */
  'status:snapshot': { request: z.object({}).strict(), response: statusSnapshotSchema },
  'server:detail': {
    request: z.object({ key: z.string().min(1) }).strict(),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), detail: serverDetailSchema }),
      z.object({ ok: z.literal(false), message: z.string() }),
    ]),
  },
  'server:act': { request: serverActRequestSchema, response: actionResultSchema },
  'server:reconnect-all': { request: z.object({}).strict(), response: actionResultSchema },
  'config:edit': { request: configEditRequestSchema, response: configEditResultSchema },
  /** Undo the last edit Tether made (byte-identical restore). */
  'config:undo': { request: z.object({}).strict(), response: actionResultSchema },
} as const;

import { z } from 'zod';
import { logEventSchema } from './log-events.js';
import { logsEventContract, logsInvokeContract } from './logs-contract.js';
import { discoverySchema, serversChangedSchema } from './server-model.js';
import { settingsEventContract, settingsInvokeContract } from './settings-contract.js';
import { statusChangedSchema } from './server-status.js';
import { statusInvokeContract } from './server-detail.js';
import { serverTimelineSchema } from './timeline-model.js';

/**
 * The one API between the UI and the Tether service.
 *
 * Every request the UI can make (`invoke`) and every event it can receive (`events`) is declared here
 * once, as zod schemas. The Electron IPC bridge and the WebSocket adapter are both built from this
 * table, and the preload's allow-list is derived from its keys, so adding a channel is one entry here
 * plus one handler in the service.
 */
export const appInfoSchema = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  /** `desktop` inside Electron, `headless` under `tether serve`. */
  mode: z.enum(['desktop', 'headless']),
  startedAt: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

/** Every server's timeline (client logs + proxies), optionally one server by name. */
export const timelineListRequestSchema = z.object({ name: z.string().optional() }).strict();
export const timelineListSchema = z.object({ timelines: z.array(serverTimelineSchema) });

/** Ask the running OAuth proxy of a server to prepare a browser sign-in (the dashboard's "Sign in"). */
export const proxySignInRequestSchema = z.object({ name: z.string().min(1) }).strict();
export const proxySignInSchema = z.discriminatedUnion('ok', [
  /** The URL to open; the proxy signs itself in when the browser comes back. */
  z.object({ ok: z.literal(true), authorizationUrl: z.string() }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type ProxySignIn = z.infer<typeof proxySignInSchema>;

export const invokeContract = {
  'app:info': { request: z.object({}).strict(), response: appInfoSchema },
  'timeline:list': { request: timelineListRequestSchema, response: timelineListSchema },
  /** Every MCP server of every client as the service's config watcher sees it now, with unreadable files. */
  'servers:list': { request: z.object({}).strict(), response: discoverySchema },
  'proxy:sign-in': { request: proxySignInRequestSchema, response: proxySignInSchema },
  ...logsInvokeContract,
  ...settingsInvokeContract,
  ...statusInvokeContract,
} as const;

export const eventContract = {
  /** Sent once per connection so a client knows the service behind it is live. */
  'service:ready': z.object({ version: z.string() }),
  /** A new normalized event: a line a client appended to its MCP log, or a proxy event (redacted). */
  'log:event': logEventSchema,
  /** A client config file changed: servers added, changed or removed, and the files that cannot be read. */
  'servers:changed': serversChangedSchema,
  ...logsEventContract,
  ...settingsEventContract,
  /** The status model changed: at most one entry per server per 250 ms. */
  'status:changed': statusChangedSchema,
} as const;

export type InvokeContract = typeof invokeContract;
export type EventContract = typeof eventContract;
export type InvokeChannel = keyof InvokeContract;
export type EventName = keyof EventContract;
export type InvokeRequest<C extends InvokeChannel> = z.infer<InvokeContract[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<InvokeContract[C]['response']>;
export type EventPayload<E extends EventName> = z.infer<EventContract[E]>;

export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const eventNames = Object.keys(eventContract) as EventName[];

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && Object.hasOwn(invokeContract, value);
}

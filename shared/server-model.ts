import { z } from 'zod';

/**
 * The normalized MCP server record: one shape for every client's config format.
 *
 * Identity is `(client, scope, project?, name)`. Values that might be secrets (header values, env values,
 * URL credentials) are already redacted when a record leaves core; the raw entry never crosses this
 * boundary.
 */
export const CLIENT_IDS = ['claude-code', 'claude-desktop', 'cursor', 'vscode', 'windsurf', 'codex'] as const;
export const clientIdSchema = z.enum(CLIENT_IDS);
export type ClientId = z.infer<typeof clientIdSchema>;

/** Where in a client's configuration a server lives. */
export const SERVER_SCOPES = ['managed', 'user', 'local', 'project', 'global', 'workspace'] as const;
export const serverScopeSchema = z.enum(SERVER_SCOPES);
export type ServerScope = z.infer<typeof serverScopeSchema>;

export const transportSchema = z.enum(['stdio', 'http', 'sse', 'ws', 'unknown']);
export type Transport = z.infer<typeof transportSchema>;

export const serverIdentitySchema = z.object({
  client: clientIdSchema,
  scope: serverScopeSchema,
  /** The project folder for local/project/workspace scopes; null for user-wide ones. */
  project: z.string().nullable(),
  name: z.string(),
});
export type ServerIdentity = z.infer<typeof serverIdentitySchema>;

/** What a wrapped entry points at, read back from its `tether proxy` arguments. */
export const upstreamSchema = z.object({
  transport: transportSchema,
  url: z.string().nullable(),
  command: z.string().nullable(),
  args: z.array(z.string()),
});
export type Upstream = z.infer<typeof upstreamSchema>;

export const serverRecordSchema = serverIdentitySchema.extend({
  transport: transportSchema,
  url: z.string().nullable(),
  command: z.string().nullable(),
  args: z.array(z.string()),
  /** Header and env names are kept; their values are redacted when they look like secrets. */
  headers: z.record(z.string(), z.string()),
  env: z.record(z.string(), z.string()),
  configPath: z.string(),
  /** JSON pointer-like path of the entry inside its file, e.g. `projects./home/me/app.mcpServers.svc`. */
  location: z.array(z.string()),
  wrapped: z.boolean(),
  /** The upstream a wrapped entry proxies, when it is wrapped. */
  upstream: upstreamSchema.nullable(),
  /** False when a higher-precedence scope of the same client defines the same name (it is shadowed). */
  effective: z.boolean(),
  /** Disabled by the client's own toggle (`disabledMcpServers`, `disabled: true`, `enabled = false`). */
  disabled: z.boolean(),
  readOnly: z.boolean(),
});
export type ServerRecord = z.infer<typeof serverRecordSchema>;

/** A config file that could not be read: shown to the user, never written. */
export const configProblemSchema = z.object({
  client: clientIdSchema,
  configPath: z.string(),
  line: z.number().nullable(),
  column: z.number().nullable(),
  message: z.string(),
});
export type ConfigProblem = z.infer<typeof configProblemSchema>;

/** The snapshot of everything discovered. */
export const discoverySchema = z.object({
  servers: z.array(serverRecordSchema),
  problems: z.array(configProblemSchema),
});
export type Discovery = z.infer<typeof discoverySchema>;

/** One server that appeared, changed or went away (for `removed`: the record as last seen). */
export const serverChangeSchema = z.object({
  kind: z.enum(['added', 'changed', 'removed']),
  server: serverRecordSchema,
});
export type ServerChange = z.infer<typeof serverChangeSchema>;

/** What a change of the client config files did: the changes and the files that cannot be read now. */
export const serversChangedSchema = z.object({
  changes: z.array(serverChangeSchema),
  problems: z.array(configProblemSchema),
});
export type ServersChanged = z.infer<typeof serversChangedSchema>;

/** The identity as one stable string: for maps, stores and events. */
export function identityKey(id: ServerIdentity): string {
  return JSON.stringify([id.client, id.scope, id.project, id.name]);
}

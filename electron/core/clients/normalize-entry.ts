import { isObject } from '../../../shared/json-object.js';
import type { ClientId, ServerRecord, Transport } from '../../../shared/server-model.js';
import { parseProxyInvocation } from '../config/proxy-command.js';
import { redactArgs, redactEnv, redactHeaders, redactText, redactUrl } from '../redact.js';
import { expandRecord, expandVars, type ExpansionContext } from './expand-vars.js';

/** The part of a record that depends only on the entry itself. */
export type NormalizedEntry = Pick<
  ServerRecord,
  'transport' | 'url' | 'command' | 'args' | 'headers' | 'env' | 'wrapped' | 'upstream' | 'disabled'
>;

function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Reads the transport the way the client does: explicit `type`, else `url`/`serverUrl` means remote. */
function transportOf(entry: Record<string, unknown>, url: string | null): Transport {
  const type = typeof entry['type'] === 'string' ? entry['type'].toLowerCase() : undefined;
  if (type === 'stdio') return 'stdio';
  if (type === 'http' || type === 'streamable-http' || type === 'streamablehttp') return 'http';
  if (type === 'sse') return 'sse';
  if (type === 'ws') return 'ws';
  if (typeof entry['command'] === 'string') return 'stdio';
  if (url !== null) return 'http';
  return 'unknown';
}

/**
 * Normalizes one raw server entry: expands variables as its client would, then redacts secrets.
 *
 * Handles `url` (Claude Code, Cursor, VS Code), `serverUrl` (Windsurf), `http_headers` (Codex) and the
 * `disabled`/`enabled` flags; a `tether proxy` entry is reported as wrapped with its upstream.
 */
export function normalizeEntry(
  client: ClientId,
  entry: Record<string, unknown>,
  context: ExpansionContext,
): NormalizedEntry {
  const rawUrl =
    [entry['url'], entry['serverUrl']].find((value): value is string => typeof value === 'string') ?? null;
  const transport = transportOf(entry, rawUrl);
  const expand = (text: string): string => expandVars(client, text, context).value;
  const rawCommand = typeof entry['command'] === 'string' ? entry['command'] : null;
  const rawArgs = stringList(entry['args']);
  const headers = { ...stringMap(entry['headers']), ...stringMap(entry['http_headers']) };
  const upstream = rawCommand === null ? null : parseProxyInvocation(rawCommand, rawArgs);
  return {
    transport,
    url: rawUrl === null ? null : redactUrl(expand(rawUrl)),
    command: rawCommand === null ? null : redactText(expand(rawCommand)),
    args: redactArgs(rawArgs.map(expand)),
    headers: redactHeaders(expandRecord(client, headers, context)),
    env: redactEnv(expandRecord(client, stringMap(entry['env']), context)),
    wrapped: upstream !== null,
    upstream:
      upstream === null
        ? null
        : {
            ...upstream,
            url: upstream.url === null ? null : redactUrl(expand(upstream.url)),
            args: redactArgs(upstream.args.map(expand)),
          },
    disabled: entry['disabled'] === true || entry['enabled'] === false,
  };
}

import type { ClientId } from '../../../shared/server-model.js';
import { isObject } from '../../../shared/json-object.js';
import { parseProxyInvocation, proxyArgs, proxyHeaders, type LaunchCommand } from './proxy-command.js';
import { ServerSelectionError } from './find-server.js';
import { oauthFromProxyArgs, oauthProxyArgs, type OAuthWrapOptions } from './oauth-entry.js';
import { externalizeSecrets, referencedEnvNames, resolveSecretRefs } from './secret-refs.js';

/** Keys describing how to reach the server; everything else (timeouts, `disabled`, …) is kept as is. */
const TRANSPORT_KEYS = new Set([
  'type',
  'command',
  'args',
  'env',
  'url',
  'serverUrl',
  'headers',
  'http_headers',
  'oauth',
]);

/** Clients whose schema has a `type` field for stdio entries. */
const TYPED_CLIENTS: ReadonlySet<ClientId> = new Set(['claude-code', 'vscode']);

function strings(value: unknown): Record<string, string> {
  return isObject(value)
    ? Object.fromEntries(
        Object.entries(value).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
      )
    : {};
}

/**
 * Pure: the stdio entry that runs `tether proxy` in front of `entry`'s upstream.
 *
 * Remote: url + headers become `--header "K: V"` arguments (`${VAR}` references stay unexpanded, so the
 * client still substitutes them); credential header values, credential query values and a URL password
 * go to the entry's `env`, with `tether-env:NAME` references in the arguments (secret-refs.ts), so no
 * secret is on the proxy's command line. Local: the original command and args go after `--`, and the
 * original env stays on the entry so the proxy passes it to its child.
 */
export function wrapEntry(
  client: ClientId,
  name: string,
  entry: unknown,
  launch: LaunchCommand,
  auth: OAuthWrapOptions = {},
): Record<string, unknown> {
  if (!isObject(entry)) throw new ServerSelectionError('unsupported', `"${name}" is not an object entry`);
  const rawArgs = Array.isArray(entry['args'])
    ? entry['args'].filter((arg): arg is string => typeof arg === 'string')
    : [];
  if (typeof entry['command'] === 'string' && parseProxyInvocation(entry['command'], rawArgs)) {
    throw new ServerSelectionError('already_wrapped', `"${name}" is already wrapped`);
  }
  for (const key of ['headersHelper', 'bearer_token_env_var', 'env_http_headers', 'envFile']) {
    if (key in entry)
      throw new ServerSelectionError(
        'unsupported',
        `"${name}" uses "${key}", which tether proxy cannot carry yet; left unchanged`,
      );
  }
  const kept = Object.fromEntries(Object.entries(entry).filter(([key]) => !TRANSPORT_KEYS.has(key)));
  const url = [entry['url'], entry['serverUrl']].find((value): value is string => typeof value === 'string');
  let upstreamArgs: string[];
  let env = { ...launch.env };
  if (typeof entry['command'] === 'string') {
    if (entry['oauth'] !== undefined || auth.clientSecretEnv !== undefined)
      throw new ServerSelectionError(
        'unsupported',
        `"${name}": OAuth settings apply to remote (url) servers only`,
      );
    upstreamArgs = proxyArgs(name, { command: entry['command'], args: rawArgs });
    env = { ...strings(entry['env']), ...env };
  } else if (url !== undefined) {
    const headers = { ...strings(entry['headers']), ...strings(entry['http_headers']) };
    const secrets = externalizeSecrets(url, headers, new Set(Object.keys(env)));
    upstreamArgs = proxyArgs(name, { url: secrets.url, headers: secrets.headers });
    env = { ...env, ...secrets.env };
    upstreamArgs = [...oauthProxyArgs(name, entry, auth), ...upstreamArgs];
    if (entry['type'] === 'sse') upstreamArgs = ['--transport', 'sse', ...upstreamArgs];
  } else {
    throw new ServerSelectionError('unsupported', `"${name}" has neither a command nor a url`);
  }
  return {
    ...(TYPED_CLIENTS.has(client) ? { type: 'stdio' } : {}),
    command: launch.command,
    args: [...launch.args, ...upstreamArgs],
    ...(Object.keys(env).length > 0 || TYPED_CLIENTS.has(client) ? { env } : {}),
    ...kept,
  };
}

/**
 * Pure: rebuilds an original entry from a wrapped one when no stored original exists (wrapped on another
 * machine, data folder lost). Loses only what the wrap itself dropped: nothing for url/headers/command/args.
 */
export function reconstructOriginal(
  client: ClientId,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  const args = Array.isArray(entry['args'])
    ? entry['args'].filter((arg): arg is string => typeof arg === 'string')
    : [];
  const upstream = typeof entry['command'] === 'string' ? parseProxyInvocation(entry['command'], args) : null;
  if (!upstream) throw new ServerSelectionError('not_wrapped', 'the entry does not run tether proxy');
  const kept = Object.fromEntries(Object.entries(entry).filter(([key]) => !TRANSPORT_KEYS.has(key)));
  if (upstream.url !== null) {
    const env = strings(entry['env']);
    const referenced = proxyHeaders(args);
    const { url, headers } = resolveSecretRefs(upstream.url, referenced, env);
    const urlKey = client === 'windsurf' ? 'serverUrl' : 'url';
    const oauth = oauthFromProxyArgs(args);
    // Env names other than the secrets' and the launcher's were the user's: they stay.
    for (const variable of [...referencedEnvNames(upstream.url, referenced), 'ELECTRON_RUN_AS_NODE'])
      delete env[variable];
    return {
      type: upstream.transport,
      [urlKey]: url,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(Object.keys(env).length ? { env } : {}),
      ...(oauth ? { oauth } : {}),
      ...kept,
    };
  }
  const env = strings(entry['env']);
  delete env['ELECTRON_RUN_AS_NODE'];
  return {
    ...(TYPED_CLIENTS.has(client) ? { type: 'stdio' } : {}),
    command: upstream.command,
    args: upstream.args,
    ...(Object.keys(env).length ? { env } : {}),
    ...kept,
  };
}

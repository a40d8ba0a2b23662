import { isObject } from '../../../shared/json-object.js';
import { ServerSelectionError } from './find-server.js';

// Claude Code's `oauth` setting of an http/sse entry (`{clientId?, callbackPort?, …}`) translated to
// `tether proxy` options, and back.
//
// The client secret of a pre-registered client is never in the entry: Claude Code keeps it in its
// credential store, which Tether does not read. `tether wrap --client-secret-env VAR` names the
// environment variable the proxy reads it from; only the name is written to the client file. An
// `oauth` object holding a secret in clear, or a setting the proxy cannot honour (a pinned metadata
// URL, pinned scopes, XAA), is refused so the wrapped server never behaves differently unnoticed.

/** `tether wrap --client-secret-env VAR`: the variable a pre-registered client's secret is read from. */
export type OAuthWrapOptions = { clientSecretEnv?: string };

const SECRET_KEYS = /secret/i;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Pure: the proxy arguments for an entry's `oauth` setting (`[]` when it has none). */
export function oauthProxyArgs(
  name: string,
  entry: Record<string, unknown>,
  options: OAuthWrapOptions,
): string[] {
  const oauth = entry['oauth'];
  if (oauth === undefined) {
    if (options.clientSecretEnv !== undefined)
      throw new ServerSelectionError(
        'unsupported',
        `"${name}" has no oauth.clientId: --client-secret-env applies to a pre-registered OAuth client`,
      );
    return [];
  }
  if (!isObject(oauth)) throw new ServerSelectionError('unsupported', `"${name}": "oauth" is not an object`);
  for (const key of Object.keys(oauth)) {
    if (SECRET_KEYS.test(key))
      throw new ServerSelectionError(
        'unsupported',
        `"${name}" holds oauth.${key} in clear; tether will not copy it: remove it, put it in an environment variable and wrap with --client-secret-env VAR`,
      );
    if (key !== 'clientId' && key !== 'callbackPort')
      throw new ServerSelectionError(
        'unsupported',
        `"${name}" uses oauth.${key}, which tether proxy cannot carry yet; left unchanged`,
      );
  }
  const { clientId, callbackPort } = oauth;
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId === ''))
    throw new ServerSelectionError('unsupported', `"${name}": oauth.clientId is not a non-empty string`);
  if (
    callbackPort !== undefined &&
    !(
      typeof callbackPort === 'number' &&
      Number.isInteger(callbackPort) &&
      callbackPort > 0 &&
      callbackPort < 65536
    )
  )
    throw new ServerSelectionError('unsupported', `"${name}": oauth.callbackPort is not a port number`);
  const secretEnv = options.clientSecretEnv;
  if (secretEnv !== undefined) {
    if (!ENV_NAME.test(secretEnv))
      throw new ServerSelectionError(
        'unsupported',
        `--client-secret-env: "${secretEnv}" is not a variable name`,
      );
    if (clientId === undefined)
      throw new ServerSelectionError(
        'unsupported',
        `"${name}" has no oauth.clientId: --client-secret-env applies to a pre-registered OAuth client`,
      );
  }
  return [
    '--oauth',
    ...(clientId !== undefined ? ['--client-id', clientId] : []),
    ...(secretEnv !== undefined ? ['--client-secret-env', secretEnv] : []),
    ...(callbackPort !== undefined ? ['--callback-port', String(callbackPort)] : []),
  ];
}

/**
 * Pure: the `oauth` setting read back from proxy arguments (unwrap without a stored original);
 * `undefined` when the proxy runs without `--oauth`/`--client-id`.
 */
export function oauthFromProxyArgs(args: readonly string[]): Record<string, unknown> | undefined {
  const end = args.indexOf('--');
  const scan = end === -1 ? args : args.slice(0, end);
  const valueOf = (option: string): string | undefined => {
    const at = scan.indexOf(option);
    return at === -1 ? undefined : scan[at + 1];
  };
  const clientId = valueOf('--client-id');
  const port = valueOf('--callback-port');
  if (!scan.includes('--oauth') && clientId === undefined) return undefined;
  return {
    ...(clientId !== undefined ? { clientId } : {}),
    ...(port !== undefined && /^\d+$/.test(port) ? { callbackPort: Number(port) } : {}),
  };
}

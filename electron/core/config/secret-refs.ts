import { isSecretHeaderName, isSecretKeyName, isSecretQueryName } from '../redact.js';

/**
 * Secrets of a wrapped remote entry live in the entry's `env`, never on the proxy's command line.
 *
 * Any local user can read a process's arguments (`ps`, `/proc/PID/cmdline`); only its owner can read
 * its environment. So `tether wrap` moves credential header values, credential query values and a
 * URL password into the entry's `env` under a `TETHER_SECRET_…` name, and writes in their place a
 * reference the proxy resolves at start: the whole value `tether-env:NAME`. The reference is not
 * `${NAME}` on purpose: clients expand `${…}` in args themselves, from their own environment.
 * Values move as text, unchanged, so `${VAR}` references inside them are still expanded by the client
 * (it expands `env` like `args`), and the proxy puts the exact original text back.
 */
export const SECRET_REF_PREFIX = 'tether-env:';
/** The reference as it stands in a URL's user-info (`:` encoded). */
const ENCODED_REF_PREFIX = 'tether-env%3A';

export type ExternalizedSecrets = {
  url: string;
  headers: Record<string, string>;
  env: Record<string, string>;
};

/** True for a header whose value is a credential (by name: `Authorization`, `X-Api-Key`, `…-Token`). */
export function isCredentialHeader(name: string): boolean {
  return isSecretHeaderName(name) || isSecretKeyName(name);
}

/**
 * Pure: the url and headers with every credential replaced by a reference, and the env that holds the
 * values. `taken` are env names already on the entry (never overwritten).
 */
export function externalizeSecrets(
  url: string,
  headers: Readonly<Record<string, string>>,
  taken: ReadonlySet<string>,
): ExternalizedSecrets {
  const env: Record<string, string> = {};
  const used = new Set(taken);
  const park = (kind: string, name: string, value: string): string => {
    const base = `TETHER_SECRET_${kind}_${name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_|_$/g, '')}`;
    let variable = base;
    for (let n = 2; used.has(variable); n++) variable = `${base}_${n}`;
    used.add(variable);
    env[variable] = value;
    return variable;
  };
  const outHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) =>
      isCredentialHeader(name) && !value.startsWith(SECRET_REF_PREFIX)
        ? [name, `${SECRET_REF_PREFIX}${park('HEADER', name, value)}`]
        : [name, value],
    ),
  );
  return { url: externalizeUrl(url, park), headers: outHeaders, env };
}

/** Rewrites the url's text: only the secret values change, every other byte stays as written. */
function externalizeUrl(url: string, park: (kind: string, name: string, value: string) => string): string {
  let out = url;
  const userinfo = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@:]*):([^/?#@]+)@/i.exec(out);
  if (userinfo && !userinfo[3]!.startsWith(ENCODED_REF_PREFIX)) {
    const variable = park('URL', 'password', userinfo[3]!);
    out = `${userinfo[1]}${userinfo[2]}:${ENCODED_REF_PREFIX}${variable}@${out.slice(userinfo[0].length)}`;
  }
  const query = out.indexOf('?');
  if (query < 0) return out;
  const hash = out.indexOf('#', query);
  const end = hash < 0 ? out.length : hash;
  const pairs = out
    .slice(query + 1, end)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const key = safeDecode(pair.slice(0, equals));
      const value = pair.slice(equals + 1);
      if (!isSecretQueryName(key) || value === '' || value.startsWith(SECRET_REF_PREFIX)) return pair;
      return `${pair.slice(0, equals)}=${SECRET_REF_PREFIX}${park('QUERY', key, value)}`;
    });
  return `${out.slice(0, query + 1)}${pairs.join('&')}${out.slice(end)}`;
}

/** What resolving found: the real url and headers, and the references the environment lacks. */
export type ResolvedSecrets = { url: string; headers: Record<string, string>; missing: string[] };

/** Pure: puts the values of `env` back where `externalizeSecrets` left references. */
export function resolveSecretRefs(
  url: string,
  headers: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedSecrets {
  const missing: string[] = [];
  const lookup = (variable: string): string => {
    const value = env[variable];
    if (value === undefined) missing.push(variable);
    return value ?? '';
  };
  const outHeaders = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      value.startsWith(SECRET_REF_PREFIX) ? lookup(value.slice(SECRET_REF_PREFIX.length)) : value,
    ]),
  );
  const outUrl = url
    .replace(
      /^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)tether-env%3A([A-Za-z0-9_]+)@/i,
      (_m, lead: string, variable: string) => `${lead}${lookup(variable)}@`,
    )
    .replace(
      /([?&][^=&#]*=)tether-env:([A-Za-z0-9_]+)(?=[&#]|$)/g,
      (_m, lead: string, variable: string) => `${lead}${lookup(variable)}`,
    );
  return { url: outUrl, headers: outHeaders, missing };
}

/** The env names an entry's references point at (unwrap drops them with the proxy). */
export function referencedEnvNames(url: string, headers: Readonly<Record<string, string>>): string[] {
  const names = new Set<string>();
  for (const value of Object.values(headers))
    if (value.startsWith(SECRET_REF_PREFIX)) names.add(value.slice(SECRET_REF_PREFIX.length));
  for (const match of url.matchAll(/(?:tether-env:|tether-env%3A)([A-Za-z0-9_]+)/g)) names.add(match[1]!);
  return [...names];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

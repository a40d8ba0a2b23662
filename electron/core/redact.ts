/**
 * Secret redaction: the one place that decides what a secret looks like.
 *
 * Everything that leaves a process as text (stderr lines, journals, control-socket events, the UI,
 * support bundles, `tether servers` output) passes through these functions. They err on the side of
 * hiding: a redacted non-secret costs a little clarity, a leaked token costs an account.
 */

export const REDACTED = '[REDACTED]';

/** Header names whose values are credentials, compared lower-case. */
const SECRET_HEADER_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'mcp-session-id',
]);

/**
 * Key names (env vars, JSON fields, query parameters) that hold secrets, matched on a snake_case form
 * of the name (so `accessToken`, `access-token` and `ACCESS_TOKEN` all match).
 */
const SECRET_KEY_PATTERN =
  /(^|[_\-.])(token|secret|password|passwd|pwd|passphrase|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|credentials|auth|authorization|session|cookie|client[_-]?secret|refresh[_-]?token|id[_-]?token|code[_-]?verifier|sig|signature|bearer|jwt)([_\-.]|$)/i;

/** Env var names ending like these are secrets even when glued on (`GHTOKEN`, `OPENAIKEY`, `DBPASSWORD`). */
const SECRET_SUFFIX_PATTERN = /(token|secret|password|passwd|apikey|api_key|_key|private_key)$/i;

/** Value shapes that are secrets wherever they appear. */
const SECRET_VALUE_PATTERNS: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI-style keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bglpat-[A-Za-z0-9_-]{20,}/g, // GitLab tokens
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API keys
  /\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}/g, // Stripe keys
  // JWTs, including ones whose payload segment is short (`eyJ...` header is the tell).
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g,
];

/** Names whose value follows `=` or `:` in free text, a query string or a JSON/YAML-ish line. */
const INLINE_KEY_NAMES =
  '[A-Za-z0-9_.-]*(?:access[_-]?token|refresh[_-]?token|id[_-]?token|accessToken|refreshToken|idToken|client[_-]?secret|clientSecret|api[_-]?key|apiKey|password|passwd|secret|code_verifier|private[_-]?key)[A-Za-z0-9_.-]*';

/**
 * Header lines inside free text: `Authorization: xyz`, `Cookie: a=b; c=d`, `X-Api-Key: xyz`, and any
 * dashed name ending in `-Key`, `-Token` or `-Secret` (`Ocp-Apim-Subscription-Key: xyz`).
 */
const INLINE_HEADER_NAMES =
  '(?:proxy-)?authorization|set-cookie|cookie|x-api-key|api-key|x-auth-token|x-access-token|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-(?:key|token|secret)';

/** Dashed header names whose last word says credential (`X-Tenant-Key`, `X-Goog-Api-Key`, `X-Vault-Token`). */
const SECRET_HEADER_SUFFIX =
  /(^|-)(key|apikey|token|secret|password|passwd|signature|credential|credentials)$/i;

/** Query parameters holding credentials: `?token=`, `&api_key=`, `&sig=`, `?key=`, `&code=`. */
const QUERY_KEY_NAMES =
  '[A-Za-z0-9_.-]*(?:token|key|secret|password|sig|signature|auth|code|session|credential)[A-Za-z0-9_.-]*';

/** `Bearer xyz`, `token=xyz`, `"access_token":"xyz"`, `Cookie: ...`, `?api_key=xyz` inside free text. */
type Replacement = string | ((match: string, ...groups: string[]) => string);
const INLINE_SECRET_PATTERNS: Array<[RegExp, Replacement]> = [
  // Header-style lines first: the whole value up to the line end or a closing quote is the secret.
  [
    new RegExp(
      `(^|[^A-Za-z0-9-])(${INLINE_HEADER_NAMES})(["']?\\s*[:=]\\s*["']?)(?:(Bearer|Basic|Token|Digest)\\s+)?([^"'\\r\\n,}]+)`,
      'gi',
    ),
    (_m: string, lead: string, name: string, sep: string, scheme?: string) =>
      `${lead}${name}${sep}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  [
    /\b(Bearer|Basic|Token)\s+(?!\[REDACTED\]|[A-Za-z_-]+=")([A-Za-z0-9._~+/=-]{6,})/gi,
    // Prose ("token refreshed", "basic authentication") keeps its word; a credential has a digit, a
    // symbol, mixed case (base64) or length. `Bearer` is never followed by prose.
    (match: string, scheme: string, value: string) =>
      /^bearer$/i.test(scheme) || looksLikeCredential(value) ? `${scheme} ${REDACTED}` : match,
  ],
  [new RegExp(`([?&;])(${QUERY_KEY_NAMES})=([^&#\\s"'<>]+)`, 'gi'), `$1$2=${REDACTED}`],
  [
    new RegExp(
      // The look-behind lets a match start only where a name starts: without it every position inside a
      // long unbroken token re-scanned the rest of it (quadratic: 64 KiB took ~10 s).
      `(?<![A-Za-z0-9_.-])(${INLINE_KEY_NAMES}|authorization)(["']?\\s*[:=]\\s*["']?)(?!\\[REDACTED\\]|(?:Bearer|Basic|Token|Digest)\\s)([^\\s"'&,;}]+)`,
      'gi',
    ),
    `$1$2${REDACTED}`,
  ],
  // Credentials in any URL's user-info: https://user:pass@, postgres://user:pass@, redis://:pass@.
  // A scheme starts only where no scheme character precedes it (`\b` let every `-`/`.` start one: quadratic).
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^/\s:@]*):([^/\s@]+)@/gi, `$1$2:${REDACTED}@`],
];

/**
 * A cheap necessary condition for `redactText` to change anything: one literal that every pattern
 * above needs (a key or header name, `=`, `@`, a scheme word, a token prefix). Callers on hot paths
 * (log readers) skip `redactText` when this is false. Keep it in step with the patterns: a pattern
 * whose tell is missing here would let its secret through on those paths (redact.test.ts checks).
 */
const SECRET_TELLS =
  /[=@]|bearer|basic|token|key|secret|passw|cookie|authoriz|verifier|eyj|sk[-_]|[rp]k_|gh[pousr]_|github_pat_|glpat-|xox|akia|aiza/;

/** False only when `redactText(text)` would return `text` unchanged (see SECRET_TELLS). */
export function mayHoldSecret(text: string): boolean {
  // Lower-casing first and matching case-sensitively is about twice as fast as a `/i` pattern here.
  return SECRET_TELLS.test(text.toLowerCase());
}

/** True for header names whose values are credentials (case-insensitive). */
export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADER_NAMES.has(name.toLowerCase()) || SECRET_HEADER_SUFFIX.test(name);
}

/** True for query parameters whose values are credentials (`api_key`, `token`, `key`, `sig`, `code`). */
export function isSecretQueryName(name: string): boolean {
  return isSecretKeyName(name) || /^(key|code|sig|state)$/i.test(name);
}

function looksLikeCredential(value: string): boolean {
  return value.length >= 24 || /\d|[._~+/=]|[a-z].*[A-Z]/.test(value);
}

/** Words of a command-line flag name that announce a secret value (`--api-key`, `--authToken`). */
const SECRET_FLAG_WORDS = new Set([
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'cookie',
  'bearer',
  'pat',
]);
/** A last word that makes the value a name or a place, not the secret (`--token-file`, `--secret-env`). */
const NOT_A_VALUE_WORDS = new Set([
  'file',
  'path',
  'dir',
  'env',
  'var',
  'type',
  'url',
  'name',
  'id',
  'header',
]);

/** True for flags whose value is a secret: `--api-key`, `--token`, `--client-secret`, `--password`. */
export function isSecretFlagName(name: string): boolean {
  if (/^no-/i.test(name)) return false;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .split(/[-_.]+/)
    .filter(Boolean);
  if (words.length === 0 || NOT_A_VALUE_WORDS.has(words.at(-1)!)) return false;
  return words.some((word) => SECRET_FLAG_WORDS.has(word)) || /(key|token|secret|password)$/i.test(name);
}

/**
 * Hides secret values in a command's arguments: `--api-key X` and `--token=X` (flags whose name says
 * key, token, secret, password, auth or credential), `NAME=value` with a secret-looking name, and
 * whatever `redactText` finds in any argument (`--header "Authorization: Bearer …"`). Short flags
 * (`-k X`) carry no name to judge by and pass through `redactText` only.
 */
export function redactArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    const flag = /^(--?)([A-Za-z][A-Za-z0-9_.-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (flag && flag[1] === '--' && isSecretFlagName(flag[2]!)) {
      if (flag[3] !== undefined) {
        out.push(`--${flag[2]}=${REDACTED}`);
        continue;
      }
      out.push(arg);
      const next = args[index + 1];
      if (next !== undefined && !next.startsWith('-')) {
        out.push(REDACTED);
        index++;
      }
      continue;
    }
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]+)$/.exec(arg);
    if (assignment && isSecretKeyName(assignment[1]!)) {
      out.push(`${assignment[1]}=${REDACTED}`);
      continue;
    }
    out.push(redactText(arg));
  }
  return out;
}

/** True for env var, JSON field or query parameter names that hold secrets (`GITHUB_TOKEN`, `apiKey`). */
export function isSecretKeyName(name: string): boolean {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return SECRET_KEY_PATTERN.test(snake) || SECRET_SUFFIX_PATTERN.test(name) || isSecretHeaderName(name);
}

/** Hides known secret shapes and inline credentials in free text (log lines, error messages). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of INLINE_SECRET_PATTERNS) {
    out =
      typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** Hides credential headers' values; other headers pass through `redactText`. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isSecretHeaderName(name) || isSecretKeyName(name) ? redactHeaderValue(value) : redactText(value),
    ]),
  );
}

/** Keeps the auth scheme (`Bearer`) visible, since "which kind of auth" helps support; hides the rest. */
function redactHeaderValue(value: string): string {
  const scheme = /^(Bearer|Basic|Token|Digest)\s/i.exec(value)?.[1];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

/** Hides user-info passwords and secret-looking query parameters of a URL; keeps it a valid URL. */
export function redactUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return redactText(raw);
  }
  if (url.password) url.password = REDACTED;
  for (const key of [...url.searchParams.keys()]) {
    if (isSecretQueryName(key)) {
      url.searchParams.set(key, REDACTED);
    }
  }
  let text: string;
  try {
    text = decodeURIComponent(url.toString());
  } catch {
    text = url.toString(); // a lone `%` in the original: keep the encoded form rather than throw
  }
  return redactText(text);
}

/** Hides env values whose names or values look like secrets; other values still pass `redactText`. */
export function redactEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [name, isSecretKeyName(name) ? REDACTED : redactText(value)]),
  );
}

/**
 * Deep-redacts any JSON-like value: secret-named keys lose their values, strings pass `redactText`,
 * URLs pass `redactUrl`. Cycles are cut rather than followed.
 */
export function redactDeep(value: unknown, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string')
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? redactUrl(value) : redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isSecretKeyName(key) && (typeof inner === 'string' || typeof inner === 'number')
        ? redactSecretValue(inner)
        : key === 'args' && Array.isArray(inner) && inner.every((item) => typeof item === 'string')
          ? redactArgs(inner) // a command's arguments: `--api-key X` hides X
          : redactDeep(inner, seen),
    ]),
  );
}

/** A secret field keeps its auth scheme when it has one (`Authorization: "Bearer …"`). */
function redactSecretValue(value: string | number): string {
  return typeof value === 'string' ? redactHeaderValue(value) : REDACTED;
}

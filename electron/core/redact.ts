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

/** Key names (env vars, JSON fields, query parameters) that hold secrets. */
const SECRET_KEY_PATTERN =
  /(^|[_\-.])(token|secret|password|passwd|pwd|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credential|credentials|auth|authorization|session|cookie|client[_-]?secret|refresh[_-]?token|id[_-]?token|code[_-]?verifier|sig|signature)([_\-.]|$)/i;

/** Value shapes that are secrets wherever they appear. */
const SECRET_VALUE_PATTERNS: RegExp[] = [
  /\bsk-ant-[A-Za-z0-9_-]{8,}/g, // Anthropic keys
  /\bsk-[A-Za-z0-9_-]{20,}/g, // OpenAI-style keys
  /\bgh[pousr]_[A-Za-z0-9]{20,}/g, // GitHub tokens
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, // Slack tokens
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key ids
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, // JWTs
];

/** `Bearer xyz`, `Basic xyz`, `token=xyz`, `"access_token":"xyz"` inside free text. */
const INLINE_SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  [
    /((?:access|refresh|id)_token|client_secret|api[_-]?key|password|code_verifier|authorization)(["']?\s*[:=]\s*["']?)([^\s"'&,;}]+)/gi,
    `$1$2${REDACTED}`,
  ],
  [/(https?:\/\/)([^/\s:@]+):([^/\s@]+)@/gi, `$1$2:${REDACTED}@`],
];

export function isSecretHeaderName(name: string): boolean {
  return SECRET_HEADER_NAMES.has(name.toLowerCase());
}

export function isSecretKeyName(name: string): boolean {
  return SECRET_KEY_PATTERN.test(name) || isSecretHeaderName(name);
}

/** Hides known secret shapes and inline credentials in free text (log lines, error messages). */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of INLINE_SECRET_PATTERNS) out = out.replace(pattern, replacement);
  for (const pattern of SECRET_VALUE_PATTERNS) out = out.replace(pattern, REDACTED);
  return out;
}

/** Hides credential headers' values; other headers pass through `redactText`. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      isSecretHeaderName(name) ? redactHeaderValue(value) : redactText(value),
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
    if (isSecretKeyName(key) || key.toLowerCase() === 'key' || key.toLowerCase() === 'code') {
      url.searchParams.set(key, REDACTED);
    }
  }
  return redactText(decodeURIComponent(url.toString()));
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
  if (typeof value === 'string') return /^https?:\/\//i.test(value) ? redactUrl(value) : redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, seen));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isSecretKeyName(key) && (typeof inner === 'string' || typeof inner === 'number')
        ? REDACTED
        : redactDeep(inner, seen),
    ]),
  );
}

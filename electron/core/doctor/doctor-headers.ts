import { isSecretHeaderName, isSecretKeyName, REDACTED, redactHeaders } from '../redact.js';

/** A `--header "K: V"` after expansion; `fromEnv` marks values that came from the environment. */
export type HeaderArg = { name: string; value: string; fromEnv: boolean };

/** A header argument that cannot be used, with the reason for the user. */
export class HeaderArgError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeaderArgError';
  }
}

/**
 * Parses `"Name: value"` and expands `${VAR}`, `${VAR:-default}` and Cursor's `${env:VAR}`, the forms
 * client configs use, so a config's header can be pasted as is. A missing variable is an error rather
 * than an empty header, which would only show up later as a confusing 401.
 */
export function parseHeaderArg(raw: string, env: Readonly<Record<string, string | undefined>>): HeaderArg {
  const colon = raw.indexOf(':');
  const name = colon === -1 ? '' : raw.slice(0, colon).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
    throw new HeaderArgError(`--header must look like "Name: value" (got "${redactHeaderArgForError(raw)}")`);
  }
  let fromEnv = false;
  const value = raw
    .slice(colon + 1)
    .trim()
    .replace(
      /\$\{(?:env:)?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_match, variable: string, fallback?: string) => {
        const found = env[variable];
        if (found !== undefined && found !== '') {
          fromEnv = true;
          return found;
        }
        if (fallback !== undefined) return fallback;
        throw new HeaderArgError(`--header ${name}: environment variable ${variable} is not set`);
      },
    );
  return { name, value, fromEnv };
}

/**
 * The headers as they may be shown or saved (report, bundle): names kept, every value hidden. A header
 * a person adds to a probe is usually a credential under a name no list knows (`X-Custom: …`), so no
 * value is judged harmless; credential names keep their scheme (`Bearer [REDACTED]`) for support.
 */
export function displayHeaders(headers: readonly HeaderArg[]): Record<string, string> {
  const shown = redactHeaders(Object.fromEntries(headers.map((header) => [header.name, header.value])));
  for (const header of headers) {
    if (!isSecretHeaderName(header.name) && !isSecretKeyName(header.name)) shown[header.name] = REDACTED;
  }
  return shown;
}

function redactHeaderArgForError(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 12)}...` : raw.replace(/:.*/, ': ...');
}

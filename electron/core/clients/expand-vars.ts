import type { ClientId } from '../../../shared/server-model.js';

/** What a client substitutes into its server entries. */
export type ExpansionContext = {
  env: Readonly<Record<string, string | undefined>>;
  /** The project folder, for VS Code's `${workspaceFolder}`. */
  workspaceFolder?: string | null;
};

/** The result of expanding one string; `missing` lists variables the client would fail on. */
export type Expanded = { value: string; missing: string[] };

/**
 * Expands variables the way each client does, so what Tether shows is what the client runs.
 *
 * Claude Code: `${VAR}` and `${VAR:-default}`. Cursor, Windsurf and VS Code: `${env:VAR}`; VS Code also
 * `${workspaceFolder}` (and leaves `${input:id}`, which needs a prompt, as written). Claude Desktop and
 * Codex do not expand. Unknown forms are left untouched.
 */
export function expandVars(client: ClientId, text: string, context: ExpansionContext): Expanded {
  const missing: string[] = [];
  const lookup = (name: string, fallback?: string): string | undefined => {
    const value = context.env[name];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return undefined;
  };
  let value = text;
  switch (client) {
    case 'claude-code':
      value = text.replace(
        /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
        (whole, name: string, fallback?: string) => {
          return lookup(name, fallback) ?? whole;
        },
      );
      break;
    case 'cursor':
    case 'windsurf':
    case 'vscode':
      value = text.replace(
        /\$\{(env:([A-Za-z_][A-Za-z0-9_]*)|workspaceFolder)\}/g,
        (whole, _kind: string, name?: string) => {
          if (name === undefined) {
            return client === 'vscode' && context.workspaceFolder ? context.workspaceFolder : whole;
          }
          return lookup(name) ?? whole;
        },
      );
      break;
    case 'claude-desktop':
    case 'codex':
      break;
  }
  return { value, missing };
}

/** Expands every value of a string map. */
export function expandRecord(
  client: ClientId,
  record: Readonly<Record<string, string>>,
  context: ExpansionContext,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(record).map(([key, raw]) => [key, expandVars(client, raw, context).value]),
  );
}

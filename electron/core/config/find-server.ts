import type { ClientId, ServerRecord } from '../../../shared/server-model.js';
import type { ClientPathEnv } from '../clients/client-paths.js';
import { discoverServers } from '../clients/discover.js';

/** What the user typed to name a server: `NAME [--client C] [--project DIR]`. */
export type ServerSelector = { name: string; client?: ClientId; project?: string };

/** Expected failures of wrap/unwrap, with codes the CLI and UI render. */
export class ServerSelectionError extends Error {
  constructor(
    readonly code:
      'not_found' | 'ambiguous' | 'read_only' | 'already_wrapped' | 'not_wrapped' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'ServerSelectionError';
  }
}

/** A short human label of a record: `claude-code local /home/me/app svc`. */
export function describeRecord(record: Pick<ServerRecord, 'client' | 'scope' | 'project' | 'name'>): string {
  return [record.client, record.scope, record.project, record.name].filter((part) => part !== null).join(' ');
}

/**
 * Finds the one server a selector names. With several matches, the effective (winning) one is taken if
 * it is unique; otherwise the user is asked to add `--client`/`--project`.
 */
export async function findServer(pathEnv: ClientPathEnv, selector: ServerSelector): Promise<ServerRecord> {
  const { servers } = await discoverServers(pathEnv, {
    projectDirs: selector.project ? [selector.project] : [],
  });
  const matches = servers.filter(
    (server) =>
      server.name === selector.name &&
      (!selector.client || server.client === selector.client) &&
      (!selector.project || server.project === selector.project),
  );
  if (matches.length === 0)
    throw new ServerSelectionError('not_found', `no MCP server named "${selector.name}" was found`);
  const writable = matches.filter((server) => !server.readOnly);
  const pool = writable.length > 0 ? writable : matches;
  const effective = pool.filter((server) => server.effective);
  const chosen = pool.length === 1 ? pool : effective.length === 1 ? effective : pool;
  if (chosen.length > 1) {
    throw new ServerSelectionError(
      'ambiguous',
      `"${selector.name}" matches ${chosen.length} servers; add --client and/or --project:\n${chosen.map((s) => `  ${describeRecord(s)} (${s.configPath})`).join('\n')}`,
    );
  }
  const record = chosen[0]!;
  if (record.readOnly)
    throw new ServerSelectionError(
      'read_only',
      `${describeRecord(record)} is managed (read-only): ${record.configPath}`,
    );
  return record;
}

import type { ServerRecord, ServerScope } from '../../../shared/server-model.js';

/** Higher wins on a name clash within one client and one project. Claude Code: local > project > user. */
const RANK: Record<ServerScope, number> = {
  managed: 5,
  local: 4,
  project: 3,
  workspace: 3,
  user: 1,
  global: 1,
};

/**
 * Marks entries that another entry of the same client shadows (`effective: false`).
 *
 * Claude Code's `managed-mcp.json`, when present, takes exclusive control: every other Claude Code entry
 * is shadowed. Within a project, the higher scope wins (Claude Code `Object.assign(user, project,
 * local)`, Cursor and VS Code project over global). A user/global entry stays effective because it
 * still applies everywhere the project does not redefine it.
 */
export function applyPrecedence(servers: readonly ServerRecord[]): ServerRecord[] {
  const managedClaude = servers.some(
    (server) => server.client === 'claude-code' && server.scope === 'managed',
  );
  const best = new Map<string, number>();
  const key = (server: ServerRecord): string => JSON.stringify([server.client, server.project, server.name]);
  for (const server of servers) {
    if (server.project === null) continue;
    best.set(key(server), Math.max(best.get(key(server)) ?? 0, RANK[server.scope]));
  }
  return servers.map((server) => {
    if (managedClaude && server.client === 'claude-code' && server.scope !== 'managed')
      return { ...server, effective: false };
    if (server.project === null) return server;
    return { ...server, effective: RANK[server.scope] >= (best.get(key(server)) ?? 0) };
  });
}

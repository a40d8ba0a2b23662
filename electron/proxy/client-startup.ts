/**
 * How long a client waits for a server at start-up, learned from its `initialize` `clientInfo`.
 *
 * With nothing cached and the upstream down, the proxy holds `initialize` and the first list
 * requests until the upstream answers or until shortly before this time runs out, so a server that
 * comes up within the client's own patience is seen with its real tools (docs/proxy.md, "Start-up
 * and shutdown per client"). Sources are the clients' own documentation and issue threads; a client
 * that is not recognised gets the shortest documented wait (Codex's 10 s), so the proxy never
 * outwaits a client it does not know.
 */
export type ClientStartup = {
  /** The client's own start-up timeout, as far as it is known. */
  timeoutMs: number;
  /** Where the figure comes from (for the stderr line and the docs). */
  source: string;
};

/** The wait assumed for a client that is not recognised: the shortest documented one (Codex). */
export const DEFAULT_CLIENT_STARTUP_MS = 10_000;
/** Claude Code's connect timeout without `MCP_TIMEOUT`. */
const CLAUDE_CODE_DEFAULT_MS = 30_000;
/** The MCP TypeScript SDK's request timeout: caps Claude Code's `MCP_TIMEOUT` and is Claude Desktop's wait. */
const SDK_REQUEST_TIMEOUT_MS = 60_000;

/** The client's start-up timeout from its `clientInfo.name` and the environment it gave the proxy. */
export function clientStartup(
  clientName: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): ClientStartup {
  const name = (clientName ?? '').toLowerCase();
  if (name === 'claude-code') {
    // Claude Code passes its own environment to the servers it spawns, MCP_TIMEOUT included.
    const configured = Number(env['MCP_TIMEOUT']);
    if (Number.isFinite(configured) && configured > 0)
      return { timeoutMs: Math.min(configured, SDK_REQUEST_TIMEOUT_MS), source: 'MCP_TIMEOUT' };
    return { timeoutMs: CLAUDE_CODE_DEFAULT_MS, source: 'Claude Code default' };
  }
  if (name.includes('codex'))
    return { timeoutMs: DEFAULT_CLIENT_STARTUP_MS, source: 'Codex startup_timeout_sec default' };
  if (name === 'claude-ai') return { timeoutMs: SDK_REQUEST_TIMEOUT_MS, source: 'Claude Desktop' };
  // Cursor documents no start-up timeout: the default, like any unknown client (its name, "cursor-vscode",
  // must not pass for VS Code's).
  if (name.includes('cursor')) return { timeoutMs: DEFAULT_CLIENT_STARTUP_MS, source: 'default (Cursor)' };
  if (name.includes('visual studio code') || name.includes('vscode') || name.includes('code - oss'))
    // VS Code waits without a limit ("Waiting for server to respond to `initialize`" every 5 s).
    return { timeoutMs: SDK_REQUEST_TIMEOUT_MS, source: 'VS Code (no start-up limit)' };
  return { timeoutMs: DEFAULT_CLIENT_STARTUP_MS, source: 'default' };
}

/** How long to hold start-up requests: shortly before the client gives up (15 %, at least 1.5 s, earlier). */
export function startupHoldMs(timeoutMs: number): number {
  return Math.max(0, timeoutMs - Math.max(1500, Math.round(timeoutMs * 0.15)));
}

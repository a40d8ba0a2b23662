import { readFile } from 'node:fs/promises';
import { CLIENT_INIT_PARAMS, type JsonRpcMessage, type StdioClient } from './mcp-stdio-client.js';

/**
 * Test clients that start and stop a stdio server the way real MCP clients do (docs/proxy.md,
 * "Start-up and shutdown per client"): how long they wait for `initialize`, what they call themselves
 * in `clientInfo` (which is how the proxy learns their patience), and how they end the process.
 */
export type StartupStyle = {
  /** How long the client waits for the `initialize` answer before it gives up on the server. */
  waitMs: number;
  clientInfo: { name: string; version: string };
  /** Extra proxy flags this style needs (a client the proxy cannot recognise is told by flag). */
  proxyFlags: string[];
};

export const STARTUP_STYLES = {
  /** Wants an answer at once (a client configured with `--startup-wait 0`). */
  noWait: {
    waitMs: 2_000,
    clientInfo: { name: 'impatient-client', version: '1.0.0' },
    proxyFlags: ['--startup-wait', '0'],
  },
  /** Codex: `startup_timeout_sec` defaults to 10 s. */
  wait10s: { waitMs: 10_000, clientInfo: { name: 'codex-mcp-client', version: '0.46.0' }, proxyFlags: [] },
  /** Claude Code: 30 s without `MCP_TIMEOUT`. */
  wait30s: { waitMs: 30_000, clientInfo: { name: 'claude-code', version: '2.1.0' }, proxyFlags: [] },
} satisfies Record<string, StartupStyle>;

/** initialize within the style's wait (the request fails, as the client would, after it), then initialized. */
export async function startLike(client: StdioClient, style: StartupStyle): Promise<JsonRpcMessage> {
  const answer = await client.request(
    'initialize',
    { ...CLIENT_INIT_PARAMS, clientInfo: style.clientInfo },
    { timeoutMs: style.waitMs },
  );
  client.notify('notifications/initialized');
  return answer;
}

export type ShutdownStyle = 'stdin-close' | 'sigterm-then-sigkill' | 'sigkill';

/**
 * Ends the proxy as a client does: Claude Code closes stdin and waits; Codex sends SIGTERM and SIGKILL
 * about 6 ms later; a crashed or force-quit client leaves SIGKILL alone.
 */
export async function stopLike(client: StdioClient, style: ShutdownStyle): Promise<void> {
  if (style === 'stdin-close') {
    client.closeStdin();
    await client.waitForExit(10_000);
    return;
  }
  if (style === 'sigterm-then-sigkill') {
    process.kill(client.pid, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  if (client.alive()) process.kill(client.pid, 'SIGKILL');
  await client.waitForExit(5_000);
}

/** Every journal line, parsed (a torn line fails the test). */
export async function journalEvents(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

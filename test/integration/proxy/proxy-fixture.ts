import { execFileSync } from 'node:child_process';
import { afterEach, expect } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy.js';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { idsWithoutExactlyOneAnswer } from '../../helpers/proxy-answer.js';
import {
  startReferenceServer,
  type ReferenceMode,
  type ReferenceServer,
} from '../../helpers/reference-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * Short budgets so every failure path finishes in seconds: how long a never-sent request may wait
 * for the upstream, and the proxy's own deadline per request. Flag names per `tether proxy --help`.
 */
export const FAST_FLAGS = ['--budget', '6', '--startup-wait', '6', '--log-level', 'debug'];

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];

/** Registers the shared afterEach that stops everything a test started (proxies first). */
export function useProxyCleanup(): void {
  afterEach(async () => {
    const pending = cleanups.splice(0).reverse();
    for (const cleanup of pending) await cleanup().catch(() => undefined);
  });
}

export function onCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

export async function referenceServer(mode: ReferenceMode = 'streamableHttp'): Promise<ReferenceServer> {
  const server = await startReferenceServer(mode);
  onCleanup(() => server.stop());
  return server;
}

export async function faultProxyFor(server: { port: number }): Promise<FaultProxy> {
  const proxy = await startFaultProxy(server);
  onCleanup(() => proxy.close());
  return proxy;
}

export async function tempHome(): Promise<TempHome> {
  const home = await createTempHome('tether-proxy-test-');
  onCleanup(() => home.cleanup());
  return home;
}

/** Spawns `tether proxy` with fast budgets in a fresh temp home (or `home`). */
export async function startTether(args: string[], home?: TempHome): Promise<StdioClient> {
  const env = (home ?? (await tempHome())).env;
  const client = spawnProxy([...FAST_FLAGS, ...args], { env });
  onCleanup(() => client.kill());
  return client;
}

/** The invariant every test ends with: one answer per id, still running, stdout only JSON-RPC. */
export function expectHealthy(client: StdioClient): void {
  expect(idsWithoutExactlyOneAnswer(client)).toEqual([]);
  expect(client.garbage).toEqual([]);
  expect(client.alive()).toBe(true);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns tether in front of `url`, initializes, and returns the client with the initialize answer. */
export async function connectedTether(
  url: string,
  args: string[] = [],
  home?: TempHome,
): Promise<{ client: StdioClient; init: Awaited<ReturnType<StdioClient['initialize']>> }> {
  const client = await startTether([...args, url], home);
  const init = await client.initialize();
  return { client, init };
}

/** Polls `check` every 50 ms until it is true or `timeoutMs` passes; returns the final value. */
export async function eventually(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

/** Direct children of a pid (Linux procps). */
export function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return [];
  }
}

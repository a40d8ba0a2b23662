import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JsonRpcRequest, JsonRpcResponse } from '../../../electron/proxy/jsonrpc.js';
import type { CacheData } from '../../../electron/proxy/list-cache.js';
import { ListKeeper } from '../../../electron/proxy/list-keeper.js';
import type { SessionManager } from '../../../electron/proxy/session-manager.js';
import type { Upstream } from '../../../electron/proxy/upstream.js';

const TOOLS = { tools: [{ name: 'echo', inputSchema: { type: 'object' } }] };

/** A server whose list requests fail while `failing` (a 401 before the token refresh, a lost session). */
function fakeUpstream(): { upstream: Upstream; state: { failing: boolean; calls: number } } {
  const state = { failing: true, calls: 0 };
  const request = (message: JsonRpcRequest): Promise<JsonRpcResponse> => {
    state.calls += 1;
    if (state.failing) return Promise.reject(new Error('401: the server rejected the access token'));
    return Promise.resolve({ jsonrpc: '2.0', id: message.id, result: TOOLS });
  };
  return { upstream: { request } as unknown as Upstream, state };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'tether-lists-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

function keeperWith(upstream: Upstream, notified: string[]): ListKeeper {
  const cache: CacheData = { version: 1, upstreamId: 'test', savedAt: '', lists: {} };
  const session = {
    isReady: true,
    initializeResult: { capabilities: { tools: { listChanged: true } } },
    nextId: (kind: string) => `${kind}-1`,
  } as unknown as SessionManager;
  return new ListKeeper({
    cacheFile: path.join(dir, 'cache.json'),
    cache,
    upstream,
    session,
    notifyClient: (method) => notified.push(method),
    clientInitialized: () => true,
    note: () => undefined,
  });
}

describe('list announcements promised to the client', () => {
  it('survive a refresh that fails: the next refresh after reconnecting announces the tools', async () => {
    const { upstream, state } = fakeUpstream();
    const notified: string[] = [];
    const keeper = keeperWith(upstream, notified);
    // The client got the synthetic initialize: its lists are owed to it once the server answers.
    keeper.markAnsweredWithoutUpstream();
    keeper.refresh(); // right after sign-in: the server still refuses the token
    await vi.waitFor(() => expect(state.calls).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(notified).toEqual([]);
    state.failing = false; // token refreshed, session re-opened: the proxy refreshes again
    keeper.refresh();
    await vi.waitFor(() => expect(notified).toEqual(['notifications/tools/list_changed']));
    // Announced once: a further refresh with the same list says nothing more.
    keeper.refresh();
    await vi.waitFor(() => expect(state.calls).toBe(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(notified).toEqual(['notifications/tools/list_changed']);
  });
});

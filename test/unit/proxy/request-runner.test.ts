import { describe, expect, it } from 'vitest';
import type { JsonRpcRequest } from '../../../electron/proxy/jsonrpc.js';
import { runRequest, type RunState, type RunnerDeps } from '../../../electron/proxy/request-runner.js';
import type { SessionManager } from '../../../electron/proxy/session-manager.js';
import type { Upstream } from '../../../electron/proxy/upstream.js';
import { isProgrammingError } from '../../../electron/proxy/upstream-failure.js';

/**
 * A bug in the proxy must not pass for a network failure. Nothing real throws a TypeError on purpose,
 * so the upstream here is a stand-in whose request hits one; the runner is the real one.
 */
describe('programming errors on the request path', () => {
  it('a TypeError is thrown to the engine (proxy_internal), not replayed nor blamed on the session', async () => {
    let sent = 0;
    let lost = 0;
    const upstream = {
      request: async () => {
        sent += 1;
        const value: { x?: { y: number } } = {};
        return { jsonrpc: '2.0', id: 1, result: { y: value.x!.y } };
      },
    } as unknown as Upstream;
    const session = {
      isReady: true,
      epoch: 1,
      lastActivity: 0,
      markLost: () => (lost += 1),
      touch: () => undefined,
    } as unknown as SessionManager;
    const deps: RunnerDeps = {
      upstream,
      session,
      serverName: 'svc',
      upstreamLabel: 'http://x',
      budgetMs: 1000,
      retryableTools: new Set(),
      forward: () => undefined,
      lists: { localAnswer: () => undefined, waitLimit: () => undefined },
    };
    const request: JsonRpcRequest = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const state: RunState = {
      abort: new AbortController(),
      cancelled: false,
      sent: false,
      replays: 0,
      deadlineAt: Date.now() + 5000,
    };
    await expect(runRequest(deps, request, JSON.stringify(request), state)).rejects.toBeInstanceOf(TypeError);
    expect(sent).toBe(1);
    expect(lost).toBe(0);
    expect(state.replays).toBe(0);
  });

  it('tells bugs from network errors', () => {
    expect(isProgrammingError(new TypeError("Cannot read properties of undefined (reading 'y')"))).toBe(true);
    expect(isProgrammingError(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }))).toBe(
      false,
    );
    expect(isProgrammingError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(
      false,
    );
  });
});

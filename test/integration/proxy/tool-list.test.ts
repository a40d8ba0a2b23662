import { describe, expect, it } from 'vitest';
import { isPost, isToolCall } from '../../helpers/fault-proxy.js';
import { toolNames, toolText } from '../../helpers/proxy-answer.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  referenceServer,
  sleep,
  useProxyCleanup,
} from './proxy-fixture.js';

const LIST_CHANGED = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };
const SESSION_NOT_FOUND = '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}';

/** A rewrite that hides one tool from tools/list answers, as if the server dropped it. */
const withoutTool = (name: string) => (message: Record<string, unknown>) => {
  const result = message['result'] as { tools?: { name: string }[] } | undefined;
  if (!result?.tools) return message;
  return { ...message, result: { ...result, tools: result.tools.filter((tool) => tool.name !== name) } };
};

const emptyTools = (message: Record<string, unknown>): Record<string, unknown> => {
  const result = message['result'] as { tools?: unknown } | undefined;
  return result?.tools !== undefined ? { ...message, result: { tools: [] } } : message;
};

describe('tether proxy: tool list cache and list_changed (proxy-spec §14 row 12; §3 F9, F10)', () => {
  useProxyCleanup();

  it('advertises tools.listChanged to the client whatever the upstream says', async () => {
    const server = await referenceServer();
    const { client, init } = await connectedTether(server.url);
    const capabilities = init.result?.['capabilities'] as { tools?: { listChanged?: boolean } };
    expect(capabilities.tools?.listChanged).toBe(true);
    expectHealthy(client);
  });

  it('never hands the client an empty list right after a re-init (confirms before accepting empty)', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    const before = toolNames(await client.request('tools/list', {}));
    expect(before.length).toBeGreaterThan(3);

    faults.expireSessions(404, SESSION_NOT_FOUND);
    // The fresh session lists nothing twice (a server still warming up), then the real list.
    faults.addRule({
      match: isPost('tools/list'),
      action: { kind: 'rewrite', transform: emptyTools },
      times: 2,
    });
    const listed = toolNames(await client.request('tools/list', {}, { timeoutMs: 15_000 }));
    expect(listed).toEqual(before);
    await sleep(4_000);
    expect(toolNames(await client.request('tools/list', {}))).toEqual(before);
    expectHealthy(client);
  });

  it('forwards list_changed from the GET stream and serves the new list', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    expect(toolNames(await client.request('tools/list', {}))).toContain('get-sum');
    expect(await eventually(() => faults.openGetStreams() > 0, 5_000)).toBe(true);
    await sleep(500);
    const seen = client.notifications.length;

    faults.addRule({
      match: isPost('tools/list'),
      action: { kind: 'rewrite', transform: withoutTool('get-sum') },
    });
    expect(faults.injectOnGetStreams(LIST_CHANGED)).toBeGreaterThan(0);

    await client.waitForNotification('notifications/tools/list_changed', 5_000, seen);
    const names = toolNames(await client.request('tools/list', {}));
    expect(names).not.toContain('get-sum');
    expect(names).toContain('echo');
    expectHealthy(client);
  });

  it('forwards list_changed that arrives inside a POST response stream', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await client.request('tools/list', {});
    await sleep(500);
    const seen = client.notifications.length;

    faults.addRule({
      match: isPost('tools/list'),
      action: { kind: 'rewrite', transform: withoutTool('get-sum') },
    });
    faults.addRule({
      match: isToolCall('echo'),
      action: { kind: 'rewrite', transform: (message) => [LIST_CHANGED, message] },
      times: 1,
    });
    expect(toolText(await client.callTool('echo', { message: 'post-stream' }))).toBe('Echo: post-stream');

    await client.waitForNotification('notifications/tools/list_changed', 5_000, seen);
    expect(toolNames(await client.request('tools/list', {}))).not.toContain('get-sum');
    expectHealthy(client);
  });

  it('announces a changed list after a re-init without any upstream notification', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    expect(toolNames(await client.request('tools/list', {}))).toContain('get-sum');
    await sleep(500);
    const seen = client.notifications.length;

    faults.addRule({
      match: isPost('tools/list'),
      action: { kind: 'rewrite', transform: withoutTool('get-sum') },
    });
    await server.restart();
    expect(toolText(await client.callTool('echo', { message: 'x' }))).toBe('Echo: x');

    await client.waitForNotification('notifications/tools/list_changed', 8_000, seen);
    expect(toolNames(await client.request('tools/list', {}))).not.toContain('get-sum');
    expectHealthy(client);
  });
});

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { forwardedCount, isPost, isToolCall } from '../../helpers/fault-proxy.js';
import { spawnStdioServer } from '../../helpers/mcp-stdio-client.js';
import { startNginx } from '../../helpers/nginx.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { referenceStdioCommand } from '../../helpers/reference-server.js';
import { faultProxyFor, onCleanup, referenceServer, tempHome, useProxyCleanup } from './proxy-fixture.js';

/**
 * The harness itself against the real parts, without Tether: if these fail, the proxy tests would
 * be measuring the harness, not the proxy.
 */
describe('proxy test harness', () => {
  useProxyCleanup();

  it('relays a real SDK client through the fault layer and scripts a 404 for an expired session', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const client = new Client({ name: 'harness', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(faults.url())));
    onCleanup(() => client.close());
    const first = await client.callTool({ name: 'echo', arguments: { message: 'hi' } });
    expect(JSON.stringify(first)).toContain('Echo: hi');
    expect(forwardedCount(faults, isToolCall('echo'))).toBe(1);

    faults.expireSessions(
      404,
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}',
    );
    await expect(client.callTool({ name: 'echo', arguments: { message: 'again' } })).rejects.toThrow(
      /Session not found/,
    );
    expect(forwardedCount(faults, isToolCall('echo'))).toBe(1);
    expect(faults.requests.filter(isPost('initialize'))).toHaveLength(1);
  });

  it('loses sessions on a restart of the real server (400 No valid session ID)', async () => {
    const server = await referenceServer();
    const client = new Client({ name: 'harness', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url)));
    onCleanup(() => client.close());
    await server.restart();
    await expect(client.callTool({ name: 'echo', arguments: { message: 'x' } })).rejects.toThrow(
      /No valid session ID/,
    );
  });

  it('real nginx cuts an idle GET stream at proxy_read_timeout', async () => {
    const server = await referenceServer();
    const nginx = await startNginx({ upstreamPort: server.port, readTimeoutSeconds: 1 });
    onCleanup(() => nginx.stop());
    const client = new Client({ name: 'harness', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(nginx.url())));
    onCleanup(() => client.close());
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const gets = (await nginx.accessLog()).filter((line) => line.method === 'GET');
    expect(gets.length).toBeGreaterThanOrEqual(1);
    expect(gets[0]?.seconds).toBeGreaterThanOrEqual(0.9);
    expect(gets[0]?.seconds).toBeLessThan(2);
  });

  it('speaks newline-delimited JSON-RPC to a stdio server', async () => {
    const home = await tempHome();
    const child = spawnStdioServer(referenceStdioCommand(), { env: home.env });
    onCleanup(() => child.kill());
    const init = await child.initialize();
    expect(init.result?.['serverInfo']).toBeDefined();
    const answer = await child.callTool('echo', { message: 'stdio' });
    expect(toolText(answer)).toBe('Echo: stdio');
    expect(child.garbage).toEqual([]);
  });
});

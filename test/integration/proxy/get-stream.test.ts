import { describe, expect, it } from 'vitest';
import { isGet } from '../../helpers/fault-proxy.js';
import { startNginx } from '../../helpers/nginx.js';
import { toolText } from '../../helpers/proxy-answer.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  onCleanup,
  referenceServer,
  sleep,
  useProxyCleanup,
} from './proxy-fixture.js';

describe('tether proxy: GET stream cuts and quirks (proxy-spec §14 rows 3-5; §3 F2, F13)', () => {
  useProxyCleanup();

  it('survives real nginx proxy_read_timeout cuts at two ages and reports each idle timeout in seconds', async () => {
    const server = await referenceServer();
    // Two paths in parallel so the suite pays for the slower one only. The proxy ignores cuts under 5 s.
    const ages = [6, 9];
    const paths = await Promise.all(
      ages.map(async (readTimeoutSeconds) => {
        const nginx = await startNginx({ upstreamPort: server.port, readTimeoutSeconds });
        onCleanup(() => nginx.stop());
        const { client } = await connectedTether(nginx.url());
        return { nginx, client, readTimeoutSeconds };
      }),
    );
    await Promise.all(
      paths.map(async ({ client, readTimeoutSeconds }) => {
        const line = await client.waitForStderr(
          new RegExp(`~?\\b${readTimeoutSeconds}\\s?s\\b.*idle|idle.*\\b${readTimeoutSeconds}\\s?s\\b`, 'i'),
          readTimeoutSeconds * 4_000 + 4_000,
        );
        expect(line).toBeTruthy();
      }),
    );
    for (const { nginx, client, readTimeoutSeconds } of paths) {
      const gets = (await nginx.accessLog()).filter(
        (entry) => entry.method === 'GET' && entry.status === 200,
      );
      // nginx logs a stream when it ends: two completed cuts (the third stream is still open).
      expect(gets.length).toBeGreaterThanOrEqual(2);
      for (const cut of gets.slice(0, 2)) expect(Math.round(cut.seconds)).toBe(readTimeoutSeconds);
      expect(toolText(await client.callTool('echo', { message: 'after-cuts' }))).toBe('Echo: after-cuts');
      expectHealthy(client);
    }
  });

  it.each([true, false])(
    'reopens the GET stream after a cut by the fault layer (graceful end: %s)',
    async (graceful) => {
      const server = await referenceServer();
      const faults = await faultProxyFor(server);
      faults.addRule({ match: isGet, action: { kind: 'cut-after', ms: 1_000, graceful }, times: 2 });
      const { client } = await connectedTether(faults.url());
      expect(await eventually(() => faults.requests.filter(isGet).length >= 3, 12_000)).toBe(true);
      expect(toolText(await client.callTool('echo', { message: 'cut' }))).toBe('Echo: cut');
      expectHealthy(client);
    },
  );

  it.each([409, 405])('GET answering %i: POSTs keep working and GETs are not hammered', async (status) => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    faults.addRule({ match: isGet, action: { kind: 'status', status, body: '' } });
    const { client } = await connectedTether(faults.url());
    await sleep(4_000);
    expect(toolText(await client.callTool('echo', { message: `get-${status}` }))).toBe(`Echo: get-${status}`);
    // Back off ≥ 15 s after 409; stay POST-only after 405: a handful of GETs at most, never a loop.
    expect(faults.requests.filter(isGet).length).toBeLessThanOrEqual(3);
    expectHealthy(client);
  });

  it('GET answering 404 while POSTs work: no re-initialize storm', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    faults.addRule({ match: isGet, action: { kind: 'status', status: 404, body: '' } });
    const { client } = await connectedTether(faults.url());
    await sleep(4_000);
    expect(toolText(await client.callTool('echo', { message: 'get-404' }))).toBe('Echo: get-404');
    expect(faults.requests.filter((r) => r.rpcMethod === 'initialize').length).toBeLessThanOrEqual(3);
    expectHealthy(client);
  });
});

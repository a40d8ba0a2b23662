import { describe, expect, it } from 'vitest';
import { isToolCall } from '../../helpers/fault-proxy.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { SSE_TAIL_GRACE_MS } from '../../../electron/proxy/transports/post-response.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  referenceServer,
  useProxyCleanup,
} from './proxy-fixture.js';

/**
 * Keep-alive: the reference server answers every POST with a short SSE stream that it closes after
 * the response. Reading that stream to its end returns the socket to the pool; dropping it after the
 * response meant one new TCP connection (and, against an https server, one TLS handshake) per call.
 */
describe('tether proxy: upstream connection reuse', () => {
  useProxyCleanup();

  it('sends 60 sequential and 64 concurrent calls over a handful of connections', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    expect(toolText(await client.callTool('echo', { message: 'warm' }))).toBe('Echo: warm');
    const afterWarmUp = faults.connections();

    for (let call = 0; call < 60; call++)
      expect(toolText(await client.callTool('echo', { message: `s${call}` }))).toBe(`Echo: s${call}`);
    expect(faults.connections() - afterWarmUp).toBeLessThanOrEqual(1);

    const concurrent = await Promise.all(
      Array.from({ length: 64 }, (_, call) => client.callTool('echo', { message: `c${call}` })),
    );
    expect(concurrent.map(toolText)).toEqual(Array.from({ length: 64 }, (_, call) => `Echo: c${call}`));
    // At most one connection per request in flight at once, not one per call.
    expect(faults.connections() - afterWarmUp).toBeLessThanOrEqual(1 + 64);
    const before = faults.connections();
    for (let call = 0; call < 20; call++) await client.callTool('echo', { message: `again${call}` });
    expect(faults.connections() - before).toBeLessThanOrEqual(1);
    expectHealthy(client);
  });

  it('answers at once when a server keeps the SSE answer open, and cuts that stream after the grace', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({ match: isToolCall('echo'), action: { kind: 'hold-open' }, times: 1 });
    const started = Date.now();
    expect(toolText(await client.callTool('echo', { message: 'held' }))).toBe('Echo: held');
    expect(Date.now() - started).toBeLessThan(1_500);
    const held = faults.requests.find((request) => request.outcome.startsWith('held-open'));
    expect(held?.outcome).toBe('held-open');
    // The held connection is not reused while open; the next call goes over another one.
    expect(toolText(await client.callTool('echo', { message: 'next' }))).toBe('Echo: next');
    expect(
      await eventually(() => held?.outcome === 'held-open, closed by the client', SSE_TAIL_GRACE_MS + 2_000),
    ).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SSE_TAIL_GRACE_MS - 100);
    expectHealthy(client);
  });
});

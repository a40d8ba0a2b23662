import { describe, expect, it } from 'vitest';
import { isPost } from '../../helpers/fault-proxy.js';
import { proxyError, toolText } from '../../helpers/proxy-answer.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  referenceServer,
  sleep,
  useProxyCleanup,
} from './proxy-fixture.js';

describe('tether proxy: client side of stdio (proxy-spec §14 rows 16-19; §11)', () => {
  useProxyCleanup();

  it('answers invalid JSON with -32700 (id null) and a malformed request with -32600 (its id)', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    client.sendRaw('{this is not json');
    client.sendRaw('{"jsonrpc":"2.0","id":77,"method":5}');
    expect(
      await eventually(() => client.received.some((m) => m.error?.code === -32700 && m.id === null), 5_000),
    ).toBe(true);
    expect(
      await eventually(() => client.received.some((m) => m.error?.code === -32600 && m.id === 77), 5_000),
    ).toBe(true);
    expect(toolText(await client.callTool('echo', { message: 'still-fine' }))).toBe('Echo: still-fine');
    expect(client.garbage).toEqual([]);
    expect(client.alive()).toBe(true);
  });

  it('frames a 64 MiB message: exactly one answer, no exit, and the next call works', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const big = 'x'.repeat(64 * 1024 * 1024);
    const answer = await client.callTool('echo', { message: big }, { timeoutMs: 60_000 });
    // The upstream may refuse a body this size (413); the proxy may not choke on the framing.
    if (answer.error) expect([-32700, -32600]).not.toContain(answer.error.code);
    // A body this size may be refused while it is still being written: the proxy then sees EPIPE after
    // the kernel took the bytes, which it cannot tell from a server that read the call and died, so the
    // truthful answer is "not executed" or "MAY have run", never "ran".
    if (proxyError(answer))
      expect(['no', 'unknown'], toolText(answer)).toContain(proxyError(answer)?.executed);
    expect(toolText(await client.callTool('echo', { message: 'small' }))).toBe('Echo: small');
    expectHealthy(client);
  }, 90_000);

  it('stdin EOF mid-call: cancels upstream, ends the session, exits 0 promptly', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    client.send({
      id: 'inflight',
      method: 'tools/call',
      params: { name: 'trigger-long-running-operation', arguments: { duration: 5, steps: 5 } },
    });
    await sleep(500);
    const closedAt = Date.now();
    client.closeStdin();
    const exit = await client.waitForExit(5_000);
    expect(exit.code).toBe(0);
    expect(Date.now() - closedAt).toBeLessThan(4_000);
    expect(faults.requests.some(isPost('notifications/cancelled'))).toBe(true);
    expect(faults.requests.some((r) => r.method === 'DELETE')).toBe(true);
  });

  it('a busy proxy process trims its heap: the V8 flags `tether wrap` writes expose gc to the trimmer', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const message = 'm'.repeat(8 * 1024);
    const started = Date.now();
    // ~8 KiB in each direction per call: several MiB of garbage over more than a second.
    for (let call = 0; call < 300 || Date.now() - started < 1_500; call++)
      expect(toolText(await client.callTool('echo', { message }))).toBe(`Echo: ${message}`);
    client.closeStdin();
    expect((await client.waitForExit(5_000)).code).toBe(0);
    const report = client.stderrLines
      .map((line) => /heap trimmer: (\d+) collections/.exec(line))
      .find(Boolean);
    expect(Number(report?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('clock jump (process frozen 12 s, as in system sleep): detects the gap and re-validates the session', async () => {
    // A real suspend cannot be faked from a test, but SIGSTOP/SIGCONT is what the proxy sees of one:
    // its timers stop, wall time jumps. Meanwhile the server restarted, so the session is gone.
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await client.callTool('echo', { message: 'before-sleep' });
    process.kill(client.pid, 'SIGSTOP');
    await server.restart();
    await sleep(12_000);
    const resumedAt = Date.now();
    process.kill(client.pid, 'SIGCONT');
    // Without any client request, the proxy pings or re-initializes on wake.
    expect(
      await eventually(() => faults.requests.some((r) => r.at > resumedAt && r.method === 'POST'), 5_000),
    ).toBe(true);
    expect(toolText(await client.callTool('echo', { message: 'after-wake' }))).toBe('Echo: after-wake');
    expectHealthy(client);
  });
});

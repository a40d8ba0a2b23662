import { describe, expect, it } from 'vitest';
import { ControlHub } from '../../../electron/core/hub/control-hub.js';
import { silentLogger } from '../../../electron/core/logger.js';
import type { ProxyEvent } from '../../../shared/control-protocol.js';
import { isPost } from '../../helpers/fault-proxy.js';
import { toolText } from '../../helpers/proxy-answer.js';
import { referenceStdioCommand } from '../../helpers/reference-server.js';
import {
  childPids,
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  onCleanup,
  referenceServer,
  startTether,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

/** The real service end of the control socket, in the temp home the proxy will use. */
async function startHub(): Promise<{
  hub: ControlHub;
  home: Awaited<ReturnType<typeof tempHome>>;
  events: ProxyEvent[];
}> {
  const home = await tempHome();
  const events: ProxyEvent[] = [];
  const hub = new ControlHub({
    dataDir: home.dataDir,
    logger: silentLogger,
    onProxyEvent: (key, event) => {
      if (key === 'svc') events.push(event);
    },
  });
  await hub.start();
  onCleanup(() => hub.stop());
  return { hub, home, events };
}

describe('tether proxy ↔ the service control hub (live events, commands)', () => {
  useProxyCleanup();

  it('streams hello, state, metrics and activity; reconnect and reset-session are executed and acked', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { hub, home, events } = await startHub();
    const { client } = await connectedTether(faults.url(), ['--name', 'svc'], home);
    expect(toolText(await client.callTool('echo', { message: 'live' }))).toBe('Echo: live');

    const types = (): string[] => events.map((event) => event.type);
    expect(await eventually(() => types().includes('activity'), 5_000)).toBe(true);
    expect(types()[0]).toBe('hello');
    expect(events[0]).toMatchObject({ server: { key: 'svc' }, pid: client.pid, transport: 'auto' });
    expect(events).toContainEqual(expect.objectContaining({ type: 'state', state: 'connected' }));
    expect(events).toContainEqual(expect.objectContaining({ type: 'metrics', requests: 0 }));
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'activity', method: 'tools/call', tool: 'echo', outcome: 'ok' }),
    );
    expect(hub.liveStates().get('svc')).toMatchObject({ state: 'connected', pid: client.pid });

    expect(await hub.sendCommand('svc', 'reconnect')).toMatchObject({ command: 'reconnect', ok: true });
    const initsBefore = faults.requests.filter(isPost('initialize')).length;
    expect(await hub.sendCommand('svc', 'reset-session')).toMatchObject({
      command: 'reset-session',
      ok: true,
    });
    // A reset drops the session: the next call runs on a freshly initialized one.
    expect(toolText(await client.callTool('echo', { message: 'after-reset' }))).toBe('Echo: after-reset');
    expect(faults.requests.filter(isPost('initialize')).length).toBeGreaterThan(initsBefore);
    expect(await hub.sendCommand('svc', 'bogus' as never)).toMatchObject({ ok: false });
    expectHealthy(client);
  });

  it("reset-session during a reconnect attempt: the new session survives the old one's slow DELETE", async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { hub, home } = await startHub();
    const { client } = await connectedTether(faults.url(), ['--name', 'svc'], home);
    expect(toolText(await client.callTool('echo', { message: 'before' }))).toBe('Echo: before');
    // The old session's DELETE takes 500 ms; meanwhile the reconnect loop, already running, opens the new one.
    faults.addRule({ match: (request) => request.method === 'DELETE', action: { kind: 'delay', ms: 500 } });
    const reconnect = hub.sendCommand('svc', 'reconnect');
    const reset = hub.sendCommand('svc', 'reset-session');
    expect(await reconnect).toMatchObject({ ok: true });
    expect(await reset).toMatchObject({ ok: true });
    for (let call = 0; call < 3; call++)
      expect(toolText(await client.callTool('echo', { message: `after${call}` }))).toBe(`Echo: after${call}`);
    // Every request after the reset carried a session id.
    const afterReset = faults.requests.filter((request) => request.rpcMethod === 'tools/call').slice(1);
    expect(afterReset.every((request) => request.sessionId !== undefined)).toBe(true);
    expectHealthy(client);
  });

  it('restart-child from the hub restarts the local server process', async () => {
    const { hub, home } = await startHub();
    const client = await startTether(['--name', 'svc', '--', ...referenceStdioCommand()], home);
    await client.initialize();
    expect(toolText(await client.callTool('echo', { message: 'one' }))).toBe('Echo: one');
    const [before] = childPids(client.pid);
    expect(before).toBeDefined();
    expect(await eventually(() => hub.liveStates().has('svc'), 5_000)).toBe(true);

    expect(await hub.sendCommand('svc', 'restart-child')).toMatchObject({
      command: 'restart-child',
      ok: true,
    });
    expect(toolText(await client.callTool('echo', { message: 'two' }, { timeoutMs: 15_000 }))).toBe(
      'Echo: two',
    );
    const after = childPids(client.pid);
    expect(after.length).toBe(1);
    expect(after).not.toContain(before);
    expectHealthy(client);
  });
});

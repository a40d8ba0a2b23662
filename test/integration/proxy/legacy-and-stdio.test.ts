import { describe, expect, it } from 'vitest';
import { isToolSuccess, proxyError, toolText } from '../../helpers/proxy-answer.js';
import { referenceStdioCommand } from '../../helpers/reference-server.js';
import {
  childPids,
  connectedTether,
  eventually,
  expectHealthy,
  referenceServer,
  startTether,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

describe('tether proxy: legacy HTTP+SSE and a local stdio child (proxy-spec §14 rows 14-15; §3 F12, F14)', () => {
  useProxyCleanup();

  it('--transport auto falls back to legacy SSE and re-initializes on a new endpoint after a restart', async () => {
    const server = await referenceServer('sse');
    const { client, init } = await connectedTether(server.url, ['--transport', 'auto']);
    expect(init.result?.['serverInfo']).toBeDefined();
    expect(toolText(await client.callTool('echo', { message: 'sse-1' }))).toBe('Echo: sse-1');
    await server.restart();
    const after = await client.callTool('echo', { message: 'sse-2' }, { timeoutMs: 15_000 });
    expect(toolText(after)).toBe('Echo: sse-2');
    expectHealthy(client);
  });

  it('--transport sse speaks legacy SSE directly', async () => {
    const server = await referenceServer('sse');
    const { client } = await connectedTether(server.url, ['--transport', 'sse']);
    expect(toolText(await client.callTool('echo', { message: 'sse-direct' }))).toBe('Echo: sse-direct');
    expectHealthy(client);
  });

  it('respawns a crashed stdio child; an in-flight call says MAY have run, the next one works', async () => {
    const client = await startTether(['--', ...referenceStdioCommand()]);
    await client.initialize();
    expect(toolText(await client.callTool('echo', { message: 'child-1' }))).toBe('Echo: child-1');
    const [childPid] = childPids(client.pid);
    expect(childPid).toBeDefined();
    const inflight = client.callTool(
      'trigger-long-running-operation',
      { duration: 5, steps: 5 },
      { timeoutMs: 15_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    process.kill(childPid ?? -1, 'SIGKILL');
    const lost = await inflight;
    expect(isToolSuccess(lost)).toBe(false);
    expect(proxyError(lost)?.executed).toBe('unknown');
    expect(await eventually(() => childPids(client.pid).some((pid) => pid !== childPid), 8_000)).toBe(true);
    expect(toolText(await client.callTool('echo', { message: 'child-2' }, { timeoutMs: 15_000 }))).toBe(
      'Echo: child-2',
    );
    expect(client.stderrLines.join('\n')).toMatch(/child|exit|restart/i);
    expectHealthy(client);
  });

  it('the stdio child does not inherit ELECTRON_RUN_AS_NODE from the packaged app; the rest passes', async () => {
    const home = await tempHome();
    home.env['ELECTRON_RUN_AS_NODE'] = '1';
    home.env['TETHER_TEST_USER_VAR'] = 'kept';
    const client = await startTether(['--', ...referenceStdioCommand()], home);
    await client.initialize();
    const env = JSON.parse(toolText(await client.callTool('get-env', {}))) as Record<string, string>;
    expect(env['TETHER_TEST_USER_VAR']).toBe('kept');
    expect(env).not.toHaveProperty('ELECTRON_RUN_AS_NODE');
    expectHealthy(client);
  });
});

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

const LONG = 'trigger-long-running-operation';

describe('tether proxy: slow tools, progress, cancel, backstop (proxy-spec §14 row 11; §3 F8)', () => {
  useProxyCleanup();

  it('forwards progress at once with the client token unchanged, then the result', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const answer = await client.request(
      'tools/call',
      { name: LONG, arguments: { duration: 2, steps: 4 } },
      { meta: { progressToken: 'canary-progress-1' }, timeoutMs: 15_000 },
    );
    expect(toolText(answer)).toMatch(/Long running operation completed/);
    const progress = client.notifications.filter((n) => n.method === 'notifications/progress');
    expect(progress.length).toBe(4);
    for (const note of progress) expect(note.params?.['progressToken']).toBe('canary-progress-1');
    expectHealthy(client);
  });

  it('forwards a client cancel upstream and never answers the cancelled id', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    client.send({
      id: 'slow-1',
      method: 'tools/call',
      params: { name: LONG, arguments: { duration: 4, steps: 4 } },
    });
    await sleep(800);
    client.notify('notifications/cancelled', { requestId: 'slow-1', reason: 'user pressed Esc' });
    expect(await eventually(() => faults.requests.some(isPost('notifications/cancelled')), 3_000)).toBe(true);
    await sleep(4_500);
    expect(client.answersFor('slow-1')).toHaveLength(0);
    expect(toolText(await client.callTool('echo', { message: 'after-cancel' }))).toBe('Echo: after-cancel');
    expect([...client.answerCounts()].filter(([id, n]) => id !== 'slow-1' && n !== 1)).toEqual([]);
    expect(client.alive()).toBe(true);
  });

  it('the proxy backstop answers with executed=unknown and cancels upstream', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url(), ['--deadline', '2']);
    const answer = await client.callTool(LONG, { duration: 6, steps: 3 }, { timeoutMs: 10_000 });
    expect(proxyError(answer)?.executed).toBe('unknown');
    expect(proxyError(answer)?.reason).toBe('upstream_timeout');
    expect(await eventually(() => faults.requests.some(isPost('notifications/cancelled')), 3_000)).toBe(true);
    expectHealthy(client);
  });
});

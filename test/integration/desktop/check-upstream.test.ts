import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger.js';
import { startService, type TetherService } from '../../../electron/core/service.js';
import type { WakeReason } from '../../../electron/core/wake/wake-signals.js';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { isToolSuccess } from '../../helpers/proxy-answer.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * After a wake or a network change the service tells every live proxy to check its upstream now: a
 * real `tether proxy` in front of the real reference server receives `check-upstream` over the control
 * socket, acknowledges it, and keeps answering calls.
 */
describe('check-upstream after a wake', () => {
  let home: TempHome;
  let server: ReferenceServer;
  let service: TetherService;
  let proxy: StdioClient;
  beforeAll(async () => {
    home = await createTempHome();
    server = await startReferenceServer('streamableHttp');
    service = await startService({
      dataDir: home.dataDir,
      mode: 'headless',
      platform: process.platform,
      logger: silentLogger,
      pathEnv: { env: home.env, platform: process.platform, homeDir: home.home },
      logs: { pollMs: 200 },
      clients: false,
    });
    proxy = spawnProxy(['--name', 'everything', server.url], { env: home.env });
  });
  afterAll(async () => {
    await proxy?.kill();
    await service?.stop();
    await server?.stop();
    await home?.cleanup();
  });

  it('every live proxy acknowledges, listeners hear the round, calls still get their answer', async () => {
    await proxy.initialize(30_000);
    const deadline = Date.now() + 20_000;
    let round = await service.upstreamChecks.trigger('resume');
    while (round.proxies === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      round = await service.upstreamChecks.trigger('resume');
    }
    const heard: WakeReason[] = [];
    const off = service.upstreamChecks.onCheck((reason) => heard.push(reason));
    expect(await service.upstreamChecks.trigger('network-change')).toEqual({
      reason: 'network-change',
      proxies: 1,
      acknowledged: 1,
    });
    off();
    expect(heard).toEqual(['network-change']);
    const answer = await proxy.callTool('echo', { message: 'after wake' }, { timeoutMs: 30_000 });
    expect(isToolSuccess(answer)).toBe(true);
    expect(proxy.answerCounts().get(answer.id!)).toBe(1);
  });
});

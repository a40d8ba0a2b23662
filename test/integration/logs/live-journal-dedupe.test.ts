import { afterEach, beforeEach, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logger.js';
import { currentPathEnv } from '../../../electron/core/paths.js';
import { LiveTimelines } from '../../../electron/core/timeline/live-timelines.js';
import type { LogEvent } from '../../../shared/log-events.js';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { startReferenceServer, type ReferenceServer } from '../../helpers/reference-server.js';
import { createTempHome, type TempHome } from '../../helpers/temp-home.js';

/**
 * A real `tether proxy` connected to the service's control socket also journals every event: the
 * service must count each call once, not once from the socket and again from the tailed journal.
 */
let home: TempHome;
let server: ReferenceServer;
let live: LiveTimelines | undefined;
let liveOptions: ConstructorParameters<typeof LiveTimelines>[0];
let proxy: StdioClient | undefined;
const emitted: LogEvent[] = [];

beforeEach(async () => {
  [home, server] = await Promise.all([createTempHome(), startReferenceServer('streamableHttp')]);
  const saved = { ...process.env };
  Object.assign(process.env, home.env);
  const pathEnv = currentPathEnv();
  Object.assign(process.env, saved);
  liveOptions = {
    dataDir: home.dataDir,
    pathEnv,
    logger: silentLogger,
    onEvent: (event) => emitted.push(event),
    pollMs: 100,
  };
});
afterEach(async () => {
  await proxy?.kill();
  await live?.stop();
  await server.stop();
  await home.cleanup();
});

const until = async (check: () => boolean, timeoutMs = 15_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(check()).toBe(true);
};

it('a proxy live on the socket: its calls count once, though its journal holds them too', async () => {
  // An earlier run (no service listening) leaves a journal that the service then follows from its end.
  const earlier = spawnProxy(['--name', 'ref', server.url], { env: home.env });
  await earlier.initialize();
  await earlier.callTool('echo', { message: 'earlier run' });
  earlier.closeStdin();
  await earlier.waitForExit(10_000);
  const service = new LiveTimelines(liveOptions);
  live = service;
  await service.start();
  const ref = () =>
    service
      .timelines()
      .find((timeline) => timeline.server.client === 'tether' && timeline.server.name === 'ref');
  await until(() => ref()?.counters.toolOk === 1);

  proxy = spawnProxy(['--name', 'ref', server.url], { env: home.env });
  await proxy.initialize();
  await until(() => ref()?.proxy?.live === true);
  for (const n of [1, 2, 3]) await proxy.callTool('echo', { message: `call ${n}` });
  await until(() => ref()!.counters.toolOk >= 4);
  // The journal is written every 250 ms and polled every 100 ms: give it time to be read (twice over).
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(ref()!.counters).toMatchObject({ toolCalls: 4, toolOk: 4, toolErrors: 0 });
  expect(emitted.filter((event) => event.kind === 'tool_ok')).toHaveLength(3);
  expect(ref()).toMatchObject({ status: 'connected', inferred: false, proxy: { live: true, running: true } });
}, 60_000);

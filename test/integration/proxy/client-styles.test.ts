import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { proxyCachePath, proxyJournalPath } from '../../../electron/core/control-socket-path.js';
import {
  STARTUP_STYLES,
  journalEvents,
  startLike,
  stopLike,
  type ShutdownStyle,
} from '../../helpers/client-styles.js';
import { spawnProxy, type StdioClient } from '../../helpers/mcp-stdio-client.js';
import { proxyError, toolNames } from '../../helpers/proxy-answer.js';
import type { TempHome } from '../../helpers/temp-home.js';
import {
  expectHealthy,
  faultProxyFor,
  onCleanup,
  referenceServer,
  sleep,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

/** A proxy as a client spawns it: no test budgets, only what the style needs. */
function spawnFor(home: TempHome, url: string, flags: string[] = []): StdioClient {
  const client = spawnProxy(['--name', 'ref', ...flags, url], { env: home.env });
  onCleanup(() => client.kill());
  return client;
}

const isToolsListActivity = (event: Record<string, unknown>): boolean =>
  event['type'] === 'activity' && event['method'] === 'tools/list' && event['outcome'] === 'ok';
const isStopped = (event: Record<string, unknown>): boolean =>
  event['type'] === 'state' && event['reason'] === 'shutdown';

describe('tether proxy: each client shutdown style leaves a usable cache and a true journal (issue 18)', () => {
  useProxyCleanup();

  it.each<[ShutdownStyle, (last: Record<string, unknown>) => boolean]>([
    ['stdin-close', isStopped],
    // SIGTERM is handled synchronously when it lands before the SIGKILL; either way the last line is true.
    ['sigterm-then-sigkill', (last) => isStopped(last) || isToolsListActivity(last)],
    ['sigkill', isToolsListActivity],
  ])(
    '%s 50 ms after the first tools/list: the next proxy serves it with the upstream down',
    async (style, lastIs) => {
      const server = await referenceServer();
      const faults = await faultProxyFor(server);
      const home = await tempHome();
      const first = spawnFor(home, faults.url());
      await startLike(first, STARTUP_STYLES.wait10s);
      const listed = toolNames(await first.request('tools/list', {}));
      expect(listed).toContain('echo');
      await sleep(50);
      await stopLike(first, style);

      const dataDir = home.env['TETHER_HOME']!;
      expect(existsSync(proxyCachePath(dataDir, 'ref'))).toBe(true);
      const events = await journalEvents(proxyJournalPath(dataDir, 'ref'));
      const last = events.at(-1)!;
      expect(lastIs(last), JSON.stringify(last)).toBe(true);
      if (style === 'stdin-close') expect(events.filter(isToolsListActivity)).toHaveLength(1);

      await faults.down();
      const second = spawnFor(home, faults.url());
      const init = await startLike(second, STARTUP_STYLES.noWait);
      expect(init.result?.['serverInfo']).not.toMatchObject({
        version: expect.stringMatching(/^tether-proxy/),
      });
      expect(toolNames(await second.request('tools/list', {}, { timeoutMs: 2_000 }))).toEqual(listed);
      expectHealthy(second);
    },
  );
});

describe('tether proxy: one start-up policy for every client, nothing cached, upstream down at start (issue 18)', () => {
  useProxyCleanup();

  it('a client that waits 10 s gets the real tools in its first tools/list when the server is up 4 s later', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    await faults.down();
    const client = spawnFor(await tempHome(), faults.url());
    const up = sleep(4_000).then(() => faults.up());
    const started = Date.now();
    const init = await startLike(client, STARTUP_STYLES.wait10s);
    await up;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(init.result?.['serverInfo']).toMatchObject({ name: expect.not.stringMatching(/^ref$/) });
    expect(String((init.result?.['serverInfo'] as { version?: unknown }).version)).not.toMatch(
      /tether-proxy/,
    );
    const tools = await client.request('tools/list', {});
    expect(toolNames(tools)).toContain('echo');
    expectHealthy(client);
  });

  it('a client that does not wait gets an error, never an empty list, then list_changed and the real tools', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    await faults.down();
    const client = spawnFor(await tempHome(), faults.url(), STARTUP_STYLES.noWait.proxyFlags);
    const init = await startLike(client, STARTUP_STYLES.noWait);
    // What it gets: a synthetic initialize (the proxy's own serverInfo, every list capability with
    // listChanged) and, for tools/list, the JSON-RPC error `upstream_unavailable`, retryable.
    expect(String((init.result?.['serverInfo'] as { version?: unknown }).version)).toMatch(/^tether-proxy/);
    const listed = await client.request('tools/list', {}, { timeoutMs: 2_000 });
    expect(listed.result).toBeUndefined();
    expect(proxyError(listed)).toMatchObject({ reason: 'upstream_unavailable', retryable: true });
    expect(listed.error?.message).toMatch(/list_changed/);
    await faults.up();
    await client.waitForNotification('notifications/tools/list_changed', 10_000);
    expect(toolNames(await client.request('tools/list', {}))).toContain('echo');
    expectHealthy(client);
  });

  it('server up after 12 s: a 30 s client is held and gets the real tools; a 10 s client is answered in time, then told', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    await faults.down();
    const patient = spawnFor(await tempHome(), faults.url());
    const hurried = spawnFor(await tempHome(), faults.url());
    const up = sleep(12_000).then(() => faults.up());
    const started = Date.now();
    const [patientInit, hurriedInit] = await Promise.all([
      startLike(patient, STARTUP_STYLES.wait30s),
      startLike(hurried, STARTUP_STYLES.wait10s).then(async (init) => {
        // Answered before its 10 s ran out, with the proxy's own result; its list is an error at once.
        expect(Date.now() - started).toBeLessThan(10_000);
        const list = await hurried.request('tools/list', {}, { timeoutMs: 1_000 });
        expect(proxyError(list)?.reason).toBe('upstream_unavailable');
        return init;
      }),
    ]);
    await up;
    expect(String((hurriedInit.result?.['serverInfo'] as { version?: unknown }).version)).toMatch(
      /^tether-proxy/,
    );
    expect(String((patientInit.result?.['serverInfo'] as { version?: unknown }).version)).not.toMatch(
      /tether-proxy/,
    );
    expect(toolNames(await patient.request('tools/list', {}))).toContain('echo');
    await hurried.waitForNotification('notifications/tools/list_changed', 10_000);
    expect(toolNames(await hurried.request('tools/list', {}))).toContain('echo');
    expectHealthy(patient);
    expectHealthy(hurried);
  }, 60_000);
});

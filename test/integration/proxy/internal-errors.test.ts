import { describe, expect, it } from 'vitest';
import { proxyJournalPath } from '../../../electron/core/control-socket-path.js';
import { journalEvents } from '../../helpers/client-styles.js';
import { spawnProxy } from '../../helpers/mcp-stdio-client.js';
import { toolText } from '../../helpers/proxy-answer.js';
import {
  expectHealthy,
  eventually,
  onCleanup,
  referenceServer,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

/** Loaded into the proxy process: one stray rejection and one stray exception, as a bug would leave. */
const STRAY =
  'data:text/javascript,' +
  encodeURIComponent(
    "setTimeout(() => { Promise.reject(new Error('stray rejection from a test preload')); setTimeout(() => { throw new Error('stray exception from a test preload'); }, 50); }, 800);",
  );

describe('tether proxy: a stray exception or rejection is journaled and the proxy keeps serving (issue 11 item 8)', () => {
  useProxyCleanup();

  it('logs and journals proxy_internal for both, and still answers', async () => {
    const server = await referenceServer();
    const home = await tempHome();
    const client = spawnProxy(['--name', 'ref', server.url], {
      env: { ...home.env, NODE_OPTIONS: `--import=${STRAY}` },
    });
    onCleanup(() => client.kill());
    await client.initialize();
    expect(
      await eventually(
        () => client.stderrLines.filter((line) => /internal error \(still serving\)/.test(line)).length >= 2,
        5_000,
      ),
    ).toBe(true);
    expect(client.alive()).toBe(true);
    expect(toolText(await client.callTool('echo', { message: 'after' }))).toBe('Echo: after');
    const events = await journalEvents(proxyJournalPath(home.env['TETHER_HOME']!, 'ref'));
    const internal = events.filter((event) => event['reason'] === 'proxy_internal');
    expect(internal.map((event) => String(event['message']))).toEqual([
      expect.stringMatching(/stray rejection/),
      expect.stringMatching(/stray exception/),
    ]);
    expectHealthy(client);
  });
});

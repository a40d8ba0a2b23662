import { describe, expect, it } from 'vitest';
import { proxyError, toolText } from '../../helpers/proxy-answer.js';
import { startTlsTerminator } from '../../helpers/tls-terminator.js';
import {
  connectedTether,
  expectHealthy,
  onCleanup,
  referenceServer,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

/**
 * An https upstream (a TLS-terminating front for the reference server, its certificate trusted the way
 * a corporate CA is: NODE_EXTRA_CA_CERTS). `node:https` is loaded on first use, and the keep-alive pool
 * matters most here: a new connection is a TLS handshake.
 */
describe('tether proxy: https upstream', () => {
  useProxyCleanup();

  it('initializes and calls over TLS, reusing the connection (no new handshake for 40 calls)', async () => {
    const server = await referenceServer();
    const tls = await startTlsTerminator(server);
    onCleanup(() => tls.close());
    const home = await tempHome();
    home.env['NODE_EXTRA_CA_CERTS'] = tls.certFile;
    const { client, init } = await connectedTether(tls.url(), [], home);
    expect(init.result?.['serverInfo']).toBeDefined();
    expect(toolText(await client.callTool('echo', { message: 'warm' }))).toBe('Echo: warm');
    // The POST pool's connection and the GET event stream's.
    const afterWarmUp = tls.handshakes();
    expect(afterWarmUp).toBeLessThanOrEqual(3);
    for (let call = 0; call < 40; call++)
      expect(toolText(await client.callTool('echo', { message: `tls${call}` }))).toBe(`Echo: tls${call}`);
    expect(tls.handshakes() - afterWarmUp).toBeLessThanOrEqual(1);
    expectHealthy(client);
  });

  it('refuses an untrusted certificate: calls say executed=no, and the proxy stays up', async () => {
    const server = await referenceServer();
    const tls = await startTlsTerminator(server);
    onCleanup(() => tls.close());
    // A short budget: nothing will come of waiting.
    const { client } = await connectedTether(tls.url(), ['--budget', '2']);
    const answer = await client.callTool('echo', { message: 'untrusted' }, { timeoutMs: 15_000 });
    expect(proxyError(answer)?.executed).toBe('no');
    expect(client.stderrLines.join('\n')).toMatch(/certificate is not trusted here.*NODE_EXTRA_CA_CERTS/);
    expectHealthy(client);
  });
});

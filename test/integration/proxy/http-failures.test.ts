import { describe, expect, it } from 'vitest';
import { forwardedCount, isPost, isToolCall } from '../../helpers/fault-proxy.js';
import {
  DUAL_STACK_DNS_PRELOAD,
  DUAL_STACK_HOST,
  startIpv6BlackHole,
} from '../../helpers/ipv6-black-hole.js';
import { CLIENT_INIT_PARAMS } from '../../helpers/mcp-stdio-client.js';
import { startSynBlackHole } from '../../helpers/syn-black-hole.js';
import { CONNECT_TIMEOUT_MS } from '../../../electron/proxy/http-request.js';
import { isToolSuccess, proxyError, toolText } from '../../helpers/proxy-answer.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  faultProxyFor,
  onCleanup,
  referenceServer,
  sleep,
  startTether,
  tempHome,
  useProxyCleanup,
} from './proxy-fixture.js';

const HTML_502 =
  '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';
const echoed = isToolCall('echo');

/** A proxy answer's text must never carry an HTML body, and never use an HTTP status as a JSON-RPC code. */
function expectCleanError(answer: {
  error?: { code: number; message: string };
  result?: Record<string, unknown>;
}): void {
  const text = JSON.stringify(answer);
  expect(text).not.toMatch(/<html|<h1|<center/i);
  if (answer.error) expect(answer.error.code).toBeLessThan(0);
}

describe('tether proxy: HTTP failures (proxy-spec §14 rows 6-8, 10, 13; §3 F3-F5, F7, F11)', () => {
  useProxyCleanup();

  it('a call made during an 8 s outage waits and succeeds: fast probes do not open the circuit', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    // The default 20 s budget (the fixture's is 6 s).
    const { client } = await connectedTether(faults.url(), ['--budget', '20']);
    await faults.down();
    const upAt = Date.now() + 8_000;
    const up = sleep(8_000).then(() => faults.up());
    // Waiting calls probe the upstream about every second: counted alone, the refusals of a short
    // outage reached the breaker's threshold and held the call 15 s, past its 20 s budget.
    const answer = await client.callTool('echo', { message: 'during the outage' }, { timeoutMs: 25_000 });
    await up;
    expect(isToolSuccess(answer), JSON.stringify(answer)).toBe(true);
    expect(Date.now() - upAt).toBeLessThan(3_000);
    expectHealthy(client);
  });

  it('reset before the upstream got the call: either replayed once or answered truthfully', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({ match: echoed, action: { kind: 'reset-before' }, times: 1 });
    const answer = await client.callTool('echo', { message: 'rst-before' });
    const executions = forwardedCount(faults, echoed);
    if (isToolSuccess(answer)) expect(executions).toBe(1);
    else {
      expect(executions).toBe(0);
      expect(['no', 'unknown']).toContain(proxyError(answer)?.executed);
    }
    expectHealthy(client);
  });

  it('reset after the upstream ran the call: says the tool MAY have run and does not replay it', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({ match: echoed, action: { kind: 'reset-after' }, times: 1 });
    const answer = await client.callTool('echo', { message: 'rst-after' });
    expect(answer.result?.['isError']).toBe(true);
    expect(proxyError(answer)?.executed).toBe('unknown');
    expect(toolText(answer)).toMatch(/MAY have run/);
    expect(forwardedCount(faults, echoed)).toBe(1);
    expect(toolText(await client.callTool('echo', { message: 'next' }))).toBe('Echo: next');
    expectHealthy(client);
  });

  it('reset after send replays a tool on --retryable-tools', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url(), ['--retryable-tools', 'echo']);
    faults.addRule({ match: echoed, action: { kind: 'reset-after' }, times: 1 });
    expect(toolText(await client.callTool('echo', { message: 'idem' }))).toBe('Echo: idem');
    expect(forwardedCount(faults, echoed)).toBe(2);
    expectHealthy(client);
  });

  it('reset after send replays a safe method (tools/list)', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({ match: isPost('tools/list'), action: { kind: 'reset-after' }, times: 1 });
    const answer = await client.request('tools/list', {});
    expect(answer.error).toBeUndefined();
    expect(Array.isArray(answer.result?.['tools'])).toBe(true);
    expectHealthy(client);
  });

  it('reset mid-SSE with event ids resumes; without ids the outcome is unknown', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({ match: echoed, action: { kind: 'reset-mid-stream', stripEventIds: true }, times: 1 });
    const lost = await client.callTool('echo', { message: 'mid' });
    if (!isToolSuccess(lost)) expect(proxyError(lost)?.executed).toBe('unknown');
    expect(forwardedCount(faults, echoed)).toBe(1);
    expectHealthy(client);
  });

  it.each([
    { status: 502, executed: 'unknown' },
    { status: 504, executed: 'unknown' },
  ])(
    '$status with an HTML body on tools/call: clean error, executed=$executed',
    async ({ status, executed }) => {
      const server = await referenceServer();
      const faults = await faultProxyFor(server);
      const { client } = await connectedTether(faults.url());
      faults.addRule({ match: echoed, action: { kind: 'status', status, body: HTML_502 }, times: 1 });
      const answer = await client.callTool('echo', { message: `gw-${status}` });
      expectCleanError(answer);
      expect(proxyError(answer)?.executed).toBe(executed);
      expect(proxyError(answer)?.httpStatus).toBe(status);
      expectHealthy(client);
    },
  );

  // Cloudflare's own 52x pages (proxy-spec §3 F4): 521/522/523 mean the origin never got the request (class R,
  // replayed); 520 (empty or odd origin reply) and 524 (origin timed out) may follow execution (U).
  it.each([
    { status: 520, replayed: false },
    { status: 521, replayed: true },
    { status: 522, replayed: true },
    { status: 523, replayed: true },
    { status: 524, replayed: false },
  ])(
    'Cloudflare $status with its HTML page on tools/call: replayed=$replayed',
    async ({ status, replayed }) => {
      const server = await referenceServer();
      const faults = await faultProxyFor(server);
      const { client } = await connectedTether(faults.url());
      const page = `<!DOCTYPE html><html><head><title>example.com | ${status}: Cloudflare</title></head><body><h1>Error ${status}</h1></body></html>`;
      faults.addRule({
        match: echoed,
        action: {
          kind: 'status',
          status,
          body: page,
          headers: { 'content-type': 'text/html', server: 'cloudflare' },
        },
        times: 1,
      });
      const answer = await client.callTool('echo', { message: `cf-${status}` });
      if (replayed) {
        expect(toolText(answer)).toBe(`Echo: cf-${status}`);
        expect(forwardedCount(faults, echoed)).toBe(1);
      } else {
        expectCleanError(answer);
        expect(answer.result?.['isError']).toBe(true);
        expect(proxyError(answer)?.executed).toBe('unknown');
        expect(proxyError(answer)?.httpStatus).toBe(status);
        expect(forwardedCount(faults, echoed)).toBe(0);
      }
      expectHealthy(client);
    },
  );

  it('503 with HTML then success: a rejected-before-dispatch call is replayed and runs once', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({
      match: echoed,
      action: {
        kind: 'status',
        status: 503,
        body: HTML_502,
        headers: { 'content-type': 'text/html', 'retry-after': '1' },
      },
      times: 1,
    });
    const answer = await client.callTool('echo', { message: 'svc' });
    expect(toolText(answer)).toBe('Echo: svc');
    expect(forwardedCount(faults, echoed)).toBe(1);
    expectHealthy(client);
  });

  it.each([
    { form: 'delta-seconds', header: () => '2' },
    { form: 'HTTP-date', header: () => new Date(Date.now() + 2_500).toUTCString() },
  ])('429 with Retry-After as $form: waits, then replays once', async ({ header }) => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({
      match: echoed,
      action: () => ({
        kind: 'status',
        status: 429,
        body: '{"error":"slow down"}',
        headers: { 'content-type': 'application/json', 'retry-after': header() },
      }),
      times: 1,
    });
    const started = Date.now();
    const answer = await client.callTool('echo', { message: 'limited' });
    expect(toolText(answer)).toBe('Echo: limited');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(forwardedCount(faults, echoed)).toBe(1);
    expectHealthy(client);
  });

  it('429 with a Retry-After beyond the budget: answered at once, rate_limited, executed=no', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    faults.addRule({
      match: echoed,
      action: { kind: 'status', status: 429, body: '', headers: { 'retry-after': '3600' } },
    });
    const started = Date.now();
    const answer = await client.callTool('echo', { message: 'later' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(proxyError(answer)?.reason).toBe('rate_limited');
    expect(proxyError(answer)?.executed).toBe('no');
    expect(proxyError(answer)?.retryAfterMs).toBeGreaterThan(60_000);
    expectHealthy(client);
  });

  it.each([406, 415])('%i is a protocol error: not retried, executed=no', async (status) => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    const rule = faults.addRule({
      match: echoed,
      action: {
        kind: 'status',
        status,
        body: '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Not Acceptable"}}',
        headers: { 'content-type': 'application/json' },
      },
    });
    const answer = await client.callTool('echo', { message: 'proto' });
    expect(proxyError(answer)?.reason).toBe('upstream_protocol_error');
    expect(proxyError(answer)?.executed).toBe('no');
    expect(rule.hits()).toBe(1);
    expectHealthy(client);
  });

  it('sends the exact Accept, Content-Type and MCP-Protocol-Version headers upstream', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url(), ['--header', 'Accept: */*']);
    await client.callTool('echo', { message: 'headers' });
    for (const request of faults.requests.filter((r) => r.method === 'POST')) {
      expect(request.headers['accept']).toMatch(/application\/json/);
      expect(request.headers['accept']).toMatch(/text\/event-stream/);
      expect(request.headers['content-type']).toMatch(/application\/json/);
      if (request.rpcMethod !== 'initialize') expect(request.headers['mcp-protocol-version']).toBeDefined();
    }
    expectHealthy(client);
  });

  it('DNS failure (ENOTFOUND): initialize still answered within the budget, calls say executed=no', async () => {
    const client = await startTether(['http://tether-test.invalid/mcp']);
    const init = await client.initialize(15_000);
    expect(init.result ?? init.error).toBeDefined();
    const answer = await client.callTool('echo', { message: 'dns' }, { timeoutMs: 15_000 });
    expect(proxyError(answer)?.executed).toBe('no');
    expect(proxyError(answer)?.reason).toBe('upstream_unavailable');
    expectHealthy(client);
  });

  it('connect timeout (SYNs dropped, proxy-spec §14 row 10): initialize within the budget, executed=no, the hung connect given up', async () => {
    const hole = await startSynBlackHole();
    onCleanup(() => hole.close());
    const client = await startTether([`http://127.0.0.1:${hole.port}/mcp`]);
    const started = Date.now();
    const init = await client.initialize(15_000);
    expect(init.result?.['capabilities']).toBeDefined();
    expect(Date.now() - started).toBeLessThan(9_000); // the 6 s budget, not the 10 s connect timeout
    const answer = await client.callTool('echo', { message: 'syn' }, { timeoutMs: 15_000 });
    expect(proxyError(answer)?.executed).toBe('no');
    expect(proxyError(answer)?.reason).toBe('upstream_unavailable');
    // The connect that never completes is abandoned at CONNECT_TIMEOUT_MS and retried, not waited on forever.
    expect(
      await eventually(
        () => client.stderrLines.some((line) => /connect timeout after/.test(line)),
        CONNECT_TIMEOUT_MS + 5_000,
      ),
    ).toBe(true);
    expectHealthy(client);
  }, 40_000);

  it('upstream refusing connections for 2 s: a call made meanwhile waits and then succeeds', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await faults.down();
    const pending = client.callTool('echo', { message: 'during-down' }, { timeoutMs: 15_000 });
    await sleep(2_000);
    await faults.up();
    expect(toolText(await pending)).toBe('Echo: during-down');
    expect(forwardedCount(faults, echoed)).toBe(1);
    expectHealthy(client);
  });

  it('upstream down longer than the budget: the call is answered with executed=no', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await faults.down();
    const answer = await client.callTool('echo', { message: 'too-long' }, { timeoutMs: 20_000 });
    expect(proxyError(answer)?.executed).toBe('no');
    await faults.up();
    expectHealthy(client);
  });

  it('--ipv4 avoids an IPv6 path that black-holes after connecting (proxy-spec §14 row 10, AAAA black hole)', async () => {
    const server = await referenceServer();
    const hole = await startIpv6BlackHole(server.port);
    onCleanup(() => hole.close());
    const url = `http://${DUAL_STACK_HOST}:${server.port}/mcp`;
    const dualStackHome = async (): Promise<Awaited<ReturnType<typeof tempHome>>> => {
      const home = await tempHome();
      home.env['NODE_OPTIONS'] = `--import ${DUAL_STACK_DNS_PRELOAD}`;
      return home;
    };

    const { client } = await connectedTether(url, ['--ipv4'], await dualStackHome());
    expect(toolText(await client.callTool('echo', { message: 'v4' }))).toBe('Echo: v4');
    expect(hole.connections()).toBe(0);
    expectHealthy(client);

    // Without --ipv4 the AAAA record comes first and the connection goes into the hole.
    const unpinned = await startTether([url], await dualStackHome());
    unpinned.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: CLIENT_INIT_PARAMS });
    expect(await eventually(() => hole.connections() > 0, 8_000)).toBe(true);
  });
});

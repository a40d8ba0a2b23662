import { describe, expect, it } from 'vitest';
import { forwardedCount, isPost, type FaultRequest } from '../../helpers/fault-proxy.js';
import { isToolSuccess, proxyError, toolText } from '../../helpers/proxy-answer.js';
import { CLIENT_INIT_PARAMS } from '../../helpers/mcp-stdio-client.js';
import {
  connectedTether,
  expectHealthy,
  faultProxyFor,
  referenceServer,
  useProxyCleanup,
} from './proxy-fixture.js';

/** Matches the upstream execution of `echo` with this exact message. */
const echoOf =
  (message: string) =>
  (request: FaultRequest): boolean => {
    const params = (
      request.body as { params?: { name?: string; arguments?: { message?: string } } } | undefined
    )?.params;
    return (
      request.rpcMethod === 'tools/call' && params?.name === 'echo' && params.arguments?.message === message
    );
  };

const SESSION_NOT_FOUND = '{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}';
const NO_VALID_SESSION =
  '{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}}';

/** Every re-initialize must replay the client's own initialize params, without a session id. */
function expectReinitFromClientParams(requests: FaultRequest[]): void {
  const inits = requests.filter(isPost('initialize'));
  expect(inits.length).toBeGreaterThanOrEqual(2);
  for (const init of inits) {
    expect(init.sessionId).toBeUndefined();
    const params = (init.body as { params?: { clientInfo?: { name?: string } } }).params;
    expect(params?.clientInfo?.name).toBe(CLIENT_INIT_PARAMS.clientInfo.name);
  }
  expect(requests.filter(isPost('notifications/initialized')).length).toBeGreaterThanOrEqual(2);
}

describe('tether proxy: session loss (proxy-spec §14 rows 1-2; §3 F1)', () => {
  useProxyCleanup();

  it('re-initializes after a real restart of the server (400 "No valid session ID") and replays the call', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    expect(toolText(await client.callTool('echo', { message: 'before' }))).toBe('Echo: before');

    await server.restart();
    const after = await client.callTool('echo', { message: 'after' });

    expect(toolText(after)).toBe('Echo: after');
    expectReinitFromClientParams(faults.requests);
    // After the re-init every request carries the new session id, never the dead one.
    const lastInit = faults.requests.filter(isPost('initialize')).at(-1);
    const lastCall = faults.requests.filter(echoOf('after')).at(-1);
    expect(lastCall?.sessionId).toBe(lastInit?.issuedSessionId);
    expectHealthy(client);
  });

  it.each([
    { status: 404, body: SESSION_NOT_FOUND, label: '404 Session not found' },
    { status: 400, body: NO_VALID_SESSION, label: '400 No valid session ID' },
    { status: 410, body: '{"error":"gone"}', label: '410 Gone' },
  ])(
    'treats $label as session loss: re-init, replay once, executed exactly once',
    async ({ status, body }) => {
      const server = await referenceServer();
      const faults = await faultProxyFor(server);
      const { client } = await connectedTether(faults.url());
      await client.callTool('echo', { message: 'warm' });

      faults.expireSessions(status, body);
      const answer = await client.callTool('echo', { message: `after-${status}` });

      expect(toolText(answer)).toBe(`Echo: after-${status}`);
      // The rejected attempt never reached the server, the replay did: exactly one execution.
      expect(forwardedCount(faults, echoOf(`after-${status}`))).toBe(1);
      expectReinitFromClientParams(faults.requests);
      expectHealthy(client);
    },
  );

  it('treats a 200 whose JSON-RPC error says "Session not found" as session loss', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await client.callTool('echo', { message: 'warm' });
    const expiredSession = faults.requests.at(-1)?.sessionId;
    faults.addRule({
      match: (request) => request.method === 'POST' && request.sessionId === expiredSession,
      action: (request) => ({
        kind: 'status',
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: request.rpcId ?? null,
          error: { code: -32001, message: 'Session not found' },
        }),
      }),
    });

    const answer = await client.callTool('echo', { message: 'after-200' });

    expect(toolText(answer)).toBe('Echo: after-200');
    expect(forwardedCount(faults, echoOf('after-200'))).toBe(1);
    expectHealthy(client);
  });

  it('survives a second 404 right after the re-init (claude-code#94273) and is never permanently dead', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    await client.callTool('echo', { message: 'warm' });

    // The old session and the first new one both answer 404, like a router blip during a redeploy.
    faults.expireSessions(404, SESSION_NOT_FOUND, 1);
    const first = await client.callTool('echo', { message: 'double-1' }, { timeoutMs: 20_000 });
    const executions = forwardedCount(faults, echoOf('double-1'));
    if (isToolSuccess(first)) {
      expect(executions).toBe(1);
    } else {
      // Giving up is allowed only with the truth: it never ran.
      expect(proxyError(first)?.executed).toBe('no');
      expect(executions).toBe(0);
    }
    const second = await client.callTool('echo', { message: 'double-2' }, { timeoutMs: 20_000 });
    expect(toolText(second)).toBe('Echo: double-2');
    expect(faults.requests.filter(isPost('initialize')).length).toBeGreaterThanOrEqual(3);
    expectHealthy(client);
  });

  it('replays a safe request (tools/list) after session loss too', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    const before = await client.request('tools/list', {});
    faults.expireSessions(404, SESSION_NOT_FOUND);
    const after = await client.request('tools/list', {});
    expect(after.error).toBeUndefined();
    expect(after.result?.['tools']).toEqual(before.result?.['tools']);
    expectHealthy(client);
  });

  it('restores resource subscriptions and the logging level on the new session after a restart', async () => {
    const server = await referenceServer();
    const faults = await faultProxyFor(server);
    const { client } = await connectedTether(faults.url());
    const listed = await client.request('resources/list', {});
    const uri = (listed.result?.['resources'] as Array<{ uri: string }> | undefined)?.[0]?.uri;
    expect(uri).toBeDefined();
    expect((await client.request('resources/subscribe', { uri })).error).toBeUndefined();
    expect((await client.request('logging/setLevel', { level: 'debug' })).error).toBeUndefined();

    await server.restart();
    // The server's updates are per session: turned on again by a call, they reach the client only if
    // the proxy re-subscribed on the new session (the client does not know its session changed).
    const seen = client.notifications.length;
    const toggled = await client.callTool('toggle-subscriber-updates', {});
    expect(toolText(toggled)).toMatch(/Started/);
    const update = await client.waitForNotification('notifications/resources/updated', 12_000, seen);
    expect(update.params?.['uri']).toBe(uri);

    const newSession = faults.requests.filter(isPost('initialize')).at(-1)?.issuedSessionId;
    const resent = (method: string): FaultRequest[] =>
      faults.requests.filter((request) => isPost(method)(request) && request.sessionId === newSession);
    expect(resent('resources/subscribe').map((request) => request.body)).toMatchObject([{ params: { uri } }]);
    expect(resent('logging/setLevel').map((request) => request.body)).toMatchObject([
      { params: { level: 'debug' } },
    ]);
    expectHealthy(client);
  });
});

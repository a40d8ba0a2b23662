import { describe, expect, it } from 'vitest';
import { toolText } from '../../helpers/proxy-answer.js';
import {
  connectedTether,
  eventually,
  expectHealthy,
  referenceServer,
  useProxyCleanup,
} from './proxy-fixture.js';

const invalidWithNullId = (received: { id?: unknown; error?: { code: number } }[]): number =>
  received.filter((message) => message.id === null && message.error?.code === -32600).length;

describe('tether proxy: every client request gets an answer', () => {
  useProxyCleanup();

  it('answers each request of a batch, and -32600 (id null) for junk members and an empty batch', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const before = invalidWithNullId(client.received);
    client.sendRaw(
      JSON.stringify([
        { jsonrpc: '2.0', id: 'b1', method: 'ping' },
        {
          jsonrpc: '2.0',
          id: 'b2',
          method: 'tools/call',
          params: { name: 'echo', arguments: { message: 'in a batch' } },
        },
        { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 'none', progress: 1 } },
        5,
      ]),
    );
    client.sendRaw('[]');
    expect(
      await eventually(
        () => client.answersFor('b1').length === 1 && client.answersFor('b2').length === 1,
        10_000,
      ),
    ).toBe(true);
    expect(toolText(client.answersFor('b2')[0]!)).toBe('Echo: in a batch');
    expect(await eventually(() => invalidWithNullId(client.received) - before === 2, 5_000)).toBe(true);
    expectHealthy(client);
  });

  it('answers ids that are null, true, an object or an array with -32600 and id null', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const before = invalidWithNullId(client.received);
    for (const id of ['null', 'true', '{"a":1}', '[1]'])
      client.sendRaw(`{"jsonrpc":"2.0","id":${id},"method":"tools/list"}`);
    expect(await eventually(() => invalidWithNullId(client.received) - before === 4, 5_000)).toBe(true);
    expect(toolText(await client.callTool('echo', { message: 'after' }))).toBe('Echo: after');
  });

  it('echoes number ids as the exact text the client sent (above 2^53, 1.0), each answered once', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    const call = (id: string, message: string): string =>
      `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"echo","arguments":{"message":"${message}"}}}`;
    client.sendRaw(call('9007199254740993', 'odd'));
    client.sendRaw(call('9007199254740992', 'even'));
    client.sendRaw(call('123456789012345678901234567890', 'huge'));
    client.sendRaw('{"jsonrpc":"2.0","id":1.0,"method":"ping"}');
    const answerLine = (id: string): string[] =>
      client.rawLines.filter((line) => line.includes(`"id":${id},`) || line.includes(`"id":${id}}`));
    expect(
      await eventually(
        () =>
          ['9007199254740993', '9007199254740992', '123456789012345678901234567890', '1.0'].every(
            (id) => answerLine(id).length === 1,
          ),
        10_000,
      ),
    ).toBe(true);
    expect(answerLine('9007199254740993')[0]).toContain('Echo: odd');
    expect(answerLine('9007199254740992')[0]).toContain('Echo: even');
    expect(answerLine('123456789012345678901234567890')[0]).toContain('Echo: huge');
    // (expectHealthy counts answers by parsed id, where 2^53 and 2^53+1 are one number.)
    expect(client.garbage).toEqual([]);
    expect(client.alive()).toBe(true);
  });

  it('answers a line over the 256 MiB limit by the id at its start, and stays usable', async () => {
    const server = await referenceServer();
    const { client } = await connectedTether(server.url);
    await client.writeBytes(
      '{"jsonrpc":"2.0","id":"too-big","method":"tools/call","params":{"name":"echo","arguments":{"message":"',
    );
    const mib = Buffer.alloc(1024 * 1024, 'x');
    for (let i = 0; i < 257; i++) await client.writeBytes(mib);
    await client.writeBytes('"}}}\n');
    expect(await eventually(() => client.answersFor('too-big').length === 1, 30_000)).toBe(true);
    expect(client.answersFor('too-big')[0]).toMatchObject({ error: { code: -32600 } });
    expect(String(client.answersFor('too-big')[0]!.error?.message)).toMatch(/over the proxy's 256 MiB limit/);
    expect(toolText(await client.callTool('echo', { message: 'next' }))).toBe('Echo: next');
    expectHealthy(client);
  }, 90_000);
});

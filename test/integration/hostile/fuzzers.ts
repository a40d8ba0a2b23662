import net from 'node:net';
import { encodeFrame, openRawWebSocket, type RawWebSocket } from '../../helpers/raw-websocket.js';
import { seededRandom, type SeededRandom } from '../../helpers/seeded-random.js';

const CHANNELS = [
  'app:info',
  'timeline:list',
  'servers:list',
  'proxy:sign-in',
  'nope',
  '__proto__',
  'constructor',
];
const REQUESTS: unknown[] = [
  {},
  { name: 'x' },
  { name: '' },
  null,
  [],
  'str',
  7,
  { extra: true },
  { name: 'a'.repeat(5000) },
];

/** Server frames read from a raw socket: result ids seen so far, from the unmasked frames it sent. */
function resultIds(buffer: Buffer): { ids: number[]; rest: Buffer } {
  const ids: number[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const opcode = buffer[offset]! & 0x0f;
    let length = buffer[offset + 1]! & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    if (buffer.length - offset < header + length) break;
    if (opcode === 1) {
      const frame = JSON.parse(buffer.subarray(offset + header, offset + header + length).toString()) as {
        type: string;
        id?: number;
      };
      if (frame.type === 'result' && typeof frame.id === 'number') ids.push(frame.id);
    }
    offset += header + length;
  }
  return { ids, rest: buffer.subarray(offset) };
}

type Connection = { raw: RawWebSocket; pending: Set<number>; read: number; open: boolean };

/**
 * Seeded fuzzer of the dashboard's WebSocket API: valid invokes (some fragmented) mixed with junk
 * that must be ignored (bad JSON, wrong shapes, binary, pings) and frames that must close the
 * connection (bad opcodes, reserved bits, unmasked, invalid UTF-8, oversize claims, bad close codes).
 * Every valid invoke must get exactly one answer before its connection is broken on purpose.
 */
export async function fuzzWebSocketApi(options: {
  port: number;
  token: string;
  seed: number;
  frames: number;
}): Promise<{ unanswered: number[]; validInvokes: number; connections: number }> {
  const random = seededRandom(options.seed);
  const unanswered: number[] = [];
  let nextId = 1;
  let validInvokes = 0;
  let connections = 0;
  const open = async (): Promise<Connection> => {
    connections++;
    const raw = await openRawWebSocket(options.port, `/api/ws?token=${options.token}`, {});
    const connection: Connection = { raw, pending: new Set(), read: 0, open: true };
    raw.socket.on('data', () => settle(connection));
    void raw.closed.then(() => (connection.open = false));
    return connection;
  };
  const settle = (connection: Connection): void => {
    const { ids } = resultIds(connection.raw.received());
    for (const id of ids.slice(connection.read)) connection.pending.delete(id);
    connection.read = ids.length;
  };
  const drained = async (connection: Connection): Promise<void> => {
    for (let i = 0; i < 500 && connection.pending.size > 0 && connection.open; i++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    settle(connection);
    unanswered.push(...connection.pending);
    connection.pending.clear();
  };

  let connection = await open();
  for (let step = 0; step < options.frames; step++) {
    if (!connection.open) {
      await drained(connection);
      connection = await open();
    }
    const kind = random.int(100);
    if (kind < 30) {
      const channel = random.pick(CHANNELS.slice(0, 3));
      const id = nextId++;
      const text = JSON.stringify({
        type: 'invoke',
        id,
        channel,
        request: channel === 'timeline:list' ? {} : {},
      });
      connection.pending.add(id);
      validInvokes++;
      if (random.int(4) === 0) writeFragmented(connection.raw, Buffer.from(text), random);
      else connection.raw.socket.write(encodeFrame(Buffer.from(text)));
    } else if (kind < 70) {
      connection.raw.socket.write(junkFrame(random, nextId++));
    } else if (kind < 80) {
      // Binary frames, pings and pongs (control payloads stay within the 125 bytes the RFC allows).
      connection.raw.socket.write(
        encodeFrame(random.bytes(random.int(126)), { opcode: random.pick([0x2, 0x9, 0xa]) }),
      );
    } else {
      // A frame the server must refuse by closing: first let everything sent so far be answered.
      await drained(connection);
      connection.raw.socket.write(fatalFrame(random));
      await Promise.race([connection.raw.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      connection.raw.socket.destroy();
      connection.open = false;
    }
    if (step % 25 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await drained(connection);
  connection.raw.socket.destroy();
  return { unanswered, validInvokes, connections };
}

function writeFragmented(raw: RawWebSocket, payload: Buffer, random: SeededRandom): void {
  const cut = 1 + random.int(payload.length - 1);
  raw.socket.write(encodeFrame(payload.subarray(0, cut), { fin: false }));
  if (random.int(2) === 0) raw.socket.write(encodeFrame(Buffer.from('p'), { opcode: 0x9 })); // a ping between fragments is legal
  raw.socket.write(encodeFrame(payload.subarray(cut), { opcode: 0x0 }));
}

function junkFrame(random: SeededRandom, id: number): Buffer {
  const shapes: unknown[] = [
    { type: 'invoke', id: -1, channel: 'app:info', request: {} },
    { type: 'invoke', id: 1.5, channel: 'app:info' },
    { type: 'invoke', id: 'x', channel: 'app:info' },
    { type: 'invoke', channel: 'app:info' },
    { type: 'invoke', id, channel: random.pick(CHANNELS.slice(3)), request: random.pick(REQUESTS) },
    { type: 'invoke', id, channel: 'proxy:sign-in', request: random.pick(REQUESTS) },
    { type: 'event', event: 'log:event', payload: {} },
    null,
    [],
    'text',
    { __proto__: { polluted: true }, type: 'invoke' },
  ];
  const text =
    random.int(3) === 0
      ? `{${random
          .bytes(20)
          .toString('latin1')
          .replace(/[^\x20-\x7e]/g, 'x')}`
      : JSON.stringify(random.pick(shapes));
  return encodeFrame(Buffer.from(text));
}

function fatalFrame(random: SeededRandom): Buffer {
  switch (random.int(7)) {
    case 0:
      return encodeFrame(Buffer.alloc(8), { declaredLength: 8 * 1024 * 1024 });
    case 1:
      return encodeFrame(Buffer.from('{}'), { mask: false });
    case 2:
      return encodeFrame(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]));
    case 3:
      return encodeFrame(Buffer.from('{}'), { rsv: 1 + random.int(7) });
    case 4:
      return encodeFrame(Buffer.from('{}'), {
        opcode: random.pick([0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]),
      });
    case 5:
      return encodeFrame(Buffer.from([0x03, 0xe4 + random.int(10)]), { opcode: 0x8 }); // close code 996..1005
    default:
      return encodeFrame(Buffer.from('x'), { opcode: 0x0 }); // a continuation with nothing to continue
  }
}

/**
 * Seeded fuzzer of the control socket: non-messages, junk bytes, hellos under random keys and pids,
 * events with wrong fields, acks for nothing, versions from the future and, rarely, an over-long line.
 */
export async function fuzzControlSocket(options: {
  socketPath: string;
  seed: number;
  lines: number;
}): Promise<void> {
  const random = seededRandom(options.seed);
  let socket: net.Socket | undefined;
  let sent = 0;
  const connect = (): Promise<net.Socket> =>
    new Promise((resolve) => {
      const next = net.connect(options.socketPath, () => resolve(next));
      next.on('error', () => undefined);
    });
  for (let line = 0; line < options.lines; line++) {
    if (!socket || socket.destroyed || sent > 150) {
      socket?.destroy();
      socket = await connect();
      sent = 0;
    }
    socket.write(controlLine(random));
    sent++;
    if (line % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  socket?.end();
}

function controlLine(random: SeededRandom): string {
  const key = `k${random.int(30)}`;
  const pid = random.pick([process.pid, process.pid, 1, -5, 2 ** 53, 999_999, 'x']);
  const values: unknown[] = [
    null,
    true,
    0,
    [],
    'hello',
    {
      v: 1,
      type: 'hello',
      server: { name: key, key },
      pid,
      upstream: 'u',
      transport: 'stdio',
      version: '0',
      startedAt: 'now',
    },
    { v: 1, type: 'hello', server: { key }, pid },
    {
      v: 1,
      type: 'state',
      state: random.pick(['connected', 'upstream-down', 'bogus']),
      reason: 'r',
      message: 'm',
    },
    { v: 1, type: 'activity', method: 'tools/call', durationMs: random.int(1000), outcome: 'ok' },
    {
      v: 1,
      type: 'metrics',
      uptimeS: 1,
      requests: 1,
      errors: 0,
      inFlight: 0,
      reinits: 0,
      reconnects: 0,
      streamCuts: 0,
      replays: 0,
      rateLimited: 0,
    },
    { v: 1, type: 'auth', kind: 'login_url', at: 'now', reason: 'r', authorizationUrl: 'https://x' },
    { v: 1, type: 'ack', id: String(random.int(1000)), command: 'reconnect', ok: true },
    { v: 2, type: 'hello' },
    { v: '1', type: 'state' },
    { v: 1, type: 'unknown-type', payload: random.int(10) },
  ];
  const choice = random.int(100);
  if (choice < 8) return `${random.bytes(random.int(300)).toString('latin1').replace(/\n/g, '')}\n`;
  if (choice < 9) return `${'x'.repeat(1024 * 1024 + 10)}\n`;
  return `${JSON.stringify(random.pick(values))}\n`;
}

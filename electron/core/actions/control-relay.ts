import { randomUUID } from 'node:crypto';
import net from 'node:net';
import {
  CONTROL_PROTOCOL_VERSION,
  relayAnswerSchema,
  type RelayAnswer,
  type RelayRequest,
} from '../../../shared/control-protocol.js';
import { controlSocketPath } from '../control-socket-path.js';

/** Longer than the hub's command timeout (5 s), so the service's own answer always comes first. */
const RELAY_TIMEOUT_MS = 15_000;

/**
 * Asks the service that owns the control socket to run a command-line request. Resolves `undefined`
 * when no service listens there (no socket, or a stale one): the caller then acts by itself.
 */
export async function askService(
  dataDir: string,
  request: Pick<RelayRequest, 'action' | 'server'>,
  timeoutMs = RELAY_TIMEOUT_MS,
): Promise<RelayAnswer | undefined> {
  const socket = net.connect(controlSocketPath(dataDir));
  const connected = await new Promise<boolean>((resolve) => {
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });
  if (!connected) {
    socket.destroy();
    return undefined;
  }
  const id = randomUUID();
  const message: RelayRequest = { v: CONTROL_PROTOCOL_VERSION, type: 'relay', id, ...request };
  return new Promise<RelayAnswer>((resolve) => {
    let buffer = '';
    const finish = (answer: RelayAnswer): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const failed = (text: string): RelayAnswer => ({
      v: CONTROL_PROTOCOL_VERSION,
      type: 'relay-answer',
      id,
      ok: false,
      code: 'failed',
      message: text,
    });
    const timer = setTimeout(() => finish(failed('the Tether service did not answer in time')), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      let parsed: ReturnType<typeof relayAnswerSchema.safeParse>;
      try {
        parsed = relayAnswerSchema.safeParse(JSON.parse(buffer.slice(0, newline)));
      } catch {
        return finish(failed('the Tether service sent an unreadable answer'));
      }
      finish(
        parsed.success && parsed.data.id === id
          ? parsed.data
          : failed('the Tether service sent an unexpected answer (an older version?)'),
      );
    });
    socket.on('error', () => undefined);
    socket.on('close', () =>
      finish(failed('the Tether service closed the connection without answering (an older version?)')),
    );
    socket.write(`${JSON.stringify(message)}\n`);
  });
}

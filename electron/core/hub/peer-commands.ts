import { randomUUID } from 'node:crypto';
import type net from 'node:net';
import {
  CONTROL_PROTOCOL_VERSION,
  type CommandAck,
  type ServiceCommand,
} from '../../../shared/control-protocol.js';

/** What a command needs of a connection: its socket and the acks it waits for. */
export type CommandTarget = { socket: net.Socket; pending: Map<string, (ack: CommandAck) => void> };

/** Sends one command on one connection; resolves with its ack, or a refusal after `timeoutMs`. */
export function commandPeer(
  peer: CommandTarget,
  command: ServiceCommand['command'],
  timeoutMs: number,
): Promise<CommandAck> {
  const id = randomUUID();
  const message: ServiceCommand = { v: CONTROL_PROTOCOL_VERSION, type: 'command', id, command };
  return new Promise<CommandAck>((resolve) => {
    const timer = setTimeout(() => {
      peer.pending.delete(id);
      resolve({ ...refusal(command, 'no answer from the proxy'), id });
    }, timeoutMs);
    peer.pending.set(id, (ack) => {
      clearTimeout(timer);
      peer.pending.delete(id);
      resolve(ack);
    });
    peer.socket.write(`${JSON.stringify(message)}\n`);
  });
}

/** A negative ack made by the hub itself (no proxy, no answer, disconnected). */
export function refusal(command: string, message: string): CommandAck {
  return { v: CONTROL_PROTOCOL_VERSION, type: 'ack', command, ok: false, message };
}

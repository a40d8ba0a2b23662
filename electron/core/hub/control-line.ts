import {
  CONTROL_PROTOCOL_VERSION,
  commandAckSchema,
  proxyEventSchema,
  relayRequestSchema,
  type CommandAck,
  type ProxyEvent,
  type RelayRequest,
} from '../../../shared/control-protocol.js';

/** One line from a peer, validated: a proxy's ack or event, a local relay request, or nothing usable. */
export type ControlLine =
  | { kind: 'ack'; ack: CommandAck }
  | { kind: 'event'; event: ProxyEvent }
  | { kind: 'relay'; relay: RelayRequest }
  | { kind: 'invalid' };

/**
 * Parses and validates one control-socket line. Anything a peer can send is handled here without a
 * throw: bad JSON, `null`, numbers, arrays, another protocol version, a schema mismatch.
 */
export function parseControlLine(line: string): ControlLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { kind: 'invalid' };
  }
  // `null`, numbers, strings and arrays are valid JSON but no message.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'invalid' };
  const version = (value as { v?: unknown }).v;
  if (typeof version !== 'number' || Math.floor(version) !== CONTROL_PROTOCOL_VERSION)
    return { kind: 'invalid' };
  const ack = commandAckSchema.safeParse(value);
  if (ack.success) return { kind: 'ack', ack: ack.data };
  if ((value as { type?: unknown }).type === 'relay') {
    const relay = relayRequestSchema.safeParse(value);
    return relay.success ? { kind: 'relay', relay: relay.data } : { kind: 'invalid' };
  }
  const event = proxyEventSchema.safeParse(value);
  return event.success ? { kind: 'event', event: event.data } : { kind: 'invalid' };
}

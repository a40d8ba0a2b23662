import {
  CONTROL_PROTOCOL_VERSION,
  commandAckSchema,
  proxyEventSchema,
  type CommandAck,
  type ProxyEvent,
} from '../../../shared/control-protocol.js';

/** One line from a proxy, validated: an ack of a command, an event, or nothing usable. */
export type ControlLine =
  { kind: 'ack'; ack: CommandAck } | { kind: 'event'; event: ProxyEvent } | { kind: 'invalid' };

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
  const event = proxyEventSchema.safeParse(value);
  return event.success ? { kind: 'event', event: event.data } : { kind: 'invalid' };
}

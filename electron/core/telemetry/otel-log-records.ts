import { SeverityNumber, type LogAttributes, type LogRecord } from '@opentelemetry/api-logs';
import type { LogEvent, LogEventLevel } from '../../../shared/log-events.js';
import { redactText } from '../redact.js';

const SEVERITY: Record<LogEventLevel, SeverityNumber> = {
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warn: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
};

/** Fields every event has; they become the record's body, time, severity and `tether.server.*`. */
const BASE_FIELDS = new Set(['kind', 'time', 'server', 'level', 'message', 'source', 'session']);

/**
 * A normalized log event (shared/log-events.ts) as an OpenTelemetry log record.
 *
 * The message is the body; the server identity, the event kind and the source line are attributes;
 * every kind-specific field (tool, ms, httpStatus, reason, uptimeS, …) becomes `tether.<field>`.
 * Messages were redacted when the event was built; every text is redacted again here because a
 * record leaves the machine. Session ids are left out (identifiers of a person's session, and of no
 * use for grouping in a fleet).
 */
export function logRecordOf(event: LogEvent): LogRecord {
  const attributes: LogAttributes = {
    'tether.event.kind': event.kind,
    'tether.server.client': event.server.client,
    'tether.server.scope': event.server.scope,
    'tether.server.name': redactText(event.server.name),
    'log.file.path': redactText(event.source.file),
    'tether.log.line': event.source.line,
  };
  if (event.server.project) attributes['tether.server.project'] = redactText(event.server.project);
  for (const [field, value] of Object.entries(event)) {
    if (BASE_FIELDS.has(field)) continue;
    if (typeof value === 'string') attributes[`tether.${field}`] = redactText(value);
    else if (typeof value === 'number' || typeof value === 'boolean') attributes[`tether.${field}`] = value;
  }
  const timestamp = Date.parse(event.time);
  return {
    ...(Number.isFinite(timestamp) ? { timestamp } : {}),
    severityNumber: SEVERITY[event.level],
    severityText: event.level.toUpperCase(),
    body: redactText(event.message),
    attributes,
  };
}

import { SeverityNumber } from '@opentelemetry/api-logs';
import { describe, expect, it } from 'vitest';
import { logRecordOf } from '../../../electron/core/telemetry/otel-log-records.js';
import type { LogEvent } from '../../../shared/log-events.js';

describe('log events as OpenTelemetry log records', () => {
  it('keeps body, time, severity, identity and the kind-specific fields; drops the session id', () => {
    const event: LogEvent = {
      kind: 'connect_failed',
      time: '2026-11-21T00:15:05.615Z',
      server: { client: 'claude-code', scope: 'local', project: '/home/dev/acme', name: 'svc' },
      level: 'error',
      message: 'Connection failed: HTTP 503',
      source: { file: '/home/dev/.cache/claude-cli-nodejs/x/mcp-logs-svc/a.jsonl', line: 12 },
      session: '0adf7e06-9a19-4c72-b788-40359bce8c94',
      reason: 'HTTP 503',
      httpStatus: 503,
    };
    expect(logRecordOf(event)).toEqual({
      timestamp: Date.parse('2026-11-21T00:15:05.615Z'),
      severityNumber: SeverityNumber.ERROR,
      severityText: 'ERROR',
      body: 'Connection failed: HTTP 503',
      attributes: {
        'tether.event.kind': 'connect_failed',
        'tether.server.client': 'claude-code',
        'tether.server.scope': 'local',
        'tether.server.name': 'svc',
        'tether.server.project': '/home/dev/acme',
        'log.file.path': '/home/dev/.cache/claude-cli-nodejs/x/mcp-logs-svc/a.jsonl',
        'tether.log.line': 12,
        'tether.reason': 'HTTP 503',
        'tether.httpStatus': 503,
      },
    });
  });

  it('redacts every text again on the way out', () => {
    const secret = 'ghp_0123456789abcdefghijABCDEFGHIJ0123';
    const record = logRecordOf({
      kind: 'tool_error',
      time: 'not a date',
      server: { client: 'cursor', scope: 'user', name: 'svc' },
      level: 'error',
      message: `failed with token ${secret}`,
      source: { file: 'f', line: 1 },
      tool: 'deploy',
      error: `401 for ${secret}`,
    });
    expect(JSON.stringify(record)).not.toContain(secret);
    expect(record.timestamp).toBeUndefined();
    expect(record.attributes?.['tether.tool']).toBe('deploy');
  });
});

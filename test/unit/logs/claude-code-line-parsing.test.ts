import { describe, expect, it } from 'vitest';
import {
  claudeCodeEntry,
  createClaudeCodeLineParser,
} from '../../../electron/core/logs/claude-code-entries.js';
import { classifyClaudeCodeMessage } from '../../../electron/core/logs/claude-code-messages.js';
import { toLogEvent, type RawLogEntry } from '../../../electron/core/logs/log-entry.js';

const line = (record: Record<string, unknown>): string => JSON.stringify(record);
const base = { timestamp: '2026-11-21T00:14:39.337Z', sessionId: '0adf7e06-9a19', cwd: '/home/dev/acme' };

/** What the reader must return for a line: the plain JSON.parse reading. */
function reference(text: string, lineNumber: number): RawLogEntry | undefined {
  try {
    return claudeCodeEntry(JSON.parse(text), lineNumber);
  } catch {
    return undefined;
  }
}

describe('Claude Code line parsing (fast path and JSON.parse agree)', () => {
  const cases: Array<[string, string]> = [
    ['plain debug', line({ debug: 'Starting connection with timeout of 30000ms', ...base })],
    ['stderr error entry', line({ error: 'Server stderr: booting\nready', ...base })],
    ['escaped JSON in the message', line({ debug: 'Connection established: {"hasTools":true}', ...base })],
    ['unicode and tabs', line({ debug: 'naïve\tvalue ✓ \u2028', ...base })],
    ['message ending in a backslash', line({ debug: 'path C:\\', ...base })],
    ['message quoting the key layout', line({ debug: '","timestamp":"x', ...base })],
    ['Windows cwd', line({ debug: 'hello', ...base, cwd: 'C:\\Users\\dev\\acme' })],
    ['escapes in message and cwd', line({ debug: 'say "hi"', ...base, cwd: 'C:\\Users\\dev' })],
    ['escape in the session id', line({ debug: 'x', ...base, sessionId: 'a\\b' })],
    ['other key order', line({ timestamp: base.timestamp, debug: 'x', sessionId: 's', cwd: '/' })],
    ['no session', line({ debug: 'x', timestamp: base.timestamp })],
    ['both debug and error', line({ debug: 'd', error: 'e', ...base })],
    ['extra key', line({ debug: 'x', ...base, extra: 1 })],
    ['quote in cwd', line({ debug: 'x', ...base, cwd: '/a"b' })],
    ['unescaped quote (invalid JSON)', '{"debug":"a"b","timestamp":"t","sessionId":"s","cwd":"/"}'],
    ['bad escape (invalid JSON)', '{"debug":"a\\qb","timestamp":"t","sessionId":"s","cwd":"/"}'],
    ['truncated line', line({ debug: 'x', ...base }).slice(0, -3)],
    ['not an object', '"just a string"'],
  ];
  it.each(cases)('%s', (_label, text) => {
    expect(createClaudeCodeLineParser()(text, 7)).toEqual(reference(text, 7));
  });

  // After one exact line, the parser matches later lines against that line's tail (session id + cwd):
  // every case must read the same when it follows such a line.
  const primed = (): ReturnType<typeof createClaudeCodeLineParser> => {
    const parse = createClaudeCodeLineParser();
    const first = line({ debug: 'first', ...base });
    expect(parse(first, 1)).toEqual(reference(first, 1));
    return parse;
  };
  const tail = line(base).replace(/^\{"timestamp":"[^"]*/, ''); // '","sessionId":"…","cwd":"…"}'
  const sameTail: Array<[string, string]> = [
    ['empty message', `{"debug":"${tail.slice(0, 0)}","timestamp":"t${tail}`],
    ['unescaped quote in the message', `{"debug":"a"b","timestamp":"t${tail}`],
    ['quote in the time', `{"debug":"a","timestamp":"t"x${tail}`],
    ['escape in the time', `{"debug":"a","timestamp":"t\\n${tail}`],
    ['escapes in message and time', `{"debug":"a\\"b","timestamp":"t\\n${tail}`],
    ['bad escape in the message', `{"debug":"a\\qb","timestamp":"t${tail}`],
    ['escaped message, plain time', `{"debug":"a\\"b\\\\","timestamp":"t${tail}`],
    ['timestamp key twice (valid JSON, the last wins)', `{"debug":"a","timestamp":"b","timestamp":"t${tail}`],
    ['an extra key before the tail', `{"debug":"a","timestamp":"t","extra":"x${tail}`],
    ['no timestamp key', `{"debug":"a${tail}`],
    ['only the tail after the head', `{"debug":"${tail.slice(3)}`],
    ['stderr entry', line({ error: 'Server stderr: ready\n', ...base })],
    ['other session', line({ debug: 'x', ...base, sessionId: 'other-session' })],
  ];
  it.each([...cases, ...sameTail])('after a learned tail: %s', (_label, text) => {
    expect(primed()(text, 7)).toEqual(reference(text, 7));
  });

  it('agrees with JSON.parse on a long stream of varied and damaged lines', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return (seed >>> 8) % n;
    };
    const messages = [
      'No token data found',
      'say "hi"',
      'C:\\dir\\',
      'tab\there',
      'naïve ✓',
      '{"a":[1,2]}',
      '',
    ];
    const sessions = ['0adf7e06-9a19', 'b2c3', ''];
    const cwds = ['/home/dev/acme', 'C:\\Users\\dev', '/a"b'];
    const parse = createClaudeCodeLineParser();
    let exact = 0;
    for (let index = 1; index <= 3000; index++) {
      const record = {
        [random(5) === 0 ? 'error' : 'debug']: messages[random(messages.length)]! + String(random(100)),
        timestamp: `2026-11-21T00:14:${String(random(60)).padStart(2, '0')}.337Z`,
        sessionId: sessions[random(10) === 0 ? random(sessions.length) : 0],
        cwd: cwds[random(20) === 0 ? random(cwds.length) : 0],
      };
      let text = JSON.stringify(record);
      const damage = random(8);
      const at = random(text.length);
      if (damage === 0)
        text = text.slice(0, at) + text.slice(at + 1); // a character lost
      else if (damage === 1)
        text = `${text.slice(0, at)}${'"\\x'[random(3)]}${text.slice(at)}`; // one added
      else exact++;
      expect(parse(text, index), text).toEqual(reference(text, index));
    }
    expect(exact).toBeGreaterThan(2000);
  });

  it('keeps one session string per id across lines', () => {
    const parse = createClaudeCodeLineParser();
    const first = parse(line({ debug: 'a', ...base, sessionId: 'abc-123' }), 1)!;
    const second = parse(line({ debug: 'b', ...base, sessionId: 'abc-123' }), 2)!;
    expect(second.session).toBe('abc-123');
    expect(Object.is(first.session, second.session)).toBe(true);
  });
});

describe('Claude Code message prefixes (first-character dispatch)', () => {
  const entry = (message: string, level: 'debug' | 'error' = 'debug'): RawLogEntry => ({
    time: base.timestamp,
    level,
    message,
    line: 1,
  });
  const kindOf = (message: string, level: 'debug' | 'error' = 'debug'): string =>
    classifyClaudeCodeMessage(message, entry(message, level)).kind;

  it.each([
    ['Starting connection with timeout of 30000ms', 'connecting'],
    ['Successfully connected (transport: http) in 149ms', 'connected'],
    ['Successfully connected to sse server in 12ms', 'connected'],
    ['Connection timeout triggered after 30000ms (limit: 30000ms)', 'timeout'],
    ['HTTP Connection failed after 12ms: Unable to connect (code: ConnectionRefused)', 'connect_failed'],
    ['SSE Connection failed after 3ms: {}', 'connect_failed'],
    ['Connection failed after 5ms: boom', 'connect_failed'],
    ['Max reconnection attempts (5) reached, giving up', 'connect_failed'],
    ['Giving up after reconnection attempt 5/5', 'connect_failed'],
    ['Reconnect attempt 2/5', 'reconnecting'],
    ['Background reconnect attempt 3', 'reconnecting'],
    ['Scheduling reconnection attempt 2 in 1000ms', 'reconnecting'],
    ['HTTP transport closed, attempting automatic reconnection', 'reconnecting'],
    ['SSE transport disconnected, attempting automatic reconnection', 'reconnecting'],
    ['HTTP connection dropped after 3s uptime', 'disconnected'],
    ['CLAUDEAI-PROXY connection closed after 12s (with errors)', 'disconnected'],
    ['STDIO connection closed after 4s (cleanly)', 'disconnected'],
    [
      'MCP session expired (server no longer recognizes session ID), triggering reconnection',
      'session_expired',
    ],
    [
      'MCP session expired during tool call (connection closed), clearing connection cache for re-initialization',
      'info',
    ],
    ['Terminal connection error 1/3', 'error'],
    ['Connection reset - server may have crashed or restarted', 'error'],
    ['Connection refused - server may be down', 'error'],
    ['Connection timeout - network issue or server unresponsive', 'error'],
    ['Broken pipe - server closed connection unexpectedly', 'error'],
    ['Host unreachable - network connectivity issue', 'error'],
    ['Process not found - stdio server process terminated', 'error'],
    ['Failed to spawn process - check command and permissions', 'error'],
    ['SSE GET-stream reconnection exhausted; leaving transport up (POST still works)', 'error'],
    ['Connection error: Streamable HTTP error: Error POSTing to endpoint (HTTP 404)', 'error'],
    ['Closing transport (session expired)', 'info'],
    ['Calling MCP tool: echo', 'tool_call'],
    ["Tool 'echo' completed successfully in 76ms", 'tool_ok'],
    ["Tool 'echo' failed after 1.2s: MCP error -32000: Connection closed", 'tool_error'],
    ["Tool 'slow' still running (30s elapsed)", 'info'],
    ['OAuth complete, reconnected with 4 tool(s)', 'tools_listed'],
    ['Authentication required for HTTP server', 'auth_required'],
    ['Tool call returned 401 Unauthorized - token may have expired', 'auth_required'],
    ['Token refresh failed: invalid_grant', 'auth_required'],
    ['SDK auth error: HTTP 401', 'auth_required'],
    ['No token data found', 'info'],
    ['HTTP transport options: {"url":"http://x"}', 'info'],
    ['lowercase connection dropped after 3s uptime', 'info'],
  ])('%s → %s', (message, kind) => {
    expect(kindOf(message)).toBe(kind);
  });

  it('reads the fields the rules promise', () => {
    expect(classifyClaudeCodeMessage('Reconnect attempt 2/5', entry('x'))).toMatchObject({
      attempt: 2,
      maxAttempts: 5,
    });
    expect(classifyClaudeCodeMessage('HTTP connection dropped after 3s uptime', entry('x'))).toMatchObject({
      transport: 'http',
      uptimeS: 3,
      clean: false,
      final: false,
    });
    expect(classifyClaudeCodeMessage('Error: x (HTTP 429)', entry('x', 'error'))).toMatchObject({
      kind: 'error',
      httpStatus: 429,
    });
    expect(kindOf('Server stderr: anything', 'error')).toBe('server_stderr');
    expect(classifyClaudeCodeMessage('Server stderr: x', { ...entry('x'), stderr: true }).kind).toBe(
      'server_stderr',
    );
  });

  it('redacts the fields a rule cut out of a secret-bearing message, not only the message', () => {
    const message = 'HTTP Connection failed after 3ms: GET https://h.example/mcp?token=cnry-reason-token';
    const event = toLogEvent(
      entry(message),
      { client: 'claude-code', scope: 'user', name: 'svc' },
      '/f.jsonl',
      classifyClaudeCodeMessage(message, entry(message)),
    );
    expect(event.kind).toBe('connect_failed');
    expect(JSON.stringify(event)).not.toContain('cnry-reason-token');
  });
});

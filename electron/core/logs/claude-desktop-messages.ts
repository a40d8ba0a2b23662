import type { Classification, RawLogEntry } from './log-entry.js';

type Pending = { tool: string; at: number };

/**
 * Classifies Claude Desktop messages. Stateful per file: `Message from client` tools/call requests are
 * remembered by JSON-RPC id so the matching `Message from server` becomes tool_ok/tool_error with ms.
 */
export function createClaudeDesktopClassifier(): (message: string, entry: RawLogEntry) => Classification {
  const pending = new Map<string, Pending>();
  return (message, entry) => {
    if (entry.stderr) return { kind: 'server_stderr' };
    if (message.startsWith('Message from client:')) return fromClient(message, entry, pending);
    if (message.startsWith('Message from server:')) return fromServer(message, entry, pending);
    return lifecycle(message, entry);
  };
}

function lifecycle(message: string, entry: RawLogEntry): Classification {
  if (
    message.startsWith('Initializing server') ||
    message.startsWith('Attempting to connect to MCP server')
  ) {
    return { kind: 'connecting' };
  }
  if (
    message.startsWith('Server started and connected successfully') ||
    message.startsWith('Connected to MCP server')
  ) {
    return { kind: 'connected', transport: 'stdio' };
  }
  const exit = /exit(?:ed)? with code (-?\d+)/i.exec(message);
  if (exit) return { kind: 'disconnected', clean: exit[1] === '0', final: true, exitCode: Number(exit[1]) };
  if (
    message.startsWith('Server transport closed unexpectedly') ||
    message.startsWith('Server disconnected')
  ) {
    return { kind: 'disconnected', clean: false, final: true };
  }
  if (message.startsWith('Server transport closed') || message.startsWith('Client transport closed')) {
    return { kind: 'disconnected', clean: true, final: true };
  }
  if (
    /^(?:Failed to (?:start|spawn|connect)|Error: spawn|spawn \S+ E[A-Z]+|Could not (?:start|connect|attach))/.test(
      message,
    )
  ) {
    return { kind: 'connect_failed', reason: message.split('\n')[0]!.trim() };
  }
  if (/\b401\b|Unauthorized|authenticat/i.test(message) && entry.level !== 'info') {
    return { kind: 'auth_required', reason: message.split('\n')[0]!.trim() };
  }
  if (/timed? ?out/i.test(message) && entry.level === 'error') return { kind: 'timeout' };
  return entry.level === 'error' ? { kind: 'error' } : { kind: 'info', level: entry.level };
}

function fromClient(message: string, entry: RawLogEntry, pending: Map<string, Pending>): Classification {
  const rpc = jsonTail(message) ?? abbreviated(message);
  const method = typeof rpc?.['method'] === 'string' ? rpc['method'] : undefined;
  // The client gave up waiting: `notifications/cancelled` with the SDK's "Request timed out".
  if (method === 'notifications/cancelled' && /timed? ?out/i.test(message)) return { kind: 'timeout' };
  if (method === 'tools/call') {
    const params = rpc?.['params'] as { name?: unknown } | undefined;
    const tool = typeof params?.name === 'string' ? params.name : '?';
    const id = rpcId(rpc?.['id']);
    if (id !== undefined) pending.set(id, { tool, at: Date.parse(entry.time) });
    return { kind: 'tool_call', tool };
  }
  return { kind: 'info', level: 'debug' };
}

function fromServer(message: string, entry: RawLogEntry, pending: Map<string, Pending>): Classification {
  const rpc = jsonTail(message) ?? abbreviated(message);
  if (!rpc) return { kind: 'info', level: 'debug' };
  const id = rpcId(rpc['id']);
  const call = id === undefined ? undefined : pending.get(id);
  if (call && id !== undefined) pending.delete(id);
  const ms = call ? Math.max(0, Date.parse(entry.time) - call.at) : undefined;
  const result = rpc['result'] as { tools?: unknown; isError?: unknown; content?: unknown } | undefined;
  const error = rpc['error'] as { message?: unknown } | undefined;
  if (call) {
    if (error || result?.isError === true) {
      const text = typeof error?.message === 'string' ? error.message : 'tool returned isError';
      return { kind: 'tool_error', tool: call.tool, error: text, ...(ms === undefined ? {} : { ms }) };
    }
    return { kind: 'tool_ok', tool: call.tool, ...(ms === undefined ? {} : { ms }) };
  }
  if (Array.isArray(result?.tools)) return { kind: 'tools_listed', count: result.tools.length };
  if (error) return { kind: 'error' };
  return { kind: 'info', level: 'debug' };
}

function jsonTail(message: string): Record<string, unknown> | undefined {
  const start = message.indexOf('{');
  if (start < 0) return undefined;
  try {
    const value: unknown = JSON.parse(message.slice(start));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * 2026 builds shorten the JSON-RPC dump: `Message from client: method="tools/call" id=3 params`,
 * `Message from server: id=3 result` (or `error`). Read the same fields from that form.
 */
function abbreviated(message: string): Record<string, unknown> | undefined {
  const body = message.slice(message.indexOf(':') + 1);
  const method = /\bmethod="([^"]+)"/.exec(body)?.[1];
  const id = /\bid=(\S+)/.exec(body)?.[1];
  const tool = /\b(?:name|tool)="([^"]+)"/.exec(body)?.[1];
  if (method === undefined && id === undefined) return undefined;
  const rpc: Record<string, unknown> = {};
  if (method !== undefined) rpc['method'] = method;
  if (id !== undefined) rpc['id'] = id;
  if (tool !== undefined) rpc['params'] = { name: tool };
  if (/\berror\b/.test(body)) rpc['error'] = { message: 'error' };
  else if (/\bresult\b/.test(body)) rpc['result'] = {};
  return rpc;
}

function rpcId(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

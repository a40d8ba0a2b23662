import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { freePort } from './free-port.js';

/** A tool call the stand-in model makes, in order; the results it gets back are recorded. */
export type ScriptedToolCall = { name: string; input: Record<string, unknown> };

export type ToolResultSeen = { toolUseId: string; isError: boolean; text: string };

export type StandInModelApi = {
  baseUrl: string;
  /** Every tool_result block the model received, in order. */
  toolResults: ToolResultSeen[];
  requests: number;
  /** Per Messages request: when (ms since start), the tool names offered, how many tool_results it carried. */
  requestLog: { atMs: number; tools: string[]; toolResults: number }[];
  close(): Promise<void>;
};

type ContentBlock = {
  type: string;
  tool_use_id?: string;
  is_error?: boolean;
  content?: unknown;
  text?: string;
};
type MessagesRequest = {
  messages?: { role: string; content: string | ContentBlock[] }[];
  tools?: { name: string }[];
};

/**
 * A local fake of the Anthropic Messages API (`POST /v1/messages`, streaming SSE) that drives Claude
 * Code through a fixed script: one MCP tool call per turn, then a final text answer.
 *
 * Requests without the scripted tools (title generation and other side calls) get a short text.
 */
export async function startStandInModelApi(
  script: ScriptedToolCall[],
  /** Runs before the model asks for step `index` (e.g. restart the server between two tool calls). */
  beforeStep?: (index: number) => Promise<void>,
): Promise<StandInModelApi> {
  const started = new Set<number>();
  const port = await freePort();
  const toolResults: ToolResultSeen[] = [];
  const state = { requests: 0 };
  const startedAt = Date.now();
  const requestLog: StandInModelApi['requestLog'] = [];

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !(req.url ?? '').startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
      return;
    }
    if ((req.url ?? '').includes('count_tokens')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"input_tokens":10}');
      return;
    }
    state.requests++;
    const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as MessagesRequest;
    const scripted = new Set(script.map((step) => step.name));
    const hasScriptedTools = (body.tools ?? []).some((tool) => scripted.has(tool.name));
    const results = collectToolResults(body);
    requestLog.push({
      atMs: Date.now() - startedAt,
      tools: (body.tools ?? []).map((tool) => tool.name),
      toolResults: results.length,
    });
    if (hasScriptedTools) {
      // The whole conversation is resent each turn; record only the newest results.
      for (const result of results.slice(toolResults.length)) toolResults.push(result);
    }
    const step = hasScriptedTools ? script[results.length] : undefined;
    if (step && beforeStep && !started.has(results.length)) {
      started.add(results.length);
      await beforeStep(results.length);
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const event of step
      ? toolUseEvents(step, results.length)
      : textEvents('All scripted tool calls done.')) {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    toolResults,
    requestLog,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function collectToolResults(body: MessagesRequest): ToolResultSeen[] {
  const seen: ToolResultSeen[] = [];
  for (const message of body.messages ?? []) {
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type !== 'tool_result') continue;
      seen.push({
        toolUseId: block.tool_use_id ?? '',
        isError: block.is_error === true,
        text: blockText(block.content),
      });
    }
  }
  return seen;
}

function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { text?: unknown }) => (typeof part.text === 'string' ? part.text : ''))
    .join('\n');
}

type SseEvent = { type: string } & Record<string, unknown>;

function messageStart(): SseEvent {
  return {
    type: 'message_start',
    message: {
      id: `msg_standin_${Date.now()}`,
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 1 },
    },
  };
}

function toolUseEvents(step: ScriptedToolCall, index: number): SseEvent[] {
  return [
    messageStart(),
    {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: `toolu_standin_${index}`, name: step.name, input: {} },
    },
    {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(step.input) },
    },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    { type: 'message_stop' },
  ];
}

function textEvents(text: string): SseEvent[] {
  return [
    messageStart(),
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 5 },
    },
    { type: 'message_stop' },
  ];
}

import { PassThrough } from 'node:stream';
import type { Logger } from '../../electron/core/logger.js';
import { runProxy } from '../../electron/proxy/run-proxy.js';
import type { UpstreamAuth } from '../../electron/proxy/upstream-auth.js';

export type InProcessProxy = {
  /** Everything the proxy wrote to the client, in order (answers and notifications). */
  messages: Array<Record<string, unknown>>;
  /** Sends a request and resolves with its answer (20 s at most). */
  request(method: string, params?: object): Promise<Record<string, unknown>>;
  notify(method: string): void;
  /** Ends stdin as a client would and waits for the proxy's clean shutdown. */
  stop(): Promise<void>;
};

/**
 * `runProxy` in the test's own process, stdin/stdout as streams, for tests that hand it an auth
 * provider they control (and so can see what the provider leaves behind after shutdown).
 */
export function startInProcessProxy(options: {
  name: string;
  url: string;
  auth: UpstreamAuth;
  dataDir: string;
  logger: Logger;
  budgetMs?: number;
}): InProcessProxy {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const messages: Array<Record<string, unknown>> = [];
  let buffer = '';
  let nextId = 1;
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      messages.push(JSON.parse(buffer.slice(0, nl)) as Record<string, unknown>);
      buffer = buffer.slice(nl + 1);
    }
  });
  const running = runProxy({
    name: options.name,
    target: { kind: 'url', url: new URL(options.url), label: options.url },
    headers: {},
    auth: options.auth,
    ipv4: false,
    budgetMs: options.budgetMs ?? 2_000,
    deadlineMs: 20_000,
    toolDeadlineMs: 20_000,
    retryableTools: new Set(),
    dataDir: options.dataDir,
    version: 'test',
    logger: options.logger,
    stdin,
    stdout,
  });
  return {
    messages,
    async request(method, params) {
      const id = nextId++;
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) })}\n`);
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline) {
        const reply = messages.find((message) => message['id'] === id);
        if (reply) return reply;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`no answer to ${method}`);
    },
    notify(method) {
      stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
    },
    async stop() {
      stdin.end();
      await running;
    },
  };
}

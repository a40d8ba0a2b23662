import { PROXY_ID_PREFIX } from '../../shared/proxy-errors.js';
import { redactText } from '../core/redact.js';
import { ClientIntake } from './client-intake.js';
import { ClientSessionSetup } from './client-session-setup.js';
import type { ClientWriter } from './client-writer.js';
import {
  errorResponse,
  type JsonRpcId,
  type JsonRpcMessage,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './jsonrpc.js';
import { clientStartup, startupHoldMs } from './client-startup.js';
import { listKindOf, patchInitializeResult, syntheticInitializeResult } from './list-cache.js';
import type { ListKeeper } from './list-keeper.js';
import type { Reporter } from './reporter.js';
import { runRequest, type RunState, type RunnerDeps } from './request-runner.js';
import type { SessionManager } from './session-manager.js';
import type { Upstream } from './upstream.js';
import { neverAborted } from './timing.js';

/** The engine's settings, from the proxy's options. */
export type EngineOptions = {
  serverName: string;
  upstreamLabel: string;
  version: string;
  budgetMs: number;
  /** Proxy backstop per request; `tools/call` gets `toolDeadlineMs`. */
  deadlineMs: number;
  toolDeadlineMs: number;
  retryableTools: ReadonlySet<string>;
  /** `--startup-wait`: how long start-up requests wait for an upstream with nothing cached (else learned per client). */
  startupWaitMs?: number;
  /** The environment the client gave the proxy (Claude Code's MCP_TIMEOUT). */
  env: Readonly<Record<string, string | undefined>>;
};

type Entry = { request: JsonRpcRequest; state: RunState; startedAt: number; timer: NodeJS.Timeout };

/**
 * Routes client lines to the upstream and server messages to the client, keeping exactly one answer
 * per client request id (the ledger) and the client's view of the session stable across re-inits.
 */
export class ProxyEngine {
  private readonly ledger = new Map<string, Entry>();
  private clientInitialized = false;
  private readonly pendingToClient: Array<{ message: unknown }> = [];
  private readonly serverRequests = new Map<string, { epoch: number; id: JsonRpcId }>();
  private serverRequestCounter = 0;
  private closing = false;
  private readonly runnerDeps: RunnerDeps;
  private readonly setup = new ClientSessionSetup();
  private readonly intake: ClientIntake;

  constructor(
    private readonly options: EngineOptions,
    private readonly upstream: Upstream,
    private readonly session: SessionManager,
    private readonly lists: ListKeeper,
    private readonly writer: ClientWriter,
    private readonly reporter: Reporter,
  ) {
    this.runnerDeps = {
      upstream,
      session,
      serverName: options.serverName,
      upstreamLabel: options.upstreamLabel,
      budgetMs: options.budgetMs,
      retryableTools: options.retryableTools,
      forward: (message) => this.fromServer(message),
      lists,
    };
    this.intake = new ClientIntake(
      {
        request: (message, raw) => this.onClientRequest(message, raw),
        notification: (method, params, raw) => this.onClientNotification(method, params, raw),
        response: (message, raw) => this.onClientResponse(message, raw),
        answer: (message) => this.writer.write(message),
        note: (message) => this.reporter.note(message, 'warn'),
      },
      writer.rawIds,
    );
  }

  get inFlight(): number {
    return this.ledger.size;
  }

  isClientInitialized(): boolean {
    return this.clientInitialized;
  }

  /** One framed line from the client (validation and answers to bad input: client-intake.ts). */
  onClientLine(line: Buffer): void {
    this.intake.onLine(line.toString('utf8'));
  }

  /** A client line over the framer's limit, of which only `head` was kept. */
  onClientOversize(bytes: number, head: Buffer, limit: number): void {
    this.intake.onOversize(bytes, head.toString('utf8'), limit);
  }

  /** A message from the upstream outside a request (GET stream, child stdout) or on a request's stream. */
  fromServer(message: JsonRpcMessage): void {
    if ('method' in message) {
      if ('id' in message && message.id !== undefined) {
        if (message.method === 'ping') {
          void this.upstream.send({ jsonrpc: '2.0', id: message.id, result: {} }).catch(() => undefined);
          return;
        }
        this.serverRequestCounter += 1;
        const key = `${PROXY_ID_PREFIX}s${this.session.epoch}:${this.serverRequestCounter}`;
        this.serverRequests.set(key, { epoch: this.session.epoch, id: message.id });
        return this.toClient({ ...message, id: key });
      }
      if (message.method.endsWith('/list_changed')) this.lists.refresh();
      return this.toClient(message);
    }
    // Stray responses (late answers to cancelled or proxy requests) are dropped.
  }

  /** After a (re)connect: restore the client's setup on a new session, refresh lists, announce changes. */
  onSessionReady(info: { initialize: JsonRpcResponse | undefined; first: boolean }): void {
    if (info.initialize?.result)
      this.lists.storeInitialize(info.initialize.result as Record<string, unknown>);
    if (info.initialize && !info.first) this.restoreSetup();
    this.lists.refresh();
  }

  /** Re-sends the client's subscriptions and logging level to a new session (answers are the proxy's). */
  private restoreSetup(): void {
    const epoch = this.session.epoch;
    for (const request of this.setup.restoreRequests((kind) => this.session.nextId(kind))) {
      const what = `${request.method} ${JSON.stringify(request.params)}`;
      void this.upstream
        .request(request, undefined, {
          signal: neverAborted(),
          onMessage: (message) => this.fromServer(message),
          deadlineMs: this.options.deadlineMs,
        })
        .then(
          (response) => {
            if (response.error)
              this.reporter.note(
                `${this.options.serverName}: the new session refused ${what}: ${response.error.message}`,
                'warn',
              );
          },
          (error: unknown) => {
            // A session lost again is re-initialized, and this runs again then.
            if (epoch === this.session.epoch)
              this.reporter.note(
                `${this.options.serverName}: could not restore ${what} on the new session: ${String(error)}`,
                'warn',
              );
          },
        );
    }
  }

  /**
   * Shutdown: answer nobody (the client is gone). Synchronously, before the first await, every
   * in-flight request is recorded as cancelled (journaled at once: a SIGKILL may follow within
   * milliseconds); telling the upstream is the best-effort part after it (≤1 s).
   */
  async shutdown(): Promise<void> {
    this.closing = true;
    const cancels: Array<Promise<void>> = [];
    const entries = [...this.ledger.values()];
    this.ledger.clear();
    for (const entry of entries) {
      entry.state.cancelled = true;
      clearTimeout(entry.timer);
      this.reportCancelled(entry);
      if (entry.state.sent)
        cancels.push(
          this.upstream
            .send({
              jsonrpc: '2.0',
              method: 'notifications/cancelled',
              params: { requestId: entry.request.id, reason: 'proxy shutting down' },
            })
            .catch(() => undefined),
        );
      entry.state.abort.abort();
    }
    await Promise.race([Promise.all(cancels), new Promise((resolve) => setTimeout(resolve, 1000))]);
  }

  private reportCancelled(entry: Entry): void {
    const { request } = entry;
    const tool =
      request.method === 'tools/call' && typeof request.params?.['name'] === 'string'
        ? request.params['name']
        : undefined;
    this.reporter.activity({
      method: request.method,
      ...(tool ? { tool } : {}),
      durationMs: Date.now() - entry.startedAt,
      outcome: 'cancelled',
    });
  }

  private toClient(message: unknown): void {
    if (!this.clientInitialized) {
      if (this.pendingToClient.length < 200) this.pendingToClient.push({ message });
      return;
    }
    this.writer.write(message);
  }

  private onClientNotification(
    method: string,
    params: Record<string, unknown> | undefined,
    raw: string,
  ): void {
    if (method === 'notifications/initialized') {
      this.clientInitialized = true;
      for (const { message } of this.pendingToClient.splice(0)) this.writer.write(message);
      return; // the upstream got its own `initialized` from the session manager
    }
    if (method === 'notifications/cancelled') {
      const requestId = params?.['requestId'];
      const entry =
        typeof requestId === 'string' || typeof requestId === 'number'
          ? this.ledger.get(keyOf(requestId))
          : undefined;
      if (!entry) return;
      entry.state.cancelled = true;
      if (entry.state.sent && this.session.isReady)
        void this.upstream
          .send({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }, raw)
          .catch(() => undefined);
      entry.state.abort.abort();
      return;
    }
    if (this.session.isReady)
      void this.upstream
        .send({ jsonrpc: '2.0', method, ...(params ? { params } : {}) }, raw)
        .catch(() => undefined);
  }

  private onClientResponse(message: JsonRpcResponse, raw: string): void {
    const mapped = typeof message.id === 'string' ? this.serverRequests.get(message.id) : undefined;
    if (!mapped) return;
    this.serverRequests.delete(message.id as string);
    if (mapped.epoch !== this.session.epoch) return; // the session that asked is gone
    void raw;
    void this.upstream.send({ ...message, id: mapped.id }).catch(() => undefined);
  }

  private onClientRequest(request: JsonRpcRequest, raw: string): void {
    // Ids in the proxy's reserved space were refused by the intake (aliases of raw ids live there).
    if (this.closing) return;
    if (request.method === 'initialize') {
      void this.onInitialize(request);
      return;
    }
    const key = keyOf(request.id);
    if (this.ledger.has(key)) {
      this.writer.write(
        errorResponse(request.id, { code: -32600, message: 'Invalid Request: this id is already in flight' }),
      );
      return;
    }
    const startedAt = Date.now();
    const deadline = request.method === 'tools/call' ? this.options.toolDeadlineMs : this.options.deadlineMs;
    const state: RunState = {
      abort: new AbortController(),
      cancelled: false,
      sent: false,
      replays: 0,
      deadlineAt: startedAt + deadline,
    };
    const timer = setTimeout(() => {
      if (state.sent && this.session.isReady)
        void this.upstream
          .send({
            jsonrpc: '2.0',
            method: 'notifications/cancelled',
            params: { requestId: request.id, reason: 'proxy deadline' },
          })
          .catch(() => undefined);
      state.abort.abort();
    }, deadline);
    const entry: Entry = { request, state, startedAt, timer };
    this.ledger.set(key, entry);
    void runRequest(this.runnerDeps, request, raw, state)
      .catch((error: unknown) => {
        this.reporter.internalError(error, `${this.options.serverName}: ${request.method}`);
        state.reason = 'proxy_internal';
        state.executed = 'unknown';
        return errorResponse(request.id, {
          code: -32603,
          message: `[tether] proxy internal error: ${redactText(String(error)).slice(0, 200)}`,
          data: {
            tether: {
              source: 'tether-proxy',
              reason: 'proxy_internal',
              executed: 'unknown',
              retryable: false,
            },
          },
        });
      })
      .then((response) => this.finish(entry, response));
  }

  private finish(entry: Entry, response: JsonRpcResponse | undefined): void {
    clearTimeout(entry.timer);
    const key = keyOf(entry.request.id);
    if (this.ledger.get(key) !== entry) return;
    this.ledger.delete(key);
    const { request, state } = entry;
    const tool =
      request.method === 'tools/call' && typeof request.params?.['name'] === 'string'
        ? request.params['name']
        : undefined;
    if (state.replays > 0) this.reporter.counters.replays += state.replays;
    if (!response || this.closing) return this.reportCancelled(entry);
    if (!state.reason && !state.fromCache) this.setup.record(request, response);
    let answer = response;
    const kind = listKindOf(request.method);
    if (kind && !state.fromCache && !response.error)
      answer = this.lists.onLiveList(kind, response, request.params?.['cursor'] !== undefined);
    const result = answer.result as { isError?: unknown } | undefined;
    this.writer.write(answer.id === request.id ? answer : { ...answer, id: request.id });
    this.reporter.activity({
      method: request.method,
      ...(tool ? { tool } : {}),
      durationMs: Date.now() - entry.startedAt,
      outcome: state.reason
        ? 'proxy-error'
        : state.fromCache
          ? 'cached'
          : answer.error || result?.isError === true
            ? 'error'
            : 'ok',
      ...(state.executed ? { executed: state.executed } : {}),
      ...(state.reason ? { reason: state.reason } : {}),
      ...(state.replays > 0 ? { replayed: true } : {}),
    });
  }

  /**
   * The client's initialize: answered from the live session or the cache at once; with nothing cached
   * it is held until the upstream answers or shortly before the client's own start-up timeout
   * (client-startup.ts), then answered with a synthetic result whose lists are announced later.
   */
  private async onInitialize(request: JsonRpcRequest): Promise<void> {
    const params = request.params ?? {};
    const clientInfo = params['clientInfo'] as { name?: unknown; version?: unknown } | undefined;
    const clientName = typeof clientInfo?.name === 'string' ? clientInfo.name : undefined;
    if (clientName) this.reporter.hello.server.client = clientName;
    if (typeof clientInfo?.version === 'string')
      this.reporter.hello.server.clientVersion = clientInfo.version;
    const answer = (result: Record<string, unknown>): void =>
      this.writer.write({ jsonrpc: '2.0', id: request.id, result: patchInitializeResult(result) });
    const startup = clientStartup(clientName, this.options.env);
    const holdMs = this.options.startupWaitMs ?? startupHoldMs(startup.timeoutMs);
    const holdUntil = Date.now() + holdMs;
    this.lists.holdStartupUntil(holdUntil);
    const cached = this.lists.cache.initializeResult;
    if (!this.session.hasInitParams) {
      // The client waits on this answer at every start: give the cached one before connecting.
      if (cached) answer(cached);
      this.session.start(params);
      if (cached) return;
    }
    if (this.session.isReady && this.session.initializeResult) return answer(this.session.initializeResult);
    if (cached) return answer(cached);
    try {
      await this.session.waitReady(holdUntil);
      if (this.session.initializeResult) return answer(this.session.initializeResult);
    } catch {
      // fall through to the synthetic answer
    }
    this.lists.markAnsweredWithoutUpstream();
    const requested =
      typeof params['protocolVersion'] === 'string' ? params['protocolVersion'] : '2025-06-18';
    const limit =
      this.options.startupWaitMs !== undefined
        ? '--startup-wait'
        : `${clientName ?? 'the client'} waits ${Math.round(startup.timeoutMs / 1000)} s (${startup.source})`;
    this.reporter.note(
      `${this.options.serverName}: upstream not reachable within ${(holdMs / 1000).toFixed(1)} s (${limit}); answered initialize without it, its lists will be announced when it connects`,
      'warn',
    );
    answer(syntheticInitializeResult(requested, this.options.serverName, this.options.version));
  }
}

function keyOf(id: JsonRpcId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

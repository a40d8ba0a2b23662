import { neverAborted, sleep } from './timing.js';
import type { JsonRpcRequest, JsonRpcResponse } from './jsonrpc.js';
import {
  LIST_CHANGED_NOTIFICATIONS,
  LIST_KINDS,
  LIST_METHODS,
  acceptListUpdate,
  listItems,
  listKindOf,
  saveCache,
  type CacheData,
  type ListKind,
} from './list-cache.js';
import type { SessionManager } from './session-manager.js';
import type { Upstream } from './upstream.js';

/** The cache, the session and the client side a list keeper works with. */
export type ListKeeperDeps = {
  cacheFile: string;
  cache: CacheData;
  upstream: Upstream;
  session: SessionManager;
  notifyClient(method: string): void;
  clientInitialized(): boolean;
  note(message: string): void;
};

/**
 * Owns the cache and what the client has been shown: serves cached lists while the upstream is
 * away, refreshes after every (re)connect, confirms suspicious empty lists, and announces changes
 * with `notifications/<kind>/list_changed` (only after the client's `initialized`).
 */
export class ListKeeper {
  /** JSON of the list each kind's client last received; announcements compare against it. */
  private readonly served = new Map<ListKind, string>();
  private refreshing: Promise<void> | undefined;
  private refreshAgain = false;
  /**
   * Lists the client must be told about once they arrive from the server, whether or not they differ
   * from what it was shown (it was answered without a live list, or signed in). A kind leaves the set
   * only when its list was fetched with the client initialized: a refresh that fails half-way (a 401
   * before the token refresh, a dropped session) keeps the promise for the next one.
   */
  private readonly toAnnounce = new Set<ListKind>();
  /** Until when start-up list requests wait for the upstream with nothing cached (proxy-engine.ts). */
  private startupHoldUntil = 0;
  /** The client got the synthetic initialize: it has waited all it will, later lists are not held. */
  private answeredWithoutUpstream = false;

  constructor(private readonly deps: ListKeeperDeps) {}

  get cache(): CacheData {
    return this.deps.cache;
  }

  /** The client's start-up began: lists with nothing cached may wait for the upstream until `until`. */
  holdStartupUntil(until: number): void {
    this.startupHoldUntil = until;
  }

  /** The client was answered without the upstream (synthetic initialize): announce every list later. */
  markAnsweredWithoutUpstream(): void {
    this.answeredWithoutUpstream = true;
    this.announceAllLists();
  }

  /**
   * A list answered from the cache while the upstream is unavailable, or undefined. With nothing
   * cached there is no local answer: an empty list would pass for the server's own, so the request
   * waits (see `waitLimit`) and then gets an error, and the list is announced when the server connects.
   */
  localAnswer(request: JsonRpcRequest, waited: boolean): JsonRpcResponse | undefined {
    const kind = listKindOf(request.method);
    if (!kind) return undefined;
    if (this.deps.cache.lists[kind] === undefined) {
      if (waited) this.toAnnounce.add(kind);
      return undefined;
    }
    if (request.params?.['cursor'] !== undefined) return undefined;
    return { jsonrpc: '2.0', id: request.id, result: this.serveCached(request.method, kind) };
  }

  /**
   * How long a list request may wait for the upstream when not the budget: with nothing cached, to the
   * end of the start-up hold, and not at all once the client was answered without the upstream (it is
   * past its own start-up wait; list_changed follows).
   */
  waitLimit(request: JsonRpcRequest): number | undefined {
    const kind = listKindOf(request.method);
    if (!kind || this.deps.cache.lists[kind] !== undefined) return undefined;
    if (this.answeredWithoutUpstream) return Date.now();
    return Date.now() < this.startupHoldUntil ? this.startupHoldUntil : undefined;
  }

  /** The cached list result for a method, recording it as served. */
  serveCached(method: string, kind: ListKind): Record<string, unknown> {
    const cached = this.deps.cache.lists[kind];
    const result = cached ?? { [kind]: [] };
    this.served.set(kind, JSON.stringify(listItems(kind, result)));
    if (!cached && method) this.toAnnounce.add(kind);
    return result;
  }

  /**
   * A live list answer to a client request (first page only). Returns the result the client should
   * get: the live one, or the cached non-empty one while an empty answer is being confirmed.
   */
  onLiveList(kind: ListKind, response: JsonRpcResponse, hadCursor: boolean): JsonRpcResponse {
    const result = response.result as Record<string, unknown> | undefined;
    if (!result || hadCursor || result['nextCursor'] !== undefined) return response;
    const cached = this.deps.cache.lists[kind];
    if (acceptListUpdate(kind, cached, result) === 'confirm') {
      this.deps.note(`${LIST_METHODS[kind]} came back empty; serving the last good list while confirming`);
      this.refresh();
      this.served.set(kind, JSON.stringify(listItems(kind, cached)));
      return { ...response, result: cached };
    }
    this.store(kind, result);
    this.served.set(kind, JSON.stringify(listItems(kind, result)));
    return response;
  }

  /** After a sign-in: announce every list on the next refresh, whether or not it changed. */
  announceEverything(): void {
    this.served.clear();
    this.announceAllLists();
  }

  private announceAllLists(): void {
    for (const kind of LIST_KINDS) this.toAnnounce.add(kind);
  }

  storeInitialize(result: Record<string, unknown>): void {
    const before = this.deps.cache.initializeResult;
    if (before && JSON.stringify(before) === JSON.stringify(result)) return;
    this.deps.cache.initializeResult = result;
    this.save();
  }

  /** Re-fetch every list the server offers; announce differences to the client. Single-flight. */
  refresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refreshAll().finally(() => {
      this.refreshing = undefined;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.refresh();
      }
    });
  }

  private async refreshAll(): Promise<void> {
    const capabilities = (this.deps.session.initializeResult?.['capabilities'] ?? {}) as Record<
      string,
      unknown
    >;
    for (const kind of LIST_KINDS) {
      const capability = kind === 'resourceTemplates' ? 'resources' : kind;
      if (!capabilities[capability]) {
        this.toAnnounce.delete(kind); // the server offers no such list: nothing to announce
        continue;
      }
      const fresh = await this.fetchConfirmed(kind);
      if (!fresh) continue;
      this.store(kind, fresh);
      if (!this.deps.clientInitialized()) continue;
      const json = JSON.stringify(listItems(kind, fresh));
      const served = this.served.get(kind);
      const notification = LIST_CHANGED_NOTIFICATIONS[kind];
      const changed = served !== undefined ? served !== json : this.toAnnounce.has(kind);
      this.toAnnounce.delete(kind);
      if (changed && notification) {
        this.served.delete(kind);
        this.deps.notifyClient(notification);
      }
    }
  }

  /** Fetches a list; an empty list replacing a non-empty one is re-checked twice, 1.5 s apart. */
  private async fetchConfirmed(kind: ListKind): Promise<Record<string, unknown> | undefined> {
    for (let check = 0; check < 3; check += 1) {
      if (check > 0) await sleep(1500);
      const fresh = await this.fetch(kind);
      if (!fresh) return undefined;
      if (acceptListUpdate(kind, this.deps.cache.lists[kind], fresh) === 'accept') return fresh;
      if (check === 2) {
        this.deps.note(`${LIST_METHODS[kind]} stayed empty after confirmation; accepting it`);
        return fresh;
      }
    }
    return undefined;
  }

  private async fetch(kind: ListKind): Promise<Record<string, unknown> | undefined> {
    if (!this.deps.session.isReady) return undefined;
    try {
      const request = {
        jsonrpc: '2.0' as const,
        id: this.deps.session.nextId('list'),
        method: LIST_METHODS[kind],
      };
      const response = await this.deps.upstream.request(request, undefined, {
        signal: neverAborted(),
        onMessage: () => undefined,
        deadlineMs: 30_000,
      });
      const result = response.result as Record<string, unknown> | undefined;
      return result && result['nextCursor'] === undefined ? result : undefined;
    } catch {
      return undefined;
    }
  }

  private store(kind: ListKind, result: Record<string, unknown>): void {
    const before = this.deps.cache.lists[kind];
    if (before && JSON.stringify(before) === JSON.stringify(result)) return;
    this.deps.cache.lists[kind] = result;
    this.save();
  }

  /** On disk before anyone sees the list (list-cache.ts `saveCache`); a failure is noted, never thrown. */
  private save(): void {
    try {
      saveCache(this.deps.cacheFile, this.deps.cache);
    } catch (error) {
      this.deps.note(`could not save the cache: ${String(error)}`);
    }
  }
}

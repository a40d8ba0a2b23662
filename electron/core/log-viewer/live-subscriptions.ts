import { randomUUID } from 'node:crypto';
import type { LogEvent } from '../../../shared/log-events.js';
import type { LogFilter, LogLive, LogRow } from '../../../shared/logs-contract.js';
import type { LogIndex } from '../log-index/log-index.js';
import type { CompiledFilter } from '../log-index/row-filter.js';

/** A subscription lapses this long after its last renewal (a closed tab stops costing anything). */
export const SUBSCRIPTION_LEASE_MS = 60_000;
/** New rows are sent at most this often, per subscription, in one batch. */
const BATCH_MS = 40;
/** At most this many rows per batch; the rest are counted as dropped (the viewer then re-queries). */
const MAX_BATCH_ROWS = 1000;

type Subscription = {
  filter: LogFilter;
  compiled: CompiledFilter | undefined;
  /** The index's server count when compiled: a new server means compiling again. */
  serversAtCompile: number;
  expires: number;
  rows: LogRow[];
  dropped: number;
};

/**
 * Live subscriptions to new events that match a filter: each new indexed event is tested against
 * every subscription and sent in small batches as a `logs:live` event. Transports forward events to
 * every window, so each batch names its subscription and a view keeps only its own.
 */
export class LiveSubscriptions {
  private readonly subscriptions = new Map<string, Subscription>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly index: LogIndex,
    private readonly emit: (live: LogLive) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts or renews (and re-filters) a subscription; returns its id. */
  subscribe(filter: LogFilter, id?: string): string {
    const key = id && this.subscriptions.has(id) ? id : randomUUID();
    const existing = this.subscriptions.get(key);
    this.subscriptions.set(key, {
      filter,
      compiled: undefined,
      serversAtCompile: -1,
      expires: this.now() + SUBSCRIPTION_LEASE_MS,
      rows: existing?.rows ?? [],
      dropped: existing?.dropped ?? 0,
    });
    return key;
  }

  unsubscribe(id: string): void {
    this.subscriptions.delete(id);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Called for every newly indexed event (not history). */
  offer(event: LogEvent, id: number): void {
    if (this.subscriptions.size === 0) return;
    const now = this.now();
    let row: LogRow | undefined;
    for (const [key, subscription] of this.subscriptions) {
      if (subscription.expires < now) {
        this.subscriptions.delete(key);
        continue;
      }
      const compiled = this.compiled(subscription);
      if (!compiled || !this.index.matches(event, compiled)) continue;
      if (subscription.rows.length >= MAX_BATCH_ROWS) subscription.dropped++;
      else subscription.rows.push((row ??= this.index.rowOf(event, id)));
      this.timer ??= setTimeout(() => this.flush(), BATCH_MS);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    this.subscriptions.clear();
  }

  private compiled(subscription: Subscription): CompiledFilter | undefined {
    const servers = this.index.knownServers().length;
    if (subscription.serversAtCompile !== servers) {
      const result = this.index.compile(subscription.filter);
      subscription.compiled = result.ok ? result.filter : undefined;
      subscription.serversAtCompile = servers;
    }
    return subscription.compiled;
  }

  private flush(): void {
    this.timer = undefined;
    for (const [key, subscription] of this.subscriptions) {
      if (subscription.rows.length === 0 && subscription.dropped === 0) continue;
      this.emit({ subscription: key, rows: subscription.rows, dropped: subscription.dropped });
      subscription.rows = [];
      subscription.dropped = 0;
    }
  }
}

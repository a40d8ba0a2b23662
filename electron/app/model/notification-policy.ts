import type { ServerStatusEntry, StatusSnapshot } from '../../../shared/server-status.js';
import { clip, countOf } from './status-words.js';

/**
 * When the desktop app raises a system notification: only on lasting or actionable changes, once per
 * server and kind, several at once as one, never in the minute after a wake. Pure (the clock is a
 * parameter), so every rule is a unit test; electron/app/notifications.ts only shows what it returns.
 *
 * - `down`: a server upstream-down for more than 30 s (a blip that reconnects is not news);
 * - `needs-auth`: a server that needs a person to sign in (actionable at once);
 * - `crash-loop`: a server that went down 3 times within 5 minutes;
 * - `recovered`: a server connected again after an outage we notified.
 * A kind fires once per server and re-arms when the server leaves that state. While notifications
 * are paused or a kind is turned off, what would have fired is marked as handled instead, so the end
 * of a pause brings no flood and no "recovered" for an outage the user was not told about.
 */
export type NotificationKind = 'down' | 'needs-auth' | 'crash-loop' | 'recovered';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'down',
  'needs-auth',
  'crash-loop',
  'recovered',
];

export type NotificationPrefs = Record<NotificationKind, boolean>;

export type DesktopNotification = {
  /** Stable for the same servers and kind, so a shell can replace rather than stack. */
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where a click goes in the dashboard: the server's detail, or the list for several. */
  href: string;
  keys: string[];
};

export type PolicyOptions = {
  downAfterMs?: number;
  wakeHoldMs?: number;
  crashLoopCount?: number;
  crashLoopWindowMs?: number;
  /** How long a due notification waits for others to join it. */
  coalesceMs?: number;
};

type ServerMemory = {
  entry: ServerStatusEntry;
  downSince: number | null;
  /** When it entered upstream-down, within the crash-loop window. */
  downEntries: number[];
  notified: Set<NotificationKind>;
  /** A down or crash-loop notification went out: the recovery is news too. */
  outageNotified: boolean;
};

type Due = { kind: NotificationKind; key: string };

export class NotificationPolicy {
  private readonly servers = new Map<string, ServerMemory>();
  private holdUntil = 0;
  private wokeAt = 0;
  private batch: Due[] = [];
  private batchOpenedAt: number | null = null;
  private readonly downAfterMs: number;
  private readonly wakeHoldMs: number;
  private readonly crashLoopCount: number;
  private readonly crashLoopWindowMs: number;
  private readonly coalesceMs: number;

  constructor(options: PolicyOptions = {}) {
    this.downAfterMs = options.downAfterMs ?? 30_000;
    this.wakeHoldMs = options.wakeHoldMs ?? 60_000;
    this.crashLoopCount = options.crashLoopCount ?? 3;
    this.crashLoopWindowMs = options.crashLoopWindowMs ?? 5 * 60_000;
    this.coalesceMs = options.coalesceMs ?? 2_000;
  }

  /**
   * The machine woke (or the network changed): drops seen around a sleep are not outages. Holds every
   * notification for a minute and restarts the outage clocks from now.
   */
  wake(nowMs: number): void {
    this.holdUntil = nowMs + this.wakeHoldMs;
    this.wokeAt = nowMs;
    for (const memory of this.servers.values()) {
      if (memory.downSince !== null) memory.downSince = nowMs;
      memory.downEntries = [];
    }
    this.batch = [];
    this.batchOpenedAt = null;
  }

  /**
   * Feeds the current state (call on every status change and on a timer, see nextCheckAt) and returns
   * the notifications to show now.
   */
  observe(
    snapshot: StatusSnapshot,
    nowMs: number,
    prefs: NotificationPrefs,
    pausedUntilMs: number | null = null,
  ): DesktopNotification[] {
    const present = new Set<string>();
    for (const entry of snapshot.servers) {
      if (entry.disabled || !entry.effective) continue;
      present.add(entry.key);
      this.track(entry, nowMs);
    }
    for (const key of [...this.servers.keys()]) if (!present.has(key)) this.servers.delete(key);
    this.batch = this.batch.filter((due) => present.has(due.key));
    if (nowMs < this.holdUntil) return [];

    const paused = pausedUntilMs !== null && nowMs < pausedUntilMs;
    for (const due of this.dueNow(nowMs)) {
      const memory = this.servers.get(due.key)!;
      memory.notified.add(due.kind);
      if (paused || !prefs[due.kind]) continue; // handled quietly
      if (due.kind === 'down' || due.kind === 'crash-loop') memory.outageNotified = true;
      if (this.batchOpenedAt === null) this.batchOpenedAt = nowMs;
      this.batch.push(due);
    }
    if (this.batchOpenedAt === null || nowMs < this.batchOpenedAt + this.coalesceMs) return [];
    const batch = this.batch;
    this.batch = [];
    this.batchOpenedAt = null;
    return NOTIFICATION_KINDS.flatMap((kind) => {
      const entries = batch
        .filter((due) => due.kind === kind)
        .flatMap((due) => this.servers.get(due.key)?.entry ?? []);
      return entries.length === 0 ? [] : [describe(kind, entries, nowMs, this.servers)];
    });
  }

  /** When observe should run again even if nothing changes (an outage reaching 30 s, a batch closing). */
  nextCheckAt(nowMs: number): number | null {
    const times: number[] = [];
    if (this.batchOpenedAt !== null) times.push(this.batchOpenedAt + this.coalesceMs);
    if (nowMs < this.holdUntil) times.push(this.holdUntil);
    for (const memory of this.servers.values())
      if (memory.downSince !== null && !memory.notified.has('down'))
        times.push(memory.downSince + this.downAfterMs);
    const future = times.map((time) => Math.max(time, nowMs));
    return future.length === 0 ? null : Math.min(...future);
  }

  private track(entry: ServerStatusEntry, nowMs: number): void {
    let memory = this.servers.get(entry.key);
    const previous = memory?.entry.status;
    if (!memory) {
      memory = { entry, downSince: null, downEntries: [], notified: new Set(), outageNotified: false };
      this.servers.set(entry.key, memory);
    }
    memory.entry = entry;
    if (entry.status === 'upstream-down') {
      if (memory.downSince === null) {
        // The model says when the outage began; a sleep in between restarts the clock at the wake.
        const since = entry.since ? Date.parse(entry.since) : Number.NaN;
        memory.downSince = Math.max(Number.isFinite(since) ? Math.min(since, nowMs) : nowMs, this.wokeAt);
      }
      if (previous !== 'upstream-down' && previous !== undefined) memory.downEntries.push(nowMs);
    } else {
      memory.downSince = null;
      memory.notified.delete('down');
    }
    if (entry.status !== 'needs-auth') memory.notified.delete('needs-auth');
    memory.downEntries = memory.downEntries.filter((time) => nowMs - time <= this.crashLoopWindowMs);
    if (memory.downEntries.length === 0 && entry.status !== 'upstream-down')
      memory.notified.delete('crash-loop');
    if (entry.status === 'connected') memory.notified.delete('recovered');
  }

  private dueNow(nowMs: number): Due[] {
    const due: Due[] = [];
    for (const [key, memory] of this.servers) {
      const { status } = memory.entry;
      const already = (kind: NotificationKind): boolean =>
        memory.notified.has(kind) || this.batch.some((item) => item.key === key && item.kind === kind);
      if (memory.downEntries.length >= this.crashLoopCount && !already('crash-loop')) {
        due.push({ kind: 'crash-loop', key });
        memory.notified.add('down'); // one outage, one notification
      } else if (
        memory.downSince !== null &&
        nowMs - memory.downSince >= this.downAfterMs &&
        !already('down') &&
        !memory.notified.has('crash-loop')
      )
        due.push({ kind: 'down', key });
      if (status === 'needs-auth' && !already('needs-auth')) due.push({ kind: 'needs-auth', key });
      if (status === 'connected' && memory.outageNotified && !already('recovered')) {
        memory.outageNotified = false;
        due.push({ kind: 'recovered', key });
      }
    }
    return due;
  }
}

/** The text of one notification for one or several servers of a kind. */
function describe(
  kind: NotificationKind,
  entries: ServerStatusEntry[],
  nowMs: number,
  servers: ReadonlyMap<string, ServerMemory>,
): DesktopNotification {
  const keys = entries.map((entry) => entry.key);
  const id = `${kind}:${keys.join(',')}`;
  const body = (text: string): string => clip(text, 200); // macOS cuts notifications at 256 bytes
  if (entries.length > 1) {
    const names = clip(entries.map((entry) => entry.name).join(', '), 120);
    const titles: Record<NotificationKind, string> = {
      down: `${countOf(entries.length, 'server')} are down`,
      'needs-auth': `${countOf(entries.length, 'server')} need you to sign in`,
      'crash-loop': `${countOf(entries.length, 'server')} keep failing`,
      recovered: `${countOf(entries.length, 'server')} are back`,
    };
    return { id, kind, title: titles[kind], body: body(`${names}. Click to open Tether.`), href: '#/', keys };
  }
  const entry = entries[0]!;
  const href = `#/servers/${encodeURIComponent(entry.key)}`;
  const reason = entry.reason.trim();
  const downFor = servers.get(entry.key)?.downSince;
  switch (kind) {
    case 'down':
      return {
        id,
        kind,
        title: `${entry.name} is down`,
        body: body(
          `No answer from its server for ${seconds(nowMs - (downFor ?? nowMs))}${reason ? `: ${reason}` : ''}.`,
        ),
        href,
        keys,
      };
    case 'needs-auth':
      return {
        id,
        kind,
        title: `${entry.name} needs you to sign in`,
        body: body('Click to open it and sign in.'),
        href,
        keys,
      };
    case 'crash-loop':
      return {
        id,
        kind,
        title: `${entry.name} keeps failing`,
        body: body(`It went down several times in a few minutes${reason ? `: ${reason}` : ''}.`),
        href,
        keys,
      };
    case 'recovered':
      return { id, kind, title: `${entry.name} is back`, body: body('Connected again.'), href, keys };
  }
}

function seconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return total < 120 ? `${total} s` : `${Math.round(total / 60)} min`;
}

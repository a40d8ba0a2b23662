import { describe, expect, it } from 'vitest';
import type { ServerStatusEntry } from '../../../../shared/server-status.js';
import {
  NotificationPolicy,
  type DesktopNotification,
  type NotificationPrefs,
} from '../../../../electron/app/model/notification-policy.js';
import { entry, snapshot } from './status-fixtures.js';

const ALL: NotificationPrefs = { down: true, 'needs-auth': true, 'crash-loop': true, recovered: true };
const T0 = Date.parse('2026-12-05T10:00:00Z');

/** A policy driven by a fake clock: `at(seconds, servers)` observes at T0 + seconds. */
function driver(prefs: NotificationPrefs = ALL) {
  const policy = new NotificationPolicy();
  const shown: { at: number; notification: DesktopNotification }[] = [];
  let paused: number | null = null;
  return {
    policy,
    shown,
    pause(untilSeconds: number | null) {
      paused = untilSeconds === null ? null : T0 + untilSeconds * 1000;
    },
    at(secondsFromStart: number, servers: ServerStatusEntry[]): DesktopNotification[] {
      const out = policy.observe(snapshot(servers), T0 + secondsFromStart * 1000, prefs, paused);
      shown.push(...out.map((notification) => ({ at: secondsFromStart, notification })));
      return out;
    },
    /** Observes every second from `from` to `to` with the same servers (the shell's timer). */
    run(from: number, to: number, servers: ServerStatusEntry[]) {
      for (let second = from; second <= to; second++) this.at(second, servers);
    },
  };
}

const down = (name: string, sinceSeconds: number): ServerStatusEntry =>
  entry(name, 'upstream-down', {
    since: new Date(T0 + sinceSeconds * 1000).toISOString(),
    reason: 'connection refused',
  });

describe('notification policy', () => {
  it('30 s rule: a server down 29 s says nothing, past 30 s one notification (+ the 2 s coalescing)', () => {
    const d = driver();
    d.run(0, 29, [down('notion', 0)]);
    expect(d.shown).toEqual([]);
    d.run(30, 120, [down('notion', 0)]);
    expect(d.shown).toHaveLength(1);
    const { at, notification } = d.shown[0]!;
    expect(at).toBe(32);
    expect(notification).toMatchObject({
      kind: 'down',
      title: 'notion is down',
      href: `#/servers/${encodeURIComponent(entry('notion', 'connected').key)}`,
    });
    expect(notification.body).toBe('No answer from its server for 32 s: connection refused.');
  });

  it('a blip that recovers within 30 s is never news, and recovery of an unnotified outage is silent', () => {
    const d = driver();
    d.run(0, 20, [down('git', 0)]);
    d.run(21, 200, [entry('git', 'connected')]);
    expect(d.shown).toEqual([]);
  });

  it('recovery after a notified outage: once', () => {
    const d = driver();
    d.run(0, 40, [down('git', 0)]);
    d.run(41, 60, [entry('git', 'connected')]);
    expect(d.shown.map((item) => item.notification.title)).toEqual(['git is down', 'git is back']);
    expect(d.shown[1]!.notification.href).toBe(
      `#/servers/${encodeURIComponent(entry('git', 'connected').key)}`,
    );
  });

  it('once per server and kind, re-armed when the server leaves the state', () => {
    const d = driver();
    d.run(0, 100, [down('git', 0)]);
    expect(d.shown).toHaveLength(1);
    d.run(101, 110, [entry('git', 'connected')]);
    d.run(111, 200, [down('git', 111)]);
    expect(d.shown.map((item) => `${item.at}:${item.notification.kind}`)).toEqual([
      '32:down',
      '103:recovered',
      '143:down',
    ]);
  });

  it('coalesces several at once: "3 servers are down", opening the list', () => {
    const d = driver();
    d.run(0, 60, [down('a', 0), down('b', 1), down('c', 2), entry('d', 'connected')]);
    expect(d.shown).toHaveLength(1);
    expect(d.shown[0]!.notification).toMatchObject({
      title: '3 servers are down',
      body: 'a, b, c. Click to open Tether.',
      href: '#/',
    });
    expect(d.shown[0]!.notification.keys).toHaveLength(3);
  });

  it('needs sign-in is actionable at once (after coalescing), calm wording', () => {
    const d = driver();
    d.run(0, 10, [entry('notion', 'needs-auth')]);
    expect(d.shown.map((item) => [item.at, item.notification.title])).toEqual([
      [2, 'notion needs you to sign in'],
    ]);
  });

  it('crash loop: down three times in five minutes is one "keeps failing", not three "down"s', () => {
    const d = driver();
    let second = 0;
    d.at(second++, [entry('fs', 'connected')]);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) d.at(second++, [down('fs', second)]);
      for (let i = 0; i < 5; i++) d.at(second++, [entry('fs', 'connected')]);
    }
    for (let i = 0; i < 60; i++) d.at(second++, [down('fs', second)]);
    expect(d.shown.map((item) => item.notification.title)).toEqual(['fs keeps failing', 'fs is back']);
  });

  it('wake hold: nothing in the first 60 s after a wake; a server still down after it is notified', () => {
    const d = driver();
    d.run(0, 10, [entry('a', 'connected'), entry('b', 'connected')]);
    d.policy.wake(T0 + 10_000);
    // Sleep drops: both down at wake, one comes back at 40 s, the other stays down.
    d.run(11, 40, [down('a', -3600), down('b', -3600)]);
    d.run(41, 69, [entry('a', 'connected'), down('b', -3600)]);
    expect(d.shown).toEqual([]);
    d.run(70, 100, [entry('a', 'connected'), down('b', -3600)]);
    expect(d.shown.map((item) => [item.at, item.notification.title])).toEqual([[72, 'b is down']]);
    // Its outage clock restarted at the wake: 62 s, not an hour.
    expect(d.shown[0]!.notification.body).toContain('for 62 s');
  });

  it('a needs-auth during the wake hold waits for the hold to end', () => {
    const d = driver();
    d.policy.wake(T0);
    d.run(0, 59, [entry('n', 'needs-auth')]);
    expect(d.shown).toEqual([]);
    d.run(60, 70, [entry('n', 'needs-auth')]);
    expect(d.shown.map((item) => item.at)).toEqual([62]);
  });

  it('pause and per-kind settings: handled quietly, no flood when the pause ends, no recovery for a silent outage', () => {
    const d = driver();
    d.pause(100);
    d.run(0, 99, [down('a', 0)]);
    d.pause(null);
    d.run(100, 130, [down('a', 0)]);
    d.run(131, 140, [entry('a', 'connected')]);
    expect(d.shown).toEqual([]);

    const quiet = driver({ ...ALL, down: false });
    quiet.run(0, 60, [down('a', 0), entry('n', 'needs-auth')]);
    expect(quiet.shown.map((item) => item.notification.kind)).toEqual(['needs-auth']);
  });

  it('nextCheckAt names when an outage reaches 30 s, so the shell needs no busy timer', () => {
    const policy = new NotificationPolicy();
    policy.observe(snapshot([down('a', 0)]), T0 + 5_000, ALL);
    expect(policy.nextCheckAt(T0 + 5_000)).toBe(T0 + 30_000);
    expect(policy.observe(snapshot([down('a', 0)]), T0 + 30_000, ALL)).toEqual([]);
    expect(policy.nextCheckAt(T0 + 30_000)).toBe(T0 + 32_000);
    expect(policy.observe(snapshot([down('a', 0)]), T0 + 32_000, ALL)).toHaveLength(1);
    expect(policy.nextCheckAt(T0 + 32_000)).toBeNull();
  });

  it('servers that vanish are forgotten; disabled servers never notify', () => {
    const d = driver();
    d.run(0, 20, [down('a', 0)]);
    d.run(21, 80, [
      down('b', 21),
      { ...down('off', 0), disabled: true },
      { ...down('shadowed', 0), effective: false },
    ]);
    expect(d.shown.map((item) => item.notification.title)).toEqual(['b is down']);
  });
});

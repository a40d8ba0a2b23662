import type os from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  clockJumped,
  networkFingerprint,
  watchWakeSignals,
  type WakeReason,
} from '../../../../electron/core/wake/wake-signals.js';

const iface = (address: string, internal = false): os.NetworkInterfaceInfo =>
  ({
    address,
    family: 'IPv4',
    internal,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: null,
  });

describe('wake signals', () => {
  it('a tick more than 10 s late is a clock jump (sleep); a loaded machine a few seconds late is not', () => {
    expect(clockJumped(0, 2_000, 2_000, 10_000)).toBe(false);
    expect(clockJumped(0, 9_000, 2_000, 10_000)).toBe(false);
    expect(clockJumped(0, 12_001, 2_000, 10_000)).toBe(true);
  });

  it('the network fingerprint ignores loopback and order, and changes with an address', () => {
    const home = {
      lo: [iface('127.0.0.1', true)],
      wlan0: [iface('192.168.1.20')],
      tun0: [iface('10.8.0.2')],
    };
    const reordered = {
      tun0: [iface('10.8.0.2')],
      wlan0: [iface('192.168.1.20')],
      lo: [iface('127.0.0.2', true)],
    };
    expect(networkFingerprint(home)).toBe(networkFingerprint(reordered));
    expect(networkFingerprint(home)).not.toBe(networkFingerprint({ ...home, tun0: [] }));
  });

  describe('watching', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('reports a clock jump and a network change, each once', () => {
      let clock = 0;
      let interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = { eth0: [iface('192.168.1.20')] };
      const seen: WakeReason[] = [];
      const stop = watchWakeSignals({
        onSignal: (reason) => seen.push(reason),
        now: () => clock,
        interfaces: () => interfaces,
      });
      for (let i = 0; i < 5; i++) {
        clock += 2_000;
        vi.advanceTimersByTime(2_000);
      }
      expect(seen).toEqual([]);
      clock += 60_000 + 2_000; // the process was suspended for a minute
      vi.advanceTimersByTime(2_000);
      expect(seen).toEqual(['clock-jump']);
      interfaces = { eth0: [iface('10.0.0.7')] };
      clock += 2_000;
      vi.advanceTimersByTime(2_000);
      clock += 2_000;
      vi.advanceTimersByTime(2_000);
      expect(seen).toEqual(['clock-jump', 'network-change']);
      stop();
    });
  });
});
